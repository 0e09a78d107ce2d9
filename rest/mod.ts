/**
 * rest (in progress).
 *
 * @module
 */
export {};

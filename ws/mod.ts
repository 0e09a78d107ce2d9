/**
 * ws (in progress).
 *
 * @module
 */
export {};

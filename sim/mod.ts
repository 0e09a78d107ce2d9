/**
 * sim (in progress).
 *
 * @module
 */
export {};

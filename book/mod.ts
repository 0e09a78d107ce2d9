/**
 * book (in progress).
 *
 * @module
 */
export {};

/**
 * money (in progress).
 *
 * @module
 */
export {};

/**
 * auth (in progress).
 *
 * @module
 */
export {};

/**
 * kalshikit.
 *
 * @module
 */
export {};

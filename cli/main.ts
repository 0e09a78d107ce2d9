/**
 * The kalshi command.
 *
 * @module
 */
export {};

/**
 * A Hono local HTTP API over the store and the clients, bound to loopback by default.
 *
 * This subsystem arrives with its own issue; until then this entry point exports nothing.
 *
 * @module
 */
export {};

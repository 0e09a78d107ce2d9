/**
 * A Deno KV mirror of markets, orders and positions: sync engine, reconciliation and reactive
 * watch.
 *
 * This subsystem arrives with its own issue; until then this entry point exports nothing.
 *
 * @module
 */
export {};

/**
 * FIX 5.0 SP2 over FIXT.1.1 for Kalshi: a pure codec and sessions over any byte stream.
 *
 * This subsystem arrives with its own issue; until then this entry point exports nothing.
 *
 * @module
 */
export {};

/**
 * A Kalshi-compatible exchange on loopback: the REST API of today's Kalshi (V2 order writes,
 * fixed-point strings, per-endpoint token buckets), the WebSocket feed, a price-time matching
 * engine, seeded catalogues of thousands of markets, simulated market makers, and fault injection.
 *
 * It is what `kalshi sim` and `deno task demo` run, and the ground truth of kalshikit's own
 * end-to-end tests: paper-trade and test against the real wire formats without a Kalshi account.
 *
 * ```ts
 * import { startSim } from "@kalshikit/kalshi/sim";
 * import assert from "node:assert/strict";
 *
 * await using sim = await startSim({ markets: 50, seed: 7 });
 * const res = await fetch(`${sim.restUrl}/markets?limit=2&status=open`);
 * const { markets } = await res.json();
 * assert.equal(markets.length, 2);
 * ```
 *
 * The admin API under `/_sim` (see {@linkcode adminApp}) injects faults, settles markets, adds
 * users and changes tiers; {@linkcode parseFaultRule} reads the `--fault` syntax.
 *
 * @module
 */

export { createExchange, createSimApp, REST_PREFIX, startSim, WS_PATH } from "./server.ts";
export type { SimServer, SimServerOptions } from "./server.ts";
export { Exchange } from "./exchange.ts";
export type { ExchangeOptions, LegacyOrderMode, SimLogLevel, SimPart } from "./exchange.ts";
export { adminApp, createSimUser } from "./admin.ts";
export type { SimUserCredentials } from "./admin.ts";
export { parseFaultRule } from "./faults.ts";
export type { FaultDecision, FaultRule } from "./faults.ts";
export { TIERS } from "./accounts.ts";
export type { Tier } from "./accounts.ts";
export { SimBus } from "./types.ts";
export type {
  BookLevels,
  BookTop,
  CatalogueApi,
  EventRecord,
  FillRecord,
  MarketRecord,
  MarketStatus,
  OrderRecord,
  SeriesRecord,
  SimClock,
  SimEvent,
  Trader,
  TradeRecord,
  TradingApi,
} from "./types.ts";

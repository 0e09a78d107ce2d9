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
 * The admin API under `/_sim` controls a running simulator. It is unauthenticated; the server
 * binds to loopback.
 *
 * | Route | Does |
 * |---|---|
 * | `GET`, `PUT /_sim/faults` | Reads or replaces the fault rules, `{"rules": [FaultRule, …]}` |
 * | `PUT /_sim/rate_limits` | Turns rate limits on or off, `{"enabled": false}` |
 * | `POST /_sim/users` | Adds a funded user, `{"tier"?, "cash_dollars"?}` → {@linkcode SimUserCredentials} |
 * | `PUT /_sim/users/{user_id}/tier` | Changes a user's tier, `{"tier"}` |
 * | `POST /_sim/users/{user_id}/deposit` | Credits cash, `{"amount_dollars", "subaccount"?}` |
 * | `POST /_sim/markets/{ticker}/determine` | Sets a result, `{"result", "settlement_value_dollars"?, "immediate"?}` |
 * | `POST /_sim/markets/{ticker}/pause`, `…/resume`, `…/close` | Pauses, resumes or closes trading |
 * | `/_sim/ws/…` | WebSocket feed faults, limits and connections |
 *
 * {@linkcode parseFaultRule} reads the `--fault` syntax of {@linkcode FaultRule}s;
 * {@linkcode createSimUser} adds a user in-process.
 *
 * In-process, {@linkcode createSimApp} answers requests without a socket, and the
 * {@linkcode Exchange} exposes its parts: the catalogue ({@linkcode CatalogueApi}), trading
 * ({@linkcode TradingApi}), {@linkcode Accounts}, the {@linkcode RateLimiter}, {@linkcode Faults}
 * and the {@linkcode SimBus} every {@linkcode SimEvent} is published on. A part declares its REST
 * routes on a {@linkcode SimRouter}; handlers get a {@linkcode SimRequest} and answer with a value,
 * a {@linkcode Reply}, or a thrown {@linkcode SimHttpError}.
 *
 * Money is integer fixed-point as in `money/`: {@linkcode Price} = $0.0001,
 * {@linkcode Count} = 0.01 contract, {@linkcode Amount} = $0.000001. Times are epoch milliseconds.
 *
 * @module
 */

export { createExchange, createSimApp, REST_PREFIX, startSim, WS_PATH } from "./server.ts";
export type { SimApp, SimServer, SimServerOptions } from "./server.ts";
export { Exchange } from "./exchange.ts";
export type { ExchangeOptions, LegacyOrderMode, SimLogLevel, SimPart } from "./exchange.ts";
export { createSimUser } from "./admin.ts";
export type { SimUserCredentials } from "./admin.ts";
export { Faults, parseFaultRule } from "./faults.ts";
export type { FaultDecision, FaultRule } from "./faults.ts";
export { Accounts, MAX_SUBACCOUNT, TIERS } from "./accounts.ts";
export type { ApiKeyRecord, FundingEvent, Tier, UserRecord } from "./accounts.ts";
export { RateLimiter } from "./rate_limit.ts";
export { Rng } from "./_rng.ts";
export { Reply, reply, SimRequest, SimRouter } from "./router.ts";
export type { AuthMode, Handler, Method, RouteMeta } from "./router.ts";
export { apiError, BodyReader, QueryReader, SimHttpError } from "./_http.ts";
export { freshMarketStats, SimBus } from "./types.ts";
export type {
  BookLevels,
  BookSide,
  BookTop,
  CatalogueApi,
  EventRecord,
  FillRecord,
  MarketRecord,
  MarketStats,
  MarketStatus,
  MveLeg,
  OrderRecord,
  SeriesRecord,
  SimClock,
  SimEvent,
  Trader,
  TradeRecord,
  TradingApi,
} from "./types.ts";
export type { Amount, Count, Price, PriceRangeWire, TickBand } from "../money/mod.ts";
export type { PublicKey } from "../auth/mod.ts";

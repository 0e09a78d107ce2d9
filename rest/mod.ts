/**
 * The Kalshi REST client: {@linkcode KalshiClient} covers every operation of Kalshi's Trade API
 * v2 with types read from the official OpenAPI spec (snake_case wire fields exactly as Kalshi
 * sends them), grouped into resources (`client.markets`, `client.orders`, `client.portfolio`, …),
 * plus {@linkcode KalshiClient.call} for any operation by id.
 *
 * What the client does for you: signs requests (RSA-PSS), waits for tokens in client-side buckets
 * sized by your tier so your own traffic never causes a 429, times out and retries reads and
 * order creates (a generated `client_order_id` makes a retried create safe: a 409 after a lost
 * answer resolves to the order that was created), walks cursors with `iterate()` (stopping on an
 * empty cursor, failing on a repeated one), and warns once per process when you call an operation
 * Kalshi deprecated or removed.
 *
 * ```ts
 * import { KalshiClient } from "@kalshikit/kalshi/rest";
 * import { formatPrice, parsePrice } from "@kalshikit/kalshi/money";
 * import { startSim } from "@kalshikit/kalshi/sim";
 * import assert from "node:assert/strict";
 *
 * // A local simulator stands in for Kalshi; use env: "demo" or "prod" with your own key.
 * await using sim = await startSim({ markets: 50 });
 * await using client = await KalshiClient.create({
 *   env: { restUrl: sim.restUrl },
 *   keyId: sim.keyId,
 *   privateKey: sim.privateKeyPem, // or { path: "kalshi.key" }
 * });
 *
 * const { markets } = await client.markets.list({ status: "open", limit: 5 });
 * const market = markets[0]!;
 * const book = await client.markets.orderbook(market.ticker);
 * assert.ok(Array.isArray(book.orderbook_fp.yes_dollars));
 *
 * const order = await client.orders.create({
 *   ticker: market.ticker,
 *   side: "bid", // buy YES
 *   price: parsePrice("0.0100"),
 *   count: "2",
 *   time_in_force: "good_till_canceled",
 *   self_trade_prevention_type: "taker_at_cross",
 * });
 * const { order: resting } = await client.orders.get(order.order_id);
 * assert.equal(formatPrice(parsePrice(resting.yes_price_dollars)), "0.0100");
 * await client.orders.cancel(order.order_id);
 *
 * let seen = 0;
 * for await (const _m of client.markets.iterate({ limit: 20 })) seen++;
 * assert.ok(seen > markets.length);
 * ```
 *
 * @module
 */

export { KalshiClient } from "./client.ts";
export type { CreateClientOptions, KalshiClientOptions } from "./client.ts";
export type { PrivateKeyInput } from "../auth/mod.ts";
export type {
  CallArgs,
  CallArgsOptional,
  CallParameters,
  IterateOptions,
  ListItem,
  ListItemKeys,
  ListOperationId,
  ListParams,
  PathParams,
  QueryParams,
  RequestBody,
  RequestOptions,
  ResponseBody,
} from "./call.ts";
export {
  OrderGroupsApi,
  OrdersApi,
  orderToCreateResponse,
  toWireCount,
  toWirePrice,
} from "./orders.ts";
export type {
  AmendOrderParams,
  BatchCreateOrdersParams,
  CountInput,
  CreateOrderParams,
  DecreaseOrderParams,
  FindOrderOptions,
  Order,
  PriceInput,
} from "./orders.ts";
export {
  EventsApi,
  ExchangeApi,
  HistoricalApi,
  IncentiveProgramsApi,
  LiveDataApi,
  MarketsApi,
  MilestonesApi,
  MultivariateApi,
  SearchApi,
  SeriesApi,
  StructuredTargetsApi,
} from "./market_data.ts";
export type { MergedParams } from "./market_data.ts";
export { AccountApi, ApiKeysApi, FcmApi, PortfolioApi, SubaccountsApi } from "./portfolio.ts";
export { BlockTradesApi, CommunicationsApi, QuotesApi, RfqsApi } from "./communications.ts";
export type { RfqQuoteRef } from "./communications.ts";
export type { RetryOptions } from "./_http.ts";
export { paginate } from "./paginate.ts";
export type { PageReader, PaginateOptions } from "./paginate.ts";
export { DEMO, PROD, resolveEnvironment } from "./environments.ts";
export type { EnvironmentInput, KalshiEnvironment } from "./environments.ts";
export {
  DOCUMENTED_COSTS,
  DOCUMENTED_TIER_LIMITS,
  RateLimiter,
  TokenBucket,
  WRITE_OPERATIONS,
} from "./rate_limit.ts";
export type {
  BucketLimits,
  EndpointCostsWire,
  RateLimiterOptions,
  TakeOptions,
  UsageTier,
} from "./rate_limit.ts";
export { OPERATIONS } from "./types/operations.ts";
export type {
  OperationId,
  OperationInfo,
  OperationMethod,
  OperationStatus,
} from "./types/operations.ts";
export type { components, operations } from "./types/openapi.ts";

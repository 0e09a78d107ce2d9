/**
 * Wire constants of Kalshi's WebSocket API v2 as the simulator speaks it: channel names, which
 * channels carry `seq`, which accept market filters, and the numbered error codes with Kalshi's
 * texts (AsyncAPI 2.0.0, `shared/kalshi/asyncapi.yaml`).
 *
 * @module
 */

/** Every channel of the current AsyncAPI document. */
export const WS_CHANNELS = [
  "orderbook_delta",
  "ticker",
  "trade",
  "fill",
  "market_positions",
  "market_lifecycle_v2",
  "multivariate_market_lifecycle",
  "communications",
  "order_group_updates",
  "user_orders",
  "cfbenchmarks_value",
  "cfbenchmarks_value_5hz",
  "pyth_value",
] as const;

/** A channel name. */
export type WsChannel = typeof WS_CHANNELS[number];

/** Channels whose data messages carry a per-subscription `seq`. */
export const SEQUENCED_CHANNELS: ReadonlySet<WsChannel> = new Set<WsChannel>([
  "orderbook_delta",
  "trade",
  "market_lifecycle_v2",
  "multivariate_market_lifecycle",
  "communications",
  "order_group_updates",
  "cfbenchmarks_value",
  "cfbenchmarks_value_5hz",
  "pyth_value",
]);

/**
 * Channels that take `market_ticker(s)` filters and `add_markets` / `delete_markets`
 * (`orderbook_delta` requires one; the others default to every market).
 */
export const MARKET_FILTER_CHANNELS: ReadonlySet<WsChannel> = new Set<WsChannel>([
  "orderbook_delta",
  "ticker",
  "trade",
  "fill",
  "market_positions",
  "user_orders",
]);

/** Channels that only deliver the connected user's own data. */
export const PRIVATE_CHANNELS: ReadonlySet<WsChannel> = new Set<WsChannel>([
  "fill",
  "market_positions",
  "order_group_updates",
  "user_orders",
  "communications",
]);

/** CF Benchmarks and Pyth channels, which filter by index / underlying instead of market. */
export const INDEX_CHANNELS: ReadonlySet<WsChannel> = new Set<WsChannel>([
  "cfbenchmarks_value",
  "cfbenchmarks_value_5hz",
  "pyth_value",
]);

/** Kalshi's error texts by code (codes 6, 16 and 17 are listed as retired in the AsyncAPI doc). */
export const WS_ERROR_TEXT = {
  1: "Unable to process message",
  2: "Params required",
  3: "Channels required",
  4: "Subscription IDs required",
  5: "Unknown command",
  7: "Unknown subscription ID",
  8: "Unknown channel name",
  9: "Authentication required",
  10: "Channel error",
  11: "Invalid parameter",
  12: "Exactly one subscription ID is required",
  13: "Unsupported action",
  14: "Market Ticker required",
  15: "Action required",
  16: "Market not found",
  18: "Command timeout",
  19: "shard_factor must be > 0",
  20: "shard_factor is required when shard_key is set",
  21: "shard_key must be >= 0 and < shard_factor",
  22: "shard_factor must be <= 100",
  23: "Match IDs required",
  24: "Index IDs required",
  25: "Subscription buffer overflow",
  26: "Subscription market limit exceeded",
  27: "Too many requests",
  28: "Underlying tickers required",
} as const;

/** A WebSocket error code. */
export type WsErrorCode = keyof typeof WS_ERROR_TEXT;

/** A server → client frame. */
export interface WsFrame {
  /** Message type. */
  type: string;
  /** The command id a reply answers. */
  id?: number;
  /** Subscription id. */
  sid?: number;
  /** Position in the subscription's stream. */
  seq?: number;
  /** Payload. */
  msg?: unknown;
}

/** The `msg` of an `error` frame. */
export interface WsErrorMsg {
  /** Error code. */
  code: WsErrorCode;
  /** Kalshi's text for the code. */
  msg: string;
  /** The one market the error is about. */
  market_ticker?: string;
  /** The markets the error is about, when several. */
  market_tickers?: string[];
}

/**
 * Builds the `msg` of an error frame.
 *
 * @param code The error code.
 * @param tickers Market tickers the error is about (one → `market_ticker`, more → `market_tickers`).
 * @returns The error payload.
 */
export function errorMsg(code: WsErrorCode, tickers: readonly string[] = []): WsErrorMsg {
  const out: WsErrorMsg = { code, msg: WS_ERROR_TEXT[code] };
  if (tickers.length === 1) out.market_ticker = tickers[0]!;
  else if (tickers.length > 1) out.market_tickers = [...tickers];
  return out;
}

/** Whether a text names a current channel. */
export function isChannel(name: string): name is WsChannel {
  return (WS_CHANNELS as readonly string[]).includes(name);
}

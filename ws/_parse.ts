/**
 * Frame decoding and shape checks. Every frame is checked for its envelope (`type`, `id`, `sid`,
 * `seq`) and, for known types, for the JSON type of every field the spec names; anything else is
 * a {@linkcode KalshiProtocolError} that the client reports without dropping the connection.
 *
 * @module
 */

import { KalshiConfigError, KalshiProtocolError, KalshiWsError } from "../errors.ts";
import type { SubscribeParams, WsChannel, WsSubscriptionInfo } from "./types.ts";

/** A decoded frame: the envelope checked, `msg` not yet. */
export interface WireFrame {
  type: string;
  id?: number;
  sid?: number;
  seq?: number;
  msg?: unknown;
  [key: string]: unknown;
}

/** The message types each channel carries. */
export const CHANNEL_TYPES: Readonly<Record<WsChannel, readonly string[]>> = {
  orderbook_delta: ["orderbook_snapshot", "orderbook_delta"],
  ticker: ["ticker"],
  trade: ["trade"],
  fill: ["fill"],
  market_positions: ["market_position"],
  market_lifecycle_v2: ["market_lifecycle_v2", "event_lifecycle", "event_fee_update"],
  multivariate_market_lifecycle: ["multivariate_market_lifecycle", "event_lifecycle"],
  multivariate: ["multivariate_lookup"],
  communications: [
    "rfq_created",
    "rfq_deleted",
    "quote_created",
    "quote_accepted",
    "quote_executed",
  ],
  order_group_updates: ["order_group_updates"],
  user_orders: ["user_order"],
  cfbenchmarks_value: ["cfbenchmarks_value", "cfbenchmarks_value_indexlist"],
  cfbenchmarks_value_5hz: ["cfbenchmarks_value_5hz", "cfbenchmarks_value_5hz_indexlist"],
  pyth_value: ["pyth_value", "pyth_value_underlying_list"],
};

/** Every channel name. */
export const CHANNELS: readonly WsChannel[] = Object.keys(CHANNEL_TYPES) as WsChannel[];

/** Channels whose subscriptions take a market filter (`market_tickers`). */
export const MARKET_CHANNELS: ReadonlySet<WsChannel> = new Set<WsChannel>([
  "orderbook_delta",
  "ticker",
  "trade",
  "fill",
  "market_positions",
  "user_orders",
]);

type Kind = "s" | "i" | "n" | "b" | "a" | "o" | "s?" | "i?" | "n?" | "side" | "levels" | "strs";

const LIFECYCLE = "market_ticker:s event_type:s ?exchange_index:i ?open_ts:i ?close_ts:i " +
  "?determination_ts:i ?settled_ts:i ?result:s ?settlement_value:s ?is_deactivated:b " +
  "?additional_metadata:o ?price_level_structure:s ?price_ranges:a ?strike_type:s " +
  "?floor_strike:n ?cap_strike:n ?custom_strike:o ?yes_sub_title:s";
const QUOTE = "quote_id:s rfq_id:s quote_creator_id:s rfq_creator_id:s market_ticker:s " +
  "?event_ticker:s yes_bid_dollars:s no_bid_dollars:s ?yes_contracts_offered_fp:s " +
  "?no_contracts_offered_fp:s ?rfq_target_cost_dollars:s ?subaccount:i";

// Field specs per message type: `name:kind`, a leading `?` marks an optional field. Deprecated
// fields are optional whatever the spec says, since Kalshi will stop sending them.
const SPECS: Record<string, string> = {
  orderbook_snapshot: "market_ticker:s ?market_id:s ?yes_dollars_fp:levels ?no_dollars_fp:levels",
  orderbook_delta: "market_ticker:s ?market_id:s price_dollars:s delta_fp:s side:side " +
    "?client_order_id:s ?subaccount:i ?ts:s ?ts_ms:i",
  ticker: "market_id:s market_ticker:s price_dollars:s yes_bid_dollars:s yes_ask_dollars:s " +
    "volume_fp:s open_interest_fp:s dollar_volume:i dollar_open_interest:i yes_bid_size_fp:s " +
    "yes_ask_size_fp:s last_trade_size_fp:s ?ts:i ts_ms:i ?time:s",
  trade: "trade_id:s market_ticker:s yes_price_dollars:s no_price_dollars:s count_fp:s " +
    "?taker_side:s taker_outcome_side:s taker_book_side:s is_block_trade:b ?ts:i ts_ms:i",
  fill: "trade_id:s order_id:s ?client_order_id:s market_ticker:s exchange_index:i is_taker:b " +
    "?side:s ?action:s ?purchased_side:s outcome_side:s book_side:s yes_price_dollars:s " +
    "count_fp:s fee_cost:s post_position_fp:s ?subaccount:i ?ts:i ts_ms:i",
  market_position: "user_id:s market_ticker:s position_fp:s position_cost_dollars:s " +
    "realized_pnl_dollars:s fees_paid_dollars:s position_fee_cost_dollars:s volume_fp:s " +
    "?subaccount:i",
  market_lifecycle_v2: LIFECYCLE,
  multivariate_market_lifecycle: LIFECYCLE,
  event_lifecycle: "event_ticker:s exchange_index:i title:s subtitle:s " +
    "collateral_return_type:s series_ticker:s ?strike_date:i ?strike_period:s",
  event_fee_update: "event_ticker:s fee_type_override:s? fee_multiplier_override:n?",
  multivariate_lookup: "collection_ticker:s event_ticker:s market_ticker:s selected_markets:a",
  rfq_created: "id:s creator_id:s market_ticker:s ?event_ticker:s ?contracts_fp:s " +
    "?target_cost_dollars:s created_ts:s ?mve_collection_ticker:s ?mve_selected_legs:a",
  rfq_deleted: "id:s creator_id:s market_ticker:s ?event_ticker:s ?contracts_fp:s " +
    "?target_cost_dollars:s deleted_ts:s",
  quote_created: `${QUOTE} created_ts:s`,
  quote_accepted: `${QUOTE} ?accepted_side:s ?contracts_accepted_fp:s`,
  quote_executed: "quote_id:s rfq_id:s quote_creator_id:s rfq_creator_id:s order_id:s " +
    "client_order_id:s market_ticker:s executed_ts:s ?subaccount:i",
  order_group_updates: "event_type:s order_group_id:s ?contracts_limit_fp:s ts_ms:i",
  user_order: "order_id:s user_id:s ticker:s exchange_index:i status:s ?side:s ?is_yes:b " +
    "outcome_side:s book_side:s yes_price_dollars:s fill_count_fp:s remaining_count_fp:s " +
    "initial_count_fp:s taker_fill_cost_dollars:s maker_fill_cost_dollars:s " +
    "taker_fees_dollars:s maker_fees_dollars:s client_order_id:s ?order_group_id:s " +
    "?self_trade_prevention_type:s ?created_time:s? ?last_update_time:s ?expiration_time:s " +
    "created_ts_ms:i? ?last_updated_ts_ms:i ?expiration_ts_ms:i ?last_update_reason:s " +
    "?subaccount_number:i",
  cfbenchmarks_value: "index_id:s received_at:i data:s avg_60s_data:o " +
    "?last_60s_windowed_average_15min:o",
  cfbenchmarks_value_indexlist: "index_ids:strs",
  cfbenchmarks_value_5hz: "index_id:s value_usd:s source_ts_ms:i received_at:i data:s",
  cfbenchmarks_value_5hz_indexlist: "index_ids:strs",
  pyth_value: "underlying_ticker:s value_usd:s source_ts_ms:i received_at:i",
  pyth_value_underlying_list: "underlying_tickers:strs",
};

interface FieldSpec {
  name: string;
  kind: Kind;
  optional: boolean;
}

const FIELDS: ReadonlyMap<string, readonly FieldSpec[]> = new Map(
  Object.entries(SPECS).map(([type, spec]) => [
    type,
    spec.split(/\s+/).map((f): FieldSpec => {
      const optional = f.startsWith("?");
      const [name, kind] = (optional ? f.slice(1) : f).split(":") as [string, Kind];
      return { name, kind, optional };
    }),
  ]),
);

/**
 * The payload fields the spec names for a message type.
 *
 * @param type Message type.
 * @returns Field names (empty for unknown types).
 */
export function fieldNames(type: string): string[] {
  return (FIELDS.get(type) ?? []).map((f) => f.name);
}

/** Whether a message type is one the client knows. */
export function isKnownType(type: string): boolean {
  return FIELDS.has(type);
}

/**
 * Decodes one text frame and checks its envelope.
 *
 * @param data The frame as received.
 * @param maxChars Largest accepted frame, in UTF-16 code units.
 * @returns The frame.
 * @throws {KalshiProtocolError} For binary, oversized, non-JSON or malformed frames.
 */
export function decodeFrame(data: unknown, maxChars: number): WireFrame {
  if (typeof data !== "string") {
    throw new KalshiProtocolError("Cannot read WebSocket frame: expected text", "ws_binary_frame");
  }
  if (data.length > maxChars) {
    throw new KalshiProtocolError(
      `Cannot read WebSocket frame of ${data.length} characters: the limit is ${maxChars}`,
      "ws_frame_too_large",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    throw new KalshiProtocolError(
      `Cannot parse WebSocket frame ${excerpt(data)}: not JSON`,
      "ws_bad_json",
      { cause },
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw badFrame(data, "expected a JSON object");
  }
  const f = value as WireFrame;
  if (typeof f.type !== "string") throw badFrame(data, '"type" must be a string');
  if (f.id !== undefined && !isUint(f.id)) throw badFrame(data, '"id" must be an integer');
  if (f.sid !== undefined && !isUint(f.sid)) throw badFrame(data, '"sid" must be an integer');
  if (f.seq !== undefined && !isUint(f.seq)) throw badFrame(data, '"seq" must be an integer');
  return f;
}

/**
 * Checks a known data message's `msg` against the spec.
 *
 * @param frame A decoded frame of a known type.
 * @returns A description of the first problem, or undefined when the message is fine.
 */
export function checkPayload(frame: WireFrame): string | undefined {
  const fields = FIELDS.get(frame.type);
  if (!fields) return `unknown type ${JSON.stringify(frame.type)}`;
  if (frame.sid === undefined) return '"sid" is missing';
  const msg = frame.msg;
  if (msg === null || typeof msg !== "object" || Array.isArray(msg)) {
    return '"msg" must be an object';
  }
  const m = msg as Record<string, unknown>;
  for (const f of fields) {
    const v = m[f.name];
    if (v === undefined) {
      if (f.optional) continue;
      return `"msg.${f.name}" is missing`;
    }
    if (!hasKind(v, f.kind)) return `"msg.${f.name}" has the wrong type`;
  }
  return undefined;
}

/**
 * Checks a control reply (`subscribed`, `ok`, `unsubscribed`, `error`).
 *
 * @param frame The decoded frame.
 * @returns A description of the first problem, or undefined.
 */
export function checkReply(frame: WireFrame): string | undefined {
  const msg = frame.msg as Record<string, unknown> | undefined;
  switch (frame.type) {
    case "subscribed":
      if (!msg || typeof msg !== "object") return '"msg" must be an object';
      if (typeof msg.channel !== "string") return '"msg.channel" must be a string';
      if (!isUint(msg.sid)) return '"msg.sid" must be an integer';
      return undefined;
    case "error":
      if (!msg || typeof msg !== "object") return '"msg" must be an object';
      if (!Number.isInteger(msg.code)) return '"msg.code" must be an integer';
      return undefined;
    case "unsubscribed":
      return frame.sid === undefined ? '"sid" is missing' : undefined;
    default:
      return undefined;
  }
}

/**
 * The market a data message concerns, when it concerns one.
 *
 * @param frame A checked data frame.
 * @returns The ticker, or undefined.
 */
export function tickerOf(frame: WireFrame): string | undefined {
  const m = frame.msg as Record<string, unknown>;
  const t = frame.type === "user_order" ? m.ticker : m.market_ticker;
  return typeof t === "string" ? t : undefined;
}

/**
 * A short, printable excerpt of a frame for error messages.
 *
 * @param text Frame text.
 * @returns At most ~80 characters, quoted.
 */
export function excerpt(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function badFrame(text: string, why: string): KalshiProtocolError {
  return new KalshiProtocolError(
    `Invalid WebSocket frame ${excerpt(text)}: ${why}`,
    "ws_bad_frame",
  );
}

function isUint(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function hasKind(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case "s":
      return typeof v === "string";
    case "i":
      return Number.isSafeInteger(v);
    case "n":
      return typeof v === "number" && Number.isFinite(v);
    case "b":
      return typeof v === "boolean";
    case "a":
      return Array.isArray(v);
    case "o":
      return v !== null && typeof v === "object" && !Array.isArray(v);
    case "s?":
      return v === null || typeof v === "string";
    case "i?":
      return v === null || Number.isSafeInteger(v);
    case "n?":
      return v === null || (typeof v === "number" && Number.isFinite(v));
    case "side":
      return v === "yes" || v === "no";
    case "strs":
      return Array.isArray(v) && v.every((x) => typeof x === "string");
    case "levels":
      return Array.isArray(v) &&
        v.every((l) =>
          Array.isArray(l) && l.length === 2 && typeof l[0] === "string" &&
          typeof l[1] === "string"
        );
  }
}

/**
 * Checks subscribe parameters before they are sent.
 *
 * @param params The parameters.
 * @throws {KalshiConfigError} When channels are missing or unknown, or the market filter is
 * contradictory or missing for `orderbook_delta`.
 */
export function validateParams(params: SubscribeParams): void {
  const channels = params?.channels;
  if (!Array.isArray(channels) || channels.length === 0) {
    throw new KalshiConfigError("Cannot subscribe: `channels` must list at least one channel");
  }
  for (const c of channels) {
    if (!(CHANNELS as readonly string[]).includes(c)) {
      throw new KalshiConfigError(
        `Cannot subscribe to channel ${JSON.stringify(c)}: known channels are ${
          CHANNELS.join(", ")
        }`,
      );
    }
  }
  if (params.market_ticker !== undefined && params.market_tickers !== undefined) {
    throw new KalshiConfigError(
      "Cannot subscribe with both `market_ticker` and `market_tickers`: give one",
    );
  }
  const tickers = params.market_tickers ??
    (params.market_ticker !== undefined ? [params.market_ticker] : []);
  if (channels.includes("orderbook_delta") && tickers.length === 0) {
    throw new KalshiConfigError("Cannot subscribe to orderbook_delta without `market_tickers`");
  }
}

/**
 * The error of an `error` frame.
 *
 * @param f The frame.
 * @returns The error with Kalshi's code.
 */
export function wsError(f: WireFrame): KalshiWsError {
  const m = f.msg as { code: number; msg?: unknown };
  const ids: { id?: number; sid?: number } = {};
  if (f.id !== undefined) ids.id = f.id;
  if (f.sid !== undefined) ids.sid = f.sid;
  return new KalshiWsError(m.code, typeof m.msg === "string" ? m.msg : "unknown error", ids);
}

/**
 * The error for a frame that breaks the protocol.
 *
 * @param f The frame.
 * @param why What is wrong.
 * @returns The error.
 */
export function badMessage(f: WireFrame, why: string): KalshiProtocolError {
  const where = f.sid !== undefined ? ` on sid ${f.sid}` : "";
  return new KalshiProtocolError(
    `Invalid ${JSON.stringify(f.type).slice(0, 60)} message${where}: ${why}`,
    "ws_bad_message",
  );
}

/**
 * The entries of a `list_subscriptions` reply (in `msg`, or the older top-level `subscriptions`).
 *
 * @param f The reply.
 * @returns The entries.
 */
export function listOf(f: WireFrame): WsSubscriptionInfo[] {
  const raw = Array.isArray(f.msg) ? f.msg : Array.isArray(f.subscriptions) ? f.subscriptions : [];
  const out: WsSubscriptionInfo[] = [];
  for (const e of raw as unknown[]) {
    const r = e as { channel?: unknown; sid?: unknown };
    if (r && typeof r.channel === "string" && typeof r.sid === "number") {
      out.push({ channel: r.channel, sid: r.sid });
    }
  }
  return out;
}

/**
 * The channels Kalshi serves today (the AsyncAPI document's list). `multivariate` left the API on
 * Aug 6 2026; its messages are still typed so recorded streams parse.
 */
export const WS_CHANNELS: readonly WsChannel[] = CHANNELS.filter((c) => c !== "multivariate");

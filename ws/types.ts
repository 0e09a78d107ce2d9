/**
 * Wire types of the Kalshi WebSocket API (AsyncAPI 2.0.0), field for field as Kalshi sends them:
 * prices are `*_dollars` strings (`"0.5600"`), counts `*_fp` strings (`"10.00"`); parse them with
 * `money/`. Deprecated fields are optional here because Kalshi will stop sending them.
 *
 * @module
 */

import type { KalshiError } from "../errors.ts";

/** A channel name accepted by `subscribe`. */
export type WsChannel =
  | "orderbook_delta"
  | "ticker"
  | "trade"
  | "fill"
  | "market_positions"
  | "market_lifecycle_v2"
  | "multivariate_market_lifecycle"
  | "multivariate"
  | "communications"
  | "order_group_updates"
  | "user_orders"
  | "cfbenchmarks_value"
  | "cfbenchmarks_value_5hz"
  | "pyth_value";

/** `yes` or `no`: which outcome (or which bid book, on orderbook messages). */
export type MarketSide = "yes" | "no";
/** `bid` (buys YES) or `ask` (sells YES). */
export type BookSide = "bid" | "ask";
/** A price level: `[price_dollars, contracts_fp]`. */
export type WireLevel = [string, string];

/** Parameters of the `subscribe` command, as sent on the wire. */
export interface SubscribeParams {
  /** Channels to subscribe to (at least one). */
  channels: readonly WsChannel[];
  /** One market (mutually exclusive with `market_tickers`). */
  market_ticker?: string;
  /** Several markets. Required for `orderbook_delta`. */
  market_tickers?: readonly string[];
  /** One market by UUID (`ticker` channel only). */
  market_id?: string;
  /** Several markets by UUID (`ticker` channel only). */
  market_ids?: readonly string[];
  /** `ticker` only: send the current value of each market at once. @default {false} */
  send_initial_snapshot?: boolean;
  /** `ok` replies to updates omit the full market lists. @default {false} */
  skip_ticker_ack?: boolean;
  /** Orderbook only: report NO-side levels on the YES price scale. @default {false} */
  use_yes_price?: boolean;
  /** `communications` only: `"self"` limits RFQ events to your own RFQs. @default {""} */
  user_filter?: "" | "self";
  /** `communications` only: number of shards (1–100). */
  shard_factor?: number;
  /** `communications` only: this connection's shard (0 ≤ key < factor). */
  shard_key?: number;
  /** `cfbenchmarks_value*` only: index ids (`["all"]` for every index). */
  index_ids?: readonly string[];
  /** `pyth_value` only: underlyings (`["all"]` for every one). */
  underlying_tickers?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Payloads (`msg`)

/** `orderbook_snapshot` payload: the full book of one market. A side without orders is absent. */
export interface OrderbookSnapshotMsg {
  /** Market ticker. */
  market_ticker: string;
  /** Market UUID. */
  market_id?: string;
  /** YES bids `[price, contracts]`. */
  yes_dollars_fp?: WireLevel[];
  /** NO bids, on the NO price scale unless the subscription set `use_yes_price`. */
  no_dollars_fp?: WireLevel[];
}

/** `orderbook_delta` payload: a signed change of the resting size at one level. */
export interface OrderbookDeltaMsg {
  /** Market ticker. */
  market_ticker: string;
  /** Market UUID. */
  market_id?: string;
  /** Price in dollars. */
  price_dollars: string;
  /** Signed change in contracts (2 decimals). */
  delta_fp: string;
  /** Side. */
  side: MarketSide;
  /** Present only when your own order caused the change. */
  client_order_id?: string;
  /** Present only when your own order caused the change and you use subaccounts. */
  subaccount?: number;
  /** @deprecated RFC 3339 time; use `ts_ms`. */
  ts?: string;
  /** Unix time in milliseconds. */
  ts_ms?: number;
}

/** `ticker` payload: the latest market summary. */
export interface TickerMsg {
  /** Market UUID. */
  market_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** Price in dollars. */
  price_dollars: string;
  /** Best YES bid in dollars. */
  yes_bid_dollars: string;
  /** Best YES ask in dollars. */
  yes_ask_dollars: string;
  /** Contracts traded (2 decimals). */
  volume_fp: string;
  /** Open interest (2 decimals). */
  open_interest_fp: string;
  /** Traded notional, whole dollars. */
  dollar_volume: number;
  /** Open-interest notional, whole dollars. */
  dollar_open_interest: number;
  /** Contracts at the best bid. */
  yes_bid_size_fp: string;
  /** Contracts at the best ask. */
  yes_ask_size_fp: string;
  /** Contracts in the last trade. */
  last_trade_size_fp: string;
  /** @deprecated Seconds; use `ts_ms`. */
  ts?: number;
  /** Unix time in milliseconds. */
  ts_ms: number;
  /** @deprecated RFC 3339; use `ts_ms`. */
  time?: string;
}

/** `trade` payload: one public execution. */
export interface TradeMsg {
  /** Trade id. */
  trade_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** YES price in dollars. */
  yes_price_dollars: string;
  /** NO price in dollars. */
  no_price_dollars: string;
  /** Contracts (2 decimals). */
  count_fp: string;
  /** @deprecated Use `taker_outcome_side`. */
  taker_side?: MarketSide;
  /** Outcome the taker is positioned for. */
  taker_outcome_side: MarketSide;
  /** Book side of the taker (`bid` = YES). */
  taker_book_side: BookSide;
  /** Matched off book as a block trade. */
  is_block_trade: boolean;
  /** @deprecated Seconds; use `ts_ms`. */
  ts?: number;
  /** Unix time in milliseconds. */
  ts_ms: number;
}

/** `fill` payload: one fill of your order. */
export interface FillMsg {
  /** Trade id. */
  trade_id: string;
  /** Order id. */
  order_id: string;
  /** Your client order id. */
  client_order_id?: string;
  /** Market ticker. */
  market_ticker: string;
  /** Exchange shard. */
  exchange_index: number;
  /** Whether you were the taker. */
  is_taker: boolean;
  /** @deprecated Use `outcome_side`. */
  side?: MarketSide;
  /** @deprecated Use `outcome_side` / `book_side`. */
  action?: "buy" | "sell" | "sell_partial" | "sell_to_close" | "";
  /** @deprecated Use `outcome_side`. */
  purchased_side?: MarketSide;
  /** Outcome this positions you for. */
  outcome_side: MarketSide;
  /** Book side (`bid` = YES). */
  book_side: BookSide;
  /** The YES price, whatever side you traded. */
  yes_price_dollars: string;
  /** Contracts (2 decimals). */
  count_fp: string;
  /** Fee in dollars (6 decimals). */
  fee_cost: string;
  /** Position after the fill. */
  post_position_fp: string;
  /** Subaccount number. */
  subaccount?: number;
  /** @deprecated Seconds; use `ts_ms`. */
  ts?: number;
  /** Unix time in milliseconds. */
  ts_ms: number;
}

/** `market_position` payload (channel `market_positions`). */
export interface MarketPositionMsg {
  /** User id. */
  user_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** Signed net contracts: + YES, − NO. */
  position_fp: string;
  /** Cost basis in dollars. */
  position_cost_dollars: string;
  /** Realized P&L in dollars. */
  realized_pnl_dollars: string;
  /** Fees paid in dollars. */
  fees_paid_dollars: string;
  /** Position fee cost in dollars. */
  position_fee_cost_dollars: string;
  /** Contracts traded (2 decimals). */
  volume_fp: string;
  /** Subaccount number. */
  subaccount?: number;
}

/** A price band of a market's tick grid. */
export interface WirePriceRange {
  /** Band start in dollars. */
  start: string;
  /** Band end in dollars. */
  end: string;
  /** Tick size in dollars. */
  step: string;
}

/** Market details sent with a lifecycle `created` event. */
export interface LifecycleAdditionalMetadata {
  /** Market name. */
  name: string;
  /** Title. */
  title: string;
  /** YES subtitle. */
  yes_sub_title: string;
  /** NO subtitle. */
  no_sub_title: string;
  /** Primary rules. */
  rules_primary: string;
  /** Secondary rules. */
  rules_secondary: string;
  /** Whether the market can close early. */
  can_close_early: boolean;
  /** Event ticker. */
  event_ticker: string;
  /** Expected expiration, seconds. */
  expected_expiration_ts: number;
  /** How the strikes are read. */
  strike_type?: string;
  /** Lower strike. */
  floor_strike?: number;
  /** Upper strike. */
  cap_strike?: number;
  /** Structured strike. */
  custom_strike?: Record<string, unknown>;
}

/** Lifecycle event kinds of `market_lifecycle_v2` and `multivariate_market_lifecycle`. */
export type MarketLifecycleEventType =
  | "created"
  | "activated"
  | "deactivated"
  | "close_date_updated"
  | "determined"
  | "settled"
  | "price_level_structure_updated"
  | "metadata_updated";

/** `market_lifecycle_v2` payload; `event_type` decides which optional keys exist. */
export interface MarketLifecycleMsg {
  /** Market ticker. */
  market_ticker: string;
  /** What happened. */
  event_type: MarketLifecycleEventType;
  /** Exchange shard. */
  exchange_index?: number;
  /** Seconds. */
  open_ts?: number;
  /** Seconds. */
  close_ts?: number;
  /** Seconds. */
  determination_ts?: number;
  /** Seconds. */
  settled_ts?: number;
  /** Market result. */
  result?: string;
  /** Dollars, e.g. `"0.5000"`. */
  settlement_value?: string;
  /** Whether trading is paused. */
  is_deactivated?: boolean;
  /** Market details (on `created`). */
  additional_metadata?: LifecycleAdditionalMetadata;
  /** Tick structure name. */
  price_level_structure?: string;
  /** Tick bands; use these, not the name. */
  price_ranges?: WirePriceRange[];
  /** How the strikes are read. */
  strike_type?: string;
  /** Lower strike. */
  floor_strike?: number;
  /** Upper strike. */
  cap_strike?: number;
  /** Structured strike. */
  custom_strike?: Record<string, unknown>;
  /** YES subtitle. */
  yes_sub_title?: string;
}

/** `event_lifecycle` payload (on the lifecycle channels). */
export interface EventLifecycleMsg {
  /** Event ticker. */
  event_ticker: string;
  /** Exchange shard. */
  exchange_index: number;
  /** Title. */
  title: string;
  /** Subtitle. */
  subtitle: string;
  /** Collateral return scheme. */
  collateral_return_type: "MECNET" | "DIRECNET" | "";
  /** Series ticker. */
  series_ticker: string;
  /** Seconds. */
  strike_date?: number;
  /** Strike period. */
  strike_period?: string;
}

/** `event_fee_update` payload; `null` means the override was cleared. */
export interface EventFeeUpdateMsg {
  /** Event ticker. */
  event_ticker: string;
  /** Fee type override. */
  fee_type_override: string | null;
  /** Fee multiplier override. */
  fee_multiplier_override: number | null;
}

/** A leg of a multivariate (combo) market. */
export interface MultivariateLeg {
  /** Event ticker. */
  event_ticker: string;
  /** Market ticker. */
  market_ticker: string;
  /** Side. */
  side: MarketSide;
  /** YES settlement value of the leg. */
  yes_settlement_value_dollars?: string;
}

/** `multivariate_lookup` payload (channel `multivariate`, removed Aug 2026). */
export interface MultivariateLookupMsg {
  /** Collection ticker. */
  collection_ticker: string;
  /** Event ticker. */
  event_ticker: string;
  /** Market ticker. */
  market_ticker: string;
  /** The chosen legs. */
  selected_markets: MultivariateLeg[];
}

/** `rfq_created` payload. */
export interface RfqCreatedMsg {
  /** RFQ id. */
  id: string;
  /** Creator (anonymised; `"0"` when hidden). */
  creator_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** Event ticker. */
  event_ticker?: string;
  /** Contracts requested. */
  contracts_fp?: string;
  /** Target cost in dollars. */
  target_cost_dollars?: string;
  /** RFC 3339. */
  created_ts: string;
  /** Combo collection ticker. */
  mve_collection_ticker?: string;
  /** Combo legs. */
  mve_selected_legs?: MultivariateLeg[];
}

/** `rfq_deleted` payload. */
export interface RfqDeletedMsg {
  /** RFQ id. */
  id: string;
  /** Creator (anonymised; `"0"` when hidden). */
  creator_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** Event ticker. */
  event_ticker?: string;
  /** Contracts requested. */
  contracts_fp?: string;
  /** Target cost in dollars. */
  target_cost_dollars?: string;
  /** RFC 3339. */
  deleted_ts: string;
}

/** `quote_created` payload. */
export interface QuoteCreatedMsg {
  /** Quote id. */
  quote_id: string;
  /** RFQ id. */
  rfq_id: string;
  /** Quote creator. */
  quote_creator_id: string;
  /** RFQ creator. */
  rfq_creator_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** Event ticker. */
  event_ticker?: string;
  /** Quoted YES bid in dollars. */
  yes_bid_dollars: string;
  /** Quoted NO bid in dollars. */
  no_bid_dollars: string;
  /** YES contracts offered. */
  yes_contracts_offered_fp?: string;
  /** NO contracts offered. */
  no_contracts_offered_fp?: string;
  /** RFQ target cost. */
  rfq_target_cost_dollars?: string;
  /** RFC 3339. */
  created_ts: string;
  /** Subaccount number. */
  subaccount?: number;
}

/** `quote_accepted` payload. */
export interface QuoteAcceptedMsg {
  /** Quote id. */
  quote_id: string;
  /** RFQ id. */
  rfq_id: string;
  /** Quote creator. */
  quote_creator_id: string;
  /** RFQ creator. */
  rfq_creator_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** Event ticker. */
  event_ticker?: string;
  /** Quoted YES bid in dollars. */
  yes_bid_dollars: string;
  /** Quoted NO bid in dollars. */
  no_bid_dollars: string;
  /** Side accepted. */
  accepted_side?: MarketSide;
  /** Contracts accepted. */
  contracts_accepted_fp?: string;
  /** YES contracts offered. */
  yes_contracts_offered_fp?: string;
  /** NO contracts offered. */
  no_contracts_offered_fp?: string;
  /** RFQ target cost. */
  rfq_target_cost_dollars?: string;
  /** Subaccount number. */
  subaccount?: number;
}

/** `quote_executed` payload: your order from an accepted quote (join with `fill`). */
export interface QuoteExecutedMsg {
  /** Quote id. */
  quote_id: string;
  /** RFQ id. */
  rfq_id: string;
  /** Quote creator. */
  quote_creator_id: string;
  /** RFQ creator. */
  rfq_creator_id: string;
  /** Order id. */
  order_id: string;
  /** Your client order id. */
  client_order_id: string;
  /** Market ticker. */
  market_ticker: string;
  /** RFC 3339. */
  executed_ts: string;
  /** Subaccount number. */
  subaccount?: number;
}

/** `order_group_updates` payload. */
export interface OrderGroupUpdateMsg {
  /** What happened. */
  event_type: "created" | "triggered" | "reset" | "deleted" | "limit_updated";
  /** Order group id. */
  order_group_id: string;
  /** Only on `created` and `limit_updated`. */
  contracts_limit_fp?: string;
  /** Unix time in milliseconds. */
  ts_ms: number;
}

/** Why an order last changed. */
export type LastUpdateReason =
  | "Decrease"
  | "Amend"
  | "MarginCancel"
  | "SelfTradeCancel"
  | "ExpiryCancel"
  | "CloseCancel"
  | "HaltCancel"
  | "Trade"
  | "PostOnlyCrossCancel"
  | "ReduceOnlyCancel";

/** `user_order` payload (channel `user_orders`): the order's full current state. */
export interface UserOrderMsg {
  /** Order id. */
  order_id: string;
  /** User id. */
  user_id: string;
  /** The market ticker (named `ticker` here, unlike other channels). */
  ticker: string;
  /** Exchange shard. */
  exchange_index: number;
  /** Order status. */
  status: "resting" | "canceled" | "executed" | "unknown";
  /** @deprecated Use `outcome_side`. */
  side?: MarketSide;
  /** @deprecated Use `outcome_side`. */
  is_yes?: boolean;
  /** Outcome this positions you for. */
  outcome_side: MarketSide;
  /** Book side (`bid` = YES). */
  book_side: BookSide;
  /** YES price in dollars. */
  yes_price_dollars: string;
  /** Contracts filled. */
  fill_count_fp: string;
  /** Contracts resting. */
  remaining_count_fp: string;
  /** Contracts ordered. */
  initial_count_fp: string;
  /** Taker fill cost. */
  taker_fill_cost_dollars: string;
  /** Maker fill cost. */
  maker_fill_cost_dollars: string;
  /** Taker fees. */
  taker_fees_dollars: string;
  /** Maker fees. */
  maker_fees_dollars: string;
  /** Your client order id. */
  client_order_id: string;
  /** Order group id. */
  order_group_id?: string;
  /** Self-trade prevention. */
  self_trade_prevention_type?: "taker_at_cross" | "maker";
  /** @deprecated RFC 3339; use `created_ts_ms`. */
  created_time?: string | null;
  /** @deprecated RFC 3339; use `last_updated_ts_ms`. */
  last_update_time?: string;
  /** @deprecated RFC 3339; use `expiration_ts_ms`. */
  expiration_time?: string;
  /** Creation time in ms. */
  created_ts_ms: number | null;
  /** Last update in ms. */
  last_updated_ts_ms?: number;
  /** Expiration in ms. */
  expiration_ts_ms?: number;
  /** Why the order last changed. */
  last_update_reason?: LastUpdateReason;
  /** Subaccount (0 = primary). */
  subaccount_number?: number;
}

/** CF Benchmarks windowed average. */
export interface CfBenchmarksAvgData {
  /** Average value (8 decimals). */
  value: string;
  /** Ticks in the window. */
  window_size: number;
  /** Window start in ms. */
  window_start_ts_ms: number;
  /** Window end (exclusive) in ms. */
  window_end_ts_exclusive: number;
}

/** `cfbenchmarks_value` payload (1 Hz). */
export interface CfBenchmarksValueMsg {
  /** Index id, e.g. `BRTI`. */
  index_id: string;
  /** When Kalshi received it, ms. */
  received_at: number;
  /** The raw upstream JSON frame, as a string. */
  data: string;
  /** Trailing 60 s average. */
  avg_60s_data: CfBenchmarksAvgData;
  /** Quarter-hour window average (last minute only). */
  last_60s_windowed_average_15min?: CfBenchmarksAvgData;
}

/** `cfbenchmarks_value_5hz` payload. */
export interface CfBenchmarksValue5HzMsg {
  /** Index id, e.g. `BRTI`. */
  index_id: string;
  /** Value in USD (8 decimals). */
  value_usd: string;
  /** Source time in ms. */
  source_ts_ms: number;
  /** When Kalshi received it, ms. */
  received_at: number;
  /** Raw upstream JSON, as a string. */
  data: string;
}

/** Index list payload of the CF Benchmarks channels. */
export interface IndexListMsg {
  /** Index ids. */
  index_ids: string[];
}

/** `pyth_value` payload. */
export interface PythValueMsg {
  /** Underlying ticker. */
  underlying_ticker: string;
  /** Value in USD (8 decimals). */
  value_usd: string;
  /** Source time in ms. */
  source_ts_ms: number;
  /** When Kalshi received it, ms. */
  received_at: number;
}

/** `pyth_value_underlying_list` payload. */
export interface UnderlyingListMsg {
  /** Underlying tickers. */
  underlying_tickers: string[];
}

// ---------------------------------------------------------------------------------------------
// Envelopes

/** A data message: `type`, the subscription id, the sequence number when the channel has one. */
export interface WsEnvelope<T extends string, M> {
  /** Message type (differs from the channel name; dispatch on it). */
  type: T;
  /** Subscription id (per connection). */
  sid: number;
  /** Sequence number within the subscription, on sequenced channels. */
  seq?: number;
  /** Command id, on a snapshot answering `get_snapshot`. */
  id?: number;
  /** The payload. */
  msg: M;
}

/** Full book of one market (channel `orderbook_delta`). */
export type OrderbookSnapshotMessage = WsEnvelope<"orderbook_snapshot", OrderbookSnapshotMsg>;
/** A change at one level of a book (channel `orderbook_delta`). */
export type OrderbookDeltaMessage = WsEnvelope<"orderbook_delta", OrderbookDeltaMsg>;
/** Market summary (channel `ticker`). */
export type TickerMessage = WsEnvelope<"ticker", TickerMsg>;
/** Public trade (channel `trade`). */
export type TradeMessage = WsEnvelope<"trade", TradeMsg>;
/** Your fill (channel `fill`). */
export type FillMessage = WsEnvelope<"fill", FillMsg>;
/** Your position (channel `market_positions`). */
export type MarketPositionMessage = WsEnvelope<"market_position", MarketPositionMsg>;
/** Market lifecycle (channel `market_lifecycle_v2`). */
export type MarketLifecycleMessage = WsEnvelope<"market_lifecycle_v2", MarketLifecycleMsg>;
/** Event created (lifecycle channels). */
export type EventLifecycleMessage = WsEnvelope<"event_lifecycle", EventLifecycleMsg>;
/** Event fee override changed (channel `market_lifecycle_v2`). */
export type EventFeeUpdateMessage = WsEnvelope<"event_fee_update", EventFeeUpdateMsg>;
/** Combo market lifecycle (channel `multivariate_market_lifecycle`). */
export type MultivariateMarketLifecycleMessage = WsEnvelope<
  "multivariate_market_lifecycle",
  MarketLifecycleMsg
>;
/** Combo lookup (channel `multivariate`, removed by Kalshi in Aug 2026). */
export type MultivariateLookupMessage = WsEnvelope<"multivariate_lookup", MultivariateLookupMsg>;
/** RFQ created (channel `communications`). */
export type RfqCreatedMessage = WsEnvelope<"rfq_created", RfqCreatedMsg>;
/** RFQ deleted (channel `communications`). */
export type RfqDeletedMessage = WsEnvelope<"rfq_deleted", RfqDeletedMsg>;
/** Quote created (channel `communications`). */
export type QuoteCreatedMessage = WsEnvelope<"quote_created", QuoteCreatedMsg>;
/** Quote accepted (channel `communications`). */
export type QuoteAcceptedMessage = WsEnvelope<"quote_accepted", QuoteAcceptedMsg>;
/** Quote executed (channel `communications`). */
export type QuoteExecutedMessage = WsEnvelope<"quote_executed", QuoteExecutedMsg>;
/** Order group event (channel `order_group_updates`). */
export type OrderGroupUpdateMessage = WsEnvelope<"order_group_updates", OrderGroupUpdateMsg>;
/** Your order's state (channel `user_orders`). */
export type UserOrderMessage = WsEnvelope<"user_order", UserOrderMsg>;
/** CF Benchmarks value (channel `cfbenchmarks_value`). */
export type CfBenchmarksValueMessage = WsEnvelope<"cfbenchmarks_value", CfBenchmarksValueMsg>;
/** CF Benchmarks index list (channel `cfbenchmarks_value`). */
export type CfBenchmarksIndexListMessage = WsEnvelope<"cfbenchmarks_value_indexlist", IndexListMsg>;
/** CF Benchmarks 5 Hz value (channel `cfbenchmarks_value_5hz`). */
export type CfBenchmarksValue5HzMessage = WsEnvelope<
  "cfbenchmarks_value_5hz",
  CfBenchmarksValue5HzMsg
>;
/** CF Benchmarks 5 Hz index list (channel `cfbenchmarks_value_5hz`). */
export type CfBenchmarks5HzIndexListMessage = WsEnvelope<
  "cfbenchmarks_value_5hz_indexlist",
  IndexListMsg
>;
/** Pyth value (channel `pyth_value`). */
export type PythValueMessage = WsEnvelope<"pyth_value", PythValueMsg>;
/** Pyth underlying list (channel `pyth_value`). */
export type PythUnderlyingListMessage = WsEnvelope<"pyth_value_underlying_list", UnderlyingListMsg>;

/** The data messages of each channel. */
export interface ChannelMessages {
  /** Snapshots and deltas. */
  orderbook_delta: OrderbookSnapshotMessage | OrderbookDeltaMessage;
  /** Market summaries. */
  ticker: TickerMessage;
  /** Public trades. */
  trade: TradeMessage;
  /** Your fills. */
  fill: FillMessage;
  /** Your positions. */
  market_positions: MarketPositionMessage;
  /** Market and event lifecycle. */
  market_lifecycle_v2: MarketLifecycleMessage | EventLifecycleMessage | EventFeeUpdateMessage;
  /** Combo lifecycle. */
  multivariate_market_lifecycle: MultivariateMarketLifecycleMessage | EventLifecycleMessage;
  /** Combo lookups. */
  multivariate: MultivariateLookupMessage;
  /** RFQs and quotes. */
  communications:
    | RfqCreatedMessage
    | RfqDeletedMessage
    | QuoteCreatedMessage
    | QuoteAcceptedMessage
    | QuoteExecutedMessage;
  /** Order groups. */
  order_group_updates: OrderGroupUpdateMessage;
  /** Your orders. */
  user_orders: UserOrderMessage;
  /** CF Benchmarks values. */
  cfbenchmarks_value: CfBenchmarksValueMessage | CfBenchmarksIndexListMessage;
  /** CF Benchmarks 5 Hz. */
  cfbenchmarks_value_5hz: CfBenchmarksValue5HzMessage | CfBenchmarks5HzIndexListMessage;
  /** Pyth values. */
  pyth_value: PythValueMessage | PythUnderlyingListMessage;
}

/** Every data message Kalshi sends on a subscription. */
export type WsDataMessage = ChannelMessages[WsChannel];

/** The data messages of the given channels. */
export type MessageOf<C extends WsChannel> = ChannelMessages[C];

// ---------------------------------------------------------------------------------------------
// Status messages (made by the client, in-stream)

/** Why a subscription's data became untrustworthy. */
export type StaleReason =
  /** A sequence number was skipped. */
  | "gap"
  /** A sequence number repeated or went backwards. */
  | "out_of_order"
  /** The connection was lost; the subscription is being restored on a new one. */
  | "reconnect"
  /** Messages were dropped because the subscription's buffer was full. */
  | "overflow"
  /** Kalshi ended the subscription (error 10 or 25); it is being restored. */
  | "channel_error"
  /** A message of the subscription could not be used. */
  | "invalid_message";

/**
 * Data of a subscription may be missing from here on. On `orderbook_delta`, the books of
 * `marketTickers` are stale: deltas for them are withheld until a fresh `orderbook_snapshot` of
 * each arrives, then a {@linkcode WsRecoveredMessage} follows. On other channels messages may have
 * been lost; reconcile with REST if it matters.
 */
export interface WsStaleMessage {
  /** Discriminant. */
  type: "stale";
  /** The channel concerned. */
  channel: WsChannel;
  /** Why. */
  reason: StaleReason;
  /** Orderbook markets whose books are stale; empty on other channels. */
  marketTickers: string[];
  /** The error behind it, when there is one. */
  error?: KalshiError;
}

/**
 * The stream of a channel is whole again: on `orderbook_delta` every stale book has a fresh
 * snapshot (already delivered before this message); on other channels the stream resumed.
 */
export interface WsRecoveredMessage {
  /** Discriminant. */
  type: "recovered";
  /** The channel concerned. */
  channel: WsChannel;
  /** Orderbook markets that were stale; empty on other channels. */
  marketTickers: string[];
}

/** A status message the client inserts into a subscription's stream. */
export type WsStatusMessage = WsStaleMessage | WsRecoveredMessage;

/** One entry of the `list_subscriptions` reply. */
export interface WsSubscriptionInfo {
  /** Channel name. */
  channel: string;
  /** Subscription id. */
  sid: number;
}

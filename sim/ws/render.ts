/**
 * Renders the exchange's records and {@linkcode SimEvent}s as the `msg` payloads of Kalshi's
 * WebSocket messages: fixed-point dollar strings (`"0.5600"`), `_fp` counts (`"10.00"`), the
 * current field names of the AsyncAPI document, and the deprecated fields it still requires.
 *
 * @module
 */

import {
  type Amount,
  complementPrice,
  type Count,
  formatAmount,
  formatCount,
  formatPrice,
  notional,
  ONE_DOLLAR,
  type Price,
} from "../../money/mod.ts";
import { uuidOf } from "../catalogue/_util.ts";
import type { Exchange } from "../exchange.ts";
import type {
  BookSide,
  FillRecord,
  MarketRecord,
  OrderRecord,
  SimEvent,
  TradeRecord,
} from "../types.ts";

/** The `msg` of an `orderbook_snapshot`. */
export interface OrderbookSnapshotMsg {
  /** Market ticker. */
  market_ticker: string;
  /** Market UUID. */
  market_id: string;
  /** `[price_dollars, count_fp]` ascending; absent when the side has no bids. */
  yes_dollars_fp?: [string, string][];
  /** Same for NO bids, on the NO scale unless `useYesPrice`. */
  no_dollars_fp?: [string, string][];
}

/** Options of {@linkcode wsOrderbookSnapshot}. */
export interface SnapshotOptions {
  /**
   * Report NO-side levels on the YES scale (the subscription flag `use_yes_price`).
   *
   * @default {false}
   */
  useYesPrice?: boolean;
}

/**
 * The market UUID the feed reports for a ticker: the catalogue's `market_id` when its records
 * carry one, else the id the catalogue derives for REST (`uuidOf("market/" + ticker)`).
 *
 * @param ex The exchange.
 * @param ticker Market ticker.
 * @returns A UUID.
 */
export function marketIdOf(ex: Exchange, ticker: string): string {
  const own = (ex.catalogue.market(ticker) as { market_id?: unknown } | undefined)?.market_id;
  return typeof own === "string" && own !== "" ? own : uuidOf(`market/${ticker}`);
}

const byId = new WeakMap<Exchange, Map<string, string>>();

/**
 * Resolves a market UUID (as {@linkcode marketIdOf} reports it) to its ticker.
 *
 * @param ex The exchange.
 * @param id Market UUID (any case).
 * @returns The ticker, or undefined when no market has that id.
 */
export function tickerOfMarketId(ex: Exchange, id: string): string | undefined {
  const key = id.toLowerCase();
  let map = byId.get(ex);
  if (!map?.has(key)) {
    // Markets come and go: rebuild on a miss.
    map = new Map(ex.catalogue.allMarkets().map((m) => [marketIdOf(ex, m.ticker), m.ticker]));
    byId.set(ex, map);
  }
  return map.get(key);
}

function levels(side: [Price, Count][], flip: boolean): [string, string][] {
  const out = side
    .filter(([, c]) => c > 0)
    .map(([p, c]) => [flip ? complementPrice(p) : p, c] as [Price, Count]);
  out.sort((a, b) => a[0] - b[0]);
  return out.map(([p, c]) => [formatPrice(p), formatCount(c)]);
}

/**
 * The order book of a market exactly as the WebSocket feed snapshots it (`orderbook_snapshot`
 * `msg`): both bid sides ascending by price, a side with no bids omitted.
 *
 * @example
 * ```ts ignore
 * const snap = wsOrderbookSnapshot(sim.exchange, "KXFED-26DEC-T4.00");
 * snap?.yes_dollars_fp; // [["0.4200", "13.00"], ...]
 * ```
 *
 * @param ex The exchange.
 * @param ticker Market ticker.
 * @param options Price convention of the NO side.
 * @returns The snapshot, or undefined when the market does not exist.
 */
export function wsOrderbookSnapshot(
  ex: Exchange,
  ticker: string,
  options: SnapshotOptions = {},
): OrderbookSnapshotMsg | undefined {
  if (!ex.catalogue.market(ticker)) return undefined;
  const book = ex.trading.levels(ticker, 0);
  const msg: OrderbookSnapshotMsg = { market_ticker: ticker, market_id: marketIdOf(ex, ticker) };
  const yes = levels(book.yes, false);
  const no = levels(book.no, options.useYesPrice === true);
  if (yes.length > 0) msg.yes_dollars_fp = yes;
  if (no.length > 0) msg.no_dollars_fp = no;
  return msg;
}

/** A `book_delta` event. */
export type BookDeltaEvent = Extract<SimEvent, { type: "book_delta" }>;

/**
 * The `msg` of an `orderbook_delta`.
 *
 * @param ex The exchange.
 * @param ev The change.
 * @param own Whether the subscriber's own order caused it (adds `client_order_id`, `subaccount`).
 * @param useYesPrice NO levels on the YES scale.
 * @returns The payload.
 */
export function orderbookDeltaMsg(
  ex: Exchange,
  ev: BookDeltaEvent,
  own: boolean,
  useYesPrice: boolean,
): Record<string, unknown> {
  const price = ev.side === "no" && useYesPrice ? complementPrice(ev.price) : ev.price;
  const msg: Record<string, unknown> = {
    market_ticker: ev.ticker,
    market_id: marketIdOf(ex, ev.ticker),
    price_dollars: formatPrice(price),
    delta_fp: formatCount(ev.delta),
    side: ev.side,
  };
  if (own && ev.client_order_id) msg.client_order_id = ev.client_order_id;
  if (own && ev.subaccount) msg.subaccount = ev.subaccount;
  msg.ts = new Date(ev.ts_ms).toISOString();
  msg.ts_ms = ev.ts_ms;
  return msg;
}

function wholeDollars(amount: Amount): number {
  return Math.trunc(amount / 1_000_000);
}

/**
 * The `msg` of a `ticker` message: last price, top of book, volume and open interest.
 * `dollar_volume` / `dollar_open_interest` are whole dollars at the last price.
 *
 * @param ex The exchange.
 * @param ticker Market ticker.
 * @param tsMs Time of the update.
 * @param lastTradeSize Size of the market's last trade.
 * @returns The payload, or undefined when the market does not exist.
 */
export function tickerMsg(
  ex: Exchange,
  ticker: string,
  tsMs: number,
  lastTradeSize: Count,
): Record<string, unknown> | undefined {
  const m = ex.catalogue.market(ticker);
  if (!m) return undefined;
  const top = ex.trading.top(ticker);
  return {
    market_id: marketIdOf(ex, ticker),
    market_ticker: ticker,
    price_dollars: formatPrice(m.last_price),
    yes_bid_dollars: formatPrice(top.yes_bid ?? 0),
    yes_ask_dollars: formatPrice(top.yes_ask ?? ONE_DOLLAR),
    volume_fp: formatCount(m.volume),
    open_interest_fp: formatCount(m.open_interest),
    dollar_volume: wholeDollars(notional(m.last_price, m.volume)),
    dollar_open_interest: wholeDollars(notional(m.last_price, m.open_interest)),
    yes_bid_size_fp: formatCount(top.yes_bid === undefined ? 0 : top.yes_bid_size),
    yes_ask_size_fp: formatCount(top.yes_ask === undefined ? 0 : top.yes_ask_size),
    last_trade_size_fp: formatCount(lastTradeSize),
    ts: Math.floor(tsMs / 1000),
    ts_ms: tsMs,
    time: new Date(tsMs).toISOString(),
  };
}

/** `yes` for the YES-buying side (`bid`), `no` for the other. */
function outcome(side: BookSide): "yes" | "no" {
  return side === "bid" ? "yes" : "no";
}

/**
 * The `msg` of a public `trade`.
 *
 * @param t The trade.
 * @returns The payload.
 */
export function tradeMsg(t: TradeRecord): Record<string, unknown> {
  const side = outcome(t.taker_book_side);
  return {
    trade_id: t.trade_id,
    market_ticker: t.ticker,
    yes_price_dollars: formatPrice(t.yes_price),
    no_price_dollars: formatPrice(complementPrice(t.yes_price)),
    count_fp: formatCount(t.count),
    taker_side: side,
    taker_outcome_side: side,
    taker_book_side: t.taker_book_side,
    is_block_trade: t.is_block_trade,
    ts: Math.floor(t.created_ms / 1000),
    ts_ms: t.created_ms,
  };
}

/**
 * The `msg` of a private `fill`. The deprecated `side` / `action` / `purchased_side` describe the
 * fill as a bid on one leg: `bid` → buy YES, `ask` → buy NO.
 *
 * @param f The fill.
 * @returns The payload.
 */
export function fillMsg(f: FillRecord): Record<string, unknown> {
  const side = outcome(f.book_side);
  const msg: Record<string, unknown> = {
    trade_id: f.trade_id,
    order_id: f.order_id,
  };
  if (f.client_order_id) msg.client_order_id = f.client_order_id;
  Object.assign(msg, {
    market_ticker: f.ticker,
    exchange_index: f.exchange_index,
    is_taker: f.is_taker,
    side,
    yes_price_dollars: formatPrice(f.yes_price),
    count_fp: formatCount(f.count),
    fee_cost: formatAmount(f.fee_cost),
    action: "buy",
    ts: Math.floor(f.created_ms / 1000),
    ts_ms: f.created_ms,
    post_position_fp: formatCount(f.post_position),
    purchased_side: side,
    outcome_side: side,
    book_side: f.book_side,
  });
  if (f.subaccount) msg.subaccount = f.subaccount;
  return msg;
}

/**
 * The `msg` of a private `user_order`: the order's full current state.
 *
 * @param o The order.
 * @returns The payload.
 */
export function userOrderMsg(o: OrderRecord): Record<string, unknown> {
  const side = outcome(o.book_side);
  const msg: Record<string, unknown> = {
    order_id: o.order_id,
    user_id: o.user_id,
    ticker: o.ticker,
    exchange_index: o.exchange_index,
    status: o.status,
    side,
    is_yes: side === "yes",
    outcome_side: side,
    book_side: o.book_side,
    yes_price_dollars: formatPrice(o.price),
    fill_count_fp: formatCount(o.fill_count),
    remaining_count_fp: formatCount(o.remaining_count),
    initial_count_fp: formatCount(o.initial_count),
    taker_fill_cost_dollars: formatAmount(o.taker_fill_cost),
    maker_fill_cost_dollars: formatAmount(o.maker_fill_cost),
    taker_fees_dollars: formatAmount(o.taker_fees),
    maker_fees_dollars: formatAmount(o.maker_fees),
    client_order_id: o.client_order_id,
  };
  if (o.order_group_id) msg.order_group_id = o.order_group_id;
  if (o.self_trade_prevention_type) {
    msg.self_trade_prevention_type = o.self_trade_prevention_type;
  }
  msg.created_time = new Date(o.created_ms).toISOString();
  msg.created_ts_ms = o.created_ms;
  msg.last_update_time = new Date(o.last_update_ms).toISOString();
  msg.last_updated_ts_ms = o.last_update_ms;
  if (o.expiration_ms !== undefined) {
    msg.expiration_time = new Date(o.expiration_ms).toISOString();
    msg.expiration_ts_ms = o.expiration_ms;
  }
  if (o.last_update_reason) msg.last_update_reason = o.last_update_reason;
  msg.subaccount_number = o.subaccount;
  return msg;
}

/** A user's position in one market, as `market_positions` reports it. */
export interface PositionView {
  /** Signed contracts: + YES, − NO. */
  position: Count;
  /** Cost basis of the open position. */
  position_cost: Amount;
  /** Profit and loss realised by closing contracts. */
  realized_pnl: Amount;
  /** Every fee paid in the market. */
  fees_paid: Amount;
  /** Fees paid on the open position. */
  position_fee_cost: Amount;
  /** Contracts traded. */
  volume: Count;
}

function dollars4(a: Amount): string {
  return formatAmount(a, { decimals: 4, rounding: "half-even" });
}

/**
 * The `msg` of a private `market_position`.
 *
 * @param userId The position's owner.
 * @param ticker Market ticker.
 * @param subaccount Subaccount (reported when not the primary account).
 * @param p The position.
 * @returns The payload.
 */
export function marketPositionMsg(
  userId: string,
  ticker: string,
  subaccount: number,
  p: PositionView,
): Record<string, unknown> {
  const msg: Record<string, unknown> = {
    user_id: userId,
    market_ticker: ticker,
    position_fp: formatCount(p.position),
    position_cost_dollars: dollars4(p.position_cost),
    realized_pnl_dollars: dollars4(p.realized_pnl),
    fees_paid_dollars: dollars4(p.fees_paid),
    position_fee_cost_dollars: dollars4(p.position_fee_cost),
    volume_fp: formatCount(p.volume),
  };
  if (subaccount) msg.subaccount = subaccount;
  return msg;
}

/** An `order_group` event. */
export type OrderGroupEvent = Extract<SimEvent, { type: "order_group" }>;

/**
 * The `msg` of an `order_group_updates` message.
 *
 * @param ev The event.
 * @returns The payload.
 */
export function orderGroupMsg(ev: OrderGroupEvent): Record<string, unknown> {
  const msg: Record<string, unknown> = {
    event_type: ev.event_type,
    order_group_id: ev.order_group_id,
  };
  if (
    ev.contracts_limit !== undefined &&
    (ev.event_type === "created" || ev.event_type === "limit_updated")
  ) {
    msg.contracts_limit_fp = formatCount(ev.contracts_limit);
  }
  msg.ts_ms = ev.ts_ms;
  return msg;
}

/** Whether a market belongs to a multivariate (combo) event. */
export function isMultivariate(ex: Exchange, m: MarketRecord): boolean {
  return m.mve_collection_ticker !== undefined ||
    ex.catalogue.event(m.event_ticker)?.is_multivariate === true;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** A `market_lifecycle` event. */
export type MarketLifecycleEvent = Extract<SimEvent, { type: "market_lifecycle" }>;

/**
 * The channel and `msg` of a market lifecycle event: `market_lifecycle_v2` for ordinary markets,
 * `multivariate_market_lifecycle` for combo markets (which skip the event types that channel
 * does not define).
 *
 * @param ex The exchange.
 * @param ev The event.
 * @returns The channel and payload, or undefined when there is nothing to send.
 */
export function marketLifecycleMsg(
  ex: Exchange,
  ev: MarketLifecycleEvent,
):
  | {
    channel: "market_lifecycle_v2" | "multivariate_market_lifecycle";
    msg: Record<string, unknown>;
  }
  | undefined {
  const m = ex.catalogue.market(ev.ticker);
  if (!m) return undefined;
  const mve = isMultivariate(ex, m);
  if (
    mve &&
    (ev.event_type === "price_level_structure_updated" || ev.event_type === "metadata_updated")
  ) return undefined;
  const msg: Record<string, unknown> = { market_ticker: m.ticker, event_type: ev.event_type };
  switch (ev.event_type) {
    case "created": {
      const meta: Record<string, unknown> = {
        name: ex.catalogue.event(m.event_ticker)?.title ?? m.title,
        title: m.title,
        yes_sub_title: m.yes_sub_title,
        no_sub_title: m.no_sub_title,
        rules_primary: m.rules_primary,
        rules_secondary: m.rules_secondary,
        can_close_early: m.can_close_early,
        event_ticker: m.event_ticker,
        expected_expiration_ts: seconds(m.expected_expiration_ms ?? m.latest_expiration_ms),
      };
      strikes(meta, m);
      Object.assign(msg, {
        exchange_index: m.exchange_index,
        open_ts: seconds(m.open_ms),
        close_ts: seconds(m.close_ms),
        additional_metadata: meta,
        price_level_structure: m.price_level_structure,
      });
      if (!mve) msg.price_ranges = m.price_ranges;
      break;
    }
    case "activated":
    case "deactivated":
      msg.is_deactivated = ev.event_type === "deactivated";
      break;
    case "close_date_updated":
      msg.close_ts = seconds(m.close_ms);
      break;
    case "determined": {
      msg.determination_ts = seconds(m.determined_ms ?? ev.ts_ms);
      msg.result = m.result;
      const value = m.settlement_value ??
        (m.result === "yes" ? ONE_DOLLAR : m.result === "no" ? 0 : undefined);
      if (value !== undefined) msg.settlement_value = formatPrice(value);
      break;
    }
    case "settled":
      msg.settled_ts = seconds(m.settled_ms ?? ev.ts_ms);
      break;
    case "price_level_structure_updated":
      msg.price_level_structure = m.price_level_structure;
      msg.price_ranges = m.price_ranges;
      break;
    case "metadata_updated":
      strikes(msg, m);
      msg.yes_sub_title = m.yes_sub_title;
      break;
  }
  return { channel: mve ? "multivariate_market_lifecycle" : "market_lifecycle_v2", msg };
}

function strikes(into: Record<string, unknown>, m: MarketRecord): void {
  if (m.strike_type !== undefined) into.strike_type = m.strike_type;
  if (m.floor_strike !== undefined) into.floor_strike = m.floor_strike;
  if (m.cap_strike !== undefined) into.cap_strike = m.cap_strike;
  if (m.custom_strike !== undefined) into.custom_strike = m.custom_strike;
}

/**
 * The channel and `msg` of an `event_lifecycle` message.
 *
 * @param ex The exchange.
 * @param eventTicker The event.
 * @returns The channel and payload, or undefined when the event does not exist.
 */
export function eventLifecycleMsg(
  ex: Exchange,
  eventTicker: string,
):
  | {
    channel: "market_lifecycle_v2" | "multivariate_market_lifecycle";
    msg: Record<string, unknown>;
  }
  | undefined {
  const e = ex.catalogue.event(eventTicker);
  if (!e) return undefined;
  const msg: Record<string, unknown> = {
    event_ticker: e.event_ticker,
    exchange_index: e.exchange_index,
    title: e.title,
    subtitle: e.sub_title,
    collateral_return_type: e.collateral_return_type,
    series_ticker: e.series_ticker,
  };
  if (e.strike_date_ms !== undefined) msg.strike_date = seconds(e.strike_date_ms);
  if (e.strike_period !== undefined) msg.strike_period = e.strike_period;
  return {
    channel: e.is_multivariate ? "multivariate_market_lifecycle" : "market_lifecycle_v2",
    msg,
  };
}

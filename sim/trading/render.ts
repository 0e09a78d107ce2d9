/**
 * Wire rendering of trading records: the JSON shapes of `rest/spec/kalshi.json` (Order, Fill,
 * Trade, Settlement, MarketPosition, EventPosition, OrderGroup and the V2 order answers).
 *
 * @module
 */

import {
  type Amount,
  type Count,
  formatAmount,
  formatCount,
  formatPrice,
  type Price,
} from "../../money/mod.ts";
import type { TradeRecord } from "../types.ts";
import type { EngineFill } from "./store.ts";
import type {
  EngineOrder,
  GroupRecord,
  PositionState,
  SettledPosition,
  SettlementRecord,
} from "./model.ts";

const ONE: Price = 10_000;

/** RFC 3339 time of an epoch-millisecond instant. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A dollar amount with 6 decimals (portfolio money fields). */
export function dollars6(a: Amount): string {
  return formatAmount(a);
}

/** A dollar amount with 4 decimals when exact, else 6 (balances, averages). */
export function dollarsShort(a: Amount): string {
  return a % 100 === 0 ? formatAmount(a, { decimals: 4 }) : formatAmount(a);
}

/** A price with 4 decimals. */
export function price4(p: Price): string {
  return formatPrice(p);
}

/** A count with 2 decimals. */
export function fp(c: Count): string {
  return formatCount(c);
}

/** Integer cents of an amount, truncated toward zero (Kalshi's int-cent fields). */
export function cents(a: Amount): number {
  return Math.trunc(a / 10_000);
}

/**
 * Average of `total` µ$ over `count` contracts, rounded half-up to $0.000001 per contract.
 *
 * @param total µ$ over all contracts.
 * @param count Contracts (0.01 units).
 * @returns The average as a dollar string.
 */
export function perContract(total: Amount, count: Count): string {
  const num = BigInt(total) * 100n;
  const den = BigInt(count);
  return dollarsShort(Number((num * 2n + den) / (2n * den)));
}

/** Deprecated V1 `side`/`action` of an order. */
function legacyIntent(o: EngineOrder): { side: "yes" | "no"; action: "buy" | "sell" } {
  if (o.v1_side && o.v1_action) return { side: o.v1_side, action: o.v1_action };
  return o.book_side === "bid" ? { side: "yes", action: "buy" } : { side: "no", action: "buy" };
}

/**
 * The spec's `Order`.
 *
 * @param o The order.
 * @returns The wire object.
 */
export function renderOrder(o: EngineOrder): Record<string, unknown> {
  const { side, action } = legacyIntent(o);
  const out: Record<string, unknown> = {
    order_id: o.order_id,
    user_id: o.user_id,
    client_order_id: o.client_order_id,
    ticker: o.ticker,
    side,
    action,
    outcome_side: o.book_side === "bid" ? "yes" : "no",
    book_side: o.book_side,
    type: o.type,
    status: o.status,
    yes_price_dollars: price4(o.price),
    no_price_dollars: price4(ONE - o.price),
    initial_count_fp: fp(o.initial_count),
    fill_count_fp: fp(o.fill_count),
    remaining_count_fp: fp(o.remaining_count),
    taker_fill_cost_dollars: dollars6(o.taker_fill_cost),
    maker_fill_cost_dollars: dollars6(o.maker_fill_cost),
    taker_fees_dollars: dollars6(o.taker_fees),
    maker_fees_dollars: dollars6(o.maker_fees),
    expiration_time: o.expiration_ms === undefined ? null : iso(o.expiration_ms),
    created_time: iso(o.created_ms),
    last_update_time: iso(o.last_update_ms),
    self_trade_prevention_type: o.self_trade_prevention_type ?? null,
    order_group_id: o.order_group_id ?? null,
    cancel_order_on_pause: o.cancel_order_on_pause,
    subaccount_number: o.subaccount,
    exchange_index: o.exchange_index,
  };
  return out;
}

/**
 * The V2 create/amend answer fields describing fills so far.
 *
 * @param o The order.
 * @returns `fill_count`, `remaining_count` and, after fills, the averages.
 */
export function renderFillSummary(o: EngineOrder): Record<string, unknown> {
  const out: Record<string, unknown> = {
    fill_count: fp(o.fill_count),
    remaining_count: fp(o.remaining_count),
  };
  if (o.fill_count > 0) {
    out.average_fill_price = perContract(o.yes_notional, o.fill_count);
    out.average_fee_paid = perContract(o.taker_fees + o.maker_fees, o.fill_count);
  }
  return out;
}

/**
 * The spec's `Fill`.
 *
 * @param f The fill.
 * @param order The fill's order, for the deprecated side/action.
 * @returns The wire object.
 */
export function renderFill(f: EngineFill, order: EngineOrder | undefined): Record<string, unknown> {
  const intent = order
    ? legacyIntent(order)
    : f.book_side === "bid"
    ? { side: "yes", action: "buy" }
    : { side: "no", action: "buy" };
  return {
    fill_id: f.fill_id,
    trade_id: f.fill_id,
    order_id: f.order_id,
    ticker: f.ticker,
    market_ticker: f.ticker,
    side: intent.side,
    action: intent.action,
    outcome_side: f.book_side === "bid" ? "yes" : "no",
    book_side: f.book_side,
    count_fp: fp(f.count),
    yes_price_dollars: price4(f.yes_price),
    no_price_dollars: price4(ONE - f.yes_price),
    is_taker: f.is_taker,
    fee_cost: dollars6(f.fee_cost),
    created_time: iso(f.created_ms),
    ts: Math.floor(f.created_ms / 1000),
    subaccount_number: f.subaccount,
    exchange_index: f.exchange_index,
  };
}

/**
 * The spec's `Trade`.
 *
 * @param t The trade.
 * @returns The wire object.
 */
export function renderTrade(t: TradeRecord): Record<string, unknown> {
  const outcome = t.taker_book_side === "bid" ? "yes" : "no";
  return {
    trade_id: t.trade_id,
    ticker: t.ticker,
    count_fp: fp(t.count),
    yes_price_dollars: price4(t.yes_price),
    no_price_dollars: price4(ONE - t.yes_price),
    taker_side: outcome,
    taker_outcome_side: outcome,
    taker_book_side: t.taker_book_side,
    is_block_trade: t.is_block_trade,
    created_time: iso(t.created_ms),
  };
}

/**
 * The spec's `Settlement`.
 *
 * @param s The settlement.
 * @returns The wire object.
 */
export function renderSettlement(s: SettlementRecord): Record<string, unknown> {
  return {
    ticker: s.ticker,
    event_ticker: s.event_ticker,
    market_result: s.market_result,
    yes_count_fp: fp(s.yes_count),
    yes_total_cost_dollars: dollars6(s.yes_total_cost),
    no_count_fp: fp(s.no_count),
    no_total_cost_dollars: dollars6(s.no_total_cost),
    revenue: cents(s.revenue),
    settled_time: iso(s.settled_ms),
    fee_cost: dollars6(s.fee_cost),
    value: Math.trunc(s.value / 100),
    exchange_index: s.exchange_index,
  };
}

/**
 * The spec's `MarketPosition`.
 *
 * @param ps A live position.
 * @param exchangeIndex The market's shard.
 * @returns The wire object.
 */
export function renderMarketPosition(
  ps: PositionState,
  exchangeIndex: number,
): Record<string, unknown> {
  return {
    ticker: ps.ticker,
    total_traded_dollars: dollars6(ps.total_traded),
    position_fp: fp(ps.position),
    market_exposure_dollars: dollars6(ps.cost),
    realized_pnl_dollars: dollars6(ps.realized_pnl),
    fees_paid_dollars: dollars6(ps.fees_paid),
    last_updated_ts: iso(ps.last_updated_ms),
    exchange_index: exchangeIndex,
  };
}

/**
 * A settled position as `MarketPosition` (for `/historical/positions`).
 *
 * @param sp The archived position.
 * @returns The wire object.
 */
export function renderSettledPosition(sp: SettledPosition): Record<string, unknown> {
  return {
    ticker: sp.ticker,
    total_traded_dollars: dollars6(sp.total_traded),
    position_fp: fp(0),
    market_exposure_dollars: dollars6(0),
    realized_pnl_dollars: dollars6(sp.realized_pnl),
    fees_paid_dollars: dollars6(sp.fees_paid),
    last_updated_ts: iso(sp.settled_ms),
    exchange_index: sp.exchange_index,
  };
}

/** Sums of an event's positions. */
export interface EventTotals {
  event_ticker: string;
  total_cost: Amount;
  shares: Count;
  exposure: Amount;
  realized_pnl: Amount;
  fees_paid: Amount;
}

/**
 * The spec's `EventPosition`.
 *
 * @param e The sums.
 * @returns The wire object.
 */
export function renderEventPosition(e: EventTotals): Record<string, unknown> {
  return {
    event_ticker: e.event_ticker,
    total_cost_dollars: dollars6(e.total_cost),
    total_cost_shares_fp: fp(e.shares),
    event_exposure_dollars: dollars6(e.exposure),
    realized_pnl_dollars: dollars6(e.realized_pnl),
    fees_paid_dollars: dollars6(e.fees_paid),
  };
}

/**
 * The spec's `OrderGroup` (list item).
 *
 * @param g The group.
 * @returns The wire object.
 */
export function renderGroup(g: GroupRecord): Record<string, unknown> {
  return {
    id: g.id,
    contracts_limit_fp: fp(g.limit),
    is_auto_cancel_enabled: g.triggered,
    exchange_index: g.exchange_index,
  };
}

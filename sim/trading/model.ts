/**
 * Records the trading part keeps beyond the shared ones in `sim/types.ts`.
 *
 * @module
 */

import type { Amount, Count, Price } from "../../money/mod.ts";
import type { BookSide, OrderRecord, Trader } from "../types.ts";

/** Time-in-force values. */
export type TimeInForce = OrderRecord["time_in_force"];

/** Self-trade prevention values. */
export type StpType = "taker_at_cross" | "maker";

/** An order as the engine keeps it. */
export interface EngineOrder extends OrderRecord {
  /** Creation sequence number, unique across the exchange. */
  seq: number;
  /** Sum of YES price × count over the order's fills, µ$ (for average fill prices). */
  yes_notional: Amount;
  /** Legacy V1 intent, which decides the deprecated `side`/`action` fields. */
  v1_side?: "yes" | "no";
  v1_action?: "buy" | "sell";
  /** Whether the order currently rests in the book. */
  in_book: boolean;
}

/** What an order submission asks for, after the wire format has been parsed. */
export interface OrderIntent {
  trader: Trader;
  ticker: string;
  book_side: BookSide;
  /** YES-leg limit price. */
  price: Price;
  count: Count;
  type?: "limit" | "market";
  time_in_force: TimeInForce;
  /** Empty when the client sent none. */
  client_order_id?: string;
  self_trade_prevention_type?: StpType;
  post_only?: boolean;
  reduce_only?: boolean;
  cancel_order_on_pause?: boolean;
  order_group_id?: string;
  expiration_ms?: number;
  /** Fill-or-kill unless the whole count fills at a total cost (excluding fees) up to this. */
  buy_max_cost?: Amount;
  source: OrderRecord["source"];
  v1?: { side: "yes" | "no"; action: "buy" | "sell" };
  /** A fixed order id (seeded market-maker quotes, RFQ executions). */
  order_id?: string;
}

/** A trader's standing in one market. */
export interface PositionState {
  user_id: string;
  subaccount: number;
  ticker: string;
  event_ticker: string;
  /** Signed contracts: + YES, − NO. */
  position: Count;
  /** Cost basis of the contracts held (market exposure), µ$. */
  cost: Amount;
  realized_pnl: Amount;
  fees_paid: Amount;
  /** Sum of side price × count over every fill, µ$. */
  total_traded: Amount;
  /** Contracts traded. */
  volume: Count;
  last_updated_ms: number;
  /** The trader's resting orders in this market. */
  resting: Set<EngineOrder>;
  /** What those orders would cost if they all filled, µ$ (kept incrementally). */
  resting_cost: Amount;
  /** Cash held back for those orders, µ$. */
  reserved: Amount;
}

/** A trader (user and subaccount) as the engine sees them. */
export interface TraderState {
  user_id: string;
  subaccount: number;
  /** Sum of `reserved` over the positions. */
  reserved: Amount;
  positions: Map<string, PositionState>;
  /** Last change to cash or reservations. */
  updated_ms: number;
}

/** A settlement of one trader's position. */
export interface SettlementRecord {
  seq: number;
  user_id: string;
  subaccount: number;
  ticker: string;
  event_ticker: string;
  market_result: "yes" | "no" | "scalar" | "void";
  yes_count: Count;
  yes_total_cost: Amount;
  no_count: Count;
  no_total_cost: Amount;
  /** Payout, µ$. */
  revenue: Amount;
  fee_cost: Amount;
  /** Payout per YES contract. */
  value: Price;
  settled_ms: number;
  exchange_index: number;
}

/** A position as it stood when its market settled (for `/historical/positions`). */
export interface SettledPosition {
  seq: number;
  user_id: string;
  subaccount: number;
  ticker: string;
  event_ticker: string;
  total_traded: Amount;
  realized_pnl: Amount;
  fees_paid: Amount;
  volume: Count;
  settled_ms: number;
  exchange_index: number;
}

/** An order group: a rolling 15-second cap on contracts matched by its orders. */
export interface GroupRecord {
  id: string;
  user_id: string;
  subaccount: number;
  limit: Count;
  /** Matches within the rolling window. */
  window: { ms: number; count: Count }[];
  /** Triggered groups have cancelled their orders and accept none until reset. */
  triggered: boolean;
  /** Every order placed in the group, oldest first. */
  orders: string[];
  exchange_index: number;
  created_ms: number;
}

/** Length of an order group's rolling window. */
export const GROUP_WINDOW_MS = 15_000;

/**
 * The simulator's internal records and the contracts between its parts.
 *
 * The exchange is split into parts that each own their state: the catalogue (series, events,
 * markets and the reference data around them), trading (books, orders, fills, positions,
 * balances, settlements, order groups), communications (RFQs, quotes, block trades) and accounts
 * (users, API keys, tiers). Parts talk through the interfaces below and publish what happens on
 * the {@linkcode SimBus}, which the WebSocket server (and tests) subscribe to.
 *
 * Money inside the simulator is integer fixed-point from `money/`: `Price` = $0.0001,
 * `Count` = 0.01 contract, `Amount` = $0.000001. Times are epoch milliseconds. Wire rendering
 * (dollar strings, RFC 3339) happens only at the HTTP and WebSocket edges.
 *
 * @module
 */

import type { Amount, Count, Price, PriceRangeWire, TickBand } from "../money/mod.ts";

/** Market status as Kalshi reports it on the Market object. */
export type MarketStatus =
  | "initialized"
  | "inactive"
  | "active"
  | "closed"
  | "determined"
  | "disputed"
  | "amended"
  | "finalized";

/** A series: a template of recurring events. */
export interface SeriesRecord {
  ticker: string;
  title: string;
  category: string;
  categories: string[];
  tags: string[];
  frequency: string;
  fee_type: string;
  /** Fee multiplier M (a plain number on the wire, e.g. 1 or 0.5). */
  fee_multiplier: number;
  settlement_sources: { name: string; url: string }[];
  contract_url: string;
  contract_terms_url: string;
  additional_prohibitions: string[];
  product_metadata?: Record<string, unknown>;
  exchange_index: number;
  last_updated_ms: number;
}

/** An event: a group of markets, possibly mutually exclusive. */
export interface EventRecord {
  event_ticker: string;
  series_ticker: string;
  title: string;
  sub_title: string;
  category: string;
  collateral_return_type: string;
  mutually_exclusive: boolean;
  strike_date_ms?: number;
  strike_period?: string;
  /** Tickers of the event's markets, in display order. */
  markets: string[];
  fee_type_override?: string;
  fee_multiplier_override?: number;
  product_metadata?: Record<string, unknown>;
  /** True for multivariate (combo) events, which `GET /events` leaves out. */
  is_multivariate: boolean;
  collection_ticker?: string;
  exchange_index: number;
  last_updated_ms: number;
}

/** A leg of a multivariate (combo) market. */
export interface MveLeg {
  event_ticker: string;
  market_ticker: string;
  side: "yes" | "no";
}

/** A market, with the trading statistics the trading part keeps current. */
export interface MarketRecord {
  ticker: string;
  event_ticker: string;
  series_ticker: string;
  market_type: "binary" | "scalar";
  title: string;
  subtitle: string;
  yes_sub_title: string;
  no_sub_title: string;
  created_ms: number;
  updated_ms: number;
  open_ms: number;
  close_ms: number;
  expected_expiration_ms?: number;
  latest_expiration_ms: number;
  settlement_timer_seconds: number;
  status: MarketStatus;
  result: "" | "yes" | "no" | "scalar";
  /** Settlement value per YES contract, once determined. */
  settlement_value?: Price;
  determined_ms?: number;
  settled_ms?: number;
  can_close_early: boolean;
  rules_primary: string;
  rules_secondary: string;
  price_level_structure: string;
  price_ranges: PriceRangeWire[];
  /** `price_ranges` parsed; the tick grid orders are checked against. */
  bands: TickBand[];
  strike_type?: string;
  floor_strike?: number;
  cap_strike?: number;
  functional_strike?: string;
  custom_strike?: Record<string, unknown>;
  mve_collection_ticker?: string;
  mve_selected_legs?: MveLeg[];
  exchange_index: number;
  /** The simulated "true" YES probability that market makers quote around. */
  fair: Price;
  // Trading statistics, written by the trading part.
  last_price: Price;
  previous_price: Price;
  previous_yes_bid: Price;
  previous_yes_ask: Price;
  volume: Count;
  volume_24h: Count;
  open_interest: Count;
}

/** Top of a market's book, on the YES scale. */
export interface BookTop {
  yes_bid?: Price;
  yes_bid_size: Count;
  /** Best YES ask = 1 − best NO bid. */
  yes_ask?: Price;
  yes_ask_size: Count;
}

/** Aggregated resting bids, ascending by price, each side on its own leg's scale. */
export interface BookLevels {
  yes: [Price, Count][];
  no: [Price, Count][];
}

/** What the catalogue offers the other parts. */
export interface CatalogueApi {
  /** A market by ticker. */
  market(ticker: string): MarketRecord | undefined;
  /** An event by ticker. */
  event(eventTicker: string): EventRecord | undefined;
  /** A series by ticker. */
  series(seriesTicker: string): SeriesRecord | undefined;
  /** Every market, sorted by ticker. */
  allMarkets(): readonly MarketRecord[];
  /** The fee type and multiplier in force for a market (event overrides, then series). */
  feeFor(ticker: string): { fee_type: string; fee_multiplier: number };
  /**
   * Determines a market's result (admin call, or its schedule): status `determined`, then
   * `finalized` once its settlement timer passes (or at once with `immediate`), at which point
   * trading pays out positions.
   */
  determine(
    ticker: string,
    result: "yes" | "no" | "scalar",
    options?: { settlementValue?: Price; immediate?: boolean },
  ): void;
  /** Pauses (`inactive`) or resumes (`active`) trading on an open market. */
  setTradingActive(ticker: string, active: boolean): void;
  /** Closes a market now (status `closed`). */
  close(ticker: string): void;
}

/** Identifies who is trading: a user and one of their subaccounts. */
export interface Trader {
  user_id: string;
  subaccount: number;
}

/** What trading offers the other parts. */
export interface TradingApi {
  /** Best bid and ask of a market on the YES scale. */
  top(ticker: string): BookTop;
  /** Aggregated resting bids of both sides, ascending; `depth` keeps the best N (0 = all). */
  levels(ticker: string, depth?: number): BookLevels;
  /**
   * Reacts to a market status change made by the catalogue: closing cancels every resting
   * order (`CloseCancel`), pausing cancels orders with `cancel_order_on_pause`.
   */
  onMarketStatus(ticker: string, status: MarketStatus): void;
  /** Pays out every position in a finalized market and records settlements. */
  settle(ticker: string): void;
  /**
   * Executes a negotiated trade outside the book (an accepted RFQ quote or a block trade):
   * creates an executed order and a fill for each party and a trade on the tape.
   */
  executeCross(options: {
    ticker: string;
    /** The party buying YES. */
    yes: Trader & { client_order_id?: string; order_id?: string };
    /** The party buying NO. */
    no: Trader & { client_order_id?: string; order_id?: string };
    yes_price: Price;
    count: Count;
    is_block_trade: boolean;
  }): { trade_id: string; yes_order_id: string; no_order_id: string };
  /** Signed position (+ YES, − NO) of a trader in a market. */
  position(trader: Trader, ticker: string): Count;
}

/** Which way an order trades, on the YES leg (V2) — `bid` buys YES, `ask` sells YES. */
export type BookSide = "bid" | "ask";

/** An order as the trading part stores it. */
export interface OrderRecord {
  order_id: string;
  user_id: string;
  subaccount: number;
  client_order_id: string;
  ticker: string;
  book_side: BookSide;
  /** YES-leg limit price. */
  price: Price;
  type: "limit" | "market";
  time_in_force: "good_till_canceled" | "immediate_or_cancel" | "fill_or_kill";
  status: "resting" | "canceled" | "executed";
  initial_count: Count;
  fill_count: Count;
  remaining_count: Count;
  taker_fill_cost: Amount;
  maker_fill_cost: Amount;
  taker_fees: Amount;
  maker_fees: Amount;
  self_trade_prevention_type?: "taker_at_cross" | "maker";
  order_group_id?: string;
  post_only: boolean;
  reduce_only: boolean;
  cancel_order_on_pause: boolean;
  expiration_ms?: number;
  created_ms: number;
  last_update_ms: number;
  last_update_reason?: string;
  exchange_index: number;
  /** The API the order came through, which decides the shape of some replies. */
  source: "v2" | "v1" | "fix" | "rfq" | "bot";
}

/** One execution between two orders, as the public tape shows it. */
export interface TradeRecord {
  trade_id: string;
  ticker: string;
  /** YES price of the execution (the maker's price). */
  yes_price: Price;
  count: Count;
  taker_book_side: BookSide;
  is_block_trade: boolean;
  created_ms: number;
}

/** One side of a trade, as its owner sees it. */
export interface FillRecord {
  fill_id: string;
  trade_id: string;
  order_id: string;
  client_order_id: string;
  user_id: string;
  subaccount: number;
  ticker: string;
  book_side: BookSide;
  yes_price: Price;
  count: Count;
  is_taker: boolean;
  fee_cost: Amount;
  /** Position in the market after this fill (signed: + YES, − NO). */
  post_position: Count;
  created_ms: number;
  exchange_index: number;
}

/** Everything that happens on the exchange, for the WebSocket feed and tests. */
export type SimEvent =
  | {
    type: "book_delta";
    ticker: string;
    /** Which bid book changed; `no` levels are on the NO scale. */
    side: "yes" | "no";
    price: Price;
    delta: Count;
    ts_ms: number;
    /** The user whose order caused the change (lets the feed add client_order_id for them). */
    user_id?: string;
    client_order_id?: string;
    subaccount?: number;
  }
  | { type: "trade"; trade: TradeRecord }
  | { type: "fill"; fill: FillRecord }
  | { type: "order"; order: OrderRecord }
  | { type: "position"; user_id: string; subaccount: number; ticker: string; ts_ms: number }
  | { type: "ticker"; ticker: string; ts_ms: number }
  | {
    type: "market_lifecycle";
    ticker: string;
    event_type:
      | "created"
      | "activated"
      | "deactivated"
      | "close_date_updated"
      | "determined"
      | "settled"
      | "price_level_structure_updated"
      | "metadata_updated";
    ts_ms: number;
  }
  | { type: "event_lifecycle"; event_ticker: string; ts_ms: number }
  | {
    type: "order_group";
    user_id: string;
    subaccount: number;
    order_group_id: string;
    event_type: "created" | "triggered" | "reset" | "deleted" | "limit_updated";
    contracts_limit?: Count;
    ts_ms: number;
  }
  | {
    type: "communications";
    event_type:
      | "rfq_created"
      | "rfq_deleted"
      | "quote_created"
      | "quote_accepted"
      | "quote_executed";
    rfq_id: string;
    quote_id?: string;
    /** Users who may see this event; undefined = everyone. */
    audience?: string[];
    ts_ms: number;
  };

/** A synchronous publish/subscribe bus for {@linkcode SimEvent}s. */
export class SimBus {
  readonly #listeners = new Set<(event: SimEvent) => void>();

  /**
   * Subscribes to every event.
   *
   * @param listener Called synchronously for each event, in publication order.
   * @returns A function that unsubscribes.
   */
  on(listener: (event: SimEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Publishes an event to every listener. A throwing listener does not stop the others.
   *
   * @param event The event.
   */
  emit(event: SimEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch {
        // A faulty subscriber must not break the exchange.
      }
    }
  }
}

/** The simulator's clock: epoch milliseconds, replaceable for tests. */
export interface SimClock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

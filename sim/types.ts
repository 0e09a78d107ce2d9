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
  /** Series ticker, e.g. `KXBTCD`. */
  ticker: string;
  /** Human-readable title. */
  title: string;
  /** Primary category. */
  category: string;
  /** Discovery categories (the primary one first); `GET /series?category=` matches any. */
  categories: string[];
  /** Subjects the series relates to. */
  tags: string[];
  /** How often events recur, human-readable (`daily`, `weekly`, `custom`, …). */
  frequency: string;
  /** Fee structure: `quadratic`, `quadratic_with_maker_fees`, `flat`, … */
  fee_type: string;
  /** Fee multiplier M (a plain number on the wire, e.g. 1 or 0.5). */
  fee_multiplier: number;
  /** Official sources the markets settle on. */
  settlement_sources: { name: string; url: string }[];
  /** Link to the original filing of the contract. */
  contract_url: string;
  /** Link to the current contract terms. */
  contract_terms_url: string;
  /** Additional trading prohibitions for the series. */
  additional_prohibitions: string[];
  /** Free-form product metadata (e.g. `{ cadence }`), sent when asked for. */
  product_metadata?: Record<string, unknown>;
  /** Exchange shard the series lives on (always 0 in the simulator). */
  exchange_index: number;
  /** When the series' metadata last changed, epoch ms. */
  last_updated_ms: number;
}

/** An event: a group of markets, possibly mutually exclusive. */
export interface EventRecord {
  /** Event ticker: the series ticker and a suffix. */
  event_ticker: string;
  /** Ticker of the series the event belongs to. */
  series_ticker: string;
  /** Human-readable title. */
  title: string;
  /** Shortened descriptive title. */
  sub_title: string;
  /** Category (copied from the series; deprecated on the wire). */
  category: string;
  /** How collateral returns at settlement: `MECNET` for mutually exclusive events, else empty. */
  collateral_return_type: string;
  /** Whether at most one of the event's markets can resolve YES. */
  mutually_exclusive: boolean;
  /** The date the event is about, epoch ms, for date-strike events. */
  strike_date_ms?: number;
  /** The period the event covers (`week`, `month`, …), for period-strike events. */
  strike_period?: string;
  /** Tickers of the event's markets, in display order. */
  markets: string[];
  /** Fee type in force for the event's markets instead of the series'. */
  fee_type_override?: string;
  /** Fee multiplier in force for the event's markets instead of the series'. */
  fee_multiplier_override?: number;
  /** Free-form product metadata (e.g. `{ cadence }`). */
  product_metadata?: Record<string, unknown>;
  /** True for multivariate (combo) events, which `GET /events` leaves out. */
  is_multivariate: boolean;
  /** The multivariate collection a combo event was created from. */
  collection_ticker?: string;
  /** Exchange shard the event lives on (always 0 in the simulator). */
  exchange_index: number;
  /** When the event's metadata last changed, epoch ms. */
  last_updated_ms: number;
}

/** A leg of a multivariate (combo) market. */
export interface MveLeg {
  /** Event of the leg's market. */
  event_ticker: string;
  /** The leg's market. */
  market_ticker: string;
  /** The outcome of that market the combo needs. */
  side: "yes" | "no";
}

/** A market, with the trading statistics the trading part keeps current. */
export interface MarketRecord {
  /** Market ticker: the event ticker and a suffix. */
  ticker: string;
  /** Ticker of the market's event. */
  event_ticker: string;
  /** Ticker of the event's series. */
  series_ticker: string;
  /** `binary` (settles at 0 or 1) or `scalar` (settles anywhere in between). */
  market_type: "binary" | "scalar";
  /** Human-readable question. */
  title: string;
  /** Short label of the outcome. */
  subtitle: string;
  /** Short title of the YES side. */
  yes_sub_title: string;
  /** Short title of the NO side. */
  no_sub_title: string;
  /** When the market was created, epoch ms. */
  created_ms: number;
  /** When the market last changed (status, result, metadata), epoch ms. */
  updated_ms: number;
  /** When trading opens, epoch ms. */
  open_ms: number;
  /** When trading closes, epoch ms. */
  close_ms: number;
  /** When the market is expected to be determined, epoch ms. */
  expected_expiration_ms?: number;
  /** The latest time the market can expire, epoch ms. */
  latest_expiration_ms: number;
  /** Seconds between determination and settlement (`finalized`). */
  settlement_timer_seconds: number;
  /** Lifecycle status. */
  status: MarketStatus;
  /** The outcome; empty until determined. */
  result: "" | "yes" | "no" | "scalar";
  /** Settlement value per YES contract, once determined. */
  settlement_value?: Price;
  /** When the result was determined, epoch ms. */
  determined_ms?: number;
  /** When the market settled (positions were paid out), epoch ms. */
  settled_ms?: number;
  /** Whether the market may close before `close_ms` when the event occurs. */
  can_close_early: boolean;
  /** Plain-language statement of the main market terms. */
  rules_primary: string;
  /** Plain-language statement of the secondary market terms. */
  rules_secondary: string;
  /** Name of the tick structure (`linear_cent`, `deci_cent`, `tapered_deci_cent`, …). */
  price_level_structure: string;
  /** Price ranges and tick sizes, as the wire shows them. */
  price_ranges: PriceRangeWire[];
  /** `price_ranges` parsed; the tick grid orders are checked against. */
  bands: TickBand[];
  /** How the strike is evaluated (`greater`, `less`, `between`, `custom`, `structured`, …). */
  strike_type?: string;
  /** Lowest expiration value that settles YES. */
  floor_strike?: number;
  /** Highest expiration value that settles YES. */
  cap_strike?: number;
  /** Mapping from expiration values to settlement values. */
  functional_strike?: string;
  /** Expiration value per target that settles YES (e.g. a team id). */
  custom_strike?: Record<string, unknown>;
  /** For combo markets: the multivariate collection it was created from. */
  mve_collection_ticker?: string;
  /** For combo markets: the legs chosen. */
  mve_selected_legs?: MveLeg[];
  /** Exchange shard the market trades on (always 0 in the simulator). */
  exchange_index: number;
  /** The simulated "true" YES probability that market makers quote around. */
  fair: Price;
  // Trading statistics, written by the trading part.
  /** Price of the last trade (YES), 0 before any. */
  last_price: Price;
  /** Price of the trade before the last one (seeded with the price a day earlier). */
  previous_price: Price;
  /** Best YES bid a day earlier, from the seeded history. */
  previous_yes_bid: Price;
  /** Best YES ask a day earlier, from the seeded history. */
  previous_yes_ask: Price;
  /** Contracts traded since the market opened. */
  volume: Count;
  /** Contracts traded in the last 24 hours. */
  volume_24h: Count;
  /** Contracts outstanding: the sum of the YES positions held. */
  open_interest: Count;
}

/** The trading statistics of a {@linkcode MarketRecord}, which the trading part keeps current. */
export type MarketStats = Pick<
  MarketRecord,
  | "last_price"
  | "previous_price"
  | "previous_yes_bid"
  | "previous_yes_ask"
  | "volume"
  | "volume_24h"
  | "open_interest"
>;

/**
 * The statistics of a market that has never traded.
 *
 * @returns Zeroed statistics, a fresh object each call.
 */
export function freshMarketStats(): MarketStats {
  return {
    last_price: 0,
    previous_price: 0,
    previous_yes_bid: 0,
    previous_yes_ask: 0,
    volume: 0,
    volume_24h: 0,
    open_interest: 0,
  };
}

/** Top of a market's book, on the YES scale. */
export interface BookTop {
  /** Best YES bid; undefined when no YES bids rest. */
  yes_bid?: Price;
  /** Contracts resting at the best YES bid (0 when there is none). */
  yes_bid_size: Count;
  /** Best YES ask = 1 − best NO bid; undefined when no NO bids rest. */
  yes_ask?: Price;
  /** Contracts resting at the best YES ask (0 when there is none). */
  yes_ask_size: Count;
}

/** Aggregated resting bids, ascending by price, each side on its own leg's scale. */
export interface BookLevels {
  /** YES bids as `[price, contracts]`, on the YES scale. */
  yes: [Price, Count][];
  /** NO bids as `[price, contracts]`, on the NO scale (a NO bid at p is a YES ask at 1 − p). */
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
  /** The user's id. */
  user_id: string;
  /** Subaccount number: 0 is the primary account, 1–63 are subaccounts. */
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
    /** The agreed YES price. */
    yes_price: Price;
    /** Contracts traded. */
    count: Count;
    /** Marks the trade as a block trade on the tape. */
    is_block_trade: boolean;
  }): { trade_id: string; yes_order_id: string; no_order_id: string };
  /** Signed position (+ YES, − NO) of a trader in a market. */
  position(trader: Trader, ticker: string): Count;
}

/** Which way an order trades, on the YES leg (V2) — `bid` buys YES, `ask` sells YES. */
export type BookSide = "bid" | "ask";

/** An order as the trading part stores it. */
export interface OrderRecord {
  /** Exchange-assigned order id (a UUID). */
  order_id: string;
  /** Owner's user id. */
  user_id: string;
  /** Owner's subaccount (0 = primary). */
  subaccount: number;
  /** The client's id for the order; empty when none was sent. */
  client_order_id: string;
  /** Market ticker. */
  ticker: string;
  /** `bid` buys YES, `ask` sells YES (buys NO). */
  book_side: BookSide;
  /** YES-leg limit price. */
  price: Price;
  /** Order type. */
  type: "limit" | "market";
  /** How long the order may rest. */
  time_in_force: "good_till_canceled" | "immediate_or_cancel" | "fill_or_kill";
  /** `resting` while in the book; `executed` once fully filled; `canceled` otherwise. */
  status: "resting" | "canceled" | "executed";
  /** Contracts the order is for: as placed (after any reduce-only cap), then as amended. */
  initial_count: Count;
  /** Contracts filled so far. */
  fill_count: Count;
  /** Contracts still open; 0 once executed or canceled. */
  remaining_count: Count;
  /** What the taker fills cost, at the order's side price (YES for bids, NO for asks). */
  taker_fill_cost: Amount;
  /** What the maker fills cost, at the order's side price (YES for bids, NO for asks). */
  maker_fill_cost: Amount;
  /** Fees paid on taker fills. */
  taker_fees: Amount;
  /** Fees paid on maker fills. */
  maker_fees: Amount;
  /** What happens when the order would match one of its owner's orders. */
  self_trade_prevention_type?: "taker_at_cross" | "maker";
  /** The order group whose contract limit applies to the order. */
  order_group_id?: string;
  /** The order is rejected instead of taking liquidity. */
  post_only: boolean;
  /** The order may only shrink the owner's position. */
  reduce_only: boolean;
  /** The order is canceled when trading on its market pauses. */
  cancel_order_on_pause: boolean;
  /** When a good-till-canceled order expires, epoch ms. */
  expiration_ms?: number;
  /** When the order was placed, epoch ms. */
  created_ms: number;
  /** When the order last changed (fill, amend, cancel), epoch ms. */
  last_update_ms: number;
  /** Why the order last changed, e.g. `Amend`, `SelfTradeCancel`, `CloseCancel`. */
  last_update_reason?: string;
  /** Exchange shard of the order's market. */
  exchange_index: number;
  /** The API the order came through, which decides the shape of some replies. */
  source: "v2" | "v1" | "fix" | "rfq" | "bot";
}

/** One execution between two orders, as the public tape shows it. */
export interface TradeRecord {
  /** Exchange-assigned trade id (a UUID). */
  trade_id: string;
  /** Market ticker. */
  ticker: string;
  /** YES price of the execution (the maker's price). */
  yes_price: Price;
  /** Contracts traded. */
  count: Count;
  /** Side of the order that took liquidity. */
  taker_book_side: BookSide;
  /** Whether the trade was a negotiated block trade rather than an on-book match. */
  is_block_trade: boolean;
  /** When the trade happened, epoch ms. */
  created_ms: number;
}

/** One side of a trade, as its owner sees it. */
export interface FillRecord {
  /** Fill id: the trade id, unless the owner was on both sides of the trade. */
  fill_id: string;
  /** The trade this fill is a side of. */
  trade_id: string;
  /** The owner's order. */
  order_id: string;
  /** That order's client id (empty when none). */
  client_order_id: string;
  /** Owner's user id. */
  user_id: string;
  /** Owner's subaccount (0 = primary). */
  subaccount: number;
  /** Market ticker. */
  ticker: string;
  /** Side of the owner's order. */
  book_side: BookSide;
  /** YES price of the execution. */
  yes_price: Price;
  /** Contracts filled. */
  count: Count;
  /** Whether the owner's order took liquidity. */
  is_taker: boolean;
  /** Fee charged to the owner for this fill. */
  fee_cost: Amount;
  /** Position in the market after this fill (signed: + YES, − NO). */
  post_position: Count;
  /** When the fill happened, epoch ms. */
  created_ms: number;
  /** Exchange shard of the market. */
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

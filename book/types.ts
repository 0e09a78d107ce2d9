/**
 * Public types of the order-book engine.
 *
 * @module
 */

import type { Amount, Count, Price } from "../money/mod.ts";

/** A book side: the YES bids or the NO bids of one market. */
export type Side = "yes" | "no";

/** Whether a taker buys or sells contracts of a side. */
export type Action = "buy" | "sell";

/** One price level: the contracts resting at a price. */
export interface Level {
  /** Price in $0.0001 units, on the scale of the side it belongs to. */
  readonly price: Price;
  /** Contracts resting there, in 0.01-contract units (always > 0). */
  readonly count: Count;
}

/** The top levels of one side's view of the book, best first. */
export interface BookDepth {
  /** Bids to buy this side, highest price first. */
  readonly bids: Level[];
  /** Offers to sell this side (derived from the other side's bids), lowest price first. */
  readonly asks: Level[];
}

/** What walking the book for a taker order of a given size would give. */
export interface FillEstimate {
  /** Buy or sell. */
  readonly action: Action;
  /** The side traded. */
  readonly side: Side;
  /** Contracts asked for. */
  readonly requested: Count;
  /** Contracts the book can fill (≤ `requested`). */
  readonly filled: Count;
  /** Exact notional of the filled contracts: Σ price × count, in $0.000001 units. */
  readonly cost: Amount;
  /**
   * Volume-weighted average price of the filled contracts, rounded against the taker (up when
   * buying, down when selling); `undefined` when nothing fills.
   */
  readonly vwap: Price | undefined;
  /** Price of the first (best) level touched; `undefined` when nothing fills. */
  readonly bestPrice: Price | undefined;
  /** Price of the last (worst) level touched; `undefined` when nothing fills. */
  readonly worstPrice: Price | undefined;
  /**
   * Price impact: how far `vwap` is from `bestPrice`, against the taker (≥ 0); `undefined` when
   * nothing fills.
   */
  readonly impact: Price | undefined;
  /** Number of levels touched. */
  readonly levels: number;
  /** Whether the whole requested size fills. */
  readonly complete: boolean;
}

/** Options of {@linkcode OrderBook}. */
export interface OrderBookOptions {
  /**
   * Whether NO-side levels and deltas arrive on the YES price scale (the WebSocket
   * `use_yes_price: true` subscription flag): a NO bid at 54¢ then comes as `"0.4600"`. The book
   * always stores and reports NO bids on the NO scale. Applies to WebSocket messages and frames
   * only (REST and FIX are unaffected).
   *
   * @default {false}
   */
  useYesPrice?: boolean;
}

/** Options of {@linkcode OrderBook.estimateFill} and {@linkcode OrderBook.vwap}. */
export interface FillOptions {
  /**
   * Buy (walk the asks of the side) or sell (walk its bids).
   *
   * @default {"buy"}
   */
  action?: Action;
}

/** Options of {@linkcode OrderBook.priceImpact}. */
export interface PriceImpactOptions extends FillOptions {
  /**
   * The side traded.
   *
   * @default {"yes"}
   */
  side?: Side;
}

/** Options of {@linkcode OrderBook.applyFixMarketData}. */
export interface FixMarketDataOptions {
  /**
   * Whether the entries are a full refresh (`35=W` MarketDataSnapshotFullRefresh: the book is
   * replaced by them) rather than an incremental refresh (`35=X`: each entry is applied by its
   * `action`).
   *
   * @default {false}
   */
  snapshot?: boolean;
}

/**
 * One FIX market-data entry (a `268` NoMDEntries group) of a `35=W` or `35=X` message, with tag
 * values as the codec reads them.
 *
 * Bids (`269=0`) are YES bids at `270`; offers (`269=1`) are YES offers at `270`, stored as NO bids
 * at `1 − 270`. `271` is the level's new total size. Trades (`269=2`) and other entry types are
 * ignored.
 */
export interface FixMdEntry {
  /** `269` MDEntryType: `"0"` bid, `"1"` offer, `"2"` trade; names are accepted too. */
  type: "0" | "1" | "2" | "bid" | "offer" | "trade" | (string & Record<never, never>);
  /** `270` MDEntryPx: price in decimal dollars (`"0.3500"`). */
  price: string | number;
  /** `271` MDEntrySize: the level's total size (`"10.00"`); may be absent on a delete. */
  size?: string | number | undefined;
  /** `279` MDUpdateAction (incremental only): `"0"` new, `"1"` change, `"2"` delete; or names. */
  action?: "0" | "1" | "2" | "new" | "change" | "delete" | undefined;
  /** `55` Symbol; an entry for another market than the book's ticker is skipped. */
  symbol?: string | undefined;
}

/** Envelope fields shared by decoded orderbook frames (present only when the frame has them). */
export interface BookFrameEnvelope {
  /** Subscription id. */
  sid?: number;
  /** Sequence number within the subscription (checked by `ws/`, never by the book). */
  seq?: number;
  /** Command id, when the frame answers one (`get_snapshot`). */
  id?: number;
  /** `msg.market_ticker`. */
  ticker: string;
}

/**
 * A decoded `orderbook_snapshot` frame. Levels are flat pairs as on the wire (not sorted, not
 * converted for `use_yes_price`): `[price, count, price, count, …]` in $0.0001 and 0.01-contract
 * units. An omitted side is an empty array.
 */
export interface BookSnapshotFrame extends BookFrameEnvelope {
  /** Frame type. */
  type: "orderbook_snapshot";
  /** YES bid levels as flat `[price, count, …]` pairs. */
  yes: number[];
  /** NO bid levels as flat `[price, count, …]` pairs. */
  no: number[];
}

/** A decoded `orderbook_delta` frame (price as on the wire, not converted for `use_yes_price`). */
export interface BookDeltaFrame extends BookFrameEnvelope {
  /** Frame type. */
  type: "orderbook_delta";
  /** Which book side changed. */
  side: Side;
  /** Level price in $0.0001 units. */
  price: Price;
  /** Signed change of the level, in 0.01-contract units. */
  delta: Count;
  /** `ts_ms`, when present. */
  tsMs?: number;
  /** `client_order_id`, present only when your own order caused the change. */
  clientOrderId?: string;
  /** `subaccount`, present only when your own order caused the change. */
  subaccount?: number;
}

/** A decoded orderbook frame. */
export type BookFrame = BookSnapshotFrame | BookDeltaFrame;

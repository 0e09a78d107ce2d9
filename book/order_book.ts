/**
 * The {@linkcode OrderBook} class.
 *
 * @module
 */

import { KalshiMoneyError, KalshiProtocolError } from "../errors.ts";
import { formatCount, formatPrice, parseCount, parsePrice } from "../money/mod.ts";
import type { Amount, Count, Price } from "../money/mod.ts";
import { Ladder } from "./_ladder.ts";
import { deltaFromMsg, invalid, payloadOf, readLevels, snapshotFromMsg } from "./_json.ts";
import { decodeBookFrame } from "./frame.ts";
import type {
  Action,
  BookDepth,
  BookFrame,
  FillEstimate,
  FillOptions,
  FixMarketDataOptions,
  FixMdEntry,
  Level,
  OrderBookOptions,
  PriceImpactOptions,
  Side,
} from "./types.ts";

const ONE = 10_000;

/** Error code when a message would leave a level negative. */
const NEGATIVE = "book_negative_level";
/** Error code when a message names another market. */
const WRONG_MARKET = "book_wrong_market";

function showPrice(p: number): string {
  return Number.isInteger(p) && p >= 0 && p <= ONE ? `"${formatPrice(p)}"` : String(p);
}

function showCount(c: number): string {
  return Number.isSafeInteger(c) ? `"${formatCount(c)}"` : String(c);
}

function badPrice(p: number): boolean {
  return !(p >= 1 && p <= ONE - 1 && Number.isInteger(p));
}

function badCount(c: number): boolean {
  return !(Number.isSafeInteger(c) && c >= 0);
}

// Staging buffers for snapshots: both sides are validated before either is loaded.
class Stage {
  px = new Int32Array(64);
  qty = new Float64Array(64);
  n = 0;

  fill(pairs: ArrayLike<number>, flip: boolean, side: Side, what: string): void {
    const m = pairs.length >> 1;
    if (m > this.px.length) {
      this.px = new Int32Array(m * 2);
      this.qty = new Float64Array(m * 2);
    }
    const px = this.px;
    const qty = this.qty;
    let k = 0;
    let asc = true;
    let desc = true;
    let last = -1;
    for (let j = 0; j < m; j++) {
      const raw = pairs[2 * j]!;
      const c = pairs[2 * j + 1]!;
      const p = flip ? ONE - raw : raw;
      if (badPrice(p)) {
        throw invalid(what, `price ${showPrice(raw)} on ${side} is out of range`);
      }
      if (badCount(c)) throw invalid(what, `count ${showCount(c)} on ${side} is invalid`);
      if (c === 0) continue;
      if (k > 0) {
        if (p <= last) asc = false;
        if (p >= last) desc = false;
      }
      px[k] = p;
      qty[k] = c;
      last = p;
      k++;
    }
    this.n = k;
    if (asc) return;
    if (desc) {
      px.subarray(0, k).reverse();
      qty.subarray(0, k).reverse();
      return;
    }
    this.#sort();
    for (let j = 1; j < k; j++) {
      if (px[j] === px[j - 1]) {
        const shown = flip ? ONE - px[j]! : px[j]!;
        throw invalid(what, `duplicate level ${showPrice(shown)} on ${side}`);
      }
    }
  }

  #sort(): void {
    const k = this.n;
    const px = this.px;
    const qty = this.qty;
    if (k <= 64) {
      for (let a = 1; a < k; a++) {
        const p = px[a]!;
        const q = qty[a]!;
        let b = a - 1;
        while (b >= 0 && px[b]! > p) {
          px[b + 1] = px[b]!;
          qty[b + 1] = qty[b]!;
          b--;
        }
        px[b + 1] = p;
        qty[b + 1] = q;
      }
      return;
    }
    const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => px[a]! - px[b]!);
    const p2 = order.map((j) => px[j]!);
    const q2 = order.map((j) => qty[j]!);
    px.set(p2);
    qty.set(q2);
  }
}

const STAGE_YES = new Stage();
const STAGE_NO = new Stage();

function fixType(t: unknown): 0 | 1 | -1 {
  if (t === "0" || t === "bid") return 0;
  if (t === "1" || t === "offer") return 1;
  return -1;
}

function fixAction(a: unknown): 0 | 1 | 2 | -1 {
  if (a === "0" || a === "new") return 0;
  if (a === "1" || a === "change") return 1;
  if (a === "2" || a === "delete") return 2;
  return -1;
}

function checkSize(size: unknown): Count {
  if (typeof size === "number" && Number.isSafeInteger(size) && size >= 0) return size;
  throw new KalshiMoneyError(
    "size",
    size,
    "must be a non-negative integer number of 0.01 contract",
  );
}

/** Rounds `cost / filled` to an integer price, up or down, exactly. */
function divRound(cost: number, filled: number, up: boolean): Price {
  let q = Math.floor(cost / filled);
  if (Number.isSafeInteger(q * filled) && Number.isSafeInteger((q + 1) * filled)) {
    while (q * filled > cost) q--;
    while ((q + 1) * filled <= cost) q++;
    return up && q * filled < cost ? q + 1 : q;
  }
  const c = BigInt(cost);
  const f = BigInt(filled);
  const b = c / f;
  return Number(up && b * f < c ? b + 1n : b);
}

/**
 * The order book of one market: exact ladders of resting YES bids and NO bids.
 *
 * Kalshi's book holds bids only; asks are derived: best YES ask = $1 − best NO bid, best NO ask =
 * $1 − best YES bid. Every mutator is all-or-nothing: when it throws, the book is unchanged.
 *
 * @example From REST, then WebSocket deltas
 * ```ts
 * import { OrderBook } from "@kalshikit/kalshi/book";
 * import assert from "node:assert/strict";
 *
 * const book = new OrderBook("KXTEST");
 * book.replaceFromRest({
 *   orderbook_fp: {
 *     yes_dollars: [["0.4100", "10.00"], ["0.4200", "13.00"]],
 *     no_dollars: [["0.5600", "17.00"]],
 *   },
 * });
 * assert.equal(book.mid(), 4300);
 * const buy = book.estimateFill("no", 2000, { action: "buy" });
 * assert.equal(buy.filled, 2000);
 * assert.equal(buy.vwap, 5835); // 13 @ 0.58, 7 @ 0.59
 * assert.throws(() =>
 *   book.applyDelta({
 *     market_ticker: "KXTEST",
 *     price_dollars: "0.5600",
 *     delta_fp: "-20.00",
 *     side: "no",
 *   })
 * );
 * assert.equal(book.volumeAt(5600, "no"), 1700);
 * ```
 */
export class OrderBook {
  /** The market ticker, or `undefined` for a book that accepts any market's messages. */
  readonly ticker: string | undefined;
  /** Whether NO-side WebSocket prices arrive on the YES scale (`use_yes_price`). */
  readonly useYesPrice: boolean;
  #yes = new Ladder();
  #no = new Ladder();

  /**
   * Creates an empty book.
   *
   * @param ticker The market; messages naming another market are rejected. Omit to accept any.
   * @param options Price-scale convention of the WebSocket subscription.
   */
  constructor(ticker?: string, options: OrderBookOptions = {}) {
    this.ticker = ticker;
    this.useYesPrice = options.useYesPrice ?? false;
  }

  /**
   * Replaces the book with an `orderbook_snapshot` payload (the frame's `msg`, or the whole frame).
   *
   * @param msg `{market_ticker, yes_dollars_fp?, no_dollars_fp?}`; legacy `yes`/`no` (cents) and
   * `yes_dollars`/`no_dollars` are accepted. A missing side is empty; levels may come in any order.
   * @throws {KalshiProtocolError} When the payload is malformed (a price outside $0–$1
   * exclusive, a duplicate price) or names another market.
   */
  applySnapshot(msg: unknown): void {
    this.applyFrame(snapshotFromMsg(payloadOf(msg)));
  }

  /**
   * Applies an `orderbook_delta` payload (the frame's `msg`, or the whole frame): the level's count
   * changes by the signed delta and the level disappears at zero.
   *
   * @param msg `{market_ticker, price_dollars, delta_fp, side}`; legacy `price`/`delta` accepted.
   * @returns The level's new count (0 when it was removed).
   * @throws {KalshiProtocolError} When the payload is malformed, names another market, or would
   * leave the level negative (the book is then unchanged).
   */
  applyDelta(msg: unknown): Count {
    const frame = deltaFromMsg(payloadOf(msg));
    this.#checkTicker(frame.ticker, frame.type);
    return this.#delta(frame.side, frame.price, frame.delta);
  }

  /**
   * Applies a decoded orderbook frame (from {@linkcode decodeBookFrame} or `toBookFrame`).
   *
   * @param frame The frame.
   * @throws {KalshiProtocolError} As {@linkcode OrderBook.applySnapshot} and
   * {@linkcode OrderBook.applyDelta}.
   */
  applyFrame(frame: BookFrame): void {
    this.#checkTicker(frame.ticker, frame.type);
    if (frame.type === "orderbook_delta") this.#delta(frame.side, frame.price, frame.delta);
    else this.#load(frame.yes, frame.no, this.useYesPrice, frame.type);
  }

  /**
   * Decodes the text of a WebSocket frame with the fast scanner ({@linkcode decodeBookFrame}) and
   * applies it when it is an `orderbook_snapshot` or `orderbook_delta`.
   *
   * @param text The frame text.
   * @returns The decoded frame, or `undefined` when the frame is of another type.
   * @throws {KalshiProtocolError} When the frame is malformed or cannot be applied.
   */
  applyFrameText(text: string): BookFrame | undefined {
    const frame = decodeBookFrame(text);
    if (frame !== undefined) this.applyFrame(frame);
    return frame;
  }

  /**
   * Replaces the book with a REST `GET /markets/{ticker}/orderbook` body.
   *
   * @param body `{orderbook_fp: {yes_dollars, no_dollars}}`, or legacy `{orderbook: {yes, no}}`
   * (integer cents) / `{orderbook: {yes_dollars, no_dollars}}`.
   * @throws {KalshiProtocolError} When the body is malformed.
   */
  replaceFromRest(body: unknown): void {
    const what = "orderbook";
    const b = body !== null && typeof body === "object" ? body as Record<string, unknown> : {};
    const fp = b.orderbook_fp;
    const legacy = b.orderbook;
    let yes: number[];
    let no: number[];
    if (fp !== null && typeof fp === "object" && !Array.isArray(fp)) {
      const o = fp as Record<string, unknown>;
      yes = readLevels(o.yes_dollars, "fp", "yes_dollars", what);
      no = readLevels(o.no_dollars, "fp", "no_dollars", what);
    } else if (legacy !== null && typeof legacy === "object" && !Array.isArray(legacy)) {
      const o = legacy as Record<string, unknown>;
      const dollars = (k: "yes" | "no"): number[] => {
        const d = o[`${k}_dollars`];
        return d !== undefined && d !== null
          ? readLevels(d, "dollars", `${k}_dollars`, what)
          : readLevels(o[k], "cents", k, what);
      };
      yes = dollars("yes");
      no = dollars("no");
    } else {
      throw invalid(what, `body must hold "orderbook_fp" or "orderbook"`);
    }
    this.#load(yes, no, false, what);
  }

  /**
   * Applies FIX market-data entries: a `35=W` full refresh replaces the book, a `35=X`
   * incremental refresh sets (`279=0`/`1`, to the new total `271`) or removes (`279=2`) levels.
   * Bids are YES bids; offers are YES offers, kept as NO bids at `1 − 270`. Trade and other entry
   * types, and entries for another symbol, are skipped.
   *
   * @example
   * ```ts
   * import { OrderBook } from "@kalshikit/kalshi/book";
   * import assert from "node:assert/strict";
   *
   * const book = new OrderBook("KXNBAGAME-26MAY25NYKCLE-NYK");
   * book.applyFixMarketData([
   *   { type: "0", price: "0.3500", size: "10.00" },
   *   { type: "1", price: "0.6500", size: "5.00" },
   * ], { snapshot: true });
   * book.applyFixMarketData([{ type: "0", price: "0.3500", size: "15.00", action: "1" }]);
   * assert.deepEqual(book.bestBid("yes"), { price: 3500, count: 1500 });
   * assert.deepEqual(book.bestAsk("yes"), { price: 6500, count: 500 });
   * ```
   *
   * @param entries The `268` NoMDEntries groups.
   * @param options Whether the entries are a full refresh.
   * @throws {KalshiProtocolError} When an entry is malformed (the book is then unchanged).
   */
  applyFixMarketData(entries: readonly FixMdEntry[], options: FixMarketDataOptions = {}): void {
    const snapshot = options.snapshot ?? false;
    const what = snapshot ? "MarketDataSnapshotFullRefresh" : "MarketDataIncrementalRefresh";
    if (!Array.isArray(entries)) throw invalid(what, "entries must be an array");
    const yes: number[] = [];
    const no: number[] = [];
    const ops: number[] = []; // [side 0|1, price, count] for incremental refreshes
    for (const e of entries as readonly FixMdEntry[]) {
      if (e === null || typeof e !== "object") throw invalid(what, "entries must be objects");
      if (e.symbol !== undefined && this.ticker !== undefined && e.symbol !== this.ticker) continue;
      const type = fixType(e.type);
      if (type < 0) continue;
      let price: number;
      try {
        price = parsePrice(e.price, { field: "MDEntryPx" });
      } catch (err) {
        throw invalid(what, (err as Error).message, err);
      }
      const p = type === 0 ? price : ONE - price;
      if (badPrice(p)) throw invalid(what, `MDEntryPx ${showPrice(price)} is out of range`);
      const action = snapshot ? 0 : fixAction(e.action);
      if (action < 0) throw invalid(what, `MDUpdateAction must be "0", "1" or "2"`);
      let count = 0;
      if (action !== 2) {
        if (e.size === undefined) throw invalid(what, "MDEntrySize is missing");
        try {
          count = parseCount(e.size, { field: "MDEntrySize" });
        } catch (err) {
          throw invalid(what, (err as Error).message, err);
        }
      }
      if (snapshot) (type === 0 ? yes : no).push(p, count);
      else ops.push(type, p, count);
    }
    if (snapshot) {
      this.#load(yes, no, false, what);
      return;
    }
    for (let j = 0; j < ops.length; j += 3) {
      const ladder = ops[j] === 0 ? this.#yes : this.#no;
      const p = ops[j + 1]!;
      ladder.setAt(ladder.find(p), p, ops[j + 2]!);
    }
  }

  /** Removes every level. */
  clear(): void {
    this.#yes.n = 0;
    this.#no.n = 0;
  }

  /** Whether both sides are empty. */
  get isEmpty(): boolean {
    return this.#yes.n === 0 && this.#no.n === 0;
  }

  /**
   * The best (highest) bid to buy `side`.
   *
   * @param side The side.
   * @returns The level, or `undefined` when there is none.
   */
  bestBid(side: Side = "yes"): Level | undefined {
    const l = side === "yes" ? this.#yes : this.#no;
    const k = l.n - 1;
    return k < 0 ? undefined : { price: l.px[k]!, count: l.qty[k]! };
  }

  /**
   * The best (lowest) offer to sell `side`: `1 −` the other side's best bid.
   *
   * @param side The side.
   * @returns The level, or `undefined` when there is none.
   */
  bestAsk(side: Side = "yes"): Level | undefined {
    const l = side === "yes" ? this.#no : this.#yes;
    const k = l.n - 1;
    return k < 0 ? undefined : { price: ONE - l.px[k]!, count: l.qty[k]! };
  }

  /**
   * Best ask minus best bid of `side` (zero or negative when locked or crossed).
   *
   * @param side The side.
   * @returns The spread in $0.0001 units, or `undefined` when either is missing.
   */
  spread(side: Side = "yes"): Price | undefined {
    const bid = this.#top(side === "yes" ? this.#yes : this.#no);
    const other = this.#top(side === "yes" ? this.#no : this.#yes);
    return bid < 0 || other < 0 ? undefined : ONE - other - bid;
  }

  /**
   * The midpoint of best bid and best ask of `side`: exact, so a whole number of $0.0001 or a
   * half (`5600.5`); round it yourself where a {@linkcode Price} is needed.
   *
   * @param side The side.
   * @returns The mid in $0.0001 units, or `undefined` when either is missing.
   */
  mid(side: Side = "yes"): number | undefined {
    const bid = this.#top(side === "yes" ? this.#yes : this.#no);
    const other = this.#top(side === "yes" ? this.#no : this.#yes);
    return bid < 0 || other < 0 ? undefined : (bid + ONE - other) / 2;
  }

  /**
   * The top `n` bids and asks of `side`, best first.
   *
   * @param n Levels per side.
   * @param side The side.
   * @returns The levels.
   */
  depth(n: number, side: Side = "yes"): BookDepth {
    const own = side === "yes" ? this.#yes : this.#no;
    const other = side === "yes" ? this.#no : this.#yes;
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (let k = own.n - 1; k >= 0 && bids.length < n; k--) {
      bids.push({ price: own.px[k]!, count: own.qty[k]! });
    }
    for (let k = other.n - 1; k >= 0 && asks.length < n; k--) {
      asks.push({ price: ONE - other.px[k]!, count: other.qty[k]! });
    }
    return { bids, asks };
  }

  /**
   * Every resting bid of `side`, ascending by price (the wire order).
   *
   * @param side The side.
   * @returns The levels.
   */
  levels(side: Side): Level[] {
    const l = side === "yes" ? this.#yes : this.#no;
    const out = new Array<Level>(l.n);
    for (let k = 0; k < l.n; k++) out[k] = { price: l.px[k]!, count: l.qty[k]! };
    return out;
  }

  /**
   * Number of price levels of `side`.
   *
   * @param side The side.
   * @returns The level count.
   */
  levelCount(side: Side): number {
    return (side === "yes" ? this.#yes : this.#no).n;
  }

  /**
   * Contracts resting as bids of `side` at `price`.
   *
   * @param price The price in $0.0001 units (on `side`'s scale).
   * @param side The side.
   * @returns The count (0 when there is no level).
   */
  volumeAt(price: Price, side: Side = "yes"): Count {
    return (side === "yes" ? this.#yes : this.#no).get(price);
  }

  /**
   * Walks the book for a taker order of `size` contracts of `side`: a buy takes the asks of
   * `side` (the other side's bids), a sell hits the bids of `side`.
   *
   * @param side The side traded.
   * @param size Contracts, in 0.01-contract units.
   * @param options Buy (default) or sell.
   * @returns The fill estimate.
   * @throws {KalshiMoneyError} When `size` is not a non-negative integer, or the notional would
   * exceed the safe-integer range.
   */
  estimateFill(side: Side, size: Count, options: FillOptions = {}): FillEstimate {
    checkSize(size);
    const action: Action = options.action ?? "buy";
    const buy = action === "buy";
    const l = (side === "yes") === buy ? this.#no : this.#yes;
    let left = size;
    let cost = 0;
    let levels = 0;
    let best: number | undefined;
    let worst: number | undefined;
    for (let k = l.n - 1; k >= 0 && left > 0; k--) {
      const price = buy ? ONE - l.px[k]! : l.px[k]!;
      const q = l.qty[k]!;
      const take = q < left ? q : left;
      cost += price * take;
      left -= take;
      levels++;
      best ??= price;
      worst = price;
    }
    if (!Number.isSafeInteger(cost)) {
      throw new KalshiMoneyError("size", size, "is too large for an exact notional");
    }
    const filled = size - left;
    const vwap = filled > 0 ? divRound(cost, filled, buy) : undefined;
    return {
      action,
      side,
      requested: size,
      filled,
      cost: cost as Amount,
      vwap,
      bestPrice: best,
      worstPrice: worst,
      impact: vwap === undefined || best === undefined
        ? undefined
        : buy
        ? vwap - best
        : best - vwap,
      levels,
      complete: left === 0,
    };
  }

  /**
   * The volume-weighted average price of buying (or selling) `size` contracts of `side`, rounded
   * against the taker; see {@linkcode OrderBook.estimateFill}.
   *
   * @param side The side traded.
   * @param size Contracts, in 0.01-contract units.
   * @param options Buy (default) or sell.
   * @returns The VWAP of what fills, or `undefined` when nothing fills.
   */
  vwap(side: Side, size: Count, options: FillOptions = {}): Price | undefined {
    return this.estimateFill(side, size, options).vwap;
  }

  /**
   * How far the VWAP of a taker order of `size` contracts is from the best price (≥ 0); see
   * {@linkcode OrderBook.estimateFill}.
   *
   * @param size Contracts, in 0.01-contract units.
   * @param options Side (default YES) and action (default buy).
   * @returns The impact in $0.0001 units, or `undefined` when nothing fills.
   */
  priceImpact(size: Count, options: PriceImpactOptions = {}): Price | undefined {
    return this.estimateFill(options.side ?? "yes", size, options).impact;
  }

  /**
   * Whether the best YES bid and best NO bid add up to $1 or more: a book the exchange would
   * have matched, so a sign of a missed message.
   *
   * @returns `true` when crossed or locked.
   */
  isCrossed(): boolean {
    const y = this.#top(this.#yes);
    const n = this.#top(this.#no);
    return y >= 0 && n >= 0 && y + n >= ONE;
  }

  /**
   * Whether `other` holds exactly the same levels (tickers and options are not compared).
   *
   * @param other Another book.
   * @returns `true` when equal.
   */
  equals(other: OrderBook): boolean {
    return this.#yes.equals(other.#yes) && this.#no.equals(other.#no);
  }

  /**
   * A deep copy (same ticker and options).
   *
   * @returns The copy.
   */
  clone(): OrderBook {
    const copy = new OrderBook(this.ticker, { useYesPrice: this.useYesPrice });
    copy.#yes.copyFrom(this.#yes);
    copy.#no.copyFrom(this.#no);
    return copy;
  }

  /**
   * The book in Kalshi's REST wire form (`GET /markets/{ticker}/orderbook`), ascending by price;
   * {@linkcode OrderBook.replaceFromRest} reads it back.
   *
   * @returns `{orderbook_fp: {yes_dollars: [[price, count], …], no_dollars: […]}}`.
   */
  toJSON(): { orderbook_fp: { yes_dollars: [string, string][]; no_dollars: [string, string][] } } {
    const side = (l: Ladder): [string, string][] => {
      const out = new Array<[string, string]>(l.n);
      for (let k = 0; k < l.n; k++) out[k] = [formatPrice(l.px[k]!), formatCount(l.qty[k]!)];
      return out;
    };
    return { orderbook_fp: { yes_dollars: side(this.#yes), no_dollars: side(this.#no) } };
  }

  #top(l: Ladder): number {
    return l.n > 0 ? l.px[l.n - 1]! : -1;
  }

  #checkTicker(ticker: string, what: string): void {
    if (this.ticker !== undefined && ticker !== this.ticker) {
      throw new KalshiProtocolError(
        `Cannot apply ${what}: market "${ticker}" is not this book's market "${this.ticker}"`,
        WRONG_MARKET,
      );
    }
  }

  #delta(side: Side, wirePrice: number, delta: number): Count {
    const what = "orderbook_delta";
    const price = this.useYesPrice && side === "no" ? ONE - wirePrice : wirePrice;
    if (badPrice(price)) {
      throw invalid(what, `price ${showPrice(wirePrice)} on ${side} is out of range`);
    }
    if (!Number.isSafeInteger(delta)) throw invalid(what, `delta ${delta} is not an integer`);
    const l = side === "yes" ? this.#yes : this.#no;
    const at = l.find(price);
    const old = at >= 0 ? l.qty[at]! : 0;
    const q = old + delta;
    if (q < 0) {
      throw new KalshiProtocolError(
        `Cannot apply ${what}: level ${showPrice(price)} on ${side} would become ${showCount(q)} (${
          showCount(old)
        } ${delta < 0 ? "-" : "+"} ${showCount(Math.abs(delta))})`,
        NEGATIVE,
      );
    }
    if (!Number.isSafeInteger(q)) throw invalid(what, `level ${showPrice(price)} is too large`);
    l.setAt(at, price, q);
    return q;
  }

  #load(yes: ArrayLike<number>, no: ArrayLike<number>, flipNo: boolean, what: string): void {
    STAGE_YES.fill(yes, false, "yes", what);
    STAGE_NO.fill(no, flipNo, "no", what);
    this.#yes.load(STAGE_YES.px, STAGE_YES.qty, STAGE_YES.n);
    this.#no.load(STAGE_NO.px, STAGE_NO.qty, STAGE_NO.n);
  }
}

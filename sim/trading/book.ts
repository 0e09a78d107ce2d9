/**
 * One market's order book on the YES scale: resting bids (buy YES) and asks (sell YES, i.e. NO
 * bids at `1 − price`), each a list of price levels holding orders in time priority.
 *
 * @module
 */

import type { Count, Price } from "../../money/mod.ts";
import type { BookSide, OrderRecord } from "../types.ts";

/** The fields of a resting order the book needs. */
export type Resting = Pick<
  OrderRecord,
  "order_id" | "user_id" | "price" | "remaining_count" | "book_side"
>;

/** One price level: its orders in arrival order and their total remaining size. */
export interface Level<T extends Resting> {
  price: Price;
  orders: T[];
  size: Count;
}

/** One side of the book, levels ascending by price. */
export class BookHalf<T extends Resting> {
  /** Levels, ascending by price. */
  readonly levels: Level<T>[] = [];

  #find(price: Price): number {
    let lo = 0, hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.levels[mid]!.price < price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The level at a price.
   *
   * @param price The price.
   * @returns The level, if any order rests there.
   */
  level(price: Price): Level<T> | undefined {
    const i = this.#find(price);
    const l = this.levels[i];
    return l && l.price === price ? l : undefined;
  }

  /**
   * Appends an order at the back of its price level.
   *
   * @param order The order (its `remaining_count` is its size).
   */
  add(order: T): void {
    const i = this.#find(order.price);
    let l = this.levels[i];
    if (!l || l.price !== order.price) {
      l = { price: order.price, orders: [], size: 0 };
      this.levels.splice(i, 0, l);
    }
    l.orders.push(order);
    l.size += order.remaining_count;
  }

  /**
   * Removes an order (with its current remaining size) from its level.
   *
   * @param order The order.
   * @returns Whether it was in the book.
   */
  remove(order: T): boolean {
    const i = this.#find(order.price);
    const l = this.levels[i];
    if (!l || l.price !== order.price) return false;
    const j = l.orders.indexOf(order);
    if (j < 0) return false;
    l.orders.splice(j, 1);
    l.size -= order.remaining_count;
    if (l.orders.length === 0) this.levels.splice(i, 1);
    return true;
  }

  /**
   * Records that a resting order's size shrank by `by` (it keeps its place in the queue).
   *
   * @param order The order, before its `remaining_count` is lowered.
   * @param by Contracts removed.
   */
  shrink(order: T, by: Count): void {
    const l = this.level(order.price);
    if (l) l.size -= by;
  }

  /**
   * Contracts ahead of an order in its level's queue.
   *
   * @param order The order.
   * @returns Sum of the remaining sizes before it, or undefined when it is not in the book.
   */
  ahead(order: T): Count | undefined {
    const l = this.level(order.price);
    if (!l) return undefined;
    let sum = 0;
    for (const o of l.orders) {
      if (o === order) return sum;
      sum += o.remaining_count;
    }
    return undefined;
  }

  /** Number of levels. */
  get depth(): number {
    return this.levels.length;
  }
}

/** A market's book. */
export class Book<T extends Resting> {
  /** Bids for YES, ascending; the best is last. */
  readonly bids: BookHalf<T> = new BookHalf();
  /** Asks for YES (NO bids at 1 − price), ascending by YES price; the best is first. */
  readonly asks: BookHalf<T> = new BookHalf();

  /**
   * Creates an empty book.
   *
   * @param ticker The market.
   */
  constructor(readonly ticker: string) {}

  /**
   * The half an order rests in.
   *
   * @param side The order's book side.
   * @returns The half.
   */
  half(side: BookSide): BookHalf<T> {
    return side === "bid" ? this.bids : this.asks;
  }

  /** The best bid level. */
  bestBid(): Level<T> | undefined {
    return this.bids.levels.at(-1);
  }

  /** The best ask level. */
  bestAsk(): Level<T> | undefined {
    return this.asks.levels[0];
  }

  /**
   * The best level an incoming order on `side` would trade against.
   *
   * @param side The incoming order's side.
   * @returns The level, if any.
   */
  bestOpposite(side: BookSide): Level<T> | undefined {
    return side === "bid" ? this.bestAsk() : this.bestBid();
  }

  /**
   * Whether a limit price on `side` crosses a level price.
   *
   * @param side The incoming order's side.
   * @param limit Its limit price.
   * @param levelPrice The resting level's price.
   * @returns True when they trade.
   */
  static crosses(side: BookSide, limit: Price, levelPrice: Price): boolean {
    return side === "bid" ? levelPrice <= limit : levelPrice >= limit;
  }

  /**
   * Opposite levels in the order an incoming order would meet them.
   *
   * @param side The incoming order's side.
   * @returns The levels, best first.
   */
  *opposite(side: BookSide): Generator<Level<T>> {
    if (side === "bid") {
      for (const l of this.asks.levels) yield l;
    } else {
      for (let i = this.bids.levels.length - 1; i >= 0; i--) yield this.bids.levels[i]!;
    }
  }

  /** Whether no order rests on either side. */
  get empty(): boolean {
    return this.bids.depth === 0 && this.asks.depth === 0;
  }
}

/** What an incoming order could take from a book right now. */
export interface Sweep {
  /** Contracts available at or better than the limit, up to the wanted count. */
  count: Count;
  /** What those contracts cost the incoming side (µ$). */
  cost: number;
  /** Whether the sweep stopped at one of the owner's own orders. */
  hitOwn: boolean;
}

/**
 * Walks the opposite side of a book as an incoming order would, without changing it.
 *
 * @param book The book.
 * @param order The incoming order's side, limit, owner and wanted count.
 * @param options `stopAtOwn` stops at the owner's orders (self-trade prevention `taker_at_cross`),
 * otherwise they are skipped; `unitCost` prices one contract unit at a level price.
 * @returns What it would take.
 */
export function sweep<T extends Resting>(
  book: Book<T>,
  order: { side: BookSide; limit: Price; owner: string; want: Count },
  options: { stopAtOwn: boolean; unitCost: (levelPrice: Price) => number },
): Sweep {
  let need = order.want;
  let cost = 0;
  for (const level of book.opposite(order.side)) {
    if (need === 0 || !Book.crosses(order.side, order.limit, level.price)) break;
    for (const o of level.orders) {
      if (o.user_id === order.owner) {
        if (options.stopAtOwn) return { count: order.want - need, cost, hitOwn: true };
        continue;
      }
      const take = Math.min(need, o.remaining_count);
      cost += options.unitCost(level.price) * take;
      need -= take;
      if (need === 0) break;
    }
  }
  return { count: order.want - need, cost, hitOwn: false };
}

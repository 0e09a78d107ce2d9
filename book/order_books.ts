/**
 * {@linkcode OrderBooks}: one {@linkcode OrderBook} per market.
 *
 * @module
 */

import type { BookFrame, OrderBookOptions } from "./types.ts";
import { OrderBook } from "./order_book.ts";
import { decodeBookFrame } from "./frame.ts";

/**
 * The books of many markets, keyed by ticker, fed by decoded frames. A snapshot creates the
 * market's book; a delta for a market without a book (no snapshot yet) is ignored.
 */
export class OrderBooks implements Iterable<OrderBook> {
  #books = new Map<string, OrderBook>();
  #options: OrderBookOptions;

  /**
   * Creates an empty set.
   *
   * @param options Options for every book created.
   */
  constructor(options: OrderBookOptions = {}) {
    this.#options = options;
  }

  /** Number of books. */
  get size(): number {
    return this.#books.size;
  }

  /**
   * The book of `ticker`.
   *
   * @param ticker Market ticker.
   * @returns The book, or `undefined`.
   */
  get(ticker: string): OrderBook | undefined {
    return this.#books.get(ticker);
  }

  /**
   * Whether a book exists for `ticker`.
   *
   * @param ticker Market ticker.
   * @returns `true` when it exists.
   */
  has(ticker: string): boolean {
    return this.#books.has(ticker);
  }

  /**
   * Forgets the book of `ticker` (e.g. after a gap, until its next snapshot).
   *
   * @param ticker Market ticker.
   * @returns `true` when a book was removed.
   */
  delete(ticker: string): boolean {
    return this.#books.delete(ticker);
  }

  /** Forgets every book. */
  clear(): void {
    this.#books.clear();
  }

  /**
   * Market tickers with a book.
   *
   * @returns The tickers.
   */
  tickers(): string[] {
    return [...this.#books.keys()];
  }

  /**
   * Iterates over the books.
   *
   * @returns An iterator of books.
   */
  [Symbol.iterator](): Iterator<OrderBook> {
    return this.#books.values();
  }

  /**
   * Applies a decoded frame to its market's book.
   *
   * @param frame The frame.
   * @returns The book changed, or `undefined` for a delta of a market without a book.
   * @throws {KalshiProtocolError} When the frame cannot be applied (the book is unchanged).
   */
  applyFrame(frame: BookFrame): OrderBook | undefined {
    let book = this.#books.get(frame.ticker);
    if (book === undefined) {
      if (frame.type !== "orderbook_snapshot") return undefined;
      book = new OrderBook(frame.ticker, this.#options);
      book.applyFrame(frame);
      this.#books.set(frame.ticker, book);
      return book;
    }
    book.applyFrame(frame);
    return book;
  }

  /**
   * Decodes a WebSocket frame's text (fast scanner) and applies it when it is an orderbook frame.
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
}

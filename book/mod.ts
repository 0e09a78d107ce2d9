/**
 * Pure order-book engine (no I/O): exact fixed-point ladders of YES bids and NO bids per market,
 * fed by WebSocket snapshots and deltas, REST orderbook bodies and FIX market data, with queries
 * (best bid/ask, spread, mid, depth, VWAP, price impact).
 *
 * Prices are {@linkcode Price} integers ($0.0001) and counts {@linkcode Count} integers (0.01
 * contract) from `money/`. Kalshi's book holds bids only: best YES ask = 1 − best NO bid and best
 * NO ask = 1 − best YES bid. A message that would leave a level negative, or any malformed
 * message, throws a `KalshiProtocolError` and leaves the book unchanged. Sequence numbers are not
 * checked here (that is `ws/`'s job).
 *
 * For WebSocket streams, {@linkcode decodeBookFrame} reads an orderbook frame's text with a
 * hand-written scanner (no `JSON.parse`), falling back to `JSON.parse` for anything unusual, and
 * {@linkcode OrderBooks} keeps one book per market.
 *
 * ```ts
 * import { OrderBook } from "@kalshikit/kalshi/book";
 * import assert from "node:assert/strict";
 *
 * const book = new OrderBook("FED-23DEC-T3.00");
 * book.applySnapshot({
 *   market_ticker: "FED-23DEC-T3.00",
 *   yes_dollars_fp: [["0.0800", "300.00"], ["0.2200", "333.00"]],
 *   no_dollars_fp: [["0.5400", "20.00"], ["0.5600", "146.00"]],
 * });
 * book.applyDelta({
 *   market_ticker: "FED-23DEC-T3.00",
 *   price_dollars: "0.2200",
 *   delta_fp: "-33.00",
 *   side: "yes",
 * });
 * assert.deepEqual(book.bestBid("yes"), { price: 2200, count: 30000 });
 * assert.deepEqual(book.bestAsk("yes"), { price: 4400, count: 14600 });
 * assert.equal(book.spread(), 2200);
 * ```
 *
 * @module
 */

export { OrderBook } from "./order_book.ts";
export { OrderBooks } from "./order_books.ts";
export { decodeBookFrame, toBookFrame } from "./frame.ts";
export type { Amount, Count, Price } from "../money/mod.ts";
export type {
  Action,
  BookDeltaFrame,
  BookDepth,
  BookFrame,
  BookFrameEnvelope,
  BookSnapshotFrame,
  FillEstimate,
  FillOptions,
  FixMarketDataOptions,
  FixMdEntry,
  Level,
  OrderBookOptions,
  PriceImpactOptions,
  Side,
} from "./types.ts";

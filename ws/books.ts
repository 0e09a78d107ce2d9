/**
 * {@linkcode OrderbookFeed}: live `book/` order books kept from an `orderbook_delta` subscription,
 * each flagged {@linkcode LiveOrderBook.stale} while it is being recovered.
 *
 * @module
 */

import { type BookFrame, OrderBook, type Side, toBookFrame } from "../book/mod.ts";
import {
  KalshiConfigError,
  KalshiConnectionError,
  KalshiError,
  KalshiProtocolError,
  KalshiTimeoutError,
} from "../errors.ts";
import type { Count, Price } from "../money/mod.ts";
import { BoundedQueue, type OverflowPolicy } from "./_queue.ts";
import type { ChannelStream, StreamItem, SubCore } from "./_streams.ts";
import type { SubscriptionCommandOptions, SubscriptionOps } from "./subscription.ts";
import type { StaleReason } from "./types.ts";

let setStale: (book: LiveOrderBook, stale: boolean) => void;

/**
 * An {@linkcode OrderBook} kept live by an {@linkcode OrderbookFeed}. While `stale` is true the
 * levels are not trustworthy (a message was lost, or the connection is being restored): do not
 * trade off it until it is fresh again (`await feed.ready(ticker)`).
 */
export class LiveOrderBook extends OrderBook {
  #stale = false;

  static {
    setStale = (book, stale) => {
      book.#stale = stale;
    };
  }

  /** Whether the book may be missing changes (being recovered from a fresh snapshot). */
  get stale(): boolean {
    return this.#stale;
  }
}

/** A fresh snapshot replaced a book. */
export interface BookSnapshotUpdate {
  /** Discriminant. */
  type: "snapshot";
  /** Market. */
  ticker: string;
  /** The book, now fresh. */
  book: LiveOrderBook;
}

/** A delta changed one level of a book. */
export interface BookDeltaUpdate {
  /** Discriminant. */
  type: "delta";
  /** Market. */
  ticker: string;
  /** The book after the change. */
  book: LiveOrderBook;
  /** The bid side that changed. */
  side: Side;
  /** The level's price as on the wire (the NO scale for `no`, unless `useYesPrice`). */
  price: Price;
  /** Signed change in contracts. */
  delta: Count;
  /** Present when your own order caused the change. */
  clientOrderId?: string;
}

/** Books went stale. */
export interface BookStaleUpdate {
  /** Discriminant. */
  type: "stale";
  /** Markets whose books are stale. */
  tickers: string[];
  /** Why. */
  reason: StaleReason;
  /** The error behind it, when there is one. */
  error?: KalshiError;
}

/** Every stale book has a fresh snapshot again. */
export interface BookRecoveredUpdate {
  /** Discriminant. */
  type: "recovered";
  /** Markets recovered. */
  tickers: string[];
}

/** What an {@linkcode OrderbookFeed} yields. */
export type BookUpdate =
  | BookSnapshotUpdate
  | BookDeltaUpdate
  | BookStaleUpdate
  | BookRecoveredUpdate;

/** Options of `KalshiWs.books`. */
export interface OrderbookFeedOptions {
  /** Updates buffered for the reader of the feed's iterator. @default {1024} */
  bufferSize?: number | undefined;
  /**
   * What a full update buffer does. Books are kept current whatever the policy; only update
   * notifications are lost (stale / recovered ones never are).
   *
   * @default {"drop-oldest"}
   */
  overflow?: OverflowPolicy | undefined;
  /** Subscribe with `use_yes_price` (NO levels on the YES scale); books store NO bids as usual. @default {false} */
  useYesPrice?: boolean | undefined;
  /** Ends the feed when aborted. */
  signal?: AbortSignal | undefined;
}

/** Options of {@linkcode OrderbookFeed.ready}. */
export interface ReadyOptions {
  /** Aborts the wait. */
  signal?: AbortSignal | undefined;
  /** Longest wait; none when undefined. */
  timeoutMs?: number | undefined;
}

/** Hooks the client keeps to feed an {@linkcode OrderbookFeed}. */
export interface FeedHooks {
  /** Hands over a stream item. */
  take(item: StreamItem | BookFrame, stream: ChannelStream): void;
  /** The subscription ended. */
  end(reason?: unknown): void;
}

let make: (
  core: SubCore,
  ops: SubscriptionOps,
  options: OrderbookFeedOptions,
) => { feed: OrderbookFeed; hooks: FeedHooks };

/**
 * Live order books of a set of markets, fed by one `orderbook_delta` subscription: snapshots
 * replace books, deltas change them, gaps and reconnects mark them stale until fresh snapshots
 * arrive. Iterating the feed yields {@linkcode BookUpdate}s.
 *
 * @example Usage
 * ```ts ignore
 * await using feed = await ws.books(["KXFED-26DEC-T4.00"]);
 * const book = await feed.ready("KXFED-26DEC-T4.00");
 * for await (const u of feed) {
 *   if (u.type === "delta" && !u.book.stale) console.log(u.book.bestBid("yes"));
 * }
 * ```
 */
export class OrderbookFeed implements AsyncIterable<BookUpdate>, AsyncDisposable {
  #core: SubCore;
  #ops: SubscriptionOps;
  #books = new Map<string, LiveOrderBook>();
  #waiters = new Map<string, Set<PromiseWithResolvers<LiveOrderBook>>>();
  #queue: BoundedQueue<BookUpdate> | undefined;
  #options: OrderbookFeedOptions;
  #end: { reason: unknown } | undefined;

  static {
    make = (core, ops, options) => {
      const feed = new OrderbookFeed(core, ops, options);
      return {
        feed,
        hooks: {
          take: (item, stream) => feed.#take(item, stream),
          end: (reason) => feed.#ended(reason),
        },
      };
    };
  }

  private constructor(core: SubCore, ops: SubscriptionOps, options: OrderbookFeedOptions) {
    this.#core = core;
    this.#ops = ops;
    this.#options = options;
  }

  /** The markets of the feed. */
  get tickers(): string[] {
    return [...this.#core.tickers ?? []];
  }

  /** The books that have had a snapshot, by ticker. */
  get books(): ReadonlyMap<string, LiveOrderBook> {
    return this.#books;
  }

  /** Kalshi's current subscription id (undefined while reconnecting). */
  get sid(): number | undefined {
    return this.#core.streams[0]?.st?.sid;
  }

  /** Whether the feed has ended. */
  get closed(): boolean {
    return this.#end !== undefined;
  }

  /**
   * The book of a market.
   *
   * @param ticker Market.
   * @returns The book, or undefined before its first snapshot.
   */
  book(ticker: string): LiveOrderBook | undefined {
    return this.#books.get(ticker);
  }

  /**
   * Waits until a market's book is fresh (has a snapshot and is not stale).
   *
   * @param ticker Market of this feed.
   * @param options Signal and timeout.
   * @returns The book.
   * @throws {KalshiConfigError} When the market is not in the feed.
   * @throws {KalshiTimeoutError} When `timeoutMs` passes first.
   */
  ready(ticker: string, options: ReadyOptions = {}): Promise<LiveOrderBook> {
    if (!this.#core.tickers?.has(ticker)) {
      return Promise.reject(
        new KalshiConfigError(`Cannot wait for ${JSON.stringify(ticker)}: not in this feed`),
      );
    }
    const book = this.#books.get(ticker);
    if (book && !book.stale) return Promise.resolve(book);
    if (this.#end) return Promise.reject(this.#endError());
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const w = Promise.withResolvers<LiveOrderBook>();
    let set = this.#waiters.get(ticker);
    if (!set) this.#waiters.set(ticker, set = new Set());
    set.add(w);
    const timer = timeoutMs === undefined ? undefined : setTimeout(
      () =>
        w.reject(
          new KalshiTimeoutError(`Book of ${ticker} not ready in ${timeoutMs} ms`, timeoutMs),
        ),
      timeoutMs,
    );
    const onAbort = () => w.reject(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    return w.promise.finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      this.#waiters.get(ticker)?.delete(w);
    });
  }

  /**
   * Adds markets; their books appear as their snapshots arrive.
   *
   * @param tickers Markets.
   * @param options Signal and timeout.
   * @returns When Kalshi confirmed.
   */
  async add(tickers: readonly string[], options: SubscriptionCommandOptions = {}): Promise<void> {
    try {
      await this.#ops.update({ ...options, addMarkets: tickers });
    } catch (e) {
      // Markets Kalshi refused were taken back out of the feed: nobody should wait for them.
      for (const t of tickers) if (!this.#core.tickers?.has(t)) this.#rejectWaiters(t, e);
      throw e;
    }
  }

  /**
   * Removes markets and drops their books.
   *
   * @param tickers Markets.
   * @param options Signal and timeout.
   * @returns When Kalshi confirmed.
   */
  async remove(
    tickers: readonly string[],
    options: SubscriptionCommandOptions = {},
  ): Promise<void> {
    for (const t of tickers) {
      this.#books.delete(t);
      this.#rejectWaiters(t, new KalshiConfigError(`Market ${JSON.stringify(t)} was removed`));
    }
    await this.#ops.update({ ...options, deleteMarkets: tickers });
  }

  /**
   * Replaces books with fresh snapshots (`get_snapshot`).
   *
   * @param tickers Markets of this feed.
   * @param options Signal and timeout.
   * @returns When the snapshots were applied.
   */
  async refresh(
    tickers: readonly string[],
    options: SubscriptionCommandOptions = {},
  ): Promise<void> {
    await this.#ops.snapshot(tickers, options);
  }

  /**
   * A checkpoint: resolves once every book is fresh and current up to now. A lost message is
   * normally noticed only when the next one on the subscription arrives; this asks for a
   * snapshot of one market (a sequenced reply, so any earlier loss shows at once), waits for the
   * frames sent before it, then for every recovery that started. Retries across reconnects.
   *
   * @param options Signal and timeout (for the whole wait).
   * @returns When all books are fresh.
   * @throws {KalshiTimeoutError} When `timeoutMs` passes first.
   */
  async sync(options: ReadyOptions = {}): Promise<void> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      const step: ReadyOptions = { signal: options.signal };
      if (Number.isFinite(left)) step.timeoutMs = Math.max(1, left);
      try {
        // Fresh books first: after a reconnect the probe needs the subscription restored.
        await Promise.all(this.tickers.map((t) => this.ready(t, step)));
        await this.#ops.probe(step);
        await Promise.all(this.tickers.map((t) => this.ready(t, step)));
        return;
      } catch (e) {
        const transient = e instanceof KalshiConnectionError && !this.#end;
        if (!transient || Date.now() >= deadline) throw e;
      }
    }
  }

  /**
   * Unsubscribes; the books stay readable but no longer change.
   *
   * @param options Signal and timeout.
   * @returns When Kalshi confirmed.
   */
  close(options: SubscriptionCommandOptions = {}): Promise<void> {
    return this.#ops.unsubscribe(options);
  }

  /** The updates of the feed (one reader). Leaving the loop early does not close the feed. */
  [Symbol.asyncIterator](): AsyncIterator<BookUpdate> {
    if (!this.#queue) {
      this.#queue = new BoundedQueue<BookUpdate>(
        this.#options.bufferSize ?? 1024,
        this.#options.overflow ?? "drop-oldest",
        { onReturn: () => (this.#queue = undefined) },
      );
      if (this.#end) this.#finishQueue(this.#queue);
    }
    return this.#queue;
  }

  /** Same as {@linkcode OrderbookFeed.close}; errors are swallowed when the client is closed. */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.close();
    } catch {
      // The connection is gone; nothing is left to release.
    }
  }

  #take(item: StreamItem | BookFrame, stream: ChannelStream): void {
    switch (item.type) {
      case "orderbook_snapshot":
      case "orderbook_delta":
        this.#apply(item as unknown as BookFrame | Record<string, unknown>, stream);
        return;
      case "stale": {
        const tickers: string[] = [];
        for (const t of item.marketTickers) {
          const book = this.#books.get(t);
          if (book) setStale(book, true);
          tickers.push(t);
        }
        const u: BookStaleUpdate = { type: "stale", tickers, reason: item.reason };
        if (item.error) u.error = item.error;
        this.#emit(u, true);
        return;
      }
      case "recovered":
        this.#emit({ type: "recovered", tickers: item.marketTickers }, true);
        return;
    }
  }

  #apply(item: BookFrame | Record<string, unknown>, stream: ChannelStream): void {
    let frame: BookFrame | undefined;
    let ticker: string | undefined = "ticker" in item ? item.ticker as string : undefined;
    try {
      frame = "ticker" in item ? item as BookFrame : toBookFrame(item);
      if (!frame) return;
      ticker = frame.ticker;
      if (frame.type === "orderbook_snapshot") {
        let book = this.#books.get(ticker);
        if (!book) {
          book = new LiveOrderBook(ticker, { useYesPrice: this.#options.useYesPrice ?? false });
          book.applyFrame(frame);
          this.#books.set(ticker, book);
        } else book.applyFrame(frame);
        setStale(book, false);
        this.#resolveWaiters(ticker, book);
        if (this.#queue) this.#emit({ type: "snapshot", ticker, book });
        return;
      }
      const book = this.#books.get(ticker);
      if (!book) return;
      book.applyFrame(frame);
      if (this.#queue) {
        const u: BookDeltaUpdate = {
          type: "delta",
          ticker,
          book,
          side: frame.side,
          price: frame.price,
          delta: frame.delta,
        };
        if (frame.clientOrderId !== undefined) u.clientOrderId = frame.clientOrderId;
        this.#emit(u);
      }
    } catch (e) {
      const err = e instanceof KalshiError
        ? e
        : new KalshiProtocolError(`Cannot apply orderbook message: ${String(e)}`, "book_error");
      this.#core.host.report(err);
      if (ticker !== undefined) stream.invalidate([ticker], "invalid_message", err);
    }
  }

  #emit(u: BookUpdate, force = false): void {
    this.#queue?.push(u, force);
  }

  #resolveWaiters(ticker: string, book: LiveOrderBook): void {
    const set = this.#waiters.get(ticker);
    if (!set) return;
    this.#waiters.delete(ticker);
    for (const w of set) w.resolve(book);
  }

  #rejectWaiters(ticker: string, reason: unknown): void {
    const set = this.#waiters.get(ticker);
    if (!set) return;
    this.#waiters.delete(ticker);
    for (const w of set) w.reject(reason);
  }

  #ended(reason?: unknown): void {
    if (this.#end) return;
    this.#end = { reason };
    for (const t of [...this.#waiters.keys()]) this.#rejectWaiters(t, this.#endError());
    if (this.#queue) this.#finishQueue(this.#queue);
  }

  #endError(): unknown {
    return this.#end?.reason ?? new KalshiConnectionError("Order book feed closed");
  }

  #finishQueue(q: BoundedQueue<BookUpdate>): void {
    if (this.#end?.reason === undefined) q.close();
    else q.fail(this.#end.reason);
  }
}

/**
 * Creates a feed (used by the client).
 *
 * @param core The subscription state (in sink mode).
 * @param ops The client operations.
 * @param options Feed options.
 * @returns The feed and the hooks that feed it.
 */
export function newOrderbookFeed(
  core: SubCore,
  ops: SubscriptionOps,
  options: OrderbookFeedOptions,
): { feed: OrderbookFeed; hooks: FeedHooks } {
  return make(core, ops, options);
}

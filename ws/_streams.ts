/**
 * Subscription state that lives across connections: the logical subscription ({@linkcode SubCore}),
 * one {@linkcode ChannelStream} per channel with its per-market freshness, and the per-connection
 * {@linkcode SidState} (sequence, pending snapshots) that streams bind to. Kalshi merges repeated
 * subscriptions to a channel into one sid, so several streams may share a `SidState`.
 *
 * @module
 */

import type { BookFrame } from "../book/mod.ts";
import { KalshiProtocolError } from "../errors.ts";
import type { KalshiError } from "../errors.ts";
import { CHANNEL_TYPES, MARKET_CHANNELS, type WireFrame } from "./_parse.ts";
import { BoundedQueue, type OverflowPolicy } from "./_queue.ts";
import type {
  StaleReason,
  SubscribeParams,
  WsChannel,
  WsDataMessage,
  WsStaleMessage,
  WsStatusMessage,
} from "./types.ts";

/** What streams need from the client. */
export interface StreamHost {
  /** Asks for fresh snapshots of `tickers` on a sid (the host skips those already asked for). */
  requestSnapshots(st: SidState, tickers: Iterable<string>): void;
  /** Reports an error on the client's error stream. */
  report(error: KalshiError): void;
  /** Unsubscribes in the background after the reader stopped, aborted or overflowed. */
  release(core: SubCore, reason?: unknown): void;
}

/** An item of a subscription's stream. */
export type StreamItem = WsDataMessage | WsStatusMessage;

/** A frame handed to streams: parsed JSON, or an orderbook frame decoded by `book/`'s scanner. */
export type InFrame = WireFrame | BookFrame;

/** Receives items synchronously instead of a queue (the order-book feed). */
export type StreamSink = (item: StreamItem | BookFrame, stream: ChannelStream) => void;

const PENDING = 0;
const FRESH = 1;
const STALE = 2;
type BookState = typeof PENDING | typeof FRESH | typeof STALE;

/** One subscription id on the current connection. */
export class SidState {
  readonly sid: number;
  readonly channel: WsChannel;
  /** Last sequence number seen. */
  lastSeq: number | undefined;
  /** Text of the last frame accepted in sequence (to recognise exact re-deliveries). */
  lastText: string | undefined;
  /** The streams bound to this sid. */
  readonly streams: Set<ChannelStream> = new Set();
  /** Tickers whose snapshot is expected, with the deadline (epoch ms). */
  readonly awaiting: Map<string, number> = new Map();
  /** Snapshot requests per ticker that went unanswered. */
  readonly misses: Map<string, number> = new Map();
  /** Watchdog timer for `awaiting`. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the sid is gone (unsubscribed, failed, connection lost). */
  retired = false;

  /**
   * Creates the state.
   *
   * @param sid Subscription id.
   * @param channel Its channel.
   */
  constructor(sid: number, channel: WsChannel) {
    this.sid = sid;
    this.channel = channel;
  }

  /** Whether every bound stream is a sink (the order-book fast path may be used). */
  allSinks(): boolean {
    for (const s of this.streams) if (!s.core.sink) return false;
    return this.streams.size > 0;
  }

  /** Union of the market filters of the bound streams; undefined when one takes every market. */
  tickers(except?: ChannelStream): Set<string> | undefined {
    const all = new Set<string>();
    for (const s of this.streams) {
      if (s === except) continue;
      if (!s.tickers) return undefined;
      for (const t of s.tickers) all.add(t);
    }
    return all;
  }

  /**
   * Hands a checked data frame to every bound stream that wants its market.
   *
   * @param frame The frame.
   * @param ticker Its market, if any.
   */
  deliver(frame: InFrame, ticker: string | undefined): void {
    if (frame.type === "orderbook_snapshot" && ticker !== undefined) {
      this.awaiting.delete(ticker);
      this.misses.delete(ticker);
    }
    for (const s of this.streams) if (s.accepts(ticker)) s.receive(frame, ticker);
  }

  /**
   * Invalidates every bound stream (or the given markets of each).
   *
   * @param tickers Markets, or undefined for all.
   * @param reason Why.
   * @param error The error behind it.
   */
  invalidate(
    tickers: readonly string[] | undefined,
    reason: StaleReason,
    error?: KalshiError,
  ): void {
    for (const s of [...this.streams]) s.invalidate(tickers, reason, error);
  }

  /** Stops the watchdog. */
  clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** One channel of a logical subscription. */
export class ChannelStream {
  readonly core: SubCore;
  readonly channel: WsChannel;
  readonly isBook: boolean;
  /** The sid this stream is bound to on the current connection. */
  st: SidState | undefined;
  /** Listeners for snapshots (get_snapshot callers). */
  readonly snapshotListeners: Set<(frame: InFrame, ticker: string) => void> = new Set();
  #books = new Map<string, BookState>();
  /** Snapshots delivered per market; queued book items carry the count they were queued under. */
  #epochs = new Map<string, number>();
  #queuedEpoch = new WeakMap<object, number>();
  #staleAnnounced = new Set<string>();
  #recovered: string[] = [];
  #channelStale = false;

  /**
   * Creates the stream.
   *
   * @param core The subscription.
   * @param channel The channel.
   */
  constructor(core: SubCore, channel: WsChannel) {
    this.core = core;
    this.channel = channel;
    this.isBook = channel === "orderbook_delta";
    for (const t of this.tickers ?? []) this.#books.set(t, PENDING);
  }

  /** The market filter; undefined when the stream takes every market. */
  get tickers(): Set<string> | undefined {
    return MARKET_CHANNELS.has(this.channel) ? this.core.tickers : undefined;
  }

  /** Whether the stream has announced staleness that has not recovered yet. */
  get stale(): boolean {
    return this.#staleAnnounced.size > 0 || this.#channelStale;
  }

  /**
   * Markets of an orderbook stream whose book is not fresh (pending or stale).
   *
   * @returns The tickers.
   */
  unfresh(): string[] {
    const out: string[] = [];
    for (const [t, s] of this.#books) if (s !== FRESH) out.push(t);
    return out;
  }

  /**
   * Whether a frame for this market belongs to the stream.
   *
   * @param ticker The frame's market.
   * @returns True to deliver.
   */
  accepts(ticker: string | undefined): boolean {
    const f = this.tickers;
    return f === undefined || ticker === undefined || f.has(ticker);
  }

  /**
   * Takes a checked frame: books withhold deltas of markets that are not fresh.
   *
   * @param frame The frame.
   * @param ticker Its market.
   */
  receive(frame: InFrame, ticker: string | undefined): void {
    if (!this.isBook || ticker === undefined) {
      this.core.deliver(frame, this);
      return;
    }
    if (frame.type === "orderbook_delta") {
      if (this.#books.get(ticker) !== FRESH) return;
      if (this.core.queue) this.#queuedEpoch.set(frame, this.#epochs.get(ticker) ?? 0);
      this.core.deliver(frame, this);
      return;
    }
    if (frame.type !== "orderbook_snapshot" || !this.#books.has(ticker)) return;
    this.#books.set(ticker, FRESH);
    const epoch = (this.#epochs.get(ticker) ?? 0) + 1;
    this.#epochs.set(ticker, epoch);
    if (this.core.queue) this.#queuedEpoch.set(frame, epoch);
    this.core.deliver(frame, this);
    for (const l of [...this.snapshotListeners]) l(frame, ticker);
    if (this.#staleAnnounced.delete(ticker)) {
      this.#recovered.push(ticker);
      if (this.#staleAnnounced.size === 0) {
        const marketTickers = this.#recovered;
        this.#recovered = [];
        this.core.status({ type: "recovered", channel: this.channel, marketTickers });
      }
    }
  }

  /**
   * Marks data untrustworthy: announces a `stale` status and, for books on a live sid, asks for
   * snapshots.
   *
   * @param tickers Markets (books only), or undefined for all.
   * @param reason Why.
   * @param error The error behind it.
   * @param front Put the status at the head of the queue (a hole at the head).
   */
  invalidate(
    tickers: readonly string[] | undefined,
    reason: StaleReason,
    error?: KalshiError,
    front = false,
  ): void {
    if (!this.isBook) {
      this.#invalidateChannel(reason, error);
      return;
    }
    const targets = tickers ?? [...this.#books.keys()];
    const newly: string[] = [];
    const needed: string[] = [];
    for (const t of targets) {
      const s = this.#books.get(t);
      if (s === undefined) continue;
      if (s === FRESH) {
        this.#books.set(t, STALE);
        this.#staleAnnounced.add(t);
        newly.push(t);
      }
      needed.push(t);
    }
    if (newly.length > 0) {
      const msg: WsStaleMessage = {
        type: "stale",
        channel: this.channel,
        reason,
        marketTickers: newly,
      };
      if (error) msg.error = error;
      this.core.status(msg, front);
    }
    if (this.st && !this.st.retired && needed.length > 0) {
      this.core.host.requestSnapshots(this.st, needed);
    }
  }

  #invalidateChannel(reason: StaleReason, error?: KalshiError): void {
    if (this.#channelStale) return;
    const msg: WsStaleMessage = { type: "stale", channel: this.channel, reason, marketTickers: [] };
    if (error) msg.error = error;
    this.core.status(msg);
    // Events are lost, not corrupt: the stream goes on at once unless the sid itself is gone.
    if (this.st && !this.st.retired) {
      this.core.status({ type: "recovered", channel: this.channel, marketTickers: [] });
    } else {
      this.#channelStale = true;
    }
  }

  /** The connection (or the sid) is gone: everything goes stale until the stream is rebound. */
  unbind(reason: StaleReason, error?: KalshiError): void {
    const st = this.st;
    this.st = undefined;
    st?.streams.delete(this);
    if (this.isBook) this.invalidate(undefined, reason, error);
    else this.#invalidateChannel(reason, error);
  }

  /**
   * Binds the stream to a sid of the current connection.
   *
   * @param st The sid.
   */
  bind(st: SidState): void {
    this.st = st;
    st.streams.add(this);
    if (!this.isBook && this.#channelStale) {
      this.#channelStale = false;
      this.core.status({ type: "recovered", channel: this.channel, marketTickers: [] });
    }
  }

  /**
   * Follows a change of the market filter (after `update`).
   *
   * @param added New markets (books start pending).
   * @param removed Dropped markets.
   */
  retarget(added: readonly string[], removed: readonly string[]): void {
    if (!this.isBook) return;
    for (const t of added) if (!this.#books.has(t)) this.#books.set(t, PENDING);
    let recoveredNow = false;
    for (const t of removed) {
      this.#books.delete(t);
      this.#epochs.delete(t);
      if (this.#staleAnnounced.delete(t) && this.#staleAnnounced.size === 0) recoveredNow = true;
    }
    if (recoveredNow && this.#recovered.length > 0) {
      const marketTickers = this.#recovered;
      this.#recovered = [];
      this.core.status({ type: "recovered", channel: this.channel, marketTickers });
    }
  }

  /**
   * An item of this stream was dropped by the overflow policy.
   *
   * @param item The dropped item.
   * @param front Whether the hole is at the head of the queue (`drop-oldest`).
   */
  dropped(item: StreamItem, front: boolean): void {
    const err = new KalshiProtocolError(
      `Subscription buffer full: dropped a ${item.type} message on ${this.channel}`,
      "buffer_overflow",
    );
    if (this.isBook) {
      const t = (item as { msg?: { market_ticker?: unknown } }).msg?.market_ticker;
      if (typeof t !== "string") return;
      // A message older than the market's latest snapshot is superseded by it: no hole.
      const epoch = this.#queuedEpoch.get(item);
      if (epoch !== undefined && epoch < (this.#epochs.get(t) ?? 0)) return;
      this.invalidate([t], "overflow", err, front);
      return;
    }
    this.core.markOverflow(this.channel, err, front);
  }
}

/** Options of a logical subscription, resolved. */
export interface SubCoreOptions {
  bufferSize: number;
  overflow: OverflowPolicy;
  /** Receives items synchronously instead of a queue. */
  sink?: StreamSink | undefined;
  /** Called once when the subscription ends (with the error, if it failed). */
  onEnd?: ((reason?: unknown) => void) | undefined;
}

/** A logical subscription: what the user asked for, across reconnects. */
export class SubCore {
  readonly id: number;
  readonly host: StreamHost;
  /** The parameters as given, minus the market filter (kept in `tickers`). */
  readonly params: Omit<SubscribeParams, "market_ticker" | "market_tickers">;
  /** Current market filter; undefined when the subscription takes every market. */
  tickers: Set<string> | undefined;
  readonly streams: ChannelStream[];
  readonly queue: BoundedQueue<StreamItem> | undefined;
  readonly sink: StreamSink | undefined;
  ended = false;
  #onEnd: ((reason?: unknown) => void) | undefined;
  #overflowMarker: WsStatusMessage | undefined;
  #overflowing = new Set<WsChannel>();

  /**
   * Creates the subscription state.
   *
   * @param id Client-side id.
   * @param host The client.
   * @param params Subscribe parameters.
   * @param options Buffering.
   */
  constructor(id: number, host: StreamHost, params: SubscribeParams, options: SubCoreOptions) {
    this.id = id;
    this.host = host;
    const { market_ticker, market_tickers, ...rest } = params;
    this.params = { ...rest, channels: [...new Set(params.channels)] };
    const list = market_tickers ?? (market_ticker !== undefined ? [market_ticker] : undefined);
    this.tickers = list ? new Set(list) : undefined;
    this.sink = options.sink;
    this.#onEnd = options.onEnd;
    this.queue = options.sink ? undefined : new BoundedQueue<StreamItem>(
      options.bufferSize,
      options.overflow,
      {
        onReturn: () => host.release(this),
        onDrop: (item) => this.#onDrop(item, options.overflow === "drop-oldest"),
      },
    );
    this.streams = this.params.channels.map((c) => new ChannelStream(this, c));
  }

  /** The parameters to subscribe the given channels now. */
  wireParams(channels: readonly WsChannel[]): SubscribeParams {
    const p: SubscribeParams = { ...this.params, channels };
    if (this.tickers && channels.some((c) => MARKET_CHANNELS.has(c))) {
      p.market_tickers = [...this.tickers];
    }
    return p;
  }

  /**
   * Queues (or sinks) a data message.
   *
   * @param msg The message.
   * @param stream Its stream.
   */
  deliver(msg: InFrame, stream: ChannelStream): void {
    if (this.ended) return;
    if (this.sink) {
      this.sink(msg as WsDataMessage | BookFrame, stream);
      return;
    }
    const q = this.queue!;
    if (this.#overflowing.has(stream.channel) && !this.#full()) {
      this.#overflowing.delete(stream.channel);
      q.push({ type: "recovered", channel: stream.channel, marketTickers: [] }, true);
    }
    if (q.push(msg as unknown as WsDataMessage) === "overflow") this.#overflowError(stream);
  }

  /**
   * Queues (or sinks) a status message; it is never dropped.
   *
   * @param msg The status.
   * @param front Put it at the head of the queue.
   */
  status(msg: WsStatusMessage, front = false): void {
    if (this.ended) return;
    if (this.sink) {
      const stream = this.streams.find((s) => s.channel === msg.channel);
      if (stream) this.sink(msg, stream);
      return;
    }
    if (front) this.queue!.unshift(msg);
    else this.queue!.push(msg, true);
  }

  /**
   * Marks a hole in an event channel after a drop, coalescing repeated drops.
   *
   * @param channel The channel.
   * @param error The overflow error.
   * @param front Whether the hole is at the head.
   */
  markOverflow(channel: WsChannel, error: KalshiError, front: boolean): void {
    const q = this.queue!;
    if (front) {
      if (this.#overflowMarker && q.peek() === this.#overflowMarker) return;
      const stale: WsStaleMessage = {
        type: "stale",
        channel,
        reason: "overflow",
        marketTickers: [],
      };
      stale.error = error;
      q.unshift({ type: "recovered", channel, marketTickers: [] });
      q.unshift(stale);
      this.#overflowMarker = stale;
      return;
    }
    if (this.#overflowing.has(channel)) return;
    this.#overflowing.add(channel);
    const stale: WsStaleMessage = { type: "stale", channel, reason: "overflow", marketTickers: [] };
    stale.error = error;
    q.push(stale, true);
  }

  /** Ends the stream normally (after buffered items). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue?.close();
    this.#callOnEnd(undefined);
  }

  /**
   * Ends the stream with an error (after buffered items).
   *
   * @param reason The error.
   */
  fail(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.queue?.fail(reason);
    this.#callOnEnd(reason);
  }

  #callOnEnd(reason: unknown): void {
    const cb = this.#onEnd;
    this.#onEnd = undefined;
    cb?.(reason);
  }

  #full(): boolean {
    const q = this.queue!;
    return q.counted >= q.capacity;
  }

  #onDrop(item: StreamItem, front: boolean): void {
    if (item.type === "stale" || item.type === "recovered") return;
    const stream = this.streams.find((s) => CHANNEL_TYPES[s.channel].includes(item.type));
    stream?.dropped(item, front);
  }

  #overflowError(stream: ChannelStream): void {
    const err = new KalshiProtocolError(
      `Subscription buffer full (${this.queue!.capacity} messages) on ${stream.channel}: ` +
        `the reader is too slow`,
      "buffer_overflow",
    );
    this.host.report(err);
    this.fail(err);
    this.host.release(this, err);
  }
}

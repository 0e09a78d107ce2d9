/**
 * {@linkcode Subscription}: the handle and stream of one `subscribe` call.
 *
 * @module
 */

import type { OverflowPolicy } from "./_queue.ts";
import type { SubCore } from "./_streams.ts";
import type {
  OrderbookSnapshotMessage,
  WsChannel,
  WsDataMessage,
  WsStatusMessage,
} from "./types.ts";

/** Options of `KalshiWs.subscribe`. */
export interface SubscriptionOptions {
  /** Messages buffered before the overflow policy applies. @default {the client's bufferSize} */
  bufferSize?: number | undefined;
  /**
   * What a full buffer does: `"error"` ends the subscription with a `KalshiProtocolError`
   * (code `buffer_overflow`); `"drop-oldest"` / `"drop-newest"` drop a message and announce the
   * hole with a `stale` status (order books are then resynced from a fresh snapshot).
   *
   * @default {the client's overflow}
   */
  overflow?: OverflowPolicy | undefined;
  /** Ends the subscription when aborted; the stream then throws `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/** Options of {@linkcode Subscription.update}. */
export interface UpdateMarketsOptions {
  /** Markets to add. */
  addMarkets?: readonly string[] | undefined;
  /** Markets to remove. */
  deleteMarkets?: readonly string[] | undefined;
  /** Aborts the wait for Kalshi's reply. */
  signal?: AbortSignal | undefined;
  /** Wait for the reply. @default {the client's commandTimeoutMs} */
  timeoutMs?: number | undefined;
}

/** Options of {@linkcode Subscription.unsubscribe} and snapshot requests. */
export interface SubscriptionCommandOptions {
  /** Aborts the wait for Kalshi's reply. */
  signal?: AbortSignal | undefined;
  /** Wait for the reply. @default {the client's commandTimeoutMs} */
  timeoutMs?: number | undefined;
}

/** The client operations a subscription handle calls. */
export interface SubscriptionOps {
  update(options: UpdateMarketsOptions): Promise<void>;
  unsubscribe(options: SubscriptionCommandOptions): Promise<void>;
  snapshot(
    tickers: readonly string[],
    options: SubscriptionCommandOptions,
  ): Promise<OrderbookSnapshotMessage[]>;
  /** Makes any message lost so far detectable now, and waits until frames sent so far arrived. */
  probe(options: SubscriptionCommandOptions): Promise<void>;
}

let make: <M extends WsDataMessage>(core: SubCore, ops: SubscriptionOps) => Subscription<M>;

/**
 * One `subscribe` call: an async iterable of the channels' messages and of `stale` /
 * `recovered` status messages, with a bounded buffer. It survives reconnects: Kalshi's sids
 * change underneath ({@linkcode Subscription.sids}), the stream does not.
 *
 * Leaving a `for await` loop early unsubscribes.
 *
 * @typeParam M The data messages of the subscribed channels.
 */
export class Subscription<M extends WsDataMessage = WsDataMessage>
  implements AsyncIterableIterator<M | WsStatusMessage>, AsyncDisposable {
  #core: SubCore;
  #ops: SubscriptionOps;

  static {
    make = <M extends WsDataMessage>(core: SubCore, ops: SubscriptionOps) =>
      new Subscription<M>(core, ops);
  }

  private constructor(core: SubCore, ops: SubscriptionOps) {
    this.#core = core;
    this.#ops = ops;
  }

  /** Client-side id, stable across reconnects. */
  get id(): number {
    return this.#core.id;
  }

  /** The subscribed channels. */
  get channels(): readonly WsChannel[] {
    return this.#core.params.channels;
  }

  /** Kalshi's current subscription ids (one per channel; empty while reconnecting). */
  get sids(): number[] {
    const out: number[] = [];
    for (const s of this.#core.streams) if (s.st) out.push(s.st.sid);
    return out;
  }

  /** The market filter, or undefined when the subscription takes every market. */
  get marketTickers(): string[] | undefined {
    const t = this.#core.tickers;
    return t ? [...t] : undefined;
  }

  /** Whether a `stale` status was emitted and has not recovered yet. */
  get stale(): boolean {
    return this.#core.streams.some((s) => s.stale);
  }

  /** Whether the stream has ended (unsubscribed, closed, failed). */
  get closed(): boolean {
    return this.#core.ended;
  }

  /**
   * Adds or removes markets (`update_subscription`). Order books of added markets arrive as
   * snapshots in the stream.
   *
   * @param options Markets to add and remove.
   * @returns When Kalshi confirmed.
   * @throws {KalshiWsError} When Kalshi refuses.
   * @throws {KalshiConfigError} When the subscription has no market filter.
   */
  update(options: UpdateMarketsOptions): Promise<void> {
    return this.#ops.update(options);
  }

  /**
   * Asks for fresh snapshots of some markets of an `orderbook_delta` subscription; they also
   * arrive in the stream.
   *
   * @param marketTickers Markets of this subscription.
   * @param options Signal and timeout.
   * @returns One snapshot per market.
   */
  getSnapshot(
    marketTickers: readonly string[],
    options: SubscriptionCommandOptions = {},
  ): Promise<OrderbookSnapshotMessage[]> {
    return this.#ops.snapshot(marketTickers, options);
  }

  /**
   * Ends the subscription: the stream finishes after the buffered messages.
   *
   * @param options Signal and timeout.
   * @returns When Kalshi confirmed.
   */
  unsubscribe(options: SubscriptionCommandOptions = {}): Promise<void> {
    return this.#ops.unsubscribe(options);
  }

  /** Reads the next message. */
  next(): Promise<IteratorResult<M | WsStatusMessage>> {
    return this.#core.queue!.next() as Promise<IteratorResult<M | WsStatusMessage>>;
  }

  /** Stops reading and unsubscribes in the background. */
  return(): Promise<IteratorResult<M | WsStatusMessage>> {
    return this.#core.queue!.return() as Promise<IteratorResult<M | WsStatusMessage>>;
  }

  /** The subscription is its own iterator (one reader). */
  [Symbol.asyncIterator](): AsyncIterableIterator<M | WsStatusMessage> {
    return this;
  }

  /** Unsubscribes; errors are swallowed when the client is already closed. */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.unsubscribe();
    } catch {
      // The connection is gone; nothing is left to release.
    }
  }

  /** What `Deno.inspect` shows. */
  [Symbol.for("Deno.customInspect")](): string {
    return `Subscription { id: ${this.id}, channels: ${JSON.stringify(this.channels)}, sids: ${
      JSON.stringify(this.sids)
    } }`;
  }
}

/**
 * Creates a subscription handle (used by the client).
 *
 * @param core The subscription state.
 * @param ops The client operations.
 * @returns The handle.
 */
export function newSubscription<M extends WsDataMessage>(
  core: SubCore,
  ops: SubscriptionOps,
): Subscription<M> {
  return make<M>(core, ops);
}

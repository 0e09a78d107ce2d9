/**
 * {@linkcode KalshiWs}: one signed WebSocket to Kalshi carrying every subscription, with command
 * correlation, sequence checking, snapshot recovery, reconnects and a liveness probe.
 *
 * @module
 */

import { KalshiAuth, resolvePrivateKey } from "../auth/mod.ts";
import { KalshiConfigError, type KalshiError } from "../errors.ts";
import { Engine } from "./_engine.ts";
import type { StreamSink } from "./_streams.ts";
import {
  type FeedHooks,
  newOrderbookFeed,
  type OrderbookFeed,
  type OrderbookFeedOptions,
} from "./books.ts";
import {
  type CommandOptions,
  type KalshiWsOptions,
  resolveOptions,
  type WsState,
  type WsStats,
} from "./options.ts";
import { newSubscription, type Subscription, type SubscriptionOptions } from "./subscription.ts";
import type {
  MessageOf,
  OrderbookSnapshotMessage,
  SubscribeParams,
  WsChannel,
  WsSubscriptionInfo,
} from "./types.ts";

/**
 * A Kalshi WebSocket client: one signed connection multiplexing typed subscriptions.
 *
 * Every subscription is an async iterable with a bounded buffer and an explicit overflow policy.
 * Sequence numbers are checked per subscription; after a gap, a repeated or a backward number, the
 * affected order books are announced `stale` in the stream, their deltas are withheld, fresh
 * snapshots are requested (`get_snapshot`, or a new subscription when that fails), and a
 * `recovered` status follows. A dropped connection is reopened with jittered exponential backoff
 * and every subscription restored (sids change; streams go on). Malformed frames are reported on
 * {@linkcode KalshiWs.errors} and the connection survives them.
 *
 * @example Order book deltas
 * ```ts ignore
 * import { KalshiWs } from "@kalshikit/kalshi/ws";
 *
 * await using ws = await KalshiWs.connect({ env: "demo", keyId, privateKey });
 * await using sub = await ws.subscribe({
 *   channels: ["orderbook_delta"],
 *   market_tickers: ["KXFED-26DEC-T4.00"],
 * });
 * for await (const m of sub) {
 *   if (m.type === "orderbook_delta") console.log(m.msg.price_dollars, m.msg.delta_fp);
 *   if (m.type === "stale") console.log("stale until fresh snapshots:", m.marketTickers);
 * }
 * ```
 */
export class KalshiWs implements AsyncDisposable {
  #engine: Engine;
  #url: string;

  private constructor(engine: Engine, url: string) {
    this.#engine = engine;
    this.#url = url;
  }

  /**
   * Opens a signed connection (`GET /trade-api/ws/v2`, signed afresh on every reconnect).
   *
   * @example Against the simulator
   * ```ts ignore
   * import { KalshiWs } from "@kalshikit/kalshi/ws";
   * import { startSim } from "@kalshikit/kalshi/sim";
   *
   * await using sim = await startSim({ markets: 200 });
   * await using ws = await KalshiWs.connect({
   *   url: sim.wsUrl,
   *   keyId: sim.keyId,
   *   privateKey: sim.privateKeyPem,
   * });
   * ```
   *
   * @param options Endpoint, credentials and behaviour.
   * @returns The open client; dispose of it to close.
   * @throws {KalshiConfigError} When the endpoint or credentials are missing or invalid.
   * @throws {KalshiAuthenticationError} When the handshake is refused with 401.
   * @throws {KalshiConnectionError} When the connection cannot be opened.
   */
  static async connect(options: KalshiWsOptions): Promise<KalshiWs> {
    options.signal?.throwIfAborted();
    const o = resolveOptions(options);
    let auth = options.auth;
    const owns = auth === undefined;
    if (!auth) {
      if (options.keyId === undefined || options.privateKey === undefined) {
        throw new KalshiConfigError(
          "Cannot connect to the Kalshi WebSocket: give `auth` or both `keyId` and `privateKey`",
        );
      }
      const privateKey = await resolvePrivateKey(
        options.privateKey,
        options.signal ? { signal: options.signal } : {},
      );
      auth = await KalshiAuth.create({ keyId: options.keyId, privateKey });
    }
    const engine = new Engine(o, auth, owns);
    try {
      await engine.start();
    } catch (e) {
      await engine.close();
      throw e;
    }
    return new KalshiWs(engine, o.url);
  }

  /** Connection state: `open`, `reconnecting` (subscriptions are restored once open) or `closed`. */
  get state(): WsState {
    return this.#engine.state;
  }

  /** The WebSocket URL. */
  get url(): string {
    return this.#url;
  }

  /** Counters since the client was created. */
  get stats(): Readonly<WsStats> {
    return this.#engine.stats;
  }

  /**
   * Subscribes to one or more channels. The subscription is an async iterable of the channels'
   * typed messages plus `stale` / `recovered` status messages.
   *
   * @example Fills and positions
   * ```ts ignore
   * await using sub = await ws.subscribe({ channels: ["fill", "market_positions"] });
   * for await (const m of sub) {
   *   if (m.type === "fill") console.log(m.msg.order_id, m.msg.count_fp);
   * }
   * ```
   *
   * @typeParam C The channels.
   * @param params Subscribe parameters, as on the wire.
   * @param options Buffer, overflow policy and abort signal.
   * @returns The subscription, once Kalshi confirmed every channel.
   * @throws {KalshiWsError} When Kalshi answers with an error (`wsCode` tells which).
   * @throws {KalshiConfigError} When the parameters are invalid.
   * @throws {KalshiTimeoutError} When no confirmation arrives in time.
   */
  async subscribe<const C extends WsChannel>(
    params: SubscribeParams & { channels: readonly C[] },
    options: SubscriptionOptions = {},
  ): Promise<Subscription<MessageOf<C>>> {
    const core = await this.#engine.open(params, options, undefined, undefined);
    return newSubscription<MessageOf<C>>(core, this.#engine.ops(core));
  }

  /**
   * Keeps live order books of some markets: subscribes `orderbook_delta` and applies every
   * snapshot and delta to a `book/` order book, flagging books stale while they are recovered.
   *
   * @example Usage
   * ```ts ignore
   * await using feed = await ws.books(["KXFED-26DEC-T4.00"]);
   * const book = await feed.ready("KXFED-26DEC-T4.00");
   * console.log(book.bestBid("yes"), book.stale);
   * ```
   *
   * @param tickers Markets.
   * @param options Update buffer, overflow policy, price scale, abort signal.
   * @returns The feed, once subscribed (books appear as snapshots arrive; see `ready`).
   * @throws {KalshiWsError} When Kalshi refuses the subscription (e.g. 16, market not found).
   */
  async books(
    tickers: readonly string[],
    options: OrderbookFeedOptions = {},
  ): Promise<OrderbookFeed> {
    const box: { hooks?: FeedHooks; early: Parameters<StreamSink>[]; ended?: { reason: unknown } } =
      { early: [] };
    const params: SubscribeParams = {
      channels: ["orderbook_delta"],
      market_tickers: tickers,
      use_yes_price: options.useYesPrice ?? false,
    };
    const sink: StreamSink = (item, stream) => {
      if (box.hooks) box.hooks.take(item, stream);
      else box.early.push([item, stream]);
    };
    const onEnd = (reason?: unknown) => {
      if (box.hooks) box.hooks.end(reason);
      else box.ended = { reason };
    };
    const core = await this.#engine.open(params, { signal: options.signal }, sink, onEnd);
    const { feed, hooks } = newOrderbookFeed(core, this.#engine.ops(core), options);
    box.hooks = hooks;
    for (const [item, stream] of box.early) hooks.take(item, stream);
    if (box.ended) hooks.end(box.ended.reason);
    return feed;
  }

  /**
   * Asks Kalshi for fresh snapshots of some markets of an orderbook subscription
   * (`update_subscription` with `get_snapshot`); they also flow through the subscription.
   *
   * @param subscription An `orderbook_delta` subscription.
   * @param marketTickers Markets of that subscription.
   * @param options Signal and timeout.
   * @returns The snapshots, one per market.
   */
  getSnapshot(
    subscription: Subscription,
    marketTickers: readonly string[],
    options: CommandOptions = {},
  ): Promise<OrderbookSnapshotMessage[]> {
    return subscription.getSnapshot(marketTickers, options);
  }

  /**
   * Lists the subscriptions Kalshi holds for this connection (`list_subscriptions`).
   *
   * @param options Signal and timeout.
   * @returns Channel and sid of each.
   */
  listSubscriptions(options: CommandOptions = {}): Promise<WsSubscriptionInfo[]> {
    return this.#engine.listSubscriptions(options);
  }

  /**
   * A stream of the errors the connection survives: malformed or unknown frames, sequence gaps,
   * Kalshi error frames that answer no command, failed reconnect attempts. Each call returns a new
   * stream that sees errors from then on; it ends when the client closes. (`onError` in the
   * options receives the same errors.)
   *
   * @param options Buffer size; the oldest errors are dropped when it is full.
   * @returns The stream.
   */
  errors(options: { bufferSize?: number } = {}): AsyncIterableIterator<KalshiError> {
    return this.#engine.errors(options.bufferSize ?? 256);
  }

  /**
   * Closes the connection: subscriptions end, pending commands reject, timers stop, and the
   * socket's close handshake is awaited. Idempotent.
   *
   * @returns When everything is released.
   */
  close(): Promise<void> {
    return this.#engine.close();
  }

  /** Same as {@linkcode KalshiWs.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** What `Deno.inspect` shows (never the key). */
  [Symbol.for("Deno.customInspect")](): string {
    return `KalshiWs { url: ${JSON.stringify(this.#url)}, state: "${this.state}" }`;
  }
}

/**
 * The machinery under `KalshiWs`: subscriptions and their sids, frame dispatch, sequence
 * checking, snapshot recovery and resubscription. The socket itself is {@linkcode Connection}'s.
 *
 * @module
 */

import type { KalshiAuth } from "../auth/mod.ts";
import { decodeBookFrame } from "../book/mod.ts";
import {
  KalshiConfigError,
  KalshiConnectionError,
  KalshiError,
  KalshiProtocolError,
  KalshiSequenceGapError,
  KalshiTimeoutError,
  KalshiWsError,
} from "../errors.ts";
import { Connection } from "./_connection.ts";
import {
  badMessage,
  CHANNEL_TYPES,
  CHANNELS,
  checkPayload,
  checkReply,
  decodeFrame,
  isKnownType,
  listOf,
  tickerOf,
  validateParams,
  type WireFrame,
  wsError,
} from "./_parse.ts";
import { BoundedQueue } from "./_queue.ts";
import {
  type ChannelStream,
  type InFrame,
  SidState,
  type StreamHost,
  type StreamSink,
  SubCore,
} from "./_streams.ts";
import type { CommandOptions, ResolvedOptions, WsState, WsStats } from "./options.ts";
import type { SubscriptionOps, SubscriptionOptions } from "./subscription.ts";
import type {
  OrderbookSnapshotMessage,
  SubscribeParams,
  WsChannel,
  WsSubscriptionInfo,
} from "./types.ts";

const SNAPSHOT_MAX_MISSES = 3;
const RETIRED_CAP = 4096;
const BOOK_PREFIX = '{"type":"orderbook_';

/** Markets to add to and delete from one sid. */
interface MarketChange {
  st: SidState;
  add: string[];
  del: string[];
}

/** The client's state and logic; `KalshiWs` is its public face. */
export class Engine {
  #o: ResolvedOptions;
  #auth: KalshiAuth;
  #ownsAuth: boolean;
  #conn: Connection;
  #nextSubId = 1;
  #sids = new Map<number, SidState>();
  #retired = new Set<number>();
  #orphans = new Set<number>();
  #subs = new Set<SubCore>();
  #errorSinks = new Set<BoundedQueue<KalshiError>>();
  #getSnapshotOk = true;
  #closing: Promise<void> | undefined;
  #onAbort: (() => void) | undefined;
  #host: StreamHost;
  #stats: WsStats = {
    frames: 0,
    reconnects: 0,
    gaps: 0,
    outOfOrder: 0,
    duplicates: 0,
    snapshotRequests: 0,
    resubscribes: 0,
    errors: 0,
  };

  /**
   * Creates the engine (not yet connected).
   *
   * @param o Resolved options.
   * @param auth The signer.
   * @param ownsAuth Whether to dispose the signer on close.
   */
  constructor(o: ResolvedOptions, auth: KalshiAuth, ownsAuth: boolean) {
    this.#o = o;
    this.#auth = auth;
    this.#ownsAuth = ownsAuth;
    this.#conn = new Connection(o, auth, {
      frame: (data) => this.#onFrame(data),
      up: (reconnected) => this.#up(reconnected),
      down: (error) => this.#down(error),
      fatal: (error) => {
        this.#closing ??= this.#shutdown(error);
      },
      report: (error) => this.#report(error),
    });
    this.#host = {
      requestSnapshots: (st, tickers) => this.#requestSnapshots(st, tickers),
      report: (e) => this.#report(e),
      release: (core) => this.#release(core),
    };
  }

  /** Connection state. */
  get state(): WsState {
    return this.#conn.state;
  }

  /** A copy of the counters. */
  get stats(): WsStats {
    return { ...this.#stats };
  }

  /**
   * Lists Kalshi's subscriptions on this connection.
   *
   * @param options Signal and timeout.
   * @returns Channel and sid of each.
   */
  async listSubscriptions(options: CommandOptions): Promise<WsSubscriptionInfo[]> {
    let result: WsSubscriptionInfo[] = [];
    await this.#conn.command("list_subscriptions", undefined, (f) => {
      if (f.type === "error") throw wsError(f as WireFrame);
      if (f.type !== "ok") return false;
      result = listOf(f as WireFrame);
      return true;
    }, { ...options, waitOpen: true });
    return result;
  }

  /**
   * A new stream of reported errors.
   *
   * @param bufferSize Its buffer (oldest dropped when full).
   * @returns The stream.
   */
  errors(bufferSize: number): AsyncIterableIterator<KalshiError> {
    const q: BoundedQueue<KalshiError> = new BoundedQueue(bufferSize, "drop-oldest", {
      onReturn: () => this.#errorSinks.delete(q),
    });
    if (this.#conn.state === "closed" || this.#closing) q.close();
    else this.#errorSinks.add(q);
    return q;
  }

  /**
   * Closes everything. Idempotent.
   *
   * @returns When released.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown(undefined);
    return this.#closing;
  }

  // -------------------------------------------------------------------------------------------
  // Connection

  /** Opens the first socket; `signal` (from the options) closes the client when aborted. */
  async start(): Promise<void> {
    const signal = this.#o.signal;
    if (signal) {
      this.#onAbort = () => {
        this.#closing ??= this.#shutdown(signal.reason);
      };
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
    await this.#conn.open();
  }

  #up(reconnected: boolean): void {
    if (!reconnected) return;
    this.#stats.reconnects++;
    for (const core of this.#subs) this.#restore(core);
  }

  #down(error: KalshiError): void {
    this.#dropSids();
    this.#report(error);
    for (const core of this.#subs) for (const s of core.streams) s.unbind("reconnect", error);
  }

  #restore(core: SubCore): void {
    const streams = core.streams.filter((s) => !s.st && !(s.tickers && s.tickers.size === 0));
    if (streams.length === 0) return;
    this.#subscribeStreams(core, streams, {}).catch((e) => this.#streamsFailed(core, e));
  }

  #streamsFailed(core: SubCore, e: unknown): void {
    if (this.#closing || core.ended) return;
    if (e instanceof KalshiTimeoutError) {
      // No reply: the connection is suspect; reconnecting restores this subscription too.
      this.#conn.kill(e);
      return;
    }
    if (e instanceof KalshiConnectionError) return;
    const err = e instanceof KalshiError ? e : new KalshiProtocolError(String(e));
    this.#report(err);
    core.fail(err);
    this.#release(core);
  }

  async #shutdown(reason: unknown): Promise<void> {
    if (this.#onAbort) this.#o.signal?.removeEventListener("abort", this.#onAbort);
    this.#dropSids();
    const subs = [...this.#subs];
    this.#subs.clear();
    for (const core of subs) {
      if (reason === undefined) core.end();
      else core.fail(reason);
    }
    for (const q of this.#errorSinks) q.close();
    this.#errorSinks.clear();
    await this.#conn.close(reason);
    if (this.#ownsAuth) this.#auth[Symbol.dispose]();
  }

  #dropSids(): void {
    for (const st of this.#sids.values()) {
      st.retired = true;
      st.clearTimer();
    }
    this.#sids.clear();
    this.#retired.clear();
    this.#orphans.clear();
  }

  #report(error: KalshiError): void {
    this.#stats.errors++;
    for (const q of this.#errorSinks) q.push(error);
    try {
      this.#o.onError?.(error);
    } catch { /* a failing callback must not break the feed */ }
  }

  // -------------------------------------------------------------------------------------------
  // Subscriptions

  /**
   * The operations a subscription handle calls.
   *
   * @param core The subscription.
   * @returns Its operations.
   */
  ops(core: SubCore): SubscriptionOps {
    return {
      update: (o) => this.#update(core, o.addMarkets ?? [], o.deleteMarkets ?? [], o),
      unsubscribe: (o) => this.#unsubscribe(core, o),
      snapshot: (tickers, o) => this.#getSnapshot(core, tickers, o),
      probe: (o) => this.#probe(core, o),
    };
  }

  /**
   * Subscribes and returns the confirmed subscription state.
   *
   * @param params Subscribe parameters.
   * @param options Buffering and signal.
   * @param sink Synchronous receiver instead of a queue.
   * @param onEnd Called when the subscription ends.
   * @returns The subscription.
   */
  async open(
    params: SubscribeParams,
    options: SubscriptionOptions,
    sink: StreamSink | undefined,
    onEnd: ((reason?: unknown) => void) | undefined,
  ): Promise<SubCore> {
    validateParams(params);
    const signal = options.signal;
    signal?.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const core = new SubCore(this.#nextSubId++, this.#host, params, {
      bufferSize: options.bufferSize ?? this.#o.bufferSize,
      overflow: options.overflow ?? this.#o.overflow,
      sink,
      onEnd: (reason) => {
        if (onAbort) signal?.removeEventListener("abort", onAbort);
        onEnd?.(reason);
      },
    });
    this.#subs.add(core);
    try {
      await this.#subscribeStreams(core, core.streams, { signal, waitOpen: true });
    } catch (e) {
      this.#subs.delete(core);
      core.end();
      this.#release(core, true);
      throw e;
    }
    if (signal) {
      onAbort = () => {
        core.fail(signal.reason);
        this.#release(core);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }
    return core;
  }

  async #subscribeStreams(
    core: SubCore,
    streams: ChannelStream[],
    options: CommandOptions & { waitOpen?: boolean },
  ): Promise<void> {
    const unbound = new Map(streams.map((s) => [s.channel, s]));
    let id = 0;
    const params = core.wireParams(streams.map((s) => s.channel));
    const sent = params.market_tickers ? new Set(params.market_tickers) : undefined;
    try {
      await this.#conn.command("subscribe", params as unknown as Record<string, unknown>, (f) => {
        if (f.type === "error") throw wsError(f as WireFrame);
        const target = this.#replyChannel(f as WireFrame);
        if (target === undefined) return false;
        const stream = unbound.get(target.channel);
        if (!stream) return unbound.size === 0;
        unbound.delete(target.channel);
        if (core.ended) this.#fireUnsubscribe(target.sid);
        else this.#bind(stream, target.sid);
        return unbound.size === 0;
      }, { ...options, onId: (i) => (id = i) });
    } catch (e) {
      if (id) this.#orphans.add(id);
      throw e;
    }
    if (sent) await this.#reconcile(core, streams, sent);
  }

  /**
   * Brings freshly bound sids up to the market filter: `update` calls made while the subscribe
   * was in flight (a reconnect or resubscribe) changed the filter after the command was sent.
   */
  async #reconcile(core: SubCore, streams: ChannelStream[], sent: Set<string>): Promise<void> {
    const now = core.tickers;
    if (!now || core.ended) return;
    const add = [...now].filter((t) => !sent.has(t));
    const del = [...sent].filter((t) => !now.has(t));
    if (add.length === 0 && del.length === 0) return;
    const plan: MarketChange[] = [];
    for (const s of streams) {
      const others = s.st?.tickers(s);
      if (!s.st || !s.tickers || others === undefined) continue;
      plan.push({
        st: s.st,
        add: add.filter((t) => !others.has(t)),
        del: del.filter((t) => !others.has(t)),
      });
    }
    try {
      await this.#changeMarkets(core, add, plan, {});
    } catch (e) {
      // The update that asked for these markets has resolved: report a refusal, keep the rest.
      if (!(e instanceof KalshiWsError)) throw e;
      this.#report(e);
    }
  }

  /**
   * Sends `add_markets` / `delete_markets` per sid. When Kalshi refuses an addition, the added
   * markets are taken back (out of the filter, no snapshot awaited, off the sids that took them),
   * so the subscription does not keep chasing a market it never got.
   */
  async #changeMarkets(
    core: SubCore,
    added: readonly string[],
    plan: readonly MarketChange[],
    options: CommandOptions,
  ): Promise<void> {
    const jobs: Promise<void>[] = [];
    const took: { st: SidState; tickers: string[] }[] = [];
    let refused = false;
    for (const { st, add, del } of plan) {
      if (del.length > 0) jobs.push(this.#updateSid(st, "delete_markets", del, options));
      if (add.length === 0) continue;
      jobs.push(
        this.#updateSid(st, "add_markets", add, options).then(
          () => void took.push({ st, tickers: add }),
          (e) => {
            if (e instanceof KalshiWsError) refused = true;
            throw e;
          },
        ),
      );
    }
    const settled = await Promise.allSettled(jobs);
    if (refused) this.#unadd(core, added, took);
    for (const r of settled) if (r.status === "rejected") throw r.reason;
  }

  #unadd(
    core: SubCore,
    tickers: readonly string[],
    took: readonly { st: SidState; tickers: string[] }[],
  ): void {
    const filter = core.tickers;
    if (!filter || core.ended) return;
    const gone = tickers.filter((t) => filter.delete(t));
    if (gone.length === 0) return;
    for (const s of core.streams) {
      s.retarget([], gone);
      const still = s.st?.tickers();
      if (!s.st || still === undefined) continue;
      for (const t of gone) {
        if (still.has(t)) continue;
        s.st.awaiting.delete(t);
        s.st.misses.delete(t);
      }
    }
    for (const { st, tickers: added } of took) {
      const still = st.tickers();
      const drop = added.filter((t) => still !== undefined && !still.has(t));
      if (st.retired || drop.length === 0) continue;
      this.#conn.fire("update_subscription", {
        sids: [st.sid],
        market_tickers: drop,
        action: "delete_markets",
      });
    }
  }

  /** The channel and sid a `subscribed` (or merge `ok`) reply names. */
  #replyChannel(f: WireFrame): { channel: WsChannel; sid: number } | undefined {
    if (f.type === "subscribed") {
      const m = f.msg as { channel: string; sid: number };
      if (!(CHANNELS as readonly string[]).includes(m.channel)) {
        this.#report(
          new KalshiProtocolError(
            `Unknown channel ${JSON.stringify(m.channel)} in a subscribed reply`,
            "ws_unknown_channel",
          ),
        );
        return undefined;
      }
      return { channel: m.channel as WsChannel, sid: m.sid };
    }
    if (f.type === "ok" && f.sid !== undefined) {
      const st = this.#sids.get(f.sid);
      if (st) return { channel: st.channel, sid: f.sid };
    }
    return undefined;
  }

  #bind(stream: ChannelStream, sid: number): void {
    let st = this.#sids.get(sid);
    const merged = st !== undefined && st.streams.size > 0;
    const shared = merged ? st!.tickers() : undefined;
    if (!st) {
      st = new SidState(sid, stream.channel);
      this.#sids.set(sid, st);
    }
    stream.bind(st);
    if (!stream.isBook) return;
    const deadline = Date.now() + this.#o.snapshotTimeoutMs;
    const ask: string[] = [];
    for (const t of stream.unfresh()) {
      // Kalshi sends no snapshot for a market the sid already had: ask for one.
      if (merged && (shared === undefined || shared.has(t))) ask.push(t);
      else if (!st.awaiting.has(t)) st.awaiting.set(t, deadline);
    }
    this.#armWatchdog(st);
    if (ask.length > 0) this.#requestSnapshots(st, ask);
  }

  async #update(
    core: SubCore,
    add: readonly string[],
    del: readonly string[],
    options: CommandOptions,
  ): Promise<void> {
    if (core.ended) throw new KalshiConnectionError("Subscription closed");
    const filter = core.tickers;
    if (!filter) {
      throw new KalshiConfigError(
        "Cannot update markets: the subscription was made without market_tickers",
      );
    }
    const added = [...new Set(add)].filter((t) => !filter.has(t));
    const removed = [...new Set(del)].filter((t) => filter.has(t));
    for (const t of removed) filter.delete(t);
    for (const t of added) filter.add(t);
    for (const s of core.streams) s.retarget(added, removed);
    const jobs: Promise<void>[] = [];
    const plan: MarketChange[] = [];
    for (const s of core.streams) {
      if (!s.tickers) continue;
      const st = s.st;
      if (!st) {
        // A stream whose filter was empty was never subscribed on this connection.
        if (added.length > 0 && this.#conn.state === "open" && s.tickers.size === added.length) {
          jobs.push(
            this.#subscribeStreams(core, [s], options).catch((e) => {
              if (e instanceof KalshiWsError) this.#unadd(core, added, []);
              throw e;
            }),
          );
        }
        continue;
      }
      const others = st.tickers(s);
      const drop = removed.filter((t) => others !== undefined && !others.has(t));
      const fresh = added.filter((t) => others !== undefined && !others.has(t));
      const known = added.filter((t) => others === undefined || others.has(t));
      plan.push({ st, add: fresh, del: drop });
      if (added.length === 0 || !s.isBook) continue;
      const deadline = Date.now() + this.#o.snapshotTimeoutMs;
      for (const t of fresh) if (!st.awaiting.has(t)) st.awaiting.set(t, deadline);
      this.#armWatchdog(st);
      if (known.length > 0) this.#requestSnapshots(st, known);
    }
    jobs.push(this.#changeMarkets(core, added, plan, options));
    await Promise.all(jobs);
  }

  #updateSid(
    st: SidState,
    action: "add_markets" | "delete_markets",
    tickers: string[],
    options: CommandOptions,
  ): Promise<void> {
    const params = { sids: [st.sid], market_tickers: tickers, action };
    return this.#conn.command("update_subscription", params, (f) => {
      if (f.type === "error") throw wsError(f as WireFrame);
      return f.type === "ok";
    }, options);
  }

  async #unsubscribe(core: SubCore, options: CommandOptions, force = false): Promise<void> {
    if (!this.#subs.delete(core) && !force) return;
    core.end();
    const jobs: Promise<void>[] = [];
    for (const s of core.streams) {
      const st = s.st;
      s.st = undefined;
      if (!st) continue;
      st.streams.delete(s);
      if (st.streams.size === 0) {
        this.#retire(st);
        if (this.#conn.state !== "open") continue;
        jobs.push(this.#conn.command("unsubscribe", { sids: [st.sid] }, (f) => {
          const code = (f as WireFrame).msg as { code?: number } | undefined;
          if (f.type === "error" && code?.code !== 7) throw wsError(f as WireFrame);
          return f.type === "unsubscribed" || f.type === "error" || f.type === "ok";
        }, options));
      } else if (s.tickers && s.tickers.size > 0 && this.#conn.state === "open") {
        const others = st.tickers();
        const drop = [...s.tickers].filter((t) => others !== undefined && !others.has(t));
        if (drop.length > 0) jobs.push(this.#updateSid(st, "delete_markets", drop, options));
      }
    }
    await Promise.all(jobs);
  }

  /** Unsubscribes in the background (reader stopped, aborted, overflowed, or subscribe failed). */
  #release(core: SubCore, force = false): void {
    if (this.#conn.state === "closed") return;
    if (!this.#subs.has(core) && !(force && core.streams.some((s) => s.st))) return;
    this.#conn.linger(
      this.#unsubscribe(core, {}, force).catch((e) => {
        if (e instanceof KalshiError && !(e instanceof KalshiConnectionError)) this.#report(e);
      }),
    );
  }

  #retire(st: SidState): void {
    st.retired = true;
    st.clearTimer();
    this.#sids.delete(st.sid);
    this.#retired.add(st.sid);
    if (this.#retired.size > RETIRED_CAP) {
      const oldest = this.#retired.values().next().value;
      if (oldest !== undefined) this.#retired.delete(oldest);
    }
  }

  #fireUnsubscribe(sid: number): void {
    const st = this.#sids.get(sid);
    if (st && st.streams.size > 0) return;
    if (st) this.#retire(st);
    else this.#retired.add(sid);
    this.#conn.fire("unsubscribe", { sids: [sid] });
  }

  // -------------------------------------------------------------------------------------------
  // Snapshots and recovery

  async #getSnapshot(
    core: SubCore,
    tickers: readonly string[],
    options: CommandOptions,
  ): Promise<OrderbookSnapshotMessage[]> {
    const stream = core.streams.find((s) => s.isBook);
    if (!stream) {
      throw new KalshiConfigError("Cannot get a snapshot: not an orderbook_delta subscription");
    }
    const wanted = new Set(tickers);
    for (const t of wanted) {
      if (!stream.tickers?.has(t)) {
        throw new KalshiConfigError(
          `Cannot get a snapshot of ${JSON.stringify(t)}: not subscribed`,
        );
      }
    }
    if (wanted.size === 0) return [];
    const timeoutMs = options.timeoutMs ?? this.#o.commandTimeoutMs;
    await this.#conn.whenOpen(options.signal, timeoutMs);
    const st = stream.st;
    if (!st) throw new KalshiConnectionError("WebSocket not connected");
    const got = new Map<string, OrderbookSnapshotMessage>();
    const listener = (f: InFrame, t: string) => {
      if (wanted.has(t)) got.set(t, f as unknown as OrderbookSnapshotMessage);
    };
    stream.snapshotListeners.add(listener);
    try {
      // Complete once a snapshot of every market arrived after the request (an `ok`, which
      // Kalshi may also send, does not end the wait).
      await this.#conn.command("update_subscription", {
        sids: [st.sid],
        market_tickers: [...wanted],
        action: "get_snapshot",
      }, (f) => {
        if (f.type === "error") throw wsError(f as WireFrame);
        return got.size === wanted.size;
      }, { ...options, timeoutMs });
    } finally {
      stream.snapshotListeners.delete(listener);
    }
    return [...wanted].map((t) => got.get(t)!);
  }

  /**
   * A checkpoint: a snapshot of one market is a sequenced reply, so a message lost before it
   * shows as a gap now rather than at the next delta; the `list_subscriptions` reply after it
   * comes after anything the server sent behind the snapshot.
   */
  async #probe(core: SubCore, options: CommandOptions): Promise<void> {
    const stream = core.streams.find((s) => s.isBook);
    const ticker = stream?.tickers?.values().next().value;
    if (ticker !== undefined) await this.#getSnapshot(core, [ticker], options);
    await this.listSubscriptions(options);
  }

  #requestSnapshots(st: SidState, tickers: Iterable<string>): void {
    if (st.retired || this.#conn.state !== "open") return;
    const deadline = Date.now() + this.#o.snapshotTimeoutMs;
    const ask: string[] = [];
    for (const t of tickers) {
      if (st.awaiting.has(t)) continue;
      st.awaiting.set(t, deadline);
      ask.push(t);
    }
    this.#armWatchdog(st);
    if (ask.length === 0) return;
    if (!this.#getSnapshotOk) {
      this.#resubscribeSid(st, "gap");
      return;
    }
    this.#stats.snapshotRequests += ask.length;
    const remaining = new Set(ask);
    this.#conn.command("update_subscription", {
      sids: [st.sid],
      market_tickers: ask,
      action: "get_snapshot",
    }, (f, ticker) => {
      if (f.type === "error") throw wsError(f as WireFrame);
      if (ticker !== undefined) remaining.delete(ticker);
      return remaining.size === 0;
    }, { timeoutMs: this.#o.snapshotTimeoutMs }).catch((e) => {
      // Lost snapshots are the watchdog's business; refusals are answered here.
      if (st.retired || !(e instanceof KalshiWsError)) return;
      this.#report(e);
      if (e.wsCode === 5 || e.wsCode === 13 || e.wsCode === 15) this.#getSnapshotOk = false;
      this.#resubscribeSid(st, "gap");
    });
  }

  #armWatchdog(st: SidState): void {
    if (st.timer !== undefined || st.awaiting.size === 0 || st.retired) return;
    let next = Infinity;
    for (const d of st.awaiting.values()) if (d < next) next = d;
    st.timer = setTimeout(() => {
      st.timer = undefined;
      this.#watchdog(st);
    }, Math.max(0, next - Date.now()));
  }

  #watchdog(st: SidState): void {
    if (st.retired || this.#conn.state !== "open") return;
    const now = Date.now();
    let resubscribe = false;
    const retry: string[] = [];
    for (const [t, d] of [...st.awaiting]) {
      if (d > now) continue;
      st.awaiting.delete(t);
      const misses = (st.misses.get(t) ?? 0) + 1;
      st.misses.set(t, misses);
      if (misses === SNAPSHOT_MAX_MISSES - 1) resubscribe = true;
      else if (misses < SNAPSHOT_MAX_MISSES) retry.push(t);
      else {
        this.#report(
          new KalshiTimeoutError(
            `No snapshot of ${t} on sid ${st.sid} after ${misses} tries; waiting for the next gap`,
            this.#o.snapshotTimeoutMs,
          ),
        );
      }
    }
    if (resubscribe) {
      this.#resubscribeSid(st, "gap");
      return;
    }
    if (retry.length > 0) this.#requestSnapshots(st, retry);
    this.#armWatchdog(st);
  }

  /** Ends a sid and subscribes each of its streams again (fresh sid, fresh snapshots). */
  #resubscribeSid(st: SidState, reason: "gap" | "channel_error", error?: KalshiError): void {
    if (st.retired) return;
    const misses = st.misses;
    const streams = [...st.streams];
    this.#retire(st);
    this.#conn.fire("unsubscribe", { sids: [st.sid] });
    for (const s of streams) {
      s.unbind(reason, error);
      this.#stats.resubscribes++;
    }
    for (const s of streams) {
      this.#subscribeStreams(s.core, [s], {}).then(
        () => {
          // Carry the miss counts over, so a market that never answers is given up on.
          const nst = s.st;
          if (nst) { for (const [t, m] of misses) if (nst.awaiting.has(t)) nst.misses.set(t, m); }
        },
        (e) => this.#streamsFailed(s.core, e),
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Frames

  #onFrame(data: unknown): void {
    this.#stats.frames++;
    if (
      typeof data === "string" && data.startsWith(BOOK_PREFIX) &&
      data.length <= this.#o.maxFrameChars && this.#fastBook(data)
    ) return;
    let f: WireFrame;
    try {
      f = decodeFrame(data, this.#o.maxFrameChars);
    } catch (e) {
      this.#report(e as KalshiError);
      return;
    }
    switch (f.type) {
      case "subscribed":
      case "ok":
      case "unsubscribed":
      case "error":
        this.#onReply(f);
        return;
    }
    if (f.sid === undefined) {
      this.#report(badMessage(f, '"sid" is missing'));
      return;
    }
    const st = this.#sids.get(f.sid);
    if (!st) {
      if (!this.#retired.has(f.sid)) {
        this.#report(
          new KalshiProtocolError(`Message for unknown sid ${f.sid} (${f.type})`, "ws_unknown_sid"),
        );
      }
      return;
    }
    if (f.seq !== undefined && !this.#checkSeq(st, f.seq, data as string)) return;
    if (!CHANNEL_TYPES[st.channel].includes(f.type)) {
      this.#report(
        isKnownType(f.type)
          ? badMessage(f, `type not carried by channel ${st.channel}`)
          : new KalshiProtocolError(
            `Unknown WebSocket message type ${JSON.stringify(f.type).slice(0, 60)} on sid ${f.sid}`,
            "ws_unknown_type",
          ),
      );
      return;
    }
    const problem = checkPayload(f);
    if (problem !== undefined) {
      const err = badMessage(f, problem);
      this.#report(err);
      const m = f.msg as Record<string, unknown> | null;
      const t = m !== null && typeof m === "object" && typeof m.market_ticker === "string"
        ? [m.market_ticker]
        : undefined;
      st.invalidate(t, "invalid_message", err);
      return;
    }
    const ticker = tickerOf(f);
    st.deliver(f, ticker);
    if (f.id) this.#conn.route(f, ticker);
  }

  /** The order-book fast path: `book/`'s scanner instead of `JSON.parse`, for feed-only sids. */
  #fastBook(text: string): boolean {
    let bf;
    try {
      bf = decodeBookFrame(text);
    } catch {
      return false; // the generic path reports it
    }
    if (!bf || bf.sid === undefined) return false;
    const st = this.#sids.get(bf.sid);
    if (!st || st.channel !== "orderbook_delta" || !st.allSinks()) return false;
    if (bf.seq !== undefined && !this.#checkSeq(st, bf.seq, text)) return true;
    st.deliver(bf, bf.ticker);
    if (bf.id) this.#conn.route(bf, bf.ticker);
    return true;
  }

  /** Checks `seq` continuity of a data message; returns false when it must be dropped. */
  #checkSeq(st: SidState, seq: number, text: string): boolean {
    const last = st.lastSeq;
    if (last === undefined || seq === last + 1) {
      st.lastSeq = seq;
      st.lastText = text;
      return true;
    }
    if (seq > last + 1) {
      this.#gap(st, last + 1, seq);
      st.lastText = text;
      return true;
    }
    if (seq === last && text === st.lastText) {
      this.#stats.duplicates++;
      return false;
    }
    this.#stats.outOfOrder++;
    const err = new KalshiProtocolError(
      `Out-of-order message on sid ${st.sid} (${st.channel}): expected ${
        last + 1
      }, received ${seq}`,
      "out_of_order",
    );
    this.#report(err);
    st.invalidate(undefined, "out_of_order", err);
    return false;
  }

  #gap(st: SidState, expected: number, seq: number): void {
    this.#stats.gaps++;
    const err = new KalshiSequenceGapError(`sid ${st.sid} (${st.channel})`, expected, seq);
    this.#report(err);
    st.lastSeq = seq;
    st.invalidate(undefined, "gap", err);
  }

  #onReply(f: WireFrame): void {
    const problem = checkReply(f);
    if (problem !== undefined) {
      this.#report(badMessage(f, problem));
      return;
    }
    // Replies on a sid (ok, unsubscribed, scoped errors) take sequence numbers too.
    if (f.sid !== undefined && f.seq !== undefined && f.type !== "subscribed") {
      const st = this.#sids.get(f.sid);
      const last = st?.lastSeq;
      if (st && (last === undefined || f.seq === last + 1)) st.lastSeq = f.seq;
      else if (st && f.seq > last! + 1) this.#gap(st, last! + 1, f.seq);
    }
    if (this.#conn.route(f)) return;
    if (f.type === "subscribed") {
      if (f.id && this.#orphans.has(f.id)) this.#fireUnsubscribe((f.msg as { sid: number }).sid);
      return;
    }
    if (f.type !== "error") return;
    const err = wsError(f);
    this.#report(err);
    const st = f.sid !== undefined ? this.#sids.get(f.sid) : undefined;
    // 10 (channel error) and 25 (buffer overflow) end the subscription: subscribe again.
    if (st && f.id === undefined && (err.wsCode === 10 || err.wsCode === 25)) {
      this.#resubscribeSid(st, "channel_error", err);
    }
  }
}

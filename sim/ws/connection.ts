/**
 * One client connection to the simulator's WebSocket feed: its commands (`subscribe`,
 * `unsubscribe`, `update_subscription`, `list_subscriptions`), its subscriptions with their
 * per-`sid` sequence counters, and the routing of exchange events to them.
 *
 * Validation is all-or-nothing: a command that fails changes nothing and gets one `error` reply.
 *
 * @module
 */

import type { Count } from "../../money/mod.ts";
import type { ApiKeyRecord, UserRecord } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import type { SimEvent } from "../types.ts";
import { communicationsMsg } from "./comms.ts";
import type { ConnectionFaults } from "./faults.ts";
import { feedIds, type IndexFeedKind, type IndexTick } from "./indices.ts";
import { Outbound } from "./outbound.ts";
import type { PositionLedger } from "./positions.ts";
import {
  errorMsg,
  INDEX_CHANNELS,
  isChannel,
  MARKET_FILTER_CHANNELS,
  SEQUENCED_CHANNELS,
  type WsChannel,
  type WsErrorCode,
  type WsFrame,
} from "./protocol.ts";
import {
  eventLifecycleMsg,
  fillMsg,
  marketLifecycleMsg,
  marketPositionMsg,
  orderbookDeltaMsg,
  orderGroupMsg,
  tickerMsg,
  tickerOfMarketId,
  tradeMsg,
  userOrderMsg,
  wsOrderbookSnapshot,
} from "./render.ts";

/** Limits of the feed; every field can be changed at run time. */
export interface WsLimits {
  /** Markets one subscription may cover (error 26 beyond). */
  maxMarketsPerSubscription: number;
  /** Unsent bytes on a socket before the subscription sending gets error 25 and is ended. */
  maxBufferedBytes: number;
  /** Largest command frame (characters); larger ones get error 1. */
  maxFrameBytes: number;
  /** Commands per second per connection (error 27 beyond). */
  maxCommandsPerSecond: number;
  /** Concurrent connections per user (HTTP 429 on the handshake beyond). */
  maxConnectionsPerUser: number;
  /**
   * Silence from the client after which the server pings it (Kalshi: every 10 s). A client that
   * answers no ping for as long again is disconnected.
   */
  pingIntervalMs: number;
}

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly ex: Exchange;
  readonly limits: WsLimits;
  readonly positions: PositionLedger;
  /** Size of the market's last trade, as the ticker channel reports it. */
  lastTradeSize(ticker: string): Count;
  /** Some connection's subscriptions changed (starts or stops index feeds). */
  subscriptionsChanged(): void;
  /** The connection closed. */
  closed(conn: WsConnection): void;
}

interface Subscription {
  sid: number;
  channel: WsChannel;
  seq: number;
  /** Market filter; null = every market. */
  tickers: Set<string> | null;
  /** Market ids the ticker channel was given, for acknowledgements. */
  ids: Set<string>;
  useYesPrice: boolean;
  skipAck: boolean;
  userFilter: "" | "self";
  shard?: { factor: number; key: number };
  /** Index / underlying filter of the index channels; `all` = every id. */
  indexIds: Set<string>;
}

/** A snapshot of one subscription, for the admin API. */
export interface SubscriptionInfo {
  /** Subscription id. */
  sid: number;
  /** Channel. */
  channel: WsChannel;
  /** Last `seq` used on the subscription (0 before any). */
  seq: number;
  /** The market filter; absent when the subscription covers every market. */
  market_tickers?: string[];
}

class CommandError extends Error {
  constructor(
    readonly code: WsErrorCode,
    readonly tickers: readonly string[] = [],
    readonly sub?: Subscription,
  ) {
    super(`ws error ${code}`);
  }
}

type Params = Record<string, unknown>;

function isObject(v: unknown): v is Params {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function readString(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new CommandError(1);
  return v;
}

function readStrings(p: Params, key: string): string[] | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new CommandError(1);
  return v as string[];
}

function readBool(p: Params, key: string): boolean {
  const v = p[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") throw new CommandError(1);
  return v;
}

function readInt(p: Params, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new CommandError(1);
  return v;
}

function readInts(p: Params, key: string): number[] | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isSafeInteger(x))) {
    throw new CommandError(1);
  }
  return v as number[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function shardOf(ticker: string, factor: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ticker.length; i++) h = Math.imul(h ^ ticker.charCodeAt(i), 0x01000193);
  return (h >>> 0) % factor;
}

/** One connected client. */
export class WsConnection {
  /** Serial number of the connection on its server (1 = first). */
  readonly serial: number;
  /** The signed-in user. */
  readonly user: UserRecord;
  /** The key that signed the handshake. */
  readonly key: ApiKeyRecord;
  readonly #host: ConnectionHost;
  readonly #socket: WebSocket;
  readonly #out: Outbound;
  readonly #subs = new Map<number, Subscription>();
  #nextSid = 1;
  #overflowSub: Subscription | undefined;
  #closed = false;
  #windowStart = 0;
  #windowCount = 0;

  /**
   * Wires a freshly upgraded socket.
   *
   * @param host The server.
   * @param socket The server-side socket.
   * @param auth The signed-in user and key.
   * @param options Fault source and serial number.
   */
  constructor(
    host: ConnectionHost,
    socket: WebSocket,
    auth: { user: UserRecord; key: ApiKeyRecord },
    options: { faults: ConnectionFaults | undefined; serial: number },
  ) {
    this.#host = host;
    this.#socket = socket;
    this.user = auth.user;
    this.key = auth.key;
    this.serial = options.serial;
    this.#out = new Outbound(socket, options.faults, {
      overflow: () => this.#overflow(),
      drop: () => this.close(1001, "Going away"),
      maxBufferedBytes: () => this.#host.limits.maxBufferedBytes,
    });
    socket.onmessage = (e) => this.#onMessage(e.data);
    socket.onclose = () => this.#teardown();
    socket.onerror = () => {};
  }

  /** The subscriptions, by sid. */
  get subscriptions(): SubscriptionInfo[] {
    return [...this.#subs.values()].map((s) => {
      const info: SubscriptionInfo = { sid: s.sid, channel: s.channel, seq: s.seq };
      if (s.tickers) info.market_tickers = [...s.tickers].sort();
      return info;
    });
  }

  /** Index feeds this connection subscribes to. */
  get indexFeeds(): IndexFeedKind[] {
    return [...this.#subs.values()].filter((s) => INDEX_CHANNELS.has(s.channel)).map((s) =>
      s.channel as IndexFeedKind
    );
  }

  /**
   * Closes the connection.
   *
   * @param code Close code.
   * @param reason Close reason.
   */
  close(code = 1000, reason = ""): void {
    if (this.#closed) return;
    try {
      this.#socket.close(code, reason);
    } catch {
      // already closing
    }
    this.#teardown();
  }

  #teardown(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#out.close();
    this.#subs.clear();
    this.#host.closed(this);
  }

  // ---- outbound ----------------------------------------------------------------------------

  #reply(frame: WsFrame): void {
    this.#overflowSub = undefined;
    this.#out.send(JSON.stringify(frame));
  }

  #error(id: number, code: WsErrorCode, tickers: readonly string[], sub?: Subscription): void {
    const frame: WsFrame = { type: "error" };
    if (id > 0) frame.id = id;
    if (sub) {
      frame.sid = sub.sid;
      if (SEQUENCED_CHANNELS.has(sub.channel)) frame.seq = ++sub.seq;
    }
    frame.msg = errorMsg(code, tickers);
    this.#reply(frame);
  }

  /** A message of a subscription's stream; `faultable` for data the exchange pushes. */
  #emit(
    sub: Subscription,
    type: string,
    msg: unknown,
    options: { id?: number; faultable?: boolean } = {},
  ): void {
    const frame: WsFrame = { type };
    if (options.id) frame.id = options.id;
    frame.sid = sub.sid;
    if (SEQUENCED_CHANNELS.has(sub.channel)) frame.seq = ++sub.seq;
    frame.msg = msg;
    this.#overflowSub = sub;
    this.#out.send(JSON.stringify(frame), options.faultable ? sub.channel : undefined);
  }

  #overflow(): void {
    const sub = this.#overflowSub;
    const frame: WsFrame = { type: "error" };
    if (sub) {
      frame.sid = sub.sid;
      if (SEQUENCED_CHANNELS.has(sub.channel)) frame.seq = ++sub.seq;
    }
    frame.msg = errorMsg(25);
    this.#out.sendNow(JSON.stringify(frame));
    if (sub && this.#subs.get(sub.sid) === sub) {
      // Error 25 is terminal for the subscription, not the connection (notes/ws.md §4.6): the
      // client resubscribes; other subscriptions keep flowing once the socket drains.
      this.#subs.delete(sub.sid);
      this.#host.ex.log(
        "warn",
        `ws connection ${this.serial}: buffer overflow, ended sid ${sub.sid}`,
      );
      this.#host.subscriptionsChanged();
      return;
    }
    this.#host.ex.log("warn", `ws connection ${this.serial}: buffer overflow, closing`);
    this.close(1008, "Subscription buffer overflow");
  }

  // ---- commands ----------------------------------------------------------------------------

  #onMessage(data: unknown): void {
    if (this.#closed) return;
    const limits = this.#host.limits;
    if (typeof data !== "string" || data.length > limits.maxFrameBytes) {
      return this.#error(0, 1, []);
    }
    let cmd: unknown;
    try {
      cmd = JSON.parse(data);
    } catch {
      return this.#error(0, 1, []);
    }
    if (!isObject(cmd)) return this.#error(0, 1, []);
    const rawId = cmd.id ?? 0;
    if (typeof rawId !== "number" || !Number.isSafeInteger(rawId) || rawId < 0) {
      return this.#error(0, 1, []);
    }
    const id = rawId;
    const now = this.#host.ex.clock.now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#windowCount = 0;
    }
    if (++this.#windowCount > limits.maxCommandsPerSecond) return this.#error(id, 27, []);
    try {
      const name = cmd.cmd ?? "";
      if (typeof name !== "string") throw new CommandError(1);
      const params = cmd.params;
      switch (name) {
        case "subscribe":
          return this.#subscribe(id, params);
        case "unsubscribe":
          return this.#unsubscribe(id, params);
        case "update_subscription":
          return this.#update(id, params);
        case "list_subscriptions": {
          const frame: WsFrame = { type: "ok" };
          if (id) frame.id = id;
          frame.msg = [...this.#subs.values()].map((s) => ({ channel: s.channel, sid: s.sid }));
          return this.#reply(frame);
        }
        default:
          throw new CommandError(5);
      }
    } catch (e) {
      if (e instanceof CommandError) return this.#error(id, e.code, e.tickers, e.sub);
      this.#host.ex.log("error", `ws connection ${this.serial}: command failed`, e);
      return this.#error(id, 1, []);
    }
  }

  #params(raw: unknown): Params {
    if (raw === undefined || raw === null) throw new CommandError(2);
    if (!isObject(raw)) throw new CommandError(1);
    return raw;
  }

  /** Tickers named by `market_ticker` / `market_tickers`, checked to exist. */
  #tickers(p: Params): string[] | undefined {
    const one = readString(p, "market_ticker");
    const many = readStrings(p, "market_tickers");
    if (one !== undefined && many !== undefined) throw new CommandError(11);
    const list = one !== undefined ? [one] : many?.length ? many : undefined;
    if (!list) return undefined;
    const unique = [...new Set(list)];
    const missing = unique.filter((t) => !this.#host.ex.catalogue.market(t));
    if (missing.length) throw new CommandError(16, missing);
    return unique;
  }

  /** Tickers named by `market_id` / `market_ids` (ticker channel only). */
  #idTickers(p: Params): Map<string, string> | undefined {
    const one = readString(p, "market_id");
    const many = readStrings(p, "market_ids");
    if (one !== undefined && many !== undefined) throw new CommandError(11);
    const list = one !== undefined ? [one] : many?.length ? many : undefined;
    if (!list) return undefined;
    const out = new Map<string, string>();
    for (const id of list) {
      if (!UUID.test(id)) throw new CommandError(11);
      const t = tickerOfMarketId(this.#host.ex, id);
      if (t === undefined) throw new CommandError(16);
      out.set(id, t);
    }
    return out;
  }

  #subscribe(id: number, raw: unknown): void {
    const p = this.#params(raw);
    const channels = p.channels;
    if (channels === undefined || channels === null) throw new CommandError(3);
    if (!Array.isArray(channels) || channels.some((c) => typeof c !== "string")) {
      throw new CommandError(1);
    }
    if (channels.length === 0) throw new CommandError(3);
    const names = [...new Set(channels as string[])];
    if (names.some((c) => !isChannel(c))) throw new CommandError(8);
    const chans = names as WsChannel[];
    const tickers = this.#tickers(p);
    const ids = this.#idTickers(p);
    if (ids && tickers) throw new CommandError(11);
    const sendInitial = readBool(p, "send_initial_snapshot");
    const skipAck = readBool(p, "skip_ticker_ack");
    const useYesPrice = readBool(p, "use_yes_price");
    const userFilter = readString(p, "user_filter") ?? "";
    if (userFilter !== "" && userFilter !== "self") throw new CommandError(11);
    const factor = readInt(p, "shard_factor");
    const key = readInt(p, "shard_key");
    let shard: { factor: number; key: number } | undefined;
    if (chans.includes("communications") && (factor !== undefined || key !== undefined)) {
      if (factor === undefined) throw new CommandError(20);
      if (factor <= 0) throw new CommandError(19);
      if (factor > 100) throw new CommandError(22);
      const k = key ?? 0;
      if (k < 0 || k >= factor) throw new CommandError(21);
      shard = { factor, key: k };
    }
    const indexIds = readStrings(p, "index_ids");
    const underlyings = readStrings(p, "underlying_tickers");

    // Plan every channel first, so a failure leaves the connection unchanged.
    const cap = this.#host.limits.maxMarketsPerSubscription;
    const plans = chans.map((channel) => {
      const existing = [...this.#subs.values()].find((s) => s.channel === channel);
      let markets: string[] | undefined;
      if (MARKET_FILTER_CHANNELS.has(channel)) {
        markets = channel === "ticker" && ids ? [...new Set(ids.values())] : tickers;
        if (channel === "orderbook_delta" && !markets) throw new CommandError(14);
        const merged = existing?.tickers === null || (existing && !markets)
          ? null
          : new Set([...(existing?.tickers ?? []), ...(markets ?? [])]);
        if (merged && merged.size > cap) throw new CommandError(26, [], existing);
      }
      return { channel, existing, markets };
    });

    for (const { channel, existing, markets } of plans) {
      let sub = existing;
      let added: string[] = [];
      if (!sub) {
        sub = {
          sid: this.#nextSid++,
          channel,
          seq: 0,
          tickers: MARKET_FILTER_CHANNELS.has(channel) && markets ? new Set(markets) : null,
          ids: new Set(channel === "ticker" && ids ? ids.keys() : []),
          useYesPrice,
          skipAck,
          userFilter,
          indexIds: new Set(
            channel === "pyth_value"
              ? underlyings ?? []
              : INDEX_CHANNELS.has(channel)
              ? indexIds ?? []
              : [],
          ),
        };
        if (shard && channel === "communications") sub.shard = shard;
        this.#subs.set(sub.sid, sub);
        added = markets ?? [];
      } else {
        // Since Oct 2025 a repeated subscribe merges into the existing subscription.
        if (MARKET_FILTER_CHANNELS.has(channel)) {
          if (sub.tickers === null || !markets) sub.tickers = null;
          else {
            added = markets.filter((t) => !sub!.tickers!.has(t));
            for (const t of added) sub.tickers.add(t);
          }
          if (channel === "ticker" && ids) { for (const i of ids.keys()) sub.ids.add(i); }
        }
        if (INDEX_CHANNELS.has(channel)) {
          for (const i of (channel === "pyth_value" ? underlyings : indexIds) ?? []) {
            sub.indexIds.add(i);
          }
        }
        if (channel === "communications") {
          if (p.user_filter !== undefined) sub.userFilter = userFilter;
          if (shard) sub.shard = shard;
        }
      }
      const reply: WsFrame = { type: "subscribed" };
      if (id) reply.id = id;
      reply.msg = { channel, sid: sub.sid };
      this.#reply(reply);
      if (channel === "orderbook_delta") { for (const t of added) this.#snapshot(sub, t); }
      if (channel === "ticker" && sendInitial) { for (const t of added) this.#tickerNow(sub, t); }
    }
    this.#host.subscriptionsChanged();
  }

  #snapshot(sub: Subscription, ticker: string, id = 0): void {
    const msg = wsOrderbookSnapshot(this.#host.ex, ticker, { useYesPrice: sub.useYesPrice });
    if (msg) this.#emit(sub, "orderbook_snapshot", msg, { id });
  }

  #tickerNow(sub: Subscription, ticker: string): void {
    const ex = this.#host.ex;
    const msg = tickerMsg(ex, ticker, ex.clock.now(), this.#host.lastTradeSize(ticker));
    if (msg) this.#emit(sub, "ticker", msg);
  }

  #unsubscribe(id: number, raw: unknown): void {
    const p = this.#params(raw);
    const sids = readInts(p, "sids");
    if (!sids || sids.length === 0) throw new CommandError(4);
    for (const sid of sids) {
      const sub = this.#subs.get(sid);
      if (!sub) {
        this.#error(id, 7, []);
        continue;
      }
      this.#subs.delete(sid);
      const frame: WsFrame = { type: "unsubscribed" };
      if (id) frame.id = id;
      frame.sid = sid;
      frame.seq = ++sub.seq;
      this.#reply(frame);
    }
    this.#host.subscriptionsChanged();
  }

  #update(id: number, raw: unknown): void {
    const p = this.#params(raw);
    const one = readInt(p, "sid");
    const many = readInts(p, "sids");
    const action = readString(p, "action");
    if (action === undefined || action === "") throw new CommandError(15);
    if ((one !== undefined) === (many !== undefined)) throw new CommandError(12);
    if (many && many.length !== 1) throw new CommandError(12);
    const sid = one ?? many![0]!;
    const sub = this.#subs.get(sid);
    if (!sub) throw new CommandError(7);
    switch (action) {
      case "add_markets":
      case "delete_markets":
        return this.#changeMarkets(id, sub, p, action);
      case "get_snapshot": {
        if (sub.channel !== "orderbook_delta") throw new CommandError(13, [], sub);
        if (p.market_ticker !== undefined || p.market_id !== undefined) {
          throw new CommandError(14, [], sub);
        }
        const { tickers } = this.#tickersFor(sub, p);
        const outside = tickers.filter((t) => !sub.tickers?.has(t));
        if (outside.length) throw new CommandError(11, outside, sub);
        for (const t of tickers) this.#snapshot(sub, t, id);
        return;
      }
      case "subscribe_indices":
      case "unsubscribe_indices":
      case "indexlist":
        if (sub.channel !== "cfbenchmarks_value" && sub.channel !== "cfbenchmarks_value_5hz") {
          throw new CommandError(13, [], sub);
        }
        return this.#changeIndices(id, sub, p, action, "index_ids", 24);
      case "subscribe_underlyings":
      case "unsubscribe_underlyings":
      case "underlying_list":
        if (sub.channel !== "pyth_value") throw new CommandError(13, [], sub);
        return this.#changeIndices(id, sub, p, action, "underlying_tickers", 28);
      default:
        throw new CommandError(13, [], sub);
    }
  }

  /** The markets of an update command (and the market ids named), errors scoped to `sub`. */
  #tickersFor(sub: Subscription, p: Params): { tickers: string[]; ids: string[] } {
    let tickers: string[] | undefined;
    let ids: string[] = [];
    try {
      tickers = this.#tickers(p);
      if (sub.channel === "ticker") {
        const byId = this.#idTickers(p);
        if (byId && tickers) throw new CommandError(11);
        if (byId) {
          ids = [...byId.keys()];
          tickers = [...new Set(byId.values())];
        }
      }
    } catch (e) {
      if (e instanceof CommandError) throw new CommandError(e.code, e.tickers, sub);
      throw e;
    }
    if (!tickers) throw new CommandError(14, [], sub);
    return { tickers, ids };
  }

  #changeMarkets(id: number, sub: Subscription, p: Params, action: string): void {
    if (!MARKET_FILTER_CHANNELS.has(sub.channel)) throw new CommandError(13, [], sub);
    let added: string[] = [];
    if (action === "add_markets") {
      const { tickers, ids } = this.#tickersFor(sub, p);
      if (sub.tickers !== null) {
        added = tickers.filter((t) => !sub.tickers!.has(t));
        if (sub.tickers.size + added.length > this.#host.limits.maxMarketsPerSubscription) {
          throw new CommandError(26, [], sub);
        }
        for (const t of added) sub.tickers.add(t);
        for (const i of ids) sub.ids.add(i);
      }
    } else {
      const one = readString(p, "market_ticker");
      const many = readStrings(p, "market_tickers") ?? [];
      const gone = one !== undefined ? [one, ...many] : many;
      const ids = readStrings(p, "market_ids") ?? [];
      const oneId = readString(p, "market_id");
      if (oneId !== undefined) ids.push(oneId);
      if (gone.length === 0 && ids.length === 0) throw new CommandError(14, [], sub);
      for (const i of ids) {
        sub.ids.delete(i);
        const t = tickerOfMarketId(this.#host.ex, i);
        if (t !== undefined) gone.push(t);
      }
      for (const t of gone) sub.tickers?.delete(t);
    }
    const frame: WsFrame = { type: "ok" };
    if (id) frame.id = id;
    frame.sid = sub.sid;
    frame.seq = ++sub.seq;
    if (!sub.skipAck && sub.tickers !== null) {
      const msg: Record<string, unknown> = { market_tickers: [...sub.tickers].sort() };
      if (sub.ids.size) msg.market_ids = [...sub.ids].sort();
      frame.msg = msg;
    }
    this.#reply(frame);
    if (sub.channel === "orderbook_delta") { for (const t of added) this.#snapshot(sub, t); }
    if (sub.channel === "ticker" && readBool(p, "send_initial_snapshot")) {
      for (const t of added) this.#tickerNow(sub, t);
    }
  }

  #changeIndices(
    id: number,
    sub: Subscription,
    p: Params,
    action: string,
    field: "index_ids" | "underlying_tickers",
    missingCode: 24 | 28,
  ): void {
    if (action === "indexlist" || action === "underlying_list") {
      const type = sub.channel === "pyth_value"
        ? "pyth_value_underlying_list"
        : `${sub.channel}_indexlist`;
      return this.#emit(sub, type, { [field]: [...feedIds(sub.channel as IndexFeedKind)] }, { id });
    }
    let list: string[] | undefined;
    try {
      list = readStrings(p, field);
    } catch {
      throw new CommandError(1, [], sub);
    }
    if (!list || list.length === 0) throw new CommandError(missingCode, [], sub);
    const adding = action.startsWith("subscribe");
    for (const i of list) adding ? sub.indexIds.add(i) : sub.indexIds.delete(i);
    const current = sub.indexIds.has("all") ? ["all"] : [...sub.indexIds].sort();
    const frame: WsFrame = { type: "ok" };
    if (id) frame.id = id;
    frame.sid = sub.sid;
    frame.seq = ++sub.seq;
    frame.msg = { [field]: current };
    this.#reply(frame);
  }

  // ---- exchange events ---------------------------------------------------------------------

  #owns(userId: string | undefined, subaccount: number | undefined): boolean {
    if (userId !== this.user.user_id) return false;
    const only = this.key.subaccount;
    return only === undefined || only === (subaccount ?? 0);
  }

  *#subsOf(channel: WsChannel, ticker?: string): Generator<Subscription> {
    for (const s of this.#subs.values()) {
      if (s.channel !== channel) continue;
      if (ticker !== undefined && s.tickers !== null && !s.tickers.has(ticker)) continue;
      yield s;
    }
  }

  /**
   * Routes one exchange event to the matching subscriptions.
   *
   * @param ev The event.
   */
  onEvent(ev: SimEvent): void {
    if (this.#closed || this.#subs.size === 0) return;
    const ex = this.#host.ex;
    const data = { faultable: true };
    switch (ev.type) {
      case "book_delta": {
        const own = this.#owns(ev.user_id, ev.subaccount);
        for (const s of this.#subsOf("orderbook_delta", ev.ticker)) {
          this.#emit(s, "orderbook_delta", orderbookDeltaMsg(ex, ev, own, s.useYesPrice), data);
        }
        return;
      }
      case "trade":
        for (const s of this.#subsOf("trade", ev.trade.ticker)) {
          this.#emit(s, "trade", tradeMsg(ev.trade), data);
        }
        return;
      case "fill":
        if (!this.#owns(ev.fill.user_id, ev.fill.subaccount)) return;
        for (const s of this.#subsOf("fill", ev.fill.ticker)) {
          this.#emit(s, "fill", fillMsg(ev.fill));
        }
        return;
      case "order":
        if (!this.#owns(ev.order.user_id, ev.order.subaccount)) return;
        for (const s of this.#subsOf("user_orders", ev.order.ticker)) {
          this.#emit(s, "user_order", userOrderMsg(ev.order));
        }
        return;
      case "position": {
        if (!this.#owns(ev.user_id, ev.subaccount)) return;
        const subs = [...this.#subsOf("market_positions", ev.ticker)];
        if (subs.length === 0) return;
        const trader = { user_id: ev.user_id, subaccount: ev.subaccount };
        const msg = marketPositionMsg(
          ev.user_id,
          ev.ticker,
          ev.subaccount,
          this.#host.positions.view(trader, ev.ticker),
        );
        for (const s of subs) this.#emit(s, "market_position", msg);
        return;
      }
      case "ticker": {
        const subs = [...this.#subsOf("ticker", ev.ticker)];
        if (subs.length === 0) return;
        const msg = tickerMsg(ex, ev.ticker, ev.ts_ms, this.#host.lastTradeSize(ev.ticker));
        if (msg) { for (const s of subs) this.#emit(s, "ticker", msg); }
        return;
      }
      case "market_lifecycle": {
        const r = marketLifecycleMsg(ex, ev);
        if (r) { for (const s of this.#subsOf(r.channel)) this.#emit(s, r.channel, r.msg, data); }
        return;
      }
      case "event_lifecycle": {
        const r = eventLifecycleMsg(ex, ev.event_ticker);
        if (r) {
          for (const s of this.#subsOf(r.channel)) this.#emit(s, "event_lifecycle", r.msg, data);
        }
        return;
      }
      case "order_group":
        if (!this.#owns(ev.user_id, ev.subaccount)) return;
        for (const s of this.#subsOf("order_group_updates")) {
          this.#emit(s, "order_group_updates", orderGroupMsg(ev), data);
        }
        return;
      case "communications":
        return this.#communications(ev);
    }
  }

  #communications(ev: Extract<SimEvent, { type: "communications" }>): void {
    const subs = [...this.#subsOf("communications")];
    if (subs.length === 0) return;
    const msg = communicationsMsg(this.#host.ex, ev, this.user.user_id);
    if (!msg) return;
    const isRfq = ev.event_type === "rfq_created" || ev.event_type === "rfq_deleted";
    for (const s of subs) {
      if (isRfq && s.userFilter === "self" && msg.creator_id !== this.user.communications_id) {
        continue;
      }
      if (s.shard && shardOf(String(msg.market_ticker ?? ""), s.shard.factor) !== s.shard.key) {
        continue;
      }
      this.#emit(s, ev.event_type, msg, { faultable: true });
    }
  }

  /**
   * Delivers one index tick to subscriptions that follow its id.
   *
   * @param tick The tick.
   */
  onIndexTick(tick: IndexTick): void {
    if (this.#closed) return;
    for (const s of this.#subsOf(tick.kind)) {
      if (s.indexIds.has("all") || s.indexIds.has(tick.id)) {
        this.#emit(s, tick.kind, tick.msg, { faultable: true });
      }
    }
  }
}

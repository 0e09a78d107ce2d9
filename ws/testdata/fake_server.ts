/**
 * An in-memory Kalshi WebSocket server for unit tests: an injectable `WebSocket` constructor whose
 * sockets talk to a scripted server. By default the server answers every command the way Kalshi
 * does (per-sid `seq`, snapshots after subscribe and `get_snapshot`, merged repeated subscribes);
 * tests push data frames and faults by hand. Events are delivered as microtasks, never timers, so
 * fake timers do not hold them back.
 *
 * @module
 */

import FakeTimers from "@sinonjs/fake-timers";
import type { WebSocketConstructor, WebSocketLike } from "../_socket.ts";

/** An installed fake clock. */
export type Clock = ReturnType<typeof FakeTimers.install>;

/**
 * Fakes timers and `Date` until disposed (`using clock = fakeTime()`).
 *
 * @returns The clock.
 */
export function fakeTime(): Clock & Disposable {
  const clock = FakeTimers.install({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
    now: 1_700_000_000_000,
  });
  return Object.assign(clock, { [Symbol.dispose]: () => clock.uninstall() });
}

/** A command as the client sent it. */
export interface Cmd {
  id: number;
  cmd: string;
  params?: Record<string, unknown>;
}

/** Server-side state of one subscription. */
export interface FakeSub {
  sid: number;
  channel: string;
  seq: number;
  tickers: Set<string> | null;
}

/** Levels of a fake book: `[price, count]` strings, per side. */
export interface FakeBook {
  yes: [string, string][];
  no: [string, string][];
}

/** The scripted server. */
export class FakeServer {
  /** Every socket ever created, in order. */
  readonly sockets: FakeSocket[] = [];
  /** Books served in snapshots (empty when absent). */
  readonly books: Map<string, FakeBook> = new Map();
  /** Answer commands like Kalshi. */
  autoReply = true;
  /** First sid of each new socket. */
  sidStart = 1;
  /** Refuse handshakes with this HTTP status. */
  refuseStatus: number | undefined;
  /** Never open new sockets (the client's connect timeout fires). */
  hang = false;
  /** Commands answered with an error code instead, by command/action name. */
  readonly failCommands: Map<string, number> = new Map();
  /** Called before the default handling; return true when handled. */
  onCommand: ((sock: FakeSocket, cmd: Cmd) => boolean) | undefined;
  #waiters: ((s: FakeSocket) => void)[] = [];
  #created: { n: number; resolve: () => void }[] = [];

  /** The constructor to inject as `WebSocket`. */
  get WebSocket(): WebSocketConstructor {
    // deno-lint-ignore no-this-alias
    const server = this;
    return class extends FakeSocket {
      constructor(url: string, options: { headers: Record<string, string> }) {
        super(server, url, options.headers);
      }
    };
  }

  /** The newest socket. */
  get last(): FakeSocket {
    const s = this.sockets.at(-1);
    if (!s) throw new Error("no socket yet");
    return s;
  }

  /**
   * Waits for the next socket to open (or returns one that opened since `after`).
   *
   * @param after Count of sockets already seen.
   * @returns The socket.
   */
  nextOpen(after = this.sockets.length): Promise<FakeSocket> {
    const ready = this.sockets.slice(after).find((s) => s.readyState === 1);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Waits until `n` sockets were created in all (signing is asynchronous, so a reconnect's socket
   * appears some time after its timer fires).
   *
   * @param n Socket count.
   * @returns When reached.
   */
  created(n: number): Promise<void> {
    if (this.sockets.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.#created.push({ n, resolve }));
  }

  /** @internal */
  added(): void {
    const ready = this.#created.filter((w) => this.sockets.length >= w.n);
    this.#created = this.#created.filter((w) => this.sockets.length < w.n);
    for (const w of ready) w.resolve();
  }

  /** @internal */
  opened(s: FakeSocket): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const r of w) r(s);
  }

  /**
   * Sets a market's book.
   *
   * @param ticker Market.
   * @param book Levels.
   */
  setBook(ticker: string, book: Partial<FakeBook>): void {
    this.books.set(ticker, { yes: book.yes ?? [], no: book.no ?? [] });
  }
}

/** One fake socket: the client side API plus server-side controls. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event | ErrorEvent) => unknown) | null = null;
  /** The handshake URL. */
  readonly url: string;
  /** The handshake headers. */
  readonly headers: Record<string, string>;
  /** Commands received, parsed. */
  readonly commands: Cmd[] = [];
  /** Frames sent to the client (objects or raw text). */
  readonly pushed: unknown[] = [];
  /** Server-side subscriptions by sid. */
  readonly subs: Map<number, FakeSub> = new Map();
  readonly server: FakeServer;
  #nextSid: number;
  #cmdWaiters: { pred: (c: Cmd) => boolean; resolve: (c: Cmd) => void }[] = [];

  constructor(server: FakeServer, url: string, headers: Record<string, string>) {
    this.server = server;
    this.url = url;
    this.headers = headers;
    this.#nextSid = server.sidStart;
    server.sockets.push(this);
    server.added();
    if (server.hang) return;
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      if (server.refuseStatus !== undefined) {
        this.readyState = 3;
        const msg =
          `NetworkError: failed to connect to WebSocket: Invalid status code: ${server.refuseStatus}`;
        this.onerror?.({ type: "error", message: msg } as unknown as ErrorEvent);
        this.onclose?.({ code: 1006, reason: "", wasClean: false } as CloseEvent);
        return;
      }
      this.readyState = 1;
      this.onopen?.(new Event("open"));
      server.opened(this);
    });
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("socket not open");
    const cmd = JSON.parse(data) as Cmd;
    this.commands.push(cmd);
    for (const w of [...this.#cmdWaiters]) {
      if (w.pred(cmd)) {
        this.#cmdWaiters.splice(this.#cmdWaiters.indexOf(w), 1);
        w.resolve(cmd);
      }
    }
    if (this.server.onCommand?.(this, cmd)) return;
    if (this.server.autoReply) this.#answer(cmd);
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState >= 2) return;
    const wasOpen = this.readyState === 1;
    this.readyState = 2;
    queueMicrotask(() => {
      this.readyState = 3;
      this.onclose?.({ code: wasOpen ? code : 1006, reason, wasClean: wasOpen } as CloseEvent);
    });
  }

  // ---- server side -----------------------------------------------------------------------

  /**
   * Waits for a command matching `pred` (or returns one already received).
   *
   * @param pred Which command.
   * @param seen Commands already consumed (skip them).
   * @returns The command.
   */
  waitCommand(pred: (c: Cmd) => boolean, seen = 0): Promise<Cmd> {
    const found = this.commands.slice(seen).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.#cmdWaiters.push({ pred, resolve }));
  }

  /**
   * Sends a frame to the client (an object is JSON-encoded).
   *
   * @param frame The frame.
   */
  push(frame: unknown): void {
    this.pushed.push(frame);
    const data = typeof frame === "string" || frame instanceof ArrayBuffer
      ? frame
      : JSON.stringify(frame);
    queueMicrotask(() => {
      if (this.readyState === 1) this.onmessage?.({ data } as MessageEvent);
    });
  }

  /**
   * Sends a data message on a subscription, numbering it unless `seq` is given (`null`: none).
   *
   * @param sid Subscription.
   * @param type Message type.
   * @param msg Payload.
   * @param seq Explicit sequence number, or null to send none.
   * @returns The frame sent.
   */
  emit(sid: number, type: string, msg: unknown, seq?: number | null): Record<string, unknown> {
    const sub = this.subs.get(sid);
    const frame: Record<string, unknown> = { type, sid };
    if (seq === undefined) {
      if (sub) frame.seq = ++sub.seq;
    } else if (seq !== null) {
      frame.seq = seq;
      if (sub) sub.seq = Math.max(sub.seq, seq);
    }
    frame.msg = msg;
    this.push(frame);
    return frame;
  }

  /**
   * Sends an orderbook delta.
   *
   * @param sid Subscription.
   * @param ticker Market.
   * @param price Price text.
   * @param delta Delta text.
   * @param side Book side.
   * @param seq Explicit seq.
   * @returns The frame.
   */
  delta(
    sid: number,
    ticker: string,
    price: string,
    delta: string,
    side: "yes" | "no" = "yes",
    seq?: number | null,
  ): Record<string, unknown> {
    const book = this.server.books.get(ticker) ?? { yes: [], no: [] };
    this.server.books.set(ticker, book);
    const levels = book[side];
    const i = levels.findIndex((l) => l[0] === price);
    const now = (i >= 0 ? Math.round(Number(levels[i]![1]) * 100) : 0) +
      Math.round(Number(delta) * 100);
    if (i >= 0) levels.splice(i, 1);
    if (now > 0) levels.push([price, (now / 100).toFixed(2)]);
    levels.sort((a, b) => Number(a[0]) - Number(b[0]));
    return this.emit(sid, "orderbook_delta", {
      market_ticker: ticker,
      market_id: "00000000-0000-4000-8000-000000000000",
      price_dollars: price,
      delta_fp: delta,
      side,
      ts_ms: 1_700_000_000_000,
    }, seq);
  }

  /**
   * Sends a snapshot of the server's book.
   *
   * @param sid Subscription.
   * @param ticker Market.
   * @param id Command id it answers.
   * @returns The frame.
   */
  snapshot(sid: number, ticker: string, id?: number): Record<string, unknown> {
    const book = this.server.books.get(ticker) ?? { yes: [], no: [] };
    const msg: Record<string, unknown> = {
      market_ticker: ticker,
      market_id: "00000000-0000-4000-8000-000000000000",
    };
    if (book.yes.length) msg.yes_dollars_fp = book.yes.map((l) => [...l]);
    if (book.no.length) msg.no_dollars_fp = book.no.map((l) => [...l]);
    const sub = this.subs.get(sid);
    const frame: Record<string, unknown> = { type: "orderbook_snapshot" };
    if (id) frame.id = id;
    frame.sid = sid;
    if (sub) frame.seq = ++sub.seq;
    frame.msg = msg;
    this.push(frame);
    return frame;
  }

  /**
   * Closes from the server side.
   *
   * @param code Close code.
   */
  drop(code = 1001): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    queueMicrotask(() =>
      this.onclose?.({ code, reason: "Going away", wasClean: false } as CloseEvent)
    );
  }

  /**
   * Sends an `error` frame.
   *
   * @param code Kalshi code.
   * @param ids Command id and sid.
   */
  error(code: number, ids: { id?: number; sid?: number } = {}): void {
    const frame: Record<string, unknown> = { type: "error" };
    if (ids.id) frame.id = ids.id;
    if (ids.sid !== undefined) {
      frame.sid = ids.sid;
      const sub = this.subs.get(ids.sid);
      if (sub) frame.seq = ++sub.seq;
    }
    frame.msg = { code, msg: `error ${code}` };
    this.push(frame);
  }

  #answer(c: Cmd): void {
    const p = c.params ?? {};
    const action = c.cmd === "update_subscription" ? String(p.action) : c.cmd;
    const failing = this.server.failCommands.get(action);
    if (failing !== undefined) {
      const sid = (p.sids as number[] | undefined)?.[0] ?? (p.sid as number | undefined);
      this.error(
        failing,
        sid !== undefined && this.subs.has(sid) ? { id: c.id, sid } : { id: c.id },
      );
      return;
    }
    switch (c.cmd) {
      case "subscribe":
        return this.#subscribe(c, p);
      case "unsubscribe":
        for (const sid of p.sids as number[]) {
          const sub = this.subs.get(sid);
          if (!sub) {
            this.error(7, { id: c.id });
            continue;
          }
          this.subs.delete(sid);
          this.push({ id: c.id, sid, seq: ++sub.seq, type: "unsubscribed" });
        }
        return;
      case "list_subscriptions":
        this.push({
          id: c.id,
          type: "ok",
          msg: [...this.subs.values()].map((s) => ({ channel: s.channel, sid: s.sid })),
        });
        return;
      case "update_subscription":
        return this.#update(c, p);
      default:
        this.error(5, { id: c.id });
    }
  }

  #subscribe(c: Cmd, p: Record<string, unknown>): void {
    const tickers = (p.market_tickers as string[] | undefined) ??
      (p.market_ticker !== undefined ? [p.market_ticker as string] : undefined);
    for (const channel of p.channels as string[]) {
      let sub = [...this.subs.values()].find((s) => s.channel === channel);
      let added = tickers ?? [];
      if (!sub) {
        sub = { sid: this.#nextSid++, channel, seq: 0, tickers: tickers ? new Set(tickers) : null };
        this.subs.set(sub.sid, sub);
      } else if (sub.tickers) {
        added = added.filter((t) => !sub!.tickers!.has(t));
        for (const t of added) sub.tickers.add(t);
      }
      this.push({ id: c.id, type: "subscribed", msg: { channel, sid: sub.sid } });
      if (channel === "orderbook_delta") { for (const t of added) this.snapshot(sub.sid, t); }
    }
  }

  #update(c: Cmd, p: Record<string, unknown>): void {
    const sid = (p.sids as number[] | undefined)?.[0] ?? (p.sid as number);
    const sub = this.subs.get(sid);
    if (!sub) return this.error(7, { id: c.id });
    const tickers = (p.market_tickers as string[] | undefined) ?? [];
    if (p.action === "get_snapshot") {
      for (const t of tickers) this.snapshot(sid, t, c.id);
      return;
    }
    const added: string[] = [];
    for (const t of tickers) {
      if (p.action === "add_markets" && !sub.tickers?.has(t)) {
        sub.tickers?.add(t);
        added.push(t);
      }
      if (p.action === "delete_markets") sub.tickers?.delete(t);
    }
    this.push({
      id: c.id,
      sid,
      seq: ++sub.seq,
      type: "ok",
      msg: { market_tickers: [...sub.tickers ?? []].sort() },
    });
    if (sub.channel === "orderbook_delta") { for (const t of added) this.snapshot(sid, t); }
  }
}

/**
 * Lets queued microtasks (fake socket events) run.
 *
 * @param rounds How many turns.
 */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * The connection under a `KalshiWs`: one socket at a time, signed afresh on every (re)connect,
 * command ids and their replies, reconnects with jittered backoff, and the liveness probe.
 *
 * @module
 */

import type { KalshiAuth } from "../auth/mod.ts";
import {
  KalshiApiError,
  KalshiConnectionError,
  KalshiError,
  KalshiTimeoutError,
  KalshiWsError,
} from "../errors.ts";
import type { WireFrame } from "./_parse.ts";
import { backoffDelay, closeSocket, openSocket, type WebSocketLike } from "./_socket.ts";
import type { InFrame } from "./_streams.ts";
import type { CommandOptions, ReconnectOptions, ResolvedOptions, WsState } from "./options.ts";

/**
 * A reply handler, fed every frame carrying the command's id (replies, and snapshots answering
 * `get_snapshot`, with their market): returns true when the command is complete; throws to fail
 * it.
 */
export type ReplyHandler = (frame: InFrame, ticker?: string) => boolean;

interface Pending {
  handle: ReplyHandler;
  fail: (reason: unknown) => void;
}

/** What the connection tells its owner. */
export interface ConnectionEvents {
  /** A frame arrived (text as received). */
  frame(data: unknown): void;
  /** A socket is open; `reconnected` is false for the first one. */
  up(reconnected: boolean): void;
  /** The socket was lost; a reconnect follows unless `fatal` is called next. */
  down(error: KalshiError): void;
  /** The connection is gone for good (reconnect disabled, refused, or attempts exhausted). */
  fatal(error: KalshiError): void;
  /** An error the connection survived. */
  report(error: KalshiError): void;
}

/** Extra options of {@linkcode Connection.command}. */
export interface SendOptions extends CommandOptions {
  /** Wait (within the timeout) for the connection to be open instead of failing at once. */
  waitOpen?: boolean;
  /** Receives the command id before the command is sent. */
  onId?: (id: number) => void;
}

/** One logical connection across sockets. */
export class Connection {
  readonly #o: ResolvedOptions;
  readonly #auth: KalshiAuth;
  readonly #events: ConnectionEvents;
  #state: WsState = "connecting";
  #sock: WebSocketLike | undefined;
  #epoch = 0;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #openWaiters = new Set<PromiseWithResolvers<void>>();
  #lingering = new Set<Promise<void>>();
  #life = new AbortController();
  #livenessTimer: ReturnType<typeof setTimeout> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #lastFrameAt = 0;
  #closed = false;

  /**
   * Creates the connection (not yet open).
   *
   * @param o Resolved options.
   * @param auth The signer.
   * @param events The owner.
   */
  constructor(o: ResolvedOptions, auth: KalshiAuth, events: ConnectionEvents) {
    this.#o = o;
    this.#auth = auth;
    this.#events = events;
  }

  /** Connection state. */
  get state(): WsState {
    return this.#state;
  }

  /** Opens the first socket. */
  async open(): Promise<void> {
    this.#attach(await this.#dial(), false);
  }

  /**
   * Makes the connection run a `work` promise to completion before {@linkcode Connection.close}
   * returns (background socket closes, background commands).
   *
   * @param work The promise; its rejection is ignored.
   */
  linger(work: Promise<unknown>): void {
    const p: Promise<void> = work.then(() => {}, () => {}).finally(() => this.#lingering.delete(p));
    this.#lingering.add(p);
  }

  /**
   * Drops the current socket as dead (no reply, liveness) and reconnects.
   *
   * @param error Why.
   */
  kill(error: KalshiError): void {
    if (this.#state === "open") this.#down(error);
  }

  /**
   * Closes for good: pending commands and waits reject with `reason`, timers stop, the socket is
   * closed and background work is awaited.
   *
   * @param reason Why; a plain close when undefined.
   */
  async close(reason?: unknown): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#state = "closed";
      this.#epoch++;
      const closed = new KalshiConnectionError("WebSocket client closed");
      this.#life.abort(closed);
      clearTimeout(this.#livenessTimer);
      clearTimeout(this.#reconnectTimer);
      this.#failPending(reason ?? closed);
      for (const w of this.#openWaiters) w.reject(reason ?? closed);
      this.#openWaiters.clear();
      const sock = this.#sock;
      this.#sock = undefined;
      if (sock) this.linger(closeSocket(sock));
    }
    while (this.#lingering.size > 0) await Promise.all([...this.#lingering]);
  }

  /**
   * Waits until a socket is open.
   *
   * @param signal Aborts the wait.
   * @param timeoutMs Longest wait; 0 for none.
   * @returns When open.
   */
  whenOpen(signal: AbortSignal | undefined, timeoutMs: number): Promise<void> {
    if (this.#state === "open") return Promise.resolve();
    if (this.#closed) return Promise.reject(new KalshiConnectionError("WebSocket client closed"));
    const w = Promise.withResolvers<void>();
    this.#openWaiters.add(w);
    const onAbort = () => w.reject(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = timeoutMs > 0
      ? setTimeout(
        () => w.reject(new KalshiTimeoutError(`Not reconnected within ${timeoutMs} ms`, timeoutMs)),
        timeoutMs,
      )
      : undefined;
    return w.promise.finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      this.#openWaiters.delete(w);
    });
  }

  /**
   * Sends a command and feeds the frames carrying its id to `handle` until it returns true. A
   * timeout or abort forgets the command (late replies then reach no handler).
   *
   * @param cmd Command name.
   * @param params Its `params`.
   * @param handle The reply handler.
   * @param options Signal, timeout, whether to wait for the connection.
   * @returns When the handler says the command is complete.
   */
  async command(
    cmd: string,
    params: Record<string, unknown> | undefined,
    handle: ReplyHandler,
    options: SendOptions = {},
  ): Promise<void> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.#closed) throw new KalshiConnectionError("WebSocket client closed");
    const timeoutMs = options.timeoutMs ?? this.#o.commandTimeoutMs;
    if (options.waitOpen) await this.whenOpen(signal, timeoutMs);
    const sock = this.#sock;
    if (!sock || this.#state !== "open") throw new KalshiConnectionError("WebSocket not connected");
    const id = this.#nextId++;
    options.onId?.(id);
    const done = Promise.withResolvers<void>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (error?: { reason: unknown }) => {
      if (this.#pending.get(id) === entry) this.#pending.delete(id);
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (error) done.reject(error.reason);
      else done.resolve();
    };
    const onAbort = () => settle({ reason: signal!.reason });
    const entry: Pending = {
      handle: (f, ticker) => {
        let complete: boolean;
        try {
          complete = handle(f, ticker);
        } catch (e) {
          settle({ reason: e });
          return true;
        }
        if (complete) settle();
        return complete;
      },
      fail: (reason) => settle({ reason }),
    };
    this.#pending.set(id, entry);
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        const msg = `No reply to ${cmd} (id ${id}) in ${timeoutMs} ms`;
        settle({ reason: new KalshiTimeoutError(msg, timeoutMs) });
      }, timeoutMs);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    const frame: Record<string, unknown> = { id, cmd };
    if (params) frame.params = params;
    try {
      sock.send(JSON.stringify(frame));
    } catch (cause) {
      const err = new KalshiConnectionError(`Cannot send ${cmd}: ${String(cause)}`, { cause });
      settle({ reason: err });
      this.kill(err);
    }
    await done.promise;
  }

  /**
   * Sends a command without waiting; failures other than "gone" and Kalshi's "unknown sid" are
   * reported.
   *
   * @param cmd Command name.
   * @param params Its `params`.
   */
  fire(cmd: string, params: Record<string, unknown>): void {
    if (this.#state !== "open") return;
    const done = (f: InFrame) => f.type !== "orderbook_snapshot";
    this.linger(
      this.command(cmd, params, done).catch((e) => {
        if (e instanceof KalshiWsError && e.wsCode === 7) return;
        if (e instanceof KalshiConnectionError) return;
        if (e instanceof KalshiError) this.#events.report(e);
      }),
    );
  }

  /**
   * Hands a frame carrying an id to its command, if one waits for it.
   *
   * @param f The frame.
   * @param ticker Its market, for snapshots.
   * @returns Whether a command took it.
   */
  route(f: InFrame | WireFrame, ticker?: string): boolean {
    const id = f.id;
    if (!id) return false;
    const p = this.#pending.get(id);
    if (!p) return false;
    if (p.handle(f, ticker)) this.#pending.delete(id);
    return true;
  }

  async #dial(): Promise<WebSocketLike> {
    const headers = await this.#auth.headers("GET", this.#o.url);
    return await openSocket(this.#o.Ctor, this.#o.url, { ...headers }, {
      timeoutMs: this.#o.connectTimeoutMs,
      signal: this.#life.signal,
    });
  }

  #attach(sock: WebSocketLike, reconnected: boolean): void {
    const epoch = ++this.#epoch;
    this.#sock = sock;
    this.#state = "open";
    this.#lastFrameAt = Date.now();
    sock.onmessage = (ev) => {
      if (epoch !== this.#epoch) return;
      this.#lastFrameAt = Date.now();
      this.#events.frame(ev.data);
    };
    sock.onerror = () => {};
    sock.onclose = (ev) => {
      if (epoch !== this.#epoch) return;
      this.#sock = undefined;
      const why = ev.reason ? `: ${ev.reason}` : "";
      this.#down(
        new KalshiConnectionError(`WebSocket closed by the server (code ${ev.code}${why})`),
      );
    };
    for (const w of this.#openWaiters) w.resolve();
    this.#openWaiters.clear();
    this.#armLiveness();
    this.#events.up(reconnected);
  }

  #down(error: KalshiError): void {
    if (this.#closed) return;
    this.#epoch++;
    const sock = this.#sock;
    this.#sock = undefined;
    if (sock) this.linger(closeSocket(sock));
    clearTimeout(this.#livenessTimer);
    this.#state = "reconnecting";
    this.#failPending(error);
    this.#events.down(error);
    if (this.#o.reconnect === false) this.#events.fatal(error);
    else if (!this.#closed) this.#scheduleReconnect(0);
  }

  #scheduleReconnect(attempt: number): void {
    const r = this.#o.reconnect as Required<ReconnectOptions>;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.linger(this.#reconnect(attempt));
    }, backoffDelay(attempt, r, Math.random));
  }

  async #reconnect(attempt: number): Promise<void> {
    let sock: WebSocketLike;
    try {
      sock = await this.#dial();
    } catch (e) {
      if (this.#closed) return;
      const err = e instanceof KalshiError
        ? e
        : new KalshiConnectionError(`Cannot reconnect: ${String(e)}`, { cause: e });
      this.#events.report(err);
      const refused = err instanceof KalshiApiError && (err.status === 401 || err.status === 403);
      const r = this.#o.reconnect as Required<ReconnectOptions>;
      if (refused || attempt + 1 >= r.maxAttempts) this.#events.fatal(err);
      else this.#scheduleReconnect(attempt + 1);
      return;
    }
    if (this.#closed) {
      await closeSocket(sock);
      return;
    }
    this.#attach(sock, true);
  }

  #armLiveness(): void {
    const l = this.#o.liveness;
    if (!l) return;
    clearTimeout(this.#livenessTimer);
    const epoch = this.#epoch;
    const probeFailed = (e: unknown) => {
      if (epoch !== this.#epoch || !(e instanceof KalshiError)) return;
      this.kill(
        e instanceof KalshiTimeoutError
          ? new KalshiTimeoutError(
            `WebSocket liveness probe got no reply in ${l.timeoutMs} ms`,
            l.timeoutMs,
          )
          : e,
      );
    };
    const check = () => {
      this.#livenessTimer = undefined;
      if (epoch !== this.#epoch) return;
      const idle = Date.now() - this.#lastFrameAt;
      if (idle < l.intervalMs) {
        this.#livenessTimer = setTimeout(check, l.intervalMs - idle);
        return;
      }
      const replied = (f: InFrame) => f.type === "ok" || f.type === "error";
      this.command("list_subscriptions", undefined, replied, { timeoutMs: l.timeoutMs }).then(
        () => {
          if (epoch === this.#epoch) this.#livenessTimer = setTimeout(check, l.intervalMs);
        },
        probeFailed,
      );
    };
    this.#livenessTimer = setTimeout(check, l.intervalMs);
  }

  #failPending(reason: unknown): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.fail(reason);
  }
}

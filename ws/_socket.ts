/**
 * Opening and closing one WebSocket, and the backoff schedule between attempts.
 *
 * @module
 */

import { KalshiApiError, KalshiConnectionError, KalshiTimeoutError } from "../errors.ts";

/** The part of the WebSocket API the client uses (Deno's `WebSocket` fits). */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends a text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Open handler. */
  onopen: ((ev: Event) => unknown) | null;
  /** Message handler; `data` is a string for text frames. */
  onmessage: ((ev: MessageEvent) => unknown) | null;
  /** Close handler. */
  onclose: ((ev: CloseEvent) => unknown) | null;
  /** Error handler. */
  onerror: ((ev: Event | ErrorEvent) => unknown) | null;
}

/**
 * A WebSocket constructor taking Deno's non-standard options bag, which carries the handshake's
 * auth headers (browsers cannot set them).
 */
export type WebSocketConstructor = new (
  url: string,
  options: { headers: Record<string, string> },
) => WebSocketLike;

/** The WebSocket path Kalshi signs. */
export const WS_PATH = "/trade-api/ws/v2";

/** Kalshi's WebSocket endpoints. */
export const WS_URLS: Readonly<Record<"prod" | "demo", string>> = {
  prod: "wss://external-api-ws.kalshi.com/trade-api/ws/v2",
  demo: "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2",
};

/**
 * Opens a socket and waits for it to be open. On failure the socket is closed (its close event
 * seen) before the promise rejects, so nothing leaks.
 *
 * @param Ctor The constructor.
 * @param url The URL.
 * @param headers Handshake headers.
 * @param options Timeout and abort signal.
 * @returns The open socket.
 */
export function openSocket(
  Ctor: WebSocketConstructor,
  url: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<WebSocketLike> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    let sock: WebSocketLike;
    try {
      sock = new Ctor(url, { headers });
    } catch (cause) {
      reject(new KalshiConnectionError(`Cannot connect to ${url}: ${message(cause)}`, { cause }));
      return;
    }
    let failure: unknown;
    let detail = "";
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      sock.onopen = sock.onclose = sock.onerror = null;
    };
    const giveUp = (reason: unknown) => {
      failure ??= reason;
      try {
        sock.close();
      } catch { /* already closing */ }
    };
    const onAbort = () => giveUp(signal!.reason);
    const timer = setTimeout(
      () =>
        giveUp(
          new KalshiTimeoutError(
            `Cannot connect to ${url}: no answer in ${timeoutMs} ms`,
            timeoutMs,
          ),
        ),
      timeoutMs,
    );
    signal?.addEventListener("abort", onAbort, { once: true });
    sock.onerror = (ev) => {
      detail = (ev as ErrorEvent).message ?? "";
    };
    sock.onopen = () => {
      if (failure !== undefined) return;
      cleanup();
      resolve(sock);
    };
    sock.onclose = (ev) => {
      cleanup();
      reject(failure ?? handshakeError(url, detail, ev.code));
    };
  });
}

/**
 * Closes a socket and waits for its close event (at most `capMs`).
 *
 * @param sock The socket.
 * @param capMs Longest wait.
 * @returns When closed.
 */
export function closeSocket(sock: WebSocketLike, capMs = 5_000): Promise<void> {
  if (sock.readyState === 3) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sock.onclose = null;
      resolve();
    };
    const timer = setTimeout(done, capMs);
    sock.onmessage = null;
    sock.onerror = null;
    sock.onclose = done;
    try {
      sock.close(1000);
    } catch {
      done();
    }
  });
}

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay. */
  initialDelayMs: number;
  /** Longest delay. */
  maxDelayMs: number;
  /** Growth per attempt. */
  multiplier: number;
  /** Fraction of each delay that is random, 0–1. */
  jitter: number;
}

/**
 * The delay before reconnect attempt `attempt` (0-based): exponential, capped, with the last
 * `jitter` fraction random.
 *
 * @param attempt Attempt number.
 * @param o Settings.
 * @param random A uniform [0, 1) source.
 * @returns Milliseconds.
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number): number {
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * o.multiplier ** Math.min(attempt, 60));
  return Math.round(base * (1 - o.jitter) + base * o.jitter * random());
}

function handshakeError(url: string, detail: string, code: number): Error {
  const status = /status code:?\s*(\d{3})/i.exec(detail)?.[1];
  if (status) {
    return KalshiApiError.from({
      status: Number(status),
      body: detail,
      method: "GET",
      path: new URL(url).pathname,
    });
  }
  const why = detail || `closed with code ${code}`;
  return new KalshiConnectionError(`Cannot connect to ${url}: ${why}`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

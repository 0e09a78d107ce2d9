/**
 * Options of `KalshiWs` and the types around them.
 *
 * @module
 */

import type { KalshiAuth, PrivateKeyInput } from "../auth/mod.ts";
import { KalshiConfigError, type KalshiError } from "../errors.ts";
import type { OverflowPolicy } from "./_queue.ts";
import { type WebSocketConstructor, WS_URLS } from "./_socket.ts";

/** Reconnect settings: jittered exponential backoff. */
export interface ReconnectOptions {
  /** First delay. @default {250} */
  initialDelayMs?: number;
  /** Longest delay. @default {30000} */
  maxDelayMs?: number;
  /** Growth per failed attempt. @default {2} */
  multiplier?: number;
  /** Fraction of each delay that is random (0–1). @default {0.5} */
  jitter?: number;
  /** Attempts before giving up (then every subscription fails). @default {Infinity} */
  maxAttempts?: number;
}

/**
 * Liveness probe. Deno answers Kalshi's pings without showing them, so when no frame arrived for
 * `intervalMs` the client sends `list_subscriptions` and reconnects if no reply comes within
 * `timeoutMs`.
 */
export interface LivenessOptions {
  /** Idle time before a probe. @default {15000} */
  intervalMs?: number;
  /** Wait for the probe's reply. @default {5000} */
  timeoutMs?: number;
}

/** Options of {@linkcode KalshiWs.connect}. */
export interface KalshiWsOptions {
  /** Kalshi environment; give this or `url`. */
  env?: "prod" | "demo";
  /** WebSocket URL (e.g. the simulator's `wsUrl`); overrides `env`. */
  url?: string;
  /** API key id (with `privateKey`), unless `auth` is given. */
  keyId?: string;
  /**
   * Private key (with `keyId`): PEM text, a parsed key, or where to load it from
   * (`{ pem }`, `{ path }`, `{ env }`).
   */
  privateKey?: PrivateKeyInput;
  /** A signer to use instead of `keyId` + `privateKey`; the client does not dispose it. */
  auth?: KalshiAuth;
  /** Reconnect settings, or `false` to fail every subscription when the connection drops. */
  reconnect?: ReconnectOptions | false;
  /** Liveness probe settings, or `false` to disable. */
  liveness?: LivenessOptions | false;
  /** Default buffer of each subscription, in messages. @default {1024} */
  bufferSize?: number | undefined;
  /** Default overflow policy of each subscription. @default {"error"} */
  overflow?: OverflowPolicy | undefined;
  /** Wait for a command's reply. @default {10000} */
  commandTimeoutMs?: number;
  /** Wait for the handshake. @default {10000} */
  connectTimeoutMs?: number;
  /** Wait for an expected snapshot before asking again. @default {10000} */
  snapshotTimeoutMs?: number;
  /** Largest frame accepted, in characters; larger ones are reported and skipped. @default {8388608} */
  maxFrameChars?: number;
  /** Called with every error the connection survives (also on {@linkcode KalshiWs.errors}). */
  onError?: (error: KalshiError) => void;
  /** Closes the client when aborted; streams then throw `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** WebSocket constructor (tests inject a fake). @default {globalThis.WebSocket} */
  WebSocket?: WebSocketConstructor;
}

/** Options of a single command. */
export interface CommandOptions {
  /** Aborts the wait (the command may still take effect). */
  signal?: AbortSignal | undefined;
  /** Wait for the reply. @default {the client's commandTimeoutMs} */
  timeoutMs?: number | undefined;
}

/** Connection state of a {@linkcode KalshiWs}. */
export type WsState = "connecting" | "open" | "reconnecting" | "closed";

/** Counters, for monitoring and tests. */
export interface WsStats {
  /** Frames received. */
  frames: number;
  /** Successful reconnects. */
  reconnects: number;
  /** Sequence gaps seen. */
  gaps: number;
  /** Backward or repeated sequence numbers seen (other than exact re-deliveries). */
  outOfOrder: number;
  /** Exact re-deliveries of the previous message, dropped. */
  duplicates: number;
  /** Markets for which a snapshot was requested (`get_snapshot`). */
  snapshotRequests: number;
  /** Channels subscribed again after a failure (not counting reconnects). */
  resubscribes: number;
  /** Errors reported. */
  errors: number;
}

/** Options with defaults applied (internal). */
export interface ResolvedOptions {
  url: string;
  reconnect: Required<ReconnectOptions> | false;
  liveness: Required<LivenessOptions> | false;
  bufferSize: number;
  overflow: OverflowPolicy;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  snapshotTimeoutMs: number;
  maxFrameChars: number;
  onError: ((error: KalshiError) => void) | undefined;
  signal: AbortSignal | undefined;
  Ctor: WebSocketConstructor;
}

/**
 * Applies defaults and checks the endpoint.
 *
 * @param options As given.
 * @returns The resolved options.
 * @throws {KalshiConfigError} When neither `env` nor a ws(s) `url` is given.
 */
export function resolveOptions(options: KalshiWsOptions): ResolvedOptions {
  const url = options.url ?? (options.env ? WS_URLS[options.env] : undefined);
  if (url === undefined) {
    throw new KalshiConfigError(
      'Cannot connect to the Kalshi WebSocket: give `env` ("prod" or "demo") or `url`',
    );
  }
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch { /* reported below */ }
  if (!u || (u.protocol !== "ws:" && u.protocol !== "wss:")) {
    throw new KalshiConfigError(`Invalid WebSocket url ${JSON.stringify(url)}: expected ws(s)://…`);
  }
  const r = options.reconnect;
  const l = options.liveness;
  const Ctor = options.WebSocket ??
    (globalThis as unknown as { WebSocket: WebSocketConstructor }).WebSocket;
  return {
    url,
    reconnect: r === false ? false : {
      initialDelayMs: r?.initialDelayMs ?? 250,
      maxDelayMs: r?.maxDelayMs ?? 30_000,
      multiplier: r?.multiplier ?? 2,
      jitter: Math.min(1, Math.max(0, r?.jitter ?? 0.5)),
      maxAttempts: r?.maxAttempts ?? Infinity,
    },
    liveness: l === false ? false : {
      intervalMs: l?.intervalMs ?? 15_000,
      timeoutMs: l?.timeoutMs ?? 5_000,
    },
    bufferSize: options.bufferSize ?? 1024,
    overflow: options.overflow ?? "error",
    commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    snapshotTimeoutMs: options.snapshotTimeoutMs ?? 10_000,
    maxFrameChars: options.maxFrameChars ?? 8 * 1024 * 1024,
    onError: options.onError,
    signal: options.signal,
    Ctor,
  };
}

/**
 * The simulator's WebSocket server at `/trade-api/ws/v2`, fed by the exchange's event bus.
 *
 * The handshake must be signed like a REST request over `timestamp + "GET" + "/trade-api/ws/v2"`;
 * anything else is refused with HTTP 401 before the upgrade, with the REST error bodies. Deno
 * answers the client's pings itself and, after `pingIntervalMs` of silence from the client, pings
 * it (a ping control frame with an empty body; Kalshi sends `heartbeat` every 10 s); a client that
 * stays silent as long again is closed with 1001.
 *
 * @module
 */

import { verifyAuthHeaders } from "../../auth/mod.ts";
import type { Count } from "../../money/mod.ts";
import type { ApiKeyRecord, UserRecord } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import type { SimEvent } from "../types.ts";
import {
  type ConnectionHost,
  type SubscriptionInfo,
  WsConnection,
  type WsLimits,
} from "./connection.ts";
import { WsFaults } from "./faults.ts";
import { type IndexFeedKind, IndexFeeds } from "./indices.ts";
import { PositionLedger } from "./positions.ts";

/** Default limits. Kalshi does not publish the per-subscription values; these are generous. */
export const DEFAULT_WS_LIMITS: Readonly<WsLimits> = Object.freeze({
  maxMarketsPerSubscription: 10_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxFrameBytes: 1024 * 1024,
  maxCommandsPerSecond: 10_000,
  maxConnectionsPerUser: 200,
  pingIntervalMs: 10_000,
});

/** A connection as the admin API lists it. */
export interface WsConnectionInfo {
  /** Serial number of the connection (1 = first since start). */
  conn_id: number;
  /** The signed-in user. */
  user_id: string;
  /** Its subscriptions. */
  subscriptions: SubscriptionInfo[];
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function refuse(status: number, code: string, message: string, details?: string): Response {
  const error: Record<string, string> = { code, message };
  if (details !== undefined) error.details = details;
  return new Response(JSON.stringify({ error }), { status, headers: JSON_HEADERS });
}

/** The WebSocket feed of one exchange. */
export class SimWsServer implements ConnectionHost {
  /** The exchange. */
  readonly ex: Exchange;
  /** Limits in force; fields may be changed at any time. */
  readonly limits: WsLimits;
  /** Fault injection of the feed. */
  readonly faults: WsFaults;
  /** Position figures for `market_positions`. */
  readonly positions: PositionLedger;
  readonly #conns = new Set<WsConnection>();
  readonly #lastTrade = new Map<string, Count>();
  readonly #feeds: IndexFeeds;
  readonly #off: () => void;
  #serial = 0;
  #closed = false;

  /**
   * Attaches a feed to an exchange's bus. Prefer {@linkcode simWsServer}, which keeps one per
   * exchange.
   *
   * @param ex The exchange.
   * @param options Initial limits.
   */
  constructor(ex: Exchange, options: { limits?: Partial<WsLimits> } = {}) {
    this.ex = ex;
    this.limits = { ...DEFAULT_WS_LIMITS, ...options.limits };
    this.faults = new WsFaults(ex.options.seed);
    this.positions = new PositionLedger(ex);
    this.#feeds = new IndexFeeds(ex.clock, ex.rng("ws-indices"), (tick) => {
      for (const c of this.#conns) c.onIndexTick(tick);
    });
    this.#off = ex.bus.on((ev) => this.#onEvent(ev));
  }

  /** The open connections. */
  get connections(): WsConnectionInfo[] {
    return [...this.#conns].map((c) => ({
      conn_id: c.serial,
      user_id: c.user.user_id,
      subscriptions: c.subscriptions,
    }));
  }

  /**
   * Size of a market's last trade seen on the bus.
   *
   * @param ticker Market ticker.
   * @returns The count, 0 before any trade.
   */
  lastTradeSize(ticker: string): Count {
    return this.#lastTrade.get(ticker) ?? 0;
  }

  /** Starts or stops the index feeds to match the subscriptions. */
  subscriptionsChanged(): void {
    const wanted = new Set<IndexFeedKind>();
    for (const c of this.#conns) for (const k of c.indexFeeds) wanted.add(k);
    this.#feeds.run(wanted);
  }

  /**
   * Forgets a closed connection.
   *
   * @param conn The connection.
   */
  closed(conn: WsConnection): void {
    this.#conns.delete(conn);
    this.subscriptionsChanged();
  }

  #onEvent(ev: SimEvent): void {
    if (ev.type === "fill") this.positions.onFill(ev.fill);
    else if (ev.type === "trade") this.#lastTrade.set(ev.trade.ticker, ev.trade.count);
    for (const c of this.#conns) {
      try {
        c.onEvent(ev);
      } catch (e) {
        this.ex.log("error", `ws connection ${c.serial}: cannot deliver ${ev.type}`, e);
      }
    }
  }

  /**
   * Answers a handshake on the WebSocket path: 401 unless signed, else the upgrade.
   *
   * @param req The request from `Deno.serve`.
   * @returns The response (101 for an accepted upgrade).
   */
  async handle(req: Request): Promise<Response> {
    if (this.#closed) return refuse(503, "service_unavailable", "service temporarily unavailable");
    const auth = await this.#authenticate(req);
    if (auth instanceof Response) return auth;
    const upgrade = req.headers.get("upgrade") ?? "";
    if (upgrade.toLowerCase() !== "websocket") {
      return refuse(400, "bad_request", "bad request", "expected a WebSocket upgrade");
    }
    const open = [...this.#conns].filter((c) => c.user.user_id === auth.user.user_id).length;
    if (open >= this.limits.maxConnectionsPerUser) {
      return refuse(429, "too_many_connections", "too many websocket connections");
    }
    let upgraded: { socket: WebSocket; response: Response };
    try {
      upgraded = Deno.upgradeWebSocket(req, {
        idleTimeout: (2 * this.limits.pingIntervalMs) / 1000,
      });
    } catch (e) {
      return refuse(400, "bad_request", "bad request", (e as Error).message);
    }
    const { socket, response } = upgraded;
    const conn = new WsConnection(this, socket, auth, {
      faults: this.faults.forConnection(),
      serial: ++this.#serial,
    });
    this.#conns.add(conn);
    return response;
  }

  async #authenticate(req: Request): Promise<{ user: UserRecord; key: ApiKeyRecord } | Response> {
    const h = req.headers;
    const keyId = h.get("KALSHI-ACCESS-KEY");
    if (
      keyId === null && !h.has("KALSHI-ACCESS-SIGNATURE") && !h.has("KALSHI-ACCESS-TIMESTAMP")
    ) {
      return refuse(401, "signature_is_missing_from_headers", "signature is missing from headers");
    }
    const key = keyId ? this.ex.accounts.key(keyId) : undefined;
    const user = key ? this.ex.accounts.user(key.user_id) : undefined;
    if (!key || !user) {
      return refuse(401, "authentication_error", "authentication_error", "NOT_FOUND");
    }
    const verdict = await verifyAuthHeaders({
      publicKey: key.public_key,
      method: "GET",
      path: new URL(req.url).pathname,
      headers: h,
      nowMs: this.ex.clock.now(),
    });
    if (verdict.ok) return { user, key };
    if (verdict.reason === "missing_headers") {
      return refuse(401, "signature_is_missing_from_headers", "signature is missing from headers");
    }
    if (verdict.reason === "stale_timestamp" || verdict.reason === "bad_timestamp") {
      return refuse(401, "header_timestamp_expired", "header timestamp expired");
    }
    return refuse(
      401,
      "authentication_error",
      "authentication_error",
      "INCORRECT_API_KEY_SIGNATURE",
    );
  }

  /**
   * Closes connections (the client sees code 1001), e.g. to test reconnects.
   *
   * @param userId Only this user's connections; all when undefined.
   * @returns How many were closed.
   */
  drop(userId?: string): number {
    let n = 0;
    for (const c of [...this.#conns]) {
      if (userId !== undefined && c.user.user_id !== userId) continue;
      c.close(1001, "Going away");
      n++;
    }
    return n;
  }

  /** Closes every connection, stops the index feeds and leaves the bus. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.drop();
    this.#feeds.close();
    this.#off();
  }
}

const servers = new WeakMap<Exchange, SimWsServer>();

/**
 * The WebSocket feed of an exchange, created on first use (one per exchange).
 *
 * @param ex The exchange.
 * @returns Its feed.
 */
export function simWsServer(ex: Exchange): SimWsServer {
  let s = servers.get(ex);
  if (!s) servers.set(ex, s = new SimWsServer(ex));
  return s;
}

/**
 * Starts the simulated exchange on loopback: REST under `/trade-api/v2`, the WebSocket feed under
 * `/trade-api/ws/v2`, and the admin API under `/_sim`.
 *
 * @module
 */

import { Hono } from "hono";
import { adminApp, createSimUser } from "./admin.ts";
import { Catalogue } from "./catalogue/catalogue.ts";
import { Comms } from "./comms/comms.ts";
import { Exchange, type ExchangeOptions } from "./exchange.ts";
import { installRoutes, SimRouter } from "./router.ts";
import { Trading } from "./trading/trading.ts";
import { wsAdminApp } from "./ws/admin.ts";
import { simWsServer } from "./ws/server.ts";

/** The REST path prefix, as on Kalshi. */
export const REST_PREFIX = "/trade-api/v2";
/** The WebSocket path, as on Kalshi. */
export const WS_PATH = "/trade-api/ws/v2";

/**
 * Builds a fully wired exchange: catalogue, trading, communications, and the funded demo user.
 *
 * @param options Exchange options.
 * @returns The exchange (not yet started).
 */
export function createExchange(options: ExchangeOptions = {}): Exchange {
  const ex = new Exchange(options);
  const catalogue = new Catalogue(ex);
  ex.attach({ catalogue, trading: new Trading(ex), comms: new Comms(ex) });
  return ex;
}

/**
 * The simulator as an in-process HTTP handler: the REST API, the WebSocket feed and the admin API,
 * answered without a socket.
 */
export interface SimApp {
  /**
   * Answers one request, as `Deno.serve` would pass it. Safe to pass around unbound.
   *
   * @param request The request, with an absolute URL.
   * @returns The response.
   */
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /**
   * Answers a request given by path (e.g. `/trade-api/v2/markets`), URL or `Request`.
   *
   * @param input A path relative to the server root, an absolute URL, or a request.
   * @param init Method, headers and body, as for `fetch()`.
   * @returns The response.
   */
  readonly request: (
    input: string | URL | Request,
    init?: RequestInit,
  ) => Response | Promise<Response>;
}

/**
 * The routes of every part with the admin API under `/_sim` and Kalshi's answer to unknown
 * routes, as an in-process handler. Tests can drive it without a socket through `app.request()`.
 *
 * @example Drive the REST API in-process
 * ```ts
 * import { createExchange, createSimApp } from "@kalshikit/kalshi/sim";
 * import assert from "node:assert/strict";
 *
 * const ex = createExchange({ markets: 50, seed: 7 });
 * try {
 *   const { app, router } = createSimApp(ex);
 *   const res = await app.request("/trade-api/v2/markets?limit=1");
 *   const { markets } = await res.json();
 *   assert.equal(markets.length, 1);
 *   assert.ok(router.routes.some((r) => r.op === "GetMarkets"));
 * } finally {
 *   ex.close();
 * }
 * ```
 *
 * @param ex The exchange.
 * @returns The app and the route table.
 */
export function createSimApp(ex: Exchange): { app: SimApp; router: SimRouter } {
  const router = new SimRouter();
  ex.catalogue.register(router);
  ex.trading.register(router);
  ex.comms.register(router);
  const app = new Hono();
  installRoutes(app, router, { exchange: ex, prefix: REST_PREFIX });
  const ws = simWsServer(ex);
  app.get(WS_PATH, (c) => ws.handle(c.req.raw));
  app.route("/_sim/ws", wsAdminApp(ws));
  app.route("/_sim", adminApp(ex));
  // Kalshi's Go server answers unknown routes in plain text, unlike a missing resource, and
  // since Oct 8 2025 redirects a trailing slash (301) to the slash-less path.
  app.notFound((c) => {
    const url = new URL(c.req.url);
    if (url.pathname.startsWith(`${REST_PREFIX}/`) && /[^/]\/+$/.test(url.pathname)) {
      url.pathname = url.pathname.replace(/\/+$/, "");
      return new Response(null, { status: 301, headers: { location: url.pathname + url.search } });
    }
    return new Response("404 page not found\n", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  });
  return { app, router };
}

/** Options of {@linkcode startSim}. */
export interface SimServerOptions extends ExchangeOptions {
  /** Port to listen on; 0 picks a free one. @default {0} */
  port?: number | undefined;
  /** Address to bind. @default {"127.0.0.1"} */
  hostname?: string | undefined;
}

/** A running simulator. */
export interface SimServer extends AsyncDisposable {
  /** REST base URL, e.g. `http://127.0.0.1:41234/trade-api/v2`. */
  readonly restUrl: string;
  /** WebSocket URL, e.g. `ws://127.0.0.1:41234/trade-api/ws/v2`. */
  readonly wsUrl: string;
  /** Admin API base URL. */
  readonly adminUrl: string;
  /** The bound port. */
  readonly port: number;
  /** API key id of the funded demo account. */
  readonly keyId: string;
  /** Private key (PKCS#8 PEM) of the demo account. */
  readonly privateKeyPem: string;
  /** User id of the demo account. */
  readonly userId: string;
  /** The exchange, for in-process inspection and control. */
  readonly exchange: Exchange;
  /** Stops serving and stops background work. */
  close(): Promise<void>;
}

/**
 * Starts a simulator with a funded demo account.
 *
 * @param options Exchange and server options.
 * @returns The running simulator.
 */
export async function startSim(options: SimServerOptions = {}): Promise<SimServer> {
  const ex = createExchange(options);
  const demo = await createSimUser(ex, { tier: ex.options.tier, cash: ex.options.startingCash });
  const { app } = createSimApp(ex);
  const hostname = options.hostname ?? "127.0.0.1";
  const server = Deno.serve(
    {
      port: options.port ?? 0,
      hostname,
      onListen() {},
      // Also reached by injected connection drops (a body stream erroring on purpose): log, never print.
      onError(error) {
        if (error !== undefined) ex.log("error", "request failed", error);
        return new Response("internal server error\n", { status: 500 });
      },
    },
    (req) => app.fetch(req),
  );
  ex.start();
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const base = `${host}:${server.addr.port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      ex.close();
      simWsServer(ex).close();
      await server.shutdown();
    })();
    return closing;
  };
  return {
    restUrl: `http://${base}${REST_PREFIX}`,
    wsUrl: `ws://${base}${WS_PATH}`,
    adminUrl: `http://${base}/_sim`,
    port: server.addr.port,
    keyId: demo.key_id,
    privateKeyPem: demo.private_key,
    userId: demo.user_id,
    exchange: ex,
    close,
    [Symbol.asyncDispose]: close,
  };
}

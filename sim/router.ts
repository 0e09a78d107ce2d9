/**
 * The simulator's route table and request pipeline. Every REST route goes through the same steps,
 * in Kalshi's order: injected faults (latency, 5xx, dropped connection, 429 burst), signature
 * authentication, token-bucket rate limiting, the handler, and faults after the write committed.
 *
 * Routes are declared with the path template as the spec writes it (`/markets/{ticker}`) and the
 * operation id; static paths are installed before parameterised ones so `/markets/orderbooks` is
 * never taken for a ticker. Unknown routes answer plain-text `404 page not found`, unlike a
 * missing resource, which answers JSON naming the resource.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import { verifyAuthHeaders } from "../auth/mod.ts";
import { apiError, BodyReader, QueryReader, readJson, SimHttpError } from "./_http.ts";
import type { ApiKeyRecord, UserRecord } from "./accounts.ts";
import type { Exchange } from "./exchange.ts";

/** HTTP methods the API uses. */
export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** How a route treats authentication. */
export type AuthMode = "required" | "optional";

/** Static facts about a route. */
export interface RouteMeta {
  /** Kalshi's operation id, e.g. `CreateOrderV2`. */
  op: string;
  /** `required` (default) rejects unsigned requests; `optional` verifies signatures when sent. */
  auth?: AuthMode;
  /** Whether the key needs the `write` scope. Defaults to true for non-GET routes. */
  write?: boolean;
  /** Marks a deprecated route: answers carry `Deprecation` and `Warning` headers. */
  deprecated?: string;
  /** Number of items a batch request carries, for per-item rate-limit costs. */
  items?: (body: unknown) => number;
}

/** A reply with an explicit status; handlers may also return a plain value (sent as 200 JSON). */
export class Reply {
  /**
   * Creates a reply.
   *
   * @param status HTTP status.
   * @param body JSON body; undefined sends no body.
   */
  constructor(readonly status: number, readonly body?: unknown) {}
}

/**
 * A reply with a status.
 *
 * @param status HTTP status (201 for creates, 204 for empty answers).
 * @param body JSON body, if any.
 * @returns The reply.
 */
export function reply(status: number, body?: unknown): Reply {
  return new Reply(status, body);
}

/** What a handler receives: the HTTP request, read the way Kalshi reads it. */
export class SimRequest {
  /** The exchange. */
  readonly ex: Exchange;
  /**
   * The HTTP request. Read its body through {@linkcode SimRequest.text} or
   * {@linkcode SimRequest.body}, which keep it for every step that needs it.
   */
  readonly request: Request;
  /** The operation. */
  readonly meta: RouteMeta;
  /** The authenticated user, when the request was signed. */
  user: UserRecord | undefined;
  /** The key that signed the request. */
  key: ApiKeyRecord | undefined;
  /** Query parameters, failing like Kalshi's validator. */
  readonly query: QueryReader;
  readonly #params: Readonly<Record<string, string>>;
  #bodyText: string | undefined;

  /**
   * Creates a request view.
   *
   * @param ex The exchange.
   * @param request The HTTP request.
   * @param options The route's facts and the decoded path parameters.
   */
  constructor(
    ex: Exchange,
    request: Request,
    options: { meta: RouteMeta; params?: Readonly<Record<string, string>> | undefined },
  ) {
    this.ex = ex;
    this.request = request;
    this.meta = options.meta;
    this.#params = options.params ?? {};
    this.query = new QueryReader(request.url, options.meta.op);
  }

  /**
   * A path parameter.
   *
   * @param name Its name in the template.
   * @returns The decoded value, or `""` when the template has no such parameter.
   */
  param(name: string): string {
    return this.#params[name] ?? "";
  }

  /** The signed-in user, or 401 when the route allowed anonymous access but this needs a user. */
  get me(): UserRecord {
    if (!this.user) {
      throw apiError(
        401,
        "authentication_error",
        "authentication required",
        "missing KALSHI-ACCESS-* headers",
      );
    }
    return this.user;
  }

  /**
   * The subaccount a request acts on: the query or body value, checked against the key's
   * restriction and the user's subaccounts.
   *
   * @param given The requested subaccount, if any.
   * @returns The subaccount number (0 when none was given).
   */
  subaccount(given: number | undefined): number {
    const restricted = this.key?.subaccount;
    if (restricted !== undefined) {
      if (given !== undefined && given !== restricted) {
        throw apiError(
          403,
          "subaccount_restricted",
          "this API key is restricted to one subaccount",
        );
      }
      return restricted;
    }
    const n = given ?? 0;
    this.ex.accounts.requireSubaccount(this.me.user_id, n);
    return n;
  }

  /**
   * The raw request body text, read once and kept.
   *
   * @returns The body text (`""` when there is none).
   */
  async text(): Promise<string> {
    this.#bodyText ??= await this.request.text();
    return this.#bodyText;
  }

  /**
   * The JSON body as a field reader.
   *
   * @param typeName Go type name used in decoder errors (e.g. `CreateOrderV2Request`).
   * @returns The reader.
   */
  async body(typeName: string): Promise<BodyReader> {
    const type = this.request.headers.get("content-type") ?? undefined;
    return new BodyReader(readJson(await this.text(), type), typeName);
  }
}

/** A route handler. */
export type Handler = (req: SimRequest) => unknown | Promise<unknown>;

interface RouteDef {
  method: Method;
  path: string;
  meta: RouteMeta;
  handler: Handler;
}

// Lets installRoutes() read a router's handlers without making them part of its public surface.
let routeDefs: (router: SimRouter) => readonly RouteDef[];

/**
 * The route table: each part declares its REST routes here; the server then serves them under the
 * API prefix through the request pipeline (faults, authentication, rate limits, handler).
 */
export class SimRouter {
  readonly #routes: RouteDef[] = [];

  static {
    routeDefs = (router) => router.#routes;
  }

  /** Every declared route (method, path template, operation id). */
  get routes(): readonly { method: Method; path: string; op: string }[] {
    return this.#routes.map((r) => ({ method: r.method, path: r.path, op: r.meta.op }));
  }

  /**
   * Declares a route.
   *
   * @param method HTTP method.
   * @param path Path template as in the spec, e.g. `/markets/{ticker}`.
   * @param meta Operation id and auth mode.
   * @param handler The handler: returns a {@linkcode Reply}, or a value sent as 200 JSON; throws
   *   a {@linkcode SimHttpError} for a Kalshi-shaped error.
   */
  on(method: Method, path: string, meta: RouteMeta, handler: Handler): void {
    if (this.#routes.some((r) => r.method === method && r.path === path)) {
      throw new Error(`Route ${method} ${path} is declared twice`);
    }
    this.#routes.push({ method, path, meta, handler });
  }
}

/**
 * Installs every route of a router on a Hono app under a prefix, behind the request pipeline.
 * Static segments sort before parameters.
 *
 * @param app The Hono app.
 * @param router The declared routes.
 * @param options The exchange the routes serve, and the API prefix (`/trade-api/v2`).
 */
export function installRoutes(
  app: Hono,
  router: SimRouter,
  options: { exchange: Exchange; prefix: string },
): void {
  const { exchange: ex, prefix } = options;
  const rank = (p: string) => p.split("/").map((s) => (s.startsWith("{") ? "~" : s)).join("/");
  const sorted = [...routeDefs(router)].sort((a, b) => rank(a.path) < rank(b.path) ? -1 : 1);
  for (const r of sorted) {
    const honoPath = prefix + r.path.replace(/\{([^}]+)\}/g, ":$1");
    app.on(r.method, honoPath, (c) => run(ex, c, r));
  }
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  if (body === undefined || status === 204) return new Response(null, { status, headers: extra });
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...extra } });
}

/**
 * A response whose connection breaks mid-body: the client gets the status line, then a read error,
 * as when a connection drops after the exchange committed the request.
 */
function dropped(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('{"'));
    },
    pull(c) {
      // Deno resets the connection; startSim's onError keeps the deliberate failure out of the logs.
      c.error(undefined);
    },
  });
  return new Response(body, { status: 200, headers: JSON_HEADERS });
}

function failure(e: unknown): Response {
  if (e instanceof SimHttpError) return json(e.status, e.body);
  return json(500, { error: { code: "internal_server_error", message: "internal server error" } });
}

async function run(ex: Exchange, c: Context, route: RouteDef): Promise<Response> {
  const fault = ex.faults.decide(route.method, route.path);
  if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault.before === "drop") return dropped();
  if (fault.before === "429") return json(429, { error: "too many requests" });
  if (fault.before === "error") return json(fault.status, serverError(fault.status));
  const req = new SimRequest(ex, c.req.raw, { meta: route.meta, params: c.req.param() });
  let res: Response;
  try {
    await authenticate(ex, req, route);
    await limit(ex, req, route);
    const out = await route.handler(req);
    res = out instanceof Reply ? json(out.status, out.body) : json(200, out);
  } catch (e) {
    if (!(e instanceof SimHttpError)) ex.log("error", `${route.method} ${route.path} failed`, e);
    return withDeprecation(failure(e), route.meta);
  }
  if (fault.after === "drop") return dropped();
  if (fault.after === "error") return json(fault.status, serverError(fault.status));
  return withDeprecation(res, route.meta);
}

function serverError(status: number): unknown {
  return status === 503
    ? { error: { code: "service_unavailable", message: "service temporarily unavailable" } }
    : { error: { code: "internal_server_error", message: "internal server error" } };
}

function withDeprecation(res: Response, meta: RouteMeta): Response {
  if (!meta.deprecated) return res;
  res.headers.set("Deprecation", "true");
  res.headers.set("Warning", `299 - "${meta.deprecated}"`);
  return res;
}

async function authenticate(ex: Exchange, req: SimRequest, route: RouteDef): Promise<void> {
  const h = req.request.headers;
  const keyId = h.get("KALSHI-ACCESS-KEY");
  const anyHeader = keyId !== null || h.has("KALSHI-ACCESS-SIGNATURE") ||
    h.has("KALSHI-ACCESS-TIMESTAMP");
  if (!anyHeader) {
    if ((route.meta.auth ?? "required") === "optional") return;
    throw apiError(401, "signature_is_missing_from_headers", "signature is missing from headers");
  }
  const key = keyId ? ex.accounts.key(keyId) : undefined;
  if (!key) throw apiError(401, "authentication_error", "authentication_error", "NOT_FOUND");
  const path = new URL(req.request.url).pathname;
  const verdict = await verifyAuthHeaders({
    publicKey: key.public_key,
    method: route.method,
    path,
    headers: h,
    nowMs: ex.clock.now(),
  });
  if (!verdict.ok) {
    if (verdict.reason === "missing_headers") {
      throw apiError(401, "signature_is_missing_from_headers", "signature is missing from headers");
    }
    if (verdict.reason === "stale_timestamp" || verdict.reason === "bad_timestamp") {
      throw apiError(401, "header_timestamp_expired", "header timestamp expired");
    }
    throw apiError(
      401,
      "authentication_error",
      "authentication_error",
      "INCORRECT_API_KEY_SIGNATURE",
    );
  }
  const needsWrite = route.meta.write ?? route.method !== "GET";
  if (needsWrite && !key.scopes.some((s) => s === "write" || s.startsWith("write::"))) {
    throw apiError(403, "insufficient_scope", "this API key lacks the write scope");
  }
  req.key = key;
  req.user = ex.accounts.user(key.user_id);
}

async function limit(ex: Exchange, req: SimRequest, route: RouteDef): Promise<void> {
  let items = 1;
  if (route.meta.items) {
    try {
      items = route.meta.items(JSON.parse(await req.text()));
    } catch {
      items = 1;
    }
  }
  const user = req.user;
  const ok = ex.limits.take(
    user?.user_id ?? "anonymous",
    user?.tier ?? "basic",
    route.meta.op,
    items,
  );
  if (!ok) throw new SimHttpError(429, { error: "too many requests" });
}

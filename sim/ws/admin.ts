/**
 * Admin API of the WebSocket feed, mounted at `/_sim/ws`:
 *
 * | Route | Body / answer |
 * |---|---|
 * | `GET /faults` | `{settings, injected, total}` |
 * | `PUT /faults` | {@linkcode WsFaultSettings} (`{}` = off) → `{settings}`; resets counters and connection numbering |
 * | `GET /limits` | `{max_markets_per_subscription, max_buffered_bytes, max_frame_bytes, max_commands_per_second, max_connections_per_user, ping_interval_ms}` |
 * | `PUT /limits` | any subset of those fields → all of them (ping interval applies to new connections) |
 * | `GET /connections` | `{connections: [{conn_id, user_id, subscriptions: [{sid, channel, seq, market_tickers?}]}]}` |
 * | `POST /connections/drop` | `{user_id?}` → `{dropped}`; clients see close code 1001 |
 * | `GET /orderbook/:ticker` | `?use_yes_price=true` → the `orderbook_snapshot` `msg` the feed would send now |
 *
 * @module
 */

import { Hono } from "hono";
import type { WsLimits } from "./connection.ts";
import { parseWsFaultSettings, type WsFaultSettings } from "./faults.ts";
import { wsOrderbookSnapshot } from "./render.ts";
import type { SimWsServer } from "./server.ts";

const LIMIT_FIELDS: Record<string, keyof WsLimits> = {
  max_markets_per_subscription: "maxMarketsPerSubscription",
  max_buffered_bytes: "maxBufferedBytes",
  max_frame_bytes: "maxFrameBytes",
  max_commands_per_second: "maxCommandsPerSecond",
  max_connections_per_user: "maxConnectionsPerUser",
  ping_interval_ms: "pingIntervalMs",
};

function limitsBody(ws: SimWsServer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [wire, field] of Object.entries(LIMIT_FIELDS)) out[wire] = ws.limits[field];
  return out;
}

function bad(message: string): Response {
  return Response.json({ error: { code: "bad_request", message } }, { status: 400 });
}

/**
 * The admin routes of a WebSocket feed.
 *
 * @param ws The feed.
 * @returns A Hono app to mount at `/_sim/ws`.
 */
export function wsAdminApp(ws: SimWsServer): Hono {
  const app = new Hono();
  app.get(
    "/faults",
    (c) =>
      c.json({
        settings: ws.faults.settings,
        injected: ws.faults.injected,
        total: ws.faults.total,
      }),
  );
  app.put("/faults", async (c) => {
    let settings: WsFaultSettings;
    try {
      settings = parseWsFaultSettings(await c.req.json());
    } catch (e) {
      return bad((e as Error).message);
    }
    ws.faults.set(settings);
    return c.json({ settings: ws.faults.settings });
  });
  app.get("/limits", (c) => c.json(limitsBody(ws)));
  app.put("/limits", async (c) => {
    const body = await c.req.json().catch(() => undefined) as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object") return bad("body must be a JSON object");
    const next: Partial<WsLimits> = {};
    for (const [k, v] of Object.entries(body)) {
      const field = LIMIT_FIELDS[k];
      if (!field) return bad(`unknown limit "${k}"`);
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        return bad(`limit "${k}" must be a non-negative number`);
      }
      next[field] = v;
    }
    Object.assign(ws.limits, next);
    return c.json(limitsBody(ws));
  });
  app.get("/connections", (c) => c.json({ connections: ws.connections }));
  app.post("/connections/drop", async (c) => {
    const body = await c.req.json().catch(() => ({})) as { user_id?: unknown };
    const userId = typeof body.user_id === "string" ? body.user_id : undefined;
    return c.json({ dropped: ws.drop(userId) });
  });
  app.get("/orderbook/:ticker", (c) => {
    const snap = wsOrderbookSnapshot(ws.ex, c.req.param("ticker"), {
      useYesPrice: c.req.query("use_yes_price") === "true",
    });
    if (!snap) {
      return Response.json({ error: { code: "not_found", message: "market not found" } }, {
        status: 404,
      });
    }
    return c.json(snap);
  });
  return app;
}

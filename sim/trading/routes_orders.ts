/**
 * Order routes: V2 writes (`/portfolio/events/orders*`), the legacy V1 writes
 * (`/portfolio/orders*`, deprecated; rejected with 410 when the exchange is told to), and the
 * order reads.
 *
 * @module
 */

import { type Count, formatCount } from "../../money/mod.ts";
import { apiError, BodyReader, invalidParameters, notFound, page } from "../_http.ts";
import type { Exchange } from "../exchange.ts";
import { reply, type SimRouter } from "../router.ts";
import { historicalCutoffMs } from "./cutoff.ts";
import type { Engine } from "./engine.ts";
import { itemError, newestFirstKey, parseContext, subaccountFilter, timeWindow } from "./common.ts";
import type { EngineOrder } from "./model.ts";
import {
  parseCreateV1,
  parseCreateV2,
  readClientId,
  readCount,
  readPrice,
  readV1Count,
  readV1Price,
  v1BookSide,
} from "./parse.ts";
import { fp, renderFillSummary, renderOrder } from "./render.ts";

const ORDER_STATUSES = ["resting", "canceled", "executed"] as const;

function itemsOf(body: unknown): number {
  const b = body as { orders?: unknown[]; ids?: unknown[] };
  return Math.max(
    1,
    (Array.isArray(b?.orders) ? b.orders.length : 0) +
      (Array.isArray(b?.ids) ? b.ids.length : 0),
  );
}

/** Matching-engine answer common to V2 writes. */
function v2Head(o: EngineOrder, ts: number): Record<string, unknown> {
  const out: Record<string, unknown> = { order_id: o.order_id };
  if (o.client_order_id !== "") out.client_order_id = o.client_order_id;
  out.ts_ms = ts;
  return out;
}

/** Checks the ticker/side/client id an amend names against the order. */
function checkAmendTarget(
  o: EngineOrder,
  ticker: string,
  bookSide: string,
  clientId: string | undefined,
): void {
  if (ticker !== o.ticker) {
    throw apiError(
      400,
      "order_ticker_mismatch",
      "order ticker mismatch",
      `order ${o.order_id} is on ${o.ticker}`,
    );
  }
  if (bookSide !== o.book_side) {
    throw apiError(
      400,
      "order_side_mismatch",
      "order side mismatch",
      `order ${o.order_id} is a ${o.book_side}`,
    );
  }
  if (clientId !== undefined && clientId !== o.client_order_id) {
    throw apiError(
      400,
      "order_id_and_client_order_id_mismatch",
      "order id and client order id mismatch",
    );
  }
}

/**
 * Declares the order routes.
 *
 * @param router The router.
 * @param ex The exchange.
 * @param engine The engine.
 */
export function registerOrderRoutes(router: SimRouter, ex: Exchange, engine: Engine): void {
  const now = () => ex.clock.now();

  // -- V2 writes ---------------------------------------------------------------------------------

  router.on("POST", "/portfolio/events/orders", { op: "CreateOrderV2" }, async (req) => {
    const r = await req.body("CreateOrderV2Request");
    const o = engine.submit(parseCreateV2(r, parseContext(req)));
    return reply(201, { ...v2Head(o, now()), ...renderFillSummary(o) });
  });

  router.on(
    "POST",
    "/portfolio/events/orders/batched",
    { op: "BatchCreateOrdersV2", items: itemsOf },
    async (req) => {
      const r = await req.body("BatchCreateOrdersV2Request");
      const items = r.array("orders", { required: true, max: 1000 })!;
      const ctx = parseContext(req);
      const out = items.map((item) => {
        try {
          const o = engine.submit(
            parseCreateV2(new BodyReader(item, "CreateOrderV2Request"), ctx),
          );
          return { ...v2Head(o, now()), ...renderFillSummary(o) };
        } catch (e) {
          const cid = (item as { client_order_id?: unknown })?.client_order_id;
          return { client_order_id: typeof cid === "string" ? cid : null, error: itemError(e) };
        }
      });
      return reply(201, { orders: out });
    },
  );

  router.on(
    "DELETE",
    "/portfolio/events/orders/batched",
    { op: "BatchCancelOrdersV2", items: itemsOf },
    async (req) => {
      const me = req.me;
      const r = await req.body("BatchCancelOrdersV2Request");
      const items = r.array("orders", { required: true, max: 1000 })!;
      const out = items.map((item) => {
        const raw = item as { order_id?: unknown };
        try {
          const ir = new BodyReader(item, "BatchCancelOrdersV2RequestOrdersInner");
          const id = ir.str("order_id", { required: true })!;
          const sub = ir.int("subaccount", { min: 0, max: 63 });
          ir.int("exchange_index", { min: -1 });
          ir.str("market_ticker");
          const o = engine.requireOpen(me.user_id, id, subaccountFilter(req, sub));
          const reduced = engine.cancel(o);
          const res: Record<string, unknown> = { order_id: o.order_id };
          if (o.client_order_id !== "") res.client_order_id = o.client_order_id;
          res.reduced_by = fp(reduced);
          res.ts_ms = now();
          return res;
        } catch (e) {
          return {
            order_id: typeof raw?.order_id === "string" ? raw.order_id : "",
            reduced_by: fp(0),
            error: itemError(e),
          };
        }
      });
      return { orders: out };
    },
  );

  router.on("DELETE", "/portfolio/events/orders", { op: "CancelAllOrders" }, (req) => {
    const me = req.me;
    const sub = subaccountFilter(req, req.query.int("subaccount", { min: 0, max: 63 }));
    engine.cancelAll(me.user_id, sub);
    return reply(204);
  });

  router.on("DELETE", "/portfolio/events/orders/{order_id}", { op: "CancelOrderV2" }, (req) => {
    const me = req.me;
    const sub = subaccountFilter(req, req.query.int("subaccount", { min: 0, max: 63 }));
    req.query.int("exchange_index", { min: -1 });
    const o = engine.requireOpen(me.user_id, req.param("order_id"), sub);
    const reduced = engine.cancel(o);
    return { ...v2Head(o, now()), reduced_by: fp(reduced) };
  });

  router.on(
    "POST",
    "/portfolio/events/orders/{order_id}/amend",
    { op: "AmendOrderV2" },
    async (req) => {
      const me = req.me;
      const sub = subaccountFilter(req, req.query.int("subaccount", { min: 0, max: 63 }));
      const r = await req.body("AmendOrderV2Request");
      const ticker = r.str("ticker", { required: true })!;
      const side = r.str("side", { required: true, oneOf: ["bid", "ask"] })!;
      const price = readPrice(r, "price", { required: true })!;
      const count = readCount(r, "count", { required: true })!;
      const cid = readClientId(r, "client_order_id");
      const newCid = readClientId(r, "updated_client_order_id");
      r.int("exchange_index", { min: -1 });
      const o = engine.requireOpen(me.user_id, req.param("order_id"), sub);
      checkAmendTarget(o, ticker, side, cid);
      engine.amend(o, { price, count, client_order_id: newCid });
      return { ...v2Head(o, now()), ...renderFillSummary(o) };
    },
  );

  router.on(
    "POST",
    "/portfolio/events/orders/{order_id}/decrease",
    { op: "DecreaseOrderV2" },
    async (req) => {
      const me = req.me;
      const sub = subaccountFilter(req, req.query.int("subaccount", { min: 0, max: 63 }));
      const r = await req.body("DecreaseOrderV2Request");
      const which = r.oneOf(["reduce_by", "reduce_to"], { required: true })!;
      const n = readCount(r, which, { allowZero: which === "reduce_to" })!;
      r.int("exchange_index", { min: -1 });
      r.str("market_ticker");
      const o = engine.requireOpen(me.user_id, req.param("order_id"), sub);
      engine.decrease(o, which === "reduce_by" ? n : Math.max(0, o.remaining_count - n));
      return { ...v2Head(o, now()), remaining_count: fp(o.remaining_count) };
    },
  );

  // -- Legacy V1 writes --------------------------------------------------------------------------

  const legacy = (replacement: string) => {
    const deprecated = `Deprecated: please switch to the V2 endpoint ${replacement}`;
    const gate = () => {
      if (ex.options.legacyOrders === "reject") {
        throw apiError(
          410,
          "endpoint_deprecated",
          "Please switch to the V2 endpoints",
          `this endpoint was removed; use ${replacement}`,
        );
      }
    };
    return { deprecated, gate };
  };

  {
    const l = legacy("POST /portfolio/events/orders");
    router.on(
      "POST",
      "/portfolio/orders",
      { op: "CreateOrder", deprecated: l.deprecated },
      async (req) => {
        l.gate();
        const r = await req.body("CreateOrderRequest");
        const o = engine.submit(parseCreateV1(r, parseContext(req)));
        return reply(201, { order: renderOrder(o) });
      },
    );
  }

  {
    const l = legacy("POST /portfolio/events/orders/batched");
    router.on(
      "POST",
      "/portfolio/orders/batched",
      { op: "BatchCreateOrders", deprecated: l.deprecated, items: itemsOf },
      async (req) => {
        l.gate();
        const r = await req.body("BatchCreateOrdersRequest");
        const items = r.array("orders", { required: true, max: 20 })!;
        const ctx = parseContext(req);
        const out = items.map((item) => {
          const cid = (item as { client_order_id?: unknown })?.client_order_id;
          try {
            const o = engine.submit(parseCreateV1(new BodyReader(item, "CreateOrderRequest"), ctx));
            return {
              client_order_id: o.client_order_id === "" ? null : o.client_order_id,
              order: renderOrder(o),
            };
          } catch (e) {
            return { client_order_id: typeof cid === "string" ? cid : null, error: itemError(e) };
          }
        });
        return reply(201, { orders: out });
      },
    );
  }

  {
    const l = legacy("DELETE /portfolio/events/orders/batched");
    router.on(
      "DELETE",
      "/portfolio/orders/batched",
      { op: "BatchCancelOrders", deprecated: l.deprecated, items: itemsOf },
      async (req) => {
        l.gate();
        const me = req.me;
        const r = await req.body("BatchCancelOrdersRequest");
        const given = r.oneOf(["ids", "orders"], { required: true })!;
        const list = r.array(given, { required: true, max: 20 })!;
        const out = list.map((item) => {
          const id = given === "ids" ? item : (item as { order_id?: unknown })?.order_id;
          try {
            let sub: number | undefined;
            if (given === "ids") {
              if (typeof id !== "string") throw invalidParameters("ids must be strings");
            } else {
              const ir = new BodyReader(item, "BatchCancelOrdersRequestOrder");
              ir.str("order_id", { required: true });
              sub = ir.int("subaccount", { min: 0, max: 63 });
              ir.int("exchange_index", { min: -1 });
              ir.str("market_ticker");
            }
            const o = engine.requireOpen(me.user_id, id as string, subaccountFilter(req, sub));
            const reduced = engine.cancel(o);
            return { order_id: o.order_id, order: renderOrder(o), reduced_by_fp: fp(reduced) };
          } catch (e) {
            return {
              order_id: typeof id === "string" ? id : "",
              reduced_by_fp: fp(0),
              error: itemError(e),
            };
          }
        });
        return { orders: out };
      },
    );
  }

  {
    const l = legacy("DELETE /portfolio/events/orders/{order_id}");
    router.on(
      "DELETE",
      "/portfolio/orders/{order_id}",
      { op: "CancelOrder", deprecated: l.deprecated },
      (req) => {
        l.gate();
        const me = req.me;
        const sub = subaccountFilter(req, req.query.int("subaccount", { min: 0, max: 63 }));
        const o = engine.requireOpen(me.user_id, req.param("order_id"), sub);
        const reduced = engine.cancel(o);
        return { order: renderOrder(o), reduced_by_fp: fp(reduced) };
      },
    );
  }

  {
    const l = legacy("POST /portfolio/events/orders/{order_id}/amend");
    router.on(
      "POST",
      "/portfolio/orders/{order_id}/amend",
      { op: "AmendOrder", deprecated: l.deprecated },
      async (req) => {
        l.gate();
        const me = req.me;
        const r = await req.body("AmendOrderRequest");
        const sub = r.int("subaccount", { min: 0, max: 63 });
        const ticker = r.str("ticker", { required: true })!;
        const side = r.str("side", { required: true, oneOf: ["yes", "no"] }) as "yes" | "no";
        const action = r.str("action", { required: true, oneOf: ["buy", "sell"] }) as
          | "buy"
          | "sell";
        const cid = readClientId(r, "client_order_id");
        const newCid = readClientId(r, "updated_client_order_id");
        const price = readV1Price(r, true)!;
        const count = readV1Count(r, ["count", "count_fp"]);
        r.int("exchange_index", { min: -1 });
        const o = engine.requireOpen(me.user_id, req.param("order_id"), subaccountFilter(req, sub));
        checkAmendTarget(o, ticker, v1BookSide(side, action), cid);
        const { before } = engine.amend(o, {
          price,
          count: count ?? o.fill_count + o.remaining_count,
          client_order_id: newCid,
        });
        return { old_order: renderOrder(before), order: renderOrder(o) };
      },
    );
  }

  {
    const l = legacy("POST /portfolio/events/orders/{order_id}/decrease");
    router.on(
      "POST",
      "/portfolio/orders/{order_id}/decrease",
      { op: "DecreaseOrder", deprecated: l.deprecated },
      async (req) => {
        l.gate();
        const me = req.me;
        const r = await req.body("DecreaseOrderRequest");
        const sub = r.int("subaccount", { min: 0, max: 63 });
        const by = readV1Count(r, ["reduce_by", "reduce_by_fp"]);
        const to = readV1Count(r, ["reduce_to", "reduce_to_fp"], { allowZero: true });
        if ((by === undefined) === (to === undefined)) {
          throw invalidParameters("exactly one of reduce_by and reduce_to is required");
        }
        const o = engine.requireOpen(me.user_id, req.param("order_id"), subaccountFilter(req, sub));
        engine.decrease(o, by ?? Math.max(0, o.remaining_count - to!));
        return { order: renderOrder(o) };
      },
    );
  }

  // -- Reads -------------------------------------------------------------------------------------

  router.on("GET", "/portfolio/orders", { op: "GetOrders" }, (req) => {
    const me = req.me;
    engine.expireDue();
    const q = req.query;
    const ticker = q.str("ticker");
    const events = q.list("event_ticker", { max: 10 });
    const status = q.str("status", { oneOf: ORDER_STATUSES });
    const { min, max } = timeWindow(req);
    const limit = q.int("limit", { min: 1, max: 1000 }) ?? 100;
    const cursor = q.str("cursor");
    const sub = subaccountFilter(req, q.int("subaccount", { min: 0, max: 63 }));
    const shard = q.int("exchange_index");
    const cutoff = historicalCutoffMs(now());
    const eventSet = events ? new Set(events) : undefined;
    const all = engine.store.ordersOf(me.user_id);
    const matches: EngineOrder[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const o = all[i]!;
      if (o.status !== "resting" && o.last_update_ms < cutoff) continue;
      if (ticker !== undefined && o.ticker !== ticker) continue;
      if (status !== undefined && o.status !== status) continue;
      if (sub !== undefined && o.subaccount !== sub) continue;
      if (shard !== undefined && shard >= 0 && o.exchange_index !== shard) continue;
      if (o.created_ms < min || o.created_ms > max) continue;
      if (eventSet && !eventSet.has(ex.catalogue.market(o.ticker)?.event_ticker ?? "")) continue;
      matches.push(o);
    }
    const p = page(matches, (o) => newestFirstKey(o.seq), { cursor, limit });
    return { orders: p.items.map(renderOrder), cursor: p.cursor };
  });

  router.on(
    "GET",
    "/portfolio/orders/queue_positions",
    { op: "GetOrderQueuePositions" },
    (req) => {
      const me = req.me;
      engine.expireDue();
      const tickers = req.query.list("market_tickers");
      const event = req.query.str("event_ticker");
      if (tickers === undefined && event === undefined) {
        throw req.query.fail("market_tickers", "required_without");
      }
      const sub = req.subaccount(req.query.int("subaccount", { min: 0, max: 63 }));
      const tickerSet = tickers ? new Set(tickers) : undefined;
      const out: Record<string, unknown>[] = [];
      for (const o of engine.store.ordersOf(me.user_id)) {
        if (o.status !== "resting" || !o.in_book || o.subaccount !== sub) continue;
        if (tickerSet && !tickerSet.has(o.ticker)) continue;
        if (event !== undefined && ex.catalogue.market(o.ticker)?.event_ticker !== event) continue;
        out.push({
          order_id: o.order_id,
          market_ticker: o.ticker,
          queue_position_fp: fp(engine.queuePosition(o) ?? 0),
        });
      }
      return { queue_positions: out };
    },
  );

  router.on("GET", "/portfolio/orders/{order_id}", { op: "GetOrder" }, (req) => {
    const me = req.me;
    engine.expireDue();
    const id = req.param("order_id");
    const o = engine.store.order(id);
    if (!o || o.user_id !== me.user_id) throw notFound("order", id);
    return { order: renderOrder(o) };
  });

  router.on(
    "GET",
    "/portfolio/orders/{order_id}/queue_position",
    { op: "GetOrderQueuePosition" },
    (req) => {
      const me = req.me;
      engine.expireDue();
      const id = req.param("order_id");
      const o = engine.store.order(id);
      if (!o || o.user_id !== me.user_id) throw notFound("order", id);
      const ahead: Count | undefined = engine.queuePosition(o);
      if (ahead === undefined) {
        throw apiError(
          400,
          "order_not_resting",
          "order is not resting",
          `order ${id} is ${o.status}`,
        );
      }
      return { queue_position_fp: formatCount(ahead) };
    },
  );
}

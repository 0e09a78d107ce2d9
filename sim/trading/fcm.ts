/**
 * FCM routes. Any simulated user may act as an FCM: it can create subtraders
 * (`{user_id}_{suffix}`) and set their daily caps. Subtraders cannot trade in the simulator, so
 * their orders and positions are always empty pages; an unknown subtrader answers 404, as the
 * spec's responses for these operations allow.
 *
 * @module
 */

import { type Amount, parseAmount } from "../../money/mod.ts";
import { apiError, invalidParameters, notFound } from "../_http.ts";
import type { Exchange } from "../exchange.ts";
import { reply, type SimRequest, type SimRouter } from "../router.ts";
import { dollarsShort } from "./render.ts";

interface Subtrader {
  id: string;
  cap?: Amount;
}

const SUFFIX = /^[a-z0-9]{1,16}$/;
const NY_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "America/New_York",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/**
 * Declares the FCM routes.
 *
 * @param router The router.
 * @param ex The exchange.
 */
export function registerFcmRoutes(router: SimRouter, ex: Exchange): void {
  const byUser = new Map<string, Map<string, Subtrader>>();
  const subtradersOf = (userId: string) => {
    let m = byUser.get(userId);
    if (!m) byUser.set(userId, m = new Map());
    return m;
  };
  const requireSubtrader = (req: SimRequest, id: string): Subtrader => {
    const s = subtradersOf(req.me.user_id).get(id);
    if (!s) throw notFound("subtrader", id);
    return s;
  };

  router.on("POST", "/fcm/subtraders", { op: "CreateFCMSubtrader" }, async (req) => {
    const me = req.me;
    const r = await req.body("CreateFCMSubtraderRequest");
    const suffix = r.str("subtrader_suffix", { required: true })!;
    if (!SUFFIX.test(suffix)) {
      throw invalidParameters("subtrader_suffix must be 1-16 lowercase letters or digits");
    }
    const id = `${me.user_id}_${suffix}`;
    const all = subtradersOf(me.user_id);
    if (all.has(id)) {
      throw apiError(409, "subtrader_already_exists", "subtrader already exists", id);
    }
    all.set(id, { id });
    return reply(201, { subtrader_id: id });
  });

  router.on("GET", "/fcm/subtraders", { op: "ListFCMSubtraders" }, (req) => {
    const all = [...subtradersOf(req.me.user_id).values()];
    return {
      subtraders: all.map((s) => ({
        subtrader_id: s.id,
        exchange_indices: [0],
        trading_blocked: false,
        fcm_trading_blocked: false,
        propagation_pending: false,
      })),
    };
  });

  router.on(
    "GET",
    "/fcm/subtraders/event_contract_daily_cap",
    { op: "GetFCMEventContractDailyCap" },
    (req) => {
      const id = req.query.str("subtrader_id", { required: true })!;
      const s = requireSubtrader(req, id);
      if (s.cap === undefined) throw notFound("daily cap", id);
      return {
        subtrader_id: id,
        limit: dollarsShort(s.cap),
        executed_utilization: dollarsShort(0),
        resting_order_utilization: dollarsShort(0),
        pending_order_utilization: dollarsShort(0),
        cap_date: NY_DATE.format(new Date(ex.clock.now())),
      };
    },
  );

  router.on(
    "PUT",
    "/fcm/subtraders/event_contract_daily_cap",
    { op: "UpdateFCMEventContractDailyCap" },
    async (req) => {
      const r = await req.body("UpdateFCMEventContractDailyCapRequest");
      const id = r.str("subtrader_id", { required: true })!;
      const text = r.str("limit", { required: true })!;
      let limit: Amount;
      try {
        limit = parseAmount(text, { field: "limit" });
      } catch (e) {
        throw invalidParameters((e as Error).message);
      }
      requireSubtrader(req, id).cap = limit;
      return {};
    },
  );

  router.on(
    "DELETE",
    "/fcm/subtraders/event_contract_daily_cap",
    { op: "DeleteFCMEventContractDailyCap" },
    (req) => {
      const id = req.query.str("subtrader_id", { required: true })!;
      const s = requireSubtrader(req, id);
      if (s.cap === undefined) throw notFound("daily cap", id);
      delete s.cap;
      return {};
    },
  );

  router.on("GET", "/fcm/orders", { op: "GetFCMOrders" }, (req) => {
    const q = req.query;
    const id = q.str("subtrader_id", { required: true })!;
    q.str("status", { oneOf: ["resting", "canceled", "executed"] });
    q.int("limit", { min: 1, max: 1000 });
    q.int("min_ts");
    q.int("max_ts");
    q.list("client_order_ids", { max: 100 });
    requireSubtrader(req, id);
    return { orders: [], cursor: "" };
  });

  router.on("GET", "/fcm/positions", { op: "GetFCMPositions" }, (req) => {
    const q = req.query;
    const id = q.str("subtrader_id", { required: true })!;
    q.str("settlement_status", { oneOf: ["all", "unsettled", "settled"] });
    q.int("limit", { min: 1, max: 1000 });
    requireSubtrader(req, id);
    return { market_positions: [], event_positions: [], cursor: "" };
  });
}

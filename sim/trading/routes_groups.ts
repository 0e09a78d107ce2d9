/**
 * Order group routes: create, list, read, delete, reset, trigger and change the limit of groups
 * whose orders are cancelled when they match more than a contracts limit in 15 seconds.
 *
 * @module
 */

import { apiError, type BodyReader, invalidParameters } from "../_http.ts";
import { reply, type SimRequest, type SimRouter } from "../router.ts";
import { subaccountFilter } from "./common.ts";
import type { Engine } from "./engine.ts";
import { readV1Count } from "./parse.ts";
import { fp, renderGroup } from "./render.ts";

/** The largest contracts limit Kalshi accepts (1,000,000 contracts). */
const MAX_LIMIT = 1_000_000 * 100;
/** Order groups a user may hold. */
const MAX_GROUPS = 100_000;

/**
 * Declares the order group routes.
 *
 * @param router The router.
 * @param engine The engine.
 */
export function registerGroupRoutes(router: SimRouter, engine: Engine): void {
  const readLimit = (r: BodyReader) => {
    const limit = readV1Count(r, ["contracts_limit", "contracts_limit_fp"], { required: true })!;
    if (limit > MAX_LIMIT) throw invalidParameters("contracts_limit must be at most 1000000");
    return limit;
  };

  router.on("GET", "/portfolio/order_groups", { op: "GetOrderGroups" }, (req) => {
    const me = req.me;
    const sub = subaccountFilter(req, req.query.int("subaccount", { min: 0, max: 63 }));
    const groups = [...engine.store.groups()].filter((g) =>
      g.user_id === me.user_id && (sub === undefined || g.subaccount === sub)
    ).sort((a, b) => a.created_ms - b.created_ms);
    return { order_groups: groups.map(renderGroup) };
  });

  router.on("POST", "/portfolio/order_groups/create", { op: "CreateOrderGroup" }, async (req) => {
    const me = req.me;
    const r = await req.body("CreateOrderGroupRequest");
    const sub = req.subaccount(r.int("subaccount", { min: 0, max: 63 }));
    const limit = readLimit(r);
    r.int("exchange_index", { min: -1 });
    let count = 0;
    for (const g of engine.store.groups()) if (g.user_id === me.user_id) count++;
    if (count >= MAX_GROUPS) {
      throw apiError(
        400,
        "order_group_limit_exceeded",
        "too many order groups",
        `at most ${MAX_GROUPS}`,
      );
    }
    const g = engine.groups.create({ user_id: me.user_id, subaccount: sub }, limit);
    return reply(201, {
      order_group_id: g.id,
      subaccount: g.subaccount,
      exchange_index: g.exchange_index,
    });
  });

  const target = (req: SimRequest) => {
    const me = req.me;
    const sub = subaccountFilter(req, req.query.int("subaccount", { min: 0, max: 63 }));
    req.query.int("exchange_index");
    engine.expireDue();
    return engine.groups.require(me.user_id, req.param("order_group_id"), sub);
  };

  router.on("GET", "/portfolio/order_groups/{order_group_id}", { op: "GetOrderGroup" }, (req) => {
    const g = target(req);
    return {
      is_auto_cancel_enabled: g.triggered,
      contracts_limit_fp: fp(g.limit),
      orders: [...g.orders],
      exchange_index: g.exchange_index,
    };
  });

  router.on(
    "DELETE",
    "/portfolio/order_groups/{order_group_id}",
    { op: "DeleteOrderGroup" },
    (req) => {
      engine.groups.delete(target(req));
      return {};
    },
  );

  router.on(
    "PUT",
    "/portfolio/order_groups/{order_group_id}/reset",
    { op: "ResetOrderGroup" },
    (req) => {
      engine.groups.reset(target(req));
      return {};
    },
  );

  router.on(
    "PUT",
    "/portfolio/order_groups/{order_group_id}/trigger",
    { op: "TriggerOrderGroup" },
    (req) => {
      engine.groups.trigger(target(req));
      return {};
    },
  );

  router.on(
    "PUT",
    "/portfolio/order_groups/{order_group_id}/limit",
    { op: "UpdateOrderGroupLimit" },
    async (req) => {
      const g = target(req);
      const r = await req.body("UpdateOrderGroupLimitRequest");
      engine.groups.setLimit(g, readLimit(r));
      return {};
    },
  );
}

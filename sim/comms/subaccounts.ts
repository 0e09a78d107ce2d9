/**
 * Subaccounts: creating the next numbered subaccount, per-subaccount balances, and the netting
 * setting of each. A key restricted to one subaccount sees and changes only that one.
 *
 * @module
 */

import { invalidParameters } from "../_http.ts";
import { MAX_SUBACCOUNT } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import { reply, type SimRequest, type SimRouter } from "../router.ts";
import { dollars, forbidden, requireUnrestrictedKey, unixSeconds } from "./_wire.ts";

/**
 * Declares the subaccount routes (transfers are in `transfers.ts`).
 *
 * @param router The route table.
 * @param ex The exchange.
 */
export function registerSubaccountRoutes(router: SimRouter, ex: Exchange): void {
  router.on("POST", "/portfolio/subaccounts", { op: "CreateSubaccount" }, (req) => {
    requireUnrestrictedKey(req);
    return reply(201, { subaccount_number: ex.accounts.createSubaccount(req.me.user_id) });
  });

  router.on(
    "GET",
    "/portfolio/subaccounts/balances",
    { op: "GetSubaccountBalances" },
    (req) => {
      const me = req.me;
      return {
        subaccount_balances: visible(req).map((n) => ({
          subaccount_number: n,
          balance: dollars(me.cash.get(n) ?? 0),
          updated_ts: unixSeconds(ex.accounts.cashUpdatedMs(me.user_id, n) ?? me.created_ms),
          exchange_index: 0,
        })),
      };
    },
  );

  router.on("GET", "/portfolio/subaccounts/netting", { op: "GetSubaccountNetting" }, (req) => ({
    netting_configs: visible(req).map((n) => ({
      subaccount_number: n,
      enabled: req.me.netting.get(n) ?? true,
      exchange_index: 0,
    })),
  }));

  router.on(
    "PUT",
    "/portfolio/subaccounts/netting",
    { op: "UpdateSubaccountNetting" },
    async (req) => {
      const body = await req.body("UpdateSubaccountNettingRequest");
      const n = body.int("subaccount_number", { required: true, min: 0, max: MAX_SUBACCOUNT })!;
      const enabled = body.bool("enabled");
      if (enabled === undefined) {
        throw invalidParameters("enabled is required");
      }
      const restricted = req.key?.subaccount;
      if (restricted !== undefined && restricted !== n) {
        throw forbidden("subaccount_restricted", "this API key is restricted to one subaccount");
      }
      ex.accounts.requireSubaccount(req.me.user_id, n);
      req.me.netting.set(n, enabled);
      return {};
    },
  );
}

function visible(req: SimRequest): number[] {
  const restricted = req.key?.subaccount;
  const all = [...req.me.cash.keys()].sort((a, b) => a - b);
  return restricted === undefined ? all : all.filter((n) => n === restricted);
}

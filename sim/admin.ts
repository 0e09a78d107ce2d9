/**
 * The simulator's admin API under `/_sim` (outside the Kalshi API prefix, so no Kalshi client can
 * reach it by accident): faults, market outcomes, users and tiers. It is unauthenticated and the
 * server binds to loopback only.
 *
 * @module
 */

import { Hono } from "hono";
import { generateKeyPair } from "../auth/mod.ts";
import { parseAmount, parsePrice } from "../money/mod.ts";
import { SimHttpError } from "./_http.ts";
import { type Tier, TIERS } from "./accounts.ts";
import type { Exchange } from "./exchange.ts";
import type { FaultRule } from "./faults.ts";

/** A user created through the admin API, with a fresh key pair. */
export interface SimUserCredentials {
  /** The new user's id. */
  user_id: string;
  /** API key id to send as `KALSHI-ACCESS-KEY`. */
  key_id: string;
  /** PKCS#8 PEM; shown once, as Kalshi does. */
  private_key: string;
}

/**
 * Creates a funded user with a registered key pair.
 *
 * @param ex The exchange.
 * @param options Tier and cash (µ$).
 * @returns Its credentials.
 */
export async function createSimUser(
  ex: Exchange,
  options: { tier?: Tier; cash?: number; userId?: string } = {},
): Promise<SimUserCredentials> {
  const user = ex.accounts.createUser(options);
  const pair = await generateKeyPair();
  const key = ex.accounts.addKey(user.user_id, { name: "sim", publicKeyPem: pair.publicKeyPem });
  return { user_id: user.user_id, key_id: key.api_key_id, private_key: pair.privateKeyPem };
}

/**
 * The admin routes.
 *
 * @param ex The exchange.
 * @returns A Hono app to mount at `/_sim`.
 */
export function adminApp(ex: Exchange): Hono {
  const app = new Hono();
  app.onError((e, c) => {
    if (e instanceof SimHttpError) return c.json(e.body as object, e.status as 400);
    return c.json({ error: { code: "bad_request", message: (e as Error).message } }, 400);
  });
  app.get("/faults", (c) => c.json({ rules: ex.faults.rules, injected: ex.faults.injected }));
  app.put("/faults", async (c) => {
    const body = await c.req.json<{ rules?: FaultRule[] }>();
    if (!Array.isArray(body.rules)) throw new Error('body must be {"rules": [...]}');
    ex.faults.set(body.rules);
    return c.json({ rules: ex.faults.rules });
  });
  app.put("/rate_limits", async (c) => {
    const body = await c.req.json<{ enabled?: boolean }>();
    ex.limits.enabled = body.enabled !== false;
    return c.json({ enabled: ex.limits.enabled });
  });
  app.post("/users", async (c) => {
    const body = await c.req.json<{ tier?: string; cash_dollars?: string }>().catch(() => ({}));
    const tier = parseTier((body as { tier?: string }).tier);
    const cashText = (body as { cash_dollars?: string }).cash_dollars;
    const cash = cashText === undefined ? ex.options.startingCash : parseAmount(cashText);
    return c.json(await createSimUser(ex, { tier, cash }), 201);
  });
  app.put("/users/:user_id/tier", async (c) => {
    const user = ex.accounts.requireUser(c.req.param("user_id"));
    user.tier = parseTier((await c.req.json<{ tier?: string }>()).tier);
    ex.limits.reset(user.user_id);
    return c.json({ user_id: user.user_id, tier: user.tier });
  });
  app.post("/users/:user_id/deposit", async (c) => {
    const user = ex.accounts.requireUser(c.req.param("user_id"));
    const { amount_dollars, subaccount = 0 } = await c.req.json<
      { amount_dollars: string; subaccount?: number }
    >();
    const cash = ex.accounts.deposit(user.user_id, subaccount, parseAmount(amount_dollars));
    return c.json({ user_id: user.user_id, subaccount, cash_micro_dollars: cash });
  });
  app.post("/markets/:ticker/determine", async (c) => {
    const body = await c.req.json<
      { result: "yes" | "no" | "scalar"; settlement_value_dollars?: string; immediate?: boolean }
    >();
    if (!["yes", "no", "scalar"].includes(body.result)) {
      throw new Error("result must be yes, no or scalar");
    }
    const options: { settlementValue?: number; immediate?: boolean } = {
      immediate: body.immediate ?? true,
    };
    if (body.settlement_value_dollars !== undefined) {
      options.settlementValue = parsePrice(body.settlement_value_dollars);
    }
    ex.catalogue.determine(c.req.param("ticker"), body.result, options);
    return c.json(ex.catalogue.market(c.req.param("ticker")) ? { ok: true } : { ok: false });
  });
  app.post("/markets/:ticker/pause", (c) => {
    ex.catalogue.setTradingActive(c.req.param("ticker"), false);
    return c.json({ ok: true });
  });
  app.post("/markets/:ticker/resume", (c) => {
    ex.catalogue.setTradingActive(c.req.param("ticker"), true);
    return c.json({ ok: true });
  });
  app.post("/markets/:ticker/close", (c) => {
    ex.catalogue.close(c.req.param("ticker"));
    return c.json({ ok: true });
  });
  return app;
}

function parseTier(text: string | undefined): Tier {
  if (text === undefined) return "basic";
  if (!(TIERS as readonly string[]).includes(text)) {
    throw new Error(`tier must be one of ${TIERS.join(", ")}`);
  }
  return text as Tier;
}

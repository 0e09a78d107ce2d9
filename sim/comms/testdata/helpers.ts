/**
 * Test helpers for the communications part: a simulator with a demo user, spec-validated calls,
 * Kalshi error-body checks, second users through the admin API, and awaiting bus events.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { formatPrice, isOnTick, parseAmount } from "../../../money/mod.ts";
import { type SimFetch, simFetcher, type SimReply } from "../../../_testing/sim_fetch.ts";
import { validateResponse } from "../../../_testing/spec_validator.ts";
import type { Tier } from "../../accounts.ts";
import type { SimUserCredentials } from "../../admin.ts";
import { type SimServer, startSim } from "../../server.ts";
import type { MarketRecord, SimEvent } from "../../types.ts";
import type { Comms } from "../comms.ts";

/** A started simulator with the demo user's signed fetch. */
export interface CommsSim extends AsyncDisposable {
  sim: SimServer;
  /** Signed fetch for the demo user. */
  f: SimFetch & Disposable;
  comms: Comms;
  /** Moves the exchange clock forward (keep the total within the 30 s signature tolerance). */
  advance(ms: number): void;
}

/**
 * Starts a 200-market simulator with fast RFQ timers, no rate limits and a clock tests can move.
 *
 * @param options Extra sim options.
 * @returns The simulator and the demo user's fetch.
 */
export async function startCommsSim(
  options: { seed?: number; tier?: "basic" | "premier" } = {},
): Promise<CommsSim> {
  let offset = 0;
  const sim = await startSim({
    markets: 200,
    seed: options.seed ?? 7,
    tier: options.tier,
    clock: { now: () => Date.now() + offset },
    rateLimits: false,
  });
  const f = await simFetcher(sim);
  const comms = sim.exchange.comms as Comms;
  comms.timing.executionDelayMs = 0;
  return {
    sim,
    f,
    comms,
    advance(ms: number) {
      offset += ms;
    },
    async [Symbol.asyncDispose]() {
      f[Symbol.dispose]();
      await sim.close();
    },
  };
}

/**
 * The public key PEM of a private key PEM (test-only, through `node:crypto`).
 *
 * @param privateKeyPem PKCS#1 or PKCS#8 PEM.
 * @returns SPKI PEM.
 */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
}

/**
 * An open market of the catalogue (the first active one after `skip` others).
 *
 * @param sim The simulator.
 * @param skip How many active markets to pass over.
 * @returns The market.
 */
export function activeMarket(sim: SimServer, skip = 0): MarketRecord {
  const open = sim.exchange.catalogue.allMarkets().filter((m) =>
    m.status === "active" && !m.mve_collection_ticker
  );
  const m = open[skip];
  assert.ok(m, "the catalogue has no active market");
  return m;
}

/**
 * Sends a request expecting success, and checks the body against the spec.
 *
 * @param f The fetch.
 * @param method Method.
 * @param path Path with query.
 * @param body JSON body.
 * @param status Expected status (default 200).
 * @returns The reply.
 */
export async function ok(
  f: SimFetch,
  method: string,
  path: string,
  body?: unknown,
  status = 200,
): Promise<SimReply> {
  const r = await f(method, path, body);
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  if (r.body !== undefined) {
    assert.deepEqual(validateResponse(method, path, r.status, r.body), [], `${method} ${path}`);
  } else {
    assert.ok(status === 204 || status === 201 || status === 200, "empty body");
  }
  return r;
}

/**
 * Sends a request expecting a Kalshi-shaped 4xx error.
 *
 * @param f The fetch.
 * @param method Method.
 * @param path Path with query.
 * @param body JSON body (a string is sent raw).
 * @param status Expected status.
 * @param code Expected error code, when the body is the nested or flat error shape.
 * @returns The reply.
 */
export async function fails(
  f: SimFetch,
  method: string,
  path: string,
  body: unknown,
  status: number,
  code?: string,
): Promise<SimReply> {
  const r = await f(method, path, body);
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  const b = r.body as Record<string, unknown>;
  assert.ok(b && typeof b === "object", `${method} ${path}: body is JSON`);
  const err = (b.error ?? b) as Record<string, unknown>;
  assert.ok(typeof err.code === "string" || typeof b.msg === "string", JSON.stringify(b));
  if (code !== undefined) assert.equal(err.code, code, JSON.stringify(b));
  return r;
}

/**
 * Creates a funded user in-process, signing with the demo user's key pair under its own key id
 * (no key generation, so tests stay fast).
 *
 * @param sim The simulator.
 * @param tier Usage tier.
 * @returns Its credentials and a signed fetch.
 */
export async function secondUser(
  sim: SimServer,
  tier: Tier = "basic",
): Promise<{ user: SimUserCredentials; f: SimFetch & Disposable }> {
  const accounts = sim.exchange.accounts;
  const u = accounts.createUser({ tier, cash: parseAmount("5000") });
  const key = accounts.addKey(u.user_id, {
    name: "test",
    publicKeyPem: publicKeyOf(sim.privateKeyPem),
  });
  const user = { user_id: u.user_id, key_id: key.api_key_id, private_key: sim.privateKeyPem };
  const f = await simFetcher({
    restUrl: sim.restUrl,
    keyId: user.key_id,
    privateKeyPem: user.private_key,
  });
  return { user, f };
}

/**
 * Creates a funded user through the admin API (`POST /_sim/users`, which generates a key pair).
 *
 * @param sim The simulator.
 * @returns Its credentials and a signed fetch.
 */
export async function adminUser(
  sim: SimServer,
): Promise<{ user: SimUserCredentials; f: SimFetch & Disposable }> {
  const res = await fetch(`${sim.adminUrl}/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tier: "basic", cash_dollars: "5000" }),
  });
  assert.equal(res.status, 201);
  const user = await res.json() as SimUserCredentials;
  const f = await simFetcher({
    restUrl: sim.restUrl,
    keyId: user.key_id,
    privateKeyPem: user.private_key,
  });
  return { user, f };
}

/**
 * Waits for a bus event.
 *
 * @param sim The simulator.
 * @param match Which event.
 * @param timeoutMs Give up after this long.
 * @returns The event.
 */
export function nextEvent<T extends SimEvent>(
  sim: SimServer,
  match: (e: SimEvent) => e is T,
  timeoutMs = 3_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error("timed out waiting for a bus event"));
    }, timeoutMs);
    const off = sim.exchange.bus.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** A communications event of a given type (and RFQ). */
export function commsEvent(
  eventType: string,
  rfqId?: string,
): (e: SimEvent) => e is Extract<SimEvent, { type: "communications" }> {
  return (e): e is Extract<SimEvent, { type: "communications" }> =>
    e.type === "communications" && e.event_type === eventType &&
    (rfqId === undefined || e.rfq_id === rfqId);
}

/**
 * The highest valid price of a market at or below `price`, as a dollar string.
 *
 * @param market The market.
 * @param price Price in $0.0001 units.
 * @returns The dollar string.
 */
export function tickAtOrBelow(market: MarketRecord, price: number): string {
  for (let p = price; p > 0; p--) if (isOnTick(p, market.bands)) return formatPrice(p);
  throw new Error(`no tick at or below ${price}`);
}

/**
 * Fault soak: the simulator skips, duplicates, reorders and stalls feed messages and drops
 * connections; after every recovery the client's books must equal the sim's REST order books.
 */

import assert from "node:assert/strict";
import { soakScale } from "../_testing/soak.ts";
import { Rng } from "../sim/_rng.ts";
import { KalshiWs, type OrderbookFeed } from "./mod.ts";
import { asRest, placeOrder, restBook, type SimRig, simRig } from "./testdata/sim.ts";

async function admin(rig: SimRig, method: string, path: string, body?: unknown): Promise<unknown> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = JSON.stringify(body);
  const r = await fetch(`${rig.sim.adminUrl}/ws${path}`, init);
  const json = await r.json();
  assert.equal(r.status, 200, JSON.stringify(json));
  return json;
}

async function assertBooksMatch(rig: SimRig, feed: OrderbookFeed, label: string): Promise<void> {
  const books = rig.tickers.map((t) => feed.book(t)!);
  const rest = await Promise.all(rig.tickers.map((t) => restBook(rig.f, t)));
  for (const [i, t] of rig.tickers.entries()) {
    assert.equal(books[i]!.stale, false, `${label}: ${t} stale`);
    assert.deepEqual(asRest(books[i]!), rest[i], `${label}: ${t}`);
  }
}

Deno.test("faults: after every recovery the books equal the sim's books", async () => {
  const target = soakScale(1000, 100);
  await using rig = await simRig(5);
  const rng = new Rng(99);
  await using ws = await KalshiWs.connect({
    url: rig.sim.wsUrl,
    keyId: rig.sim.keyId,
    privateKey: rig.sim.privateKeyPem,
    reconnect: { initialDelayMs: 2, maxDelayMs: 20 },
  });
  await using feed = await ws.books(rig.tickers);
  await feed.sync({ timeoutMs: 10_000 });
  await assertBooksMatch(rig, feed, "start");

  await admin(rig, "PUT", "/faults", {
    skip_rate: 0.08,
    duplicate_rate: 0.05,
    reorder_rate: 0.08,
    stall_rate: 0.03,
    stall_ms: 3,
    drop_rate: 0.01,
    seed: 5,
  });
  // Faults apply to connections made from now on.
  await admin(rig, "POST", "/connections/drop", {});

  let injected = 0;
  let checks = 0;
  let seen = 0;
  for (let round = 0; injected < target; round++) {
    const orders = Array.from({ length: 4 }, () => ({
      ticker: rig.tickers[rng.int(0, rig.tickers.length - 1)]!,
      side: rng.chance(0.5) ? "bid" as const : "ask" as const,
      price: `0.${String(rng.int(1, 99)).padStart(2, "0")}00`,
      count: String(rng.int(1, 3)),
    }));
    await Promise.all(orders.map((o) => placeOrder(rig.f, o)));
    await feed.sync({ timeoutMs: 10_000 });
    const s = ws.stats;
    const recoveries = s.gaps + s.outOfOrder + s.reconnects;
    if (recoveries > seen || round % 10 === 0) {
      seen = recoveries;
      await assertBooksMatch(rig, feed, `round ${round}`);
      checks++;
    }
    if (round % 5 === 0) injected = (await admin(rig, "GET", "/faults") as { total: number }).total;
  }

  const faults = await admin(rig, "GET", "/faults") as { injected: Record<string, number> };
  await admin(rig, "PUT", "/faults", {});
  await feed.sync({ timeoutMs: 10_000 });
  await assertBooksMatch(rig, feed, "end");
  const s = ws.stats;
  assert.ok(s.gaps > 0, "gaps were detected");
  assert.ok(s.duplicates > 0 || faults.injected.duplicate === 0, "duplicates were dropped");
  assert.ok(s.reconnects > 0, "reconnected");
  assert.ok(checks >= seen / 10, `${checks} checks`);
});

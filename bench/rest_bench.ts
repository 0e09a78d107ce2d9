// A benchmark script: reporting on stdout is its job.
// deno-lint-ignore-file no-console
/**
 * REST create-order round trip against the simulator on loopback, with each signing backend:
 * `KalshiClient.orders.create()` end to end (build, sign, rate limiter off, HTTP, the sim's
 * signature check and matching engine, parse). Web Crypto is the baseline.
 *
 * - `deno bench -A bench/rest_bench.ts`: Deno's bench harness (avg, p75, p99).
 * - `deno run -A bench/rest_bench.ts [N]`: N sequential round trips per backend (default 2000)
 *   after a warm-up, in mirrored order (A B, B A) to cancel drift; prints p50 and p99 per
 *   backend and the ratio to the baseline, as a Markdown table for BENCHMARKS.md.
 *
 * @module
 */

import type { SignerBackend } from "../auth/mod.ts";
import { KalshiClient } from "../rest/mod.ts";
import { type SimServer, startSim } from "../sim/mod.ts";

const BACKENDS: readonly SignerBackend[] = ["webcrypto", "ffi"];

async function clientFor(sim: SimServer, backend: SignerBackend): Promise<KalshiClient> {
  return await KalshiClient.create({
    env: { restUrl: sim.restUrl },
    keyId: sim.keyId,
    privateKey: sim.privateKeyPem,
    signerBackend: backend,
    rateLimit: false,
    maxRetries: 0,
  });
}

async function tickerOf(client: KalshiClient): Promise<string> {
  const { markets } = await client.markets.list({
    status: "open",
    mve_filter: "exclude",
    limit: 1,
  });
  return markets[0]!.ticker;
}

function placer(client: KalshiClient, ticker: string): () => Promise<unknown> {
  // A resting order far from the market: every round trip does the same work.
  return () =>
    client.orders.create({
      ticker,
      side: "bid",
      price: 100,
      count: 100,
      time_in_force: "good_till_canceled",
      self_trade_prevention_type: "taker_at_cross",
    });
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function report(n: number): Promise<void> {
  await using sim = await startSim({ markets: 200, rateLimits: false, startingCash: 1e15 });
  const clients = new Map<SignerBackend, KalshiClient>();
  for (const backend of BACKENDS) {
    try {
      clients.set(backend, await clientFor(sim, backend));
    } catch (e) {
      console.log(`${backend}: unavailable (${(e as Error).message})`);
    }
  }
  const ticker = await tickerOf(clients.values().next().value!);
  const samples = new Map<SignerBackend, number[]>();
  const order = [...clients.keys()];
  for (const backend of order) {
    const place = placer(clients.get(backend)!, ticker);
    for (let i = 0; i < 200; i++) await place(); // warm-up
    samples.set(backend, []);
  }
  for (const round of [order, [...order].reverse()]) {
    for (const backend of round) {
      const place = placer(clients.get(backend)!, ticker);
      const out = samples.get(backend)!;
      for (let i = 0; i < n / 2; i++) {
        const t = performance.now();
        await place();
        out.push(performance.now() - t);
      }
    }
  }
  for (const c of clients.values()) await c.close();
  const base = samples.get("webcrypto");
  const baseP50 = base ? quantile([...base].sort((a, b) => a - b), 0.5) : undefined;
  console.log("| backend | round trips | p50 (ms) | p99 (ms) | p50 vs webcrypto |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const [backend, xs] of samples) {
    const sorted = [...xs].sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    const ratio = baseP50 ? `${(p50 / baseP50).toFixed(2)}×` : "-";
    console.log(
      `| ${backend} | ${xs.length} | ${p50.toFixed(3)} | ${
        quantile(sorted, 0.99).toFixed(3)
      } | ${ratio} |`,
    );
  }
}

if (import.meta.main) {
  await report(Number(Deno.args[0] ?? 2000));
} else {
  const sim = await startSim({ markets: 200, rateLimits: false, startingCash: 1e15 });
  const clients: KalshiClient[] = [];
  for (const backend of BACKENDS) {
    let client: KalshiClient | undefined;
    try {
      client = await clientFor(sim, backend);
      clients.push(client);
    } catch {
      // Reported as an ignored bench.
    }
    const place = client ? placer(client, await tickerOf(client)) : undefined;
    Deno.bench({
      name: `create order round trip (${backend} signing)`,
      group: "rest-create-order",
      baseline: backend === "webcrypto",
      ignore: place === undefined,
      async fn() {
        await place!();
      },
    });
  }
  globalThis.addEventListener("unload", () => {
    for (const c of clients) c[Symbol.dispose]();
    void sim.close();
  });
}

/**
 * Guide: "Rate limits and tiers". Kalshi meters each account with a read and a write token
 * bucket sized by its usage tier; every request costs tokens (10 by default, some less or more).
 * The client keeps its own buckets so your traffic waits instead of getting 429s. This example
 * reads the account's tier, limits and endpoint costs, syncs the client's limiter with them,
 * and sends a burst of reads to show the limiter pacing them.
 *
 *     deno run -A examples/rate_limits.ts --env demo --key-id ID --key kalshi.key
 *
 * @module
 */

import { DOCUMENTED_TIER_LIMITS, KalshiClient } from "../rest/mod.ts";
import { credentials, type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment, key and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  await using client = await KalshiClient.create({
    env: options.env,
    ...credentials(options),
    tier: "basic",
  });

  for (const [tier, l] of Object.entries(DOCUMENTED_TIER_LIMITS)) {
    options.log(
      `${
        tier.padEnd(9)
      } read ${l.read.refill_rate}/s (burst ${l.read.bucket_capacity}), write ${l.write.refill_rate}/s (burst ${l.write.bucket_capacity})`,
    );
  }

  // GET /account/limits and GET /account/endpoint_costs, applied to the client's buckets.
  const limits = await client.syncRateLimits();
  options.log(`This account: tier ${limits.usage_tier}`);
  const costs = await client.account.endpointCosts();
  options.log(
    `Default cost ${costs.default_cost}; ${costs.endpoint_costs.length} endpoint(s) differ:`,
  );
  for (const c of costs.endpoint_costs.slice(0, 5)) {
    options.log(`  ${c.method} ${c.path}: ${c.cost}`);
  }

  const limiter = client.rateLimiter!;
  const order = limiter.costOf("CreateOrderV2", "POST", "/portfolio/events/orders");
  options.log(`An order create costs ${order.cost} ${order.bucket} tokens`);

  // A burst of reads: the first ones go at once, the rest at the bucket's refill rate.
  const started = performance.now();
  const n = 30;
  await Promise.all(Array.from({ length: n }, () => client.exchange.status()));
  const seconds = (performance.now() - started) / 1000;
  options.log(`${n} reads took ${seconds.toFixed(2)} s (no 429s: the client waited for tokens)`);
}

if (import.meta.main) await runExample(main);

import assert from "node:assert/strict";
import { startSim } from "../sim/mod.ts";
import type { ExampleOptions } from "./_run.ts";
import { main as authenticatedRequests } from "./authenticated_requests.ts";
import { main as demoEnvironment } from "./demo_environment.ts";
import { main as firstOrder } from "./first_order.ts";
import { main as firstRequest } from "./first_request.ts";
import { main as marketData } from "./market_data.ts";
import { main as orderbook } from "./orderbook.ts";
import { main as pagination } from "./pagination.ts";
import { main as rateLimits } from "./rate_limits.ts";
import { main as subpennyPricing } from "./subpenny_pricing.ts";

const EXAMPLES: Record<string, (options: ExampleOptions) => Promise<void>> = {
  "first_request.ts": firstRequest,
  "market_data.ts": marketData,
  "authenticated_requests.ts": authenticatedRequests,
  "first_order.ts": firstOrder,
  "pagination.ts": pagination,
  "orderbook.ts": orderbook,
  "subpenny_pricing.ts": subpennyPricing,
  "demo_environment.ts": demoEnvironment,
  "rate_limits.ts": rateLimits,
};

Deno.test("examples: every guide script runs against the simulator", async (t) => {
  await using sim = await startSim({ markets: 200, activity: 20 });
  for (const [name, main] of Object.entries(EXAMPLES)) {
    await t.step(name, async () => {
      const lines: string[] = [];
      await main({
        env: { restUrl: sim.restUrl, wsUrl: sim.wsUrl },
        keyId: sim.keyId,
        privateKey: sim.privateKeyPem,
        log: (...args) => lines.push(args.join(" ")),
      });
      assert.ok(lines.length >= 2, `${name} printed ${lines.length} line(s)`);
      assert.ok(!lines.join("\n").includes("BEGIN PRIVATE KEY"));
    });
  }
});

Deno.test("examples: every script in examples/ is tested", async () => {
  const names = new Set<string>();
  for await (const entry of Deno.readDir(new URL(".", import.meta.url))) names.add(entry.name);
  for (const name of names) {
    if (!name.endsWith(".ts") || name.startsWith("_") || name.endsWith("_test.ts")) continue;
    const own = name.replace(/\.ts$/, "_test.ts");
    assert.ok(name in EXAMPLES || names.has(own), `${name} has no test`);
  }
});

Deno.test("examples: first_order refuses production without --live", async () => {
  const { main } = await import("./first_order.ts");
  await assert.rejects(
    main({ env: "prod", keyId: "k", privateKey: "x", log: () => {} }),
    /pass --live/,
  );
});

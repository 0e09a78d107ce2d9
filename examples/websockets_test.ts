import assert from "node:assert/strict";
import { startSim } from "../sim/mod.ts";
import { main } from "./websockets.ts";

Deno.test("examples/websockets.ts runs against the simulator", async () => {
  await using sim = await startSim({ markets: 200, activity: 40 });
  const lines: string[] = [];
  await main({
    env: { restUrl: sim.restUrl, wsUrl: sim.wsUrl },
    keyId: sim.keyId,
    privateKey: sim.privateKeyPem,
    log: (...args) => lines.push(args.join(" ")),
    watchMs: 10_000,
    maxTrades: 3,
  });
  const text = lines.join("\n");
  assert.match(text, /^Connected to ws:\/\/127\.0\.0\.1:\d+\/trade-api\/ws\/v2$/m);
  assert.match(text, /best YES bid \$0\.\d{4} x \d+\.\d{2}/);
  assert.match(text, /Saw 3 trade\(s\)\. Book is fresh/);
  assert.ok(!text.includes("PRIVATE KEY"));
});

Deno.test("examples/websockets.ts needs an API key", async () => {
  await assert.rejects(
    main({ env: "demo", log: () => {} }),
    /needs an API key/,
  );
});

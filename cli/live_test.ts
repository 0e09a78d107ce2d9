import assert from "node:assert/strict";
import { startSim } from "../sim/server.ts";
import type { CliIo } from "./_io.ts";
import { main } from "./main.ts";

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    env: () => undefined,
    signal: new AbortController().signal,
    isTerminal: false,
  };
  return io;
}

async function withSim(
  fn: (flags: string[], ticker: string) => Promise<void>,
  activity = 0,
): Promise<void> {
  await using sim = await startSim({ markets: 60, activity, seed: 5 });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/k.pem`, sim.privateKeyPem);
    const res = await fetch(`${sim.restUrl}/markets?status=open&mve_filter=exclude&limit=50`);
    const { markets } = await res.json() as {
      markets: { ticker: string; yes_ask_dollars: string }[];
    };
    const ticker = markets.find((m) => Number(m.yes_ask_dollars) > 0.05)!.ticker;
    await fn([
      "--rest-url",
      sim.restUrl,
      "--ws-url",
      sim.wsUrl,
      "--key-id",
      sim.keyId,
      "--key",
      `${dir}/k.pem`,
    ], ticker);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("kalshi ws tail prints the orderbook snapshot as NDJSON", async () => {
  await withSim(async (flags, ticker) => {
    const io = capture();
    const code = await main(
      ["ws", "tail", "--channel", "orderbook_delta", "--market", ticker, "--count", "1", ...flags],
      io,
    );
    assert.equal(code, 0, io.stderr);
    const lines = io.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.equal(lines[0].type, "orderbook_snapshot");
    assert.equal(lines[0].msg.market_ticker, ticker);
    assert.equal(lines[0].seq, 1);
  });
});

Deno.test("kalshi ws tail streams trades from background activity", async () => {
  await withSim(async (flags) => {
    const io = capture();
    assert.equal(await main(["ws", "tail", "--channel", "trade", "--count", "2", ...flags], io), 0);
    const lines = io.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.type), ["trade", "trade"]);
    assert.match(lines[0].msg.yes_price_dollars, /^0\.\d{4}$/);
  }, 50);
});

Deno.test("kalshi ws tail rejects an unknown channel with usage", async () => {
  const io = capture();
  assert.equal(await main(["ws", "tail", "--channel", "nope", "--sim"], io), 2);
  assert.match(io.stderr, /Unknown channel "nope"/);
});

Deno.test("kalshi book prints the REST ladder and --watch draws live ladders", async () => {
  await withSim(async (flags, ticker) => {
    const once = capture();
    assert.equal(await main(["book", ticker, "--depth", "3", ...flags], once), 0, once.stderr);
    assert.match(once.stdout, new RegExp(`^${ticker}\\n`));
    assert.match(once.stdout, /ask +0\.\d{4} +\d+\.\d{2}/);
    assert.match(once.stdout, /bid +0\.\d{4} +\d+\.\d{2}/);
    assert.match(once.stdout, /spread 0\.\d{4}/);
    const live = capture();
    assert.equal(
      await main(["book", ticker, "--watch", "--count", "1", "--depth", "3", ...flags], live),
      0,
    );
    // The first live frame is the snapshot: the same ladder REST showed.
    assert.equal(live.stdout.trim(), once.stdout.trim());
  });
});

import assert from "node:assert/strict";
import { KalshiProtocolError } from "../errors.ts";
import { startSim } from "../sim/server.ts";
import { KalshiClient } from "./client.ts";
import { type PageReader, paginate } from "./paginate.ts";

interface Page {
  items: number[];
  cursor?: string | null;
}

/** A reader over fixed pages keyed by cursor ("" = first), recording each fetch. */
function pages(
  book: Record<string, Page>,
): PageReader<Page, number> & { fetched: (string | undefined)[] } {
  const fetched: (string | undefined)[] = [];
  return {
    fetched,
    fetchPage: (cursor) => {
      fetched.push(cursor);
      const page = book[cursor ?? ""];
      return page ? Promise.resolve(page) : Promise.reject(new Error(`no page ${cursor}`));
    },
    items: (p) => p.items,
    cursor: (p) => p.cursor,
  };
}

Deno.test("paginate() stops on an empty or missing cursor", async () => {
  const a = pages({ "": { items: [1, 2], cursor: "b" }, b: { items: [3], cursor: "" } });
  assert.deepEqual(await Array.fromAsync(paginate(a)), [1, 2, 3]);
  assert.deepEqual(a.fetched, [undefined, "b"]);
  const b = pages({ "": { items: [1], cursor: "b" }, b: { items: [], cursor: null } });
  assert.deepEqual(await Array.fromAsync(paginate(b)), [1]);
  const c = pages({ "": { items: [1] } });
  assert.deepEqual(await Array.fromAsync(paginate(c)), [1]);
});

Deno.test("paginate() throws KalshiProtocolError when a cursor repeats", async () => {
  const loop = pages({
    "": { items: [1], cursor: "b" },
    b: { items: [2], cursor: "c" },
    c: { items: [3], cursor: "b" },
  });
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (const n of paginate(loop)) seen.push(n);
    })(),
    (e) => e instanceof KalshiProtocolError && e.code === "cursor_loop",
  );
  assert.deepEqual(seen, [1, 2, 3]);
  const same = pages({ x: { items: [1], cursor: "x" } });
  await assert.rejects(Array.fromAsync(paginate(same, { cursor: "x" })), KalshiProtocolError);
});

Deno.test("paginate() honours maxItems and maxPages without fetching more pages", async () => {
  const book = {
    "": { items: [1, 2], cursor: "b" },
    b: { items: [3, 4], cursor: "c" },
    c: { items: [5], cursor: "" },
  };
  const a = pages(book);
  assert.deepEqual(await Array.fromAsync(paginate(a, { maxItems: 3 })), [1, 2, 3]);
  assert.deepEqual(a.fetched, [undefined, "b"]);
  const b = pages(book);
  assert.deepEqual(await Array.fromAsync(paginate(b, { maxItems: 2 })), [1, 2]);
  assert.deepEqual(b.fetched, [undefined]);
  const c = pages(book);
  assert.deepEqual(await Array.fromAsync(paginate(c, { maxPages: 2 })), [1, 2, 3, 4]);
  const d = pages(book);
  assert.deepEqual(await Array.fromAsync(paginate(d, { cursor: "b" })), [3, 4, 5]);
});

Deno.test("paginate() rethrows signal.reason when aborted between pages", async () => {
  const controller = new AbortController();
  const reader = pages({ "": { items: [1, 2], cursor: "b" }, b: { items: [3], cursor: "" } });
  const seen: number[] = [];
  const err = await (async () => {
    for await (const n of paginate(reader, { signal: controller.signal })) {
      seen.push(n);
      if (n === 1) controller.abort("enough");
    }
  })().catch((e) => e);
  assert.equal(err, "enough");
  assert.deepEqual(seen, [1]);
  assert.deepEqual(reader.fetched, [undefined]);
});

Deno.test("paginate() stops fetching when the loop breaks", async () => {
  const reader = pages({ "": { items: [1, 2], cursor: "b" }, b: { items: [3], cursor: "" } });
  for await (const n of paginate(reader)) if (n === 2) break;
  assert.deepEqual(reader.fetched, [undefined]);
});

Deno.test("KalshiClient markets.iterate() returns each of 5,000 markets exactly once", async () => {
  await using sim = await startSim({ markets: 5000, rateLimits: false });
  await using client = await KalshiClient.create({
    env: { restUrl: sim.restUrl },
    rateLimit: false,
  });
  // Markets settled before the historical cutoff moved to /historical/markets, as on Kalshi:
  // together the two lists hold every market once.
  const seen = new Map<string, number>();
  const count = (ticker: string) => seen.set(ticker, (seen.get(ticker) ?? 0) + 1);
  for await (const m of client.markets.iterate({ limit: 997 })) count(m.ticker);
  const live = seen.size;
  for await (const m of client.historical.iterateMarkets({ limit: 250 })) count(m.ticker);
  const expected = sim.exchange.catalogue.allMarkets().map((m) => m.ticker);
  assert.equal(expected.length, 5000);
  assert.ok(live > 4000, `only ${live} live markets`);
  assert.deepEqual([...seen].filter(([, n]) => n !== 1), []);
  assert.deepEqual(expected.filter((t) => !seen.has(t)), []);
  assert.equal(seen.size, 5000);

  const capped = await Array.fromAsync(client.paginate("GetMarkets", { limit: 100 }, {
    maxItems: 250,
  }));
  assert.equal(capped.length, 250);
});

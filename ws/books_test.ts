import assert from "node:assert/strict";
import { generateKeyPair, KalshiAuth } from "../auth/mod.ts";
import { KalshiConfigError, KalshiConnectionError, KalshiProtocolError } from "../errors.ts";
import { parseCount, parsePrice } from "../money/mod.ts";
import { type BookUpdate, KalshiWs, type KalshiWsOptions, type LiveOrderBook } from "./mod.ts";
import { type FakeBook, FakeServer, fakeTime, settle } from "./testdata/fake_server.ts";

const auth = await KalshiAuth.create({
  keyId: "key-1",
  privateKey: (await generateKeyPair()).privateKeyPem,
  backend: "webcrypto",
});

function open(server: FakeServer, options: Partial<KalshiWsOptions> = {}): Promise<KalshiWs> {
  return KalshiWs.connect({
    url: "wss://fake.test/trade-api/ws/v2",
    auth,
    WebSocket: server.WebSocket,
    liveness: false,
    reconnect: { initialDelayMs: 100, jitter: 0 },
    ...options,
  });
}

function levels(book: FakeBook, side: "yes" | "no"): { price: number; count: number }[] {
  return book[side].map(([p, c]) => ({ price: parsePrice(p), count: parseCount(c) }));
}

function assertSame(book: LiveOrderBook, server: FakeServer, ticker: string): void {
  const want = server.books.get(ticker) ?? { yes: [], no: [] };
  assert.deepEqual(book.levels("yes"), levels(want, "yes"), `${ticker} yes`);
  assert.deepEqual(book.levels("no"), levels(want, "no"), `${ticker} no`);
}

async function until(
  it: AsyncIterator<BookUpdate>,
  type: BookUpdate["type"],
): Promise<BookUpdate[]> {
  const seen: BookUpdate[] = [];
  for (;;) {
    const r = await it.next();
    assert.ok(!r.done, `stream ended before ${type}`);
    seen.push(r.value);
    if (r.value.type === type) return seen;
  }
}

Deno.test("KalshiWs.books() keeps books equal to the server's through deltas", async () => {
  const server = new FakeServer();
  server.setBook("A", { yes: [["0.4000", "10.00"], ["0.4200", "3.50"]], no: [["0.5000", "7.00"]] });
  await using ws = await open(server);
  await using feed = await ws.books(["A", "B"]);
  const cmd = server.last.commands[0]!;
  assert.deepEqual(cmd.params, {
    channels: ["orderbook_delta"],
    market_tickers: ["A", "B"],
    use_yes_price: false,
  });
  const a = await feed.ready("A");
  assert.equal(a.stale, false);
  assertSame(a, server, "A");
  const updates = feed[Symbol.asyncIterator]();
  const sock = server.last;
  sock.delta(1, "A", "0.4200", "-3.50");
  sock.delta(1, "A", "0.4300", "0.45");
  sock.delta(1, "B", "0.1000", "2.00", "no");
  sock.delta(1, "A", "0.5000", "-7.00", "no");
  await until(updates, "delta");
  await settle();
  assertSame(a, server, "A");
  assertSame((await feed.ready("B"))!, server, "B");
  assert.equal(feed.sid, 1);
  assert.deepEqual(feed.tickers, ["A", "B"]);
  await assert.rejects(feed.ready("Z"), KalshiConfigError);
});

Deno.test("a gap marks books stale until fresh snapshots arrive", async () => {
  const server = new FakeServer();
  server.setBook("A", { yes: [["0.4000", "10.00"]] });
  await using ws = await open(server);
  await using feed = await ws.books(["A"]);
  const book = await feed.ready("A");
  const updates = feed[Symbol.asyncIterator]();
  const sock = server.last;
  server.autoReply = false; // hold the snapshot back
  sock.delta(1, "A", "0.4000", "-4.00", "yes", 9);
  const stale = await until(updates, "stale");
  assert.deepEqual(stale.at(-1), {
    type: "stale",
    tickers: ["A"],
    reason: "gap",
    error: (stale.at(-1) as { error: unknown }).error,
  });
  assert.equal(book.stale, true);
  let ready = false;
  const waiting = feed.ready("A").then((b) => (ready = b === book));
  await settle();
  assert.equal(ready, false);
  const get = await sock.waitCommand((c) => c.params?.action === "get_snapshot");
  sock.snapshot(1, "A", get.id);
  const seen = await until(updates, "recovered");
  assert.deepEqual(seen.map((u) => u.type), ["snapshot", "recovered"]);
  await waiting;
  assert.ok(ready);
  assert.equal(book.stale, false);
  assertSame(book, server, "A");
  server.autoReply = true;
});

Deno.test("a delta the book cannot apply is reported and the book resynced", async () => {
  const server = new FakeServer();
  server.setBook("A", { yes: [["0.4000", "1.00"]] });
  await using ws = await open(server);
  const errors = ws.errors();
  await using feed = await ws.books(["A"]);
  const book = await feed.ready("A");
  const sock = server.last;
  sock.emit(1, "orderbook_delta", {
    market_ticker: "A",
    market_id: "00000000-0000-4000-8000-000000000000",
    price_dollars: "0.4000",
    delta_fp: "-5.00", // would go negative: a message was missed
    side: "yes",
  });
  const err = (await errors.next()).value;
  assert.ok(err instanceof KalshiProtocolError);
  await sock.waitCommand((c) => c.params?.action === "get_snapshot");
  await feed.ready("A");
  assert.equal(book.stale, false);
  assertSame(book, server, "A");
});

Deno.test("books go stale on reconnect and fresh again on new snapshots", async () => {
  using clock = fakeTime();
  const server = new FakeServer();
  server.setBook("A", { no: [["0.3000", "2.00"]] });
  await using ws = await open(server);
  await using feed = await ws.books(["A"]);
  const book = await feed.ready("A");
  server.last.drop();
  await settle();
  assert.equal(book.stale, true);
  server.setBook("A", { no: [["0.3100", "1.00"]] });
  await clock.tickAsync(100);
  await server.nextOpen(1);
  assert.equal(await feed.ready("A"), book);
  assert.equal(book.stale, false);
  assertSame(book, server, "A");
});

Deno.test("OrderbookFeed.add(), remove() and refresh()", async () => {
  const server = new FakeServer();
  server.setBook("B", { yes: [["0.1000", "1.00"]] });
  await using ws = await open(server);
  await using feed = await ws.books(["A"]);
  await feed.ready("A");
  await feed.add(["B"]);
  assertSame(await feed.ready("B"), server, "B");
  await feed.remove(["A"]);
  assert.equal(feed.book("A"), undefined);
  assert.deepEqual(feed.tickers, ["B"]);
  server.setBook("B", { yes: [["0.1000", "9.00"]] }); // changed behind the feed's back
  await feed.refresh(["B"]);
  assertSame(feed.book("B")!, server, "B");
});

Deno.test("a feed sharing a sid with a raw subscription reads parsed frames", async () => {
  const server = new FakeServer();
  server.setBook("A", { yes: [["0.2000", "1.00"]] });
  await using ws = await open(server);
  await using raw = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  await using feed = await ws.books(["A"]);
  assert.equal(feed.sid, raw.sids[0]);
  const book = await feed.ready("A");
  server.last.delta(1, "A", "0.2000", "2.00");
  server.last.delta(1, "A", "0.2500", "1.00", "no");
  for await (const m of raw) if (m.type === "orderbook_delta" && m.msg.side === "no") break;
  assertSame(book, server, "A");
});

Deno.test("useYesPrice subscribes on the YES scale and keeps NO bids on the NO scale", async () => {
  const server = new FakeServer();
  server.setBook("A", { no: [["0.4600", "5.00"]] }); // sent as YES prices
  await using ws = await open(server);
  await using feed = await ws.books(["A"], { useYesPrice: true });
  assert.equal(server.last.commands[0]!.params!.use_yes_price, true);
  const book = await feed.ready("A");
  assert.deepEqual(book.levels("no"), [{ price: 5400, count: 500 }]);
});

Deno.test("closing the client ends the feed and its waiters", async () => {
  const server = new FakeServer();
  const ws = await open(server);
  const feed = await ws.books(["A"]);
  server.autoReply = false;
  await feed.ready("A");
  const adding = feed.add(["B"]);
  const waiting = feed.ready("B");
  const updates = feed[Symbol.asyncIterator]();
  await ws.close();
  await assert.rejects(waiting, KalshiConnectionError);
  await assert.rejects(adding, KalshiConnectionError);
  assert.ok(feed.closed);
  assert.deepEqual(await updates.next(), { value: undefined, done: true });
});

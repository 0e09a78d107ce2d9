import assert from "node:assert/strict";
import fc from "fast-check";
import { generateKeyPair, KalshiAuth, parsePublicKey, verifyAuthHeaders } from "../auth/mod.ts";
import {
  KalshiAuthenticationError,
  KalshiConfigError,
  KalshiConnectionError,
  KalshiError,
  KalshiProtocolError,
  KalshiSequenceGapError,
  KalshiTimeoutError,
  KalshiWsError,
} from "../errors.ts";
import { KalshiWs, type KalshiWsOptions, type WsStatusMessage } from "./mod.ts";
import { type Cmd, FakeServer, fakeTime, settle } from "./testdata/fake_server.ts";

const keys = await generateKeyPair();
const auth = await KalshiAuth.create({
  keyId: "key-1",
  privateKey: keys.privateKeyPem,
  backend: "webcrypto",
});
const URL_ = "wss://fake.test/trade-api/ws/v2";

function open(server: FakeServer, options: Partial<KalshiWsOptions> = {}): Promise<KalshiWs> {
  return KalshiWs.connect({
    url: URL_,
    auth,
    WebSocket: server.WebSocket,
    liveness: false,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0 },
    ...options,
  });
}

const TRADE = {
  trade_id: "d91bc706-ee49-470d-82d8-11418bda6fed",
  market_ticker: "A",
  yes_price_dollars: "0.3600",
  no_price_dollars: "0.6400",
  count_fp: "136.00",
  taker_side: "no",
  taker_outcome_side: "no",
  taker_book_side: "ask",
  is_block_trade: false,
  ts: 1669149841,
  ts_ms: 1669149841000,
};

async function take<T extends { type: string }>(
  it: AsyncIterator<T>,
  n: number,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

Deno.test("KalshiWs.connect() signs the handshake over GET /trade-api/ws/v2", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  assert.equal(ws.state, "open");
  const verdict = await verifyAuthHeaders({
    publicKey: parsePublicKey(keys.publicKeyPem),
    method: "GET",
    path: "/trade-api/ws/v2",
    headers: server.last.headers,
  });
  assert.ok(verdict.ok);
  assert.equal(server.last.url, URL_);
  assert.ok(!Deno.inspect(ws).includes(server.last.headers["KALSHI-ACCESS-SIGNATURE"]!));
});

Deno.test("KalshiWs.connect() maps a refused handshake and checks its options", async () => {
  const server = new FakeServer();
  server.refuseStatus = 401;
  await assert.rejects(open(server), KalshiAuthenticationError);
  await assert.rejects(KalshiWs.connect({ auth }), KalshiConfigError);
  await assert.rejects(
    KalshiWs.connect({ url: "https://x/trade-api/ws/v2", auth }),
    KalshiConfigError,
  );
  await assert.rejects(KalshiWs.connect({ env: "demo" }), KalshiConfigError);
});

Deno.test("KalshiWs.connect() times out on a handshake that never completes", async () => {
  using clock = fakeTime();
  const server = new FakeServer();
  server.hang = true;
  const p = open(server, { connectTimeoutMs: 2_000 });
  const rejected = assert.rejects(p, KalshiTimeoutError);
  await server.created(1);
  await clock.tickAsync(2_000);
  await rejected;
});

Deno.test("KalshiWs.subscribe() correlates replies by id and yields typed messages", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["trade", "fill"], market_tickers: ["A"] });
  const cmd = server.last.commands[0]!;
  assert.equal(cmd.cmd, "subscribe");
  assert.deepEqual(cmd.params, { channels: ["trade", "fill"], market_tickers: ["A"] });
  assert.deepEqual(sub.sids, [1, 2]);
  server.last.emit(1, "trade", TRADE);
  const m = await sub.next();
  assert.ok(!m.done && m.value.type === "trade");
  if (m.value.type === "trade") assert.equal(m.value.msg.count_fp, "136.00");
  assert.deepEqual(await ws.listSubscriptions(), [
    { channel: "trade", sid: 1 },
    { channel: "fill", sid: 2 },
  ]);
});

Deno.test("KalshiWs.subscribe() rejects with KalshiWsError carrying Kalshi's code", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  server.failCommands.set("subscribe", 8);
  await assert.rejects(
    ws.subscribe({ channels: ["ticker"] }),
    (e: unknown) => e instanceof KalshiWsError && e.wsCode === 8 && e.id === 1,
  );
  await assert.rejects(ws.subscribe({ channels: [] as never[] }), KalshiConfigError);
  await assert.rejects(ws.subscribe({ channels: ["orderbook_delta"] }), KalshiConfigError);
  await assert.rejects(ws.subscribe({ channels: ["nope" as "ticker"] }), KalshiConfigError);
});

Deno.test("a seq gap marks books stale, withholds deltas and recovers by get_snapshot", async () => {
  const server = new FakeServer();
  server.setBook("A", { yes: [["0.4000", "10.00"]] });
  await using ws = await open(server);
  const errors = ws.errors();
  await using sub = await ws.subscribe({
    channels: ["orderbook_delta"],
    market_tickers: ["A", "B"],
  });
  const sock = server.last;
  assert.deepEqual((await take(sub, 2)).map((m) => m.type), [
    "orderbook_snapshot",
    "orderbook_snapshot",
  ]);
  sock.delta(1, "A", "0.4000", "5.00"); // seq 3
  sock.delta(1, "A", "0.4100", "1.00", "yes", 5); // seq 5: gap
  const items = await take(sub, 5);
  assert.deepEqual(items.map((m) => m.type), [
    "orderbook_delta",
    "stale",
    "orderbook_snapshot",
    "orderbook_snapshot",
    "recovered",
  ]);
  const stale = items[1] as WsStatusMessage;
  assert.ok(stale.type === "stale");
  assert.deepEqual(stale.marketTickers, ["A", "B"]);
  assert.equal(stale.reason, "gap");
  assert.ok(stale.error instanceof KalshiSequenceGapError);
  assert.deepEqual((items[4] as WsStatusMessage).marketTickers.sort(), ["A", "B"]);
  const get = sock.commands.find((c) => c.params?.action === "get_snapshot")!;
  assert.deepEqual(get.params, { sids: [1], market_tickers: ["A", "B"], action: "get_snapshot" });
  const snapA = items[2]!;
  assert.ok(snapA.type === "orderbook_snapshot");
  assert.equal(snapA.id, get.id);
  assert.deepEqual(snapA.msg.yes_dollars_fp, [["0.4000", "15.00"], ["0.4100", "1.00"]]);
  const gap = (await errors.next()).value;
  assert.ok(gap instanceof KalshiSequenceGapError);
  assert.equal(gap.expected, 4);
  assert.equal(gap.received, 5);
  assert.equal(ws.stats.gaps, 1);
  assert.ok(!sub.stale);
});

Deno.test("an exact re-delivery is dropped; a backward seq triggers recovery", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  const sock = server.last;
  await sub.next();
  const f = sock.delta(1, "A", "0.3000", "2.00"); // seq 2
  sock.push(f);
  sock.delta(1, "A", "0.3000", "1.00"); // seq 3
  assert.deepEqual((await take(sub, 2)).map((m) => m.type), ["orderbook_delta", "orderbook_delta"]);
  assert.equal(ws.stats.duplicates, 1);
  // Reordered: 5 before 4.
  sock.delta(1, "A", "0.3000", "1.00", "yes", 5);
  sock.delta(1, "A", "0.3000", "1.00", "yes", 4);
  const items = await take(sub, 3);
  assert.deepEqual(items.map((m) => m.type), ["stale", "orderbook_snapshot", "recovered"]);
  assert.equal(ws.stats.outOfOrder, 1);
});

Deno.test("replies on a sid take part in seq checking", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  const sock = server.last;
  await sub.next(); // snapshot, seq 1
  await sub.update({ addMarkets: ["B"] }); // ok (seq 2) + snapshot B (seq 3)
  sock.delta(1, "B", "0.2000", "1.00"); // seq 4
  assert.deepEqual((await take(sub, 2)).map((m) => m.type), [
    "orderbook_snapshot",
    "orderbook_delta",
  ]);
  assert.equal(ws.stats.gaps, 0);
  sock.push({ type: "ok", sid: 1, seq: 9 }); // a reply after a lost message
  const stale = (await sub.next()).value as WsStatusMessage;
  assert.equal(stale.type, "stale");
  assert.equal(ws.stats.gaps, 1);
});

Deno.test("Subscription.update() adds and removes markets", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  const sock = server.last;
  await sub.next();
  await sub.update({ addMarkets: ["B"], deleteMarkets: ["A"] });
  assert.deepEqual(sub.marketTickers, ["B"]);
  const actions = sock.commands.filter((c) => c.cmd === "update_subscription").map((
    c,
  ) => [c.params!.action, c.params!.market_tickers]);
  assert.deepEqual(actions.sort(), [["add_markets", ["B"]], ["delete_markets", ["A"]]]);
  const snap = (await sub.next()).value!;
  assert.ok(snap.type === "orderbook_snapshot" && snap.msg.market_ticker === "B");
  sock.delta(1, "A", "0.1000", "1.00"); // no longer ours
  sock.delta(1, "B", "0.1000", "1.00");
  const d = (await sub.next()).value!;
  assert.ok(d.type === "orderbook_delta" && d.msg.market_ticker === "B");
  const unfiltered = await ws.subscribe({ channels: ["fill"] });
  await assert.rejects(unfiltered.update({ addMarkets: ["A"] }), KalshiConfigError);
  await unfiltered.unsubscribe();
});

Deno.test("a refused add_markets takes the markets back and the subscription lives on", async () => {
  using clock = fakeTime();
  const server = new FakeServer();
  await using ws = await open(server, { snapshotTimeoutMs: 1_000 });
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  await sub.next();
  // As the simulator answers a market that does not exist.
  server.failCommands.set("add_markets", 16);
  server.failCommands.set("get_snapshot", 11);
  server.failCommands.set("subscribe", 16);
  await assert.rejects(
    sub.update({ addMarkets: ["NOPE"] }),
    (e: unknown) => e instanceof KalshiWsError && e.wsCode === 16,
  );
  assert.deepEqual(sub.marketTickers, ["A"]);
  const sent = server.last.commands.length;
  await clock.tickAsync(10_000);
  assert.equal(sub.closed, false);
  assert.deepEqual(server.last.commands.slice(sent), []);
  assert.deepEqual(sub.sids, [1]);
});

Deno.test("markets added while a resubscribe is in flight reach the new sid", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["trade"], market_tickers: ["A"] });
  const sock = server.last;
  let held: Cmd | undefined;
  server.onCommand = (_s, c) => c.cmd === "subscribe" && (held = c) !== undefined;
  sock.error(10, { sid: 1 }); // the sid dies; the client subscribes again
  await sock.waitCommand((c) => c.cmd === "subscribe", 1);
  await sub.update({ addMarkets: ["B"] }); // before Kalshi answered the new subscribe
  assert.deepEqual(held!.params!.market_tickers, ["A"]);
  server.onCommand = undefined;
  sock.subs.set(2, { sid: 2, channel: "trade", seq: 0, tickers: new Set(["A"]) });
  sock.push({ id: held!.id, type: "subscribed", msg: { channel: "trade", sid: 2 } });
  await settle();
  const adds = sock.commands.filter((c) => c.cmd === "update_subscription");
  assert.deepEqual(adds.map((c) => c.params), [
    { sids: [2], market_tickers: ["B"], action: "add_markets" },
  ]);
  assert.deepEqual([...sock.subs.get(2)!.tickers!].sort(), ["A", "B"]);
});

Deno.test("repeated subscribes share Kalshi's merged sid", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  const one = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A", "B"] });
  const two = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["B", "C"] });
  assert.deepEqual(one.sids, [1]);
  assert.deepEqual(two.sids, [1]);
  const sock = server.last;
  // C is new to the sid (Kalshi snapshots it); B is not, so the client asks for it.
  const snaps = await take(two, 2);
  assert.deepEqual(
    snaps.map((m) => m.type === "orderbook_snapshot" && m.msg.market_ticker).sort(),
    [
      "B",
      "C",
    ],
  );
  await two.unsubscribe();
  const last = sock.commands.at(-1)!;
  assert.equal(last.cmd, "update_subscription");
  assert.deepEqual(last.params, { sids: [1], market_tickers: ["C"], action: "delete_markets" });
  await one.unsubscribe();
  assert.deepEqual(sock.commands.at(-1)!.params, { sids: [1] });
  assert.equal(sock.subs.size, 0);
});

Deno.test("without get_snapshot the client subscribes again for fresh snapshots", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  const sock = server.last;
  await sub.next();
  server.failCommands.set("get_snapshot", 13);
  sock.delta(1, "A", "0.3000", "1.00", "yes", 7);
  const items = await take(sub, 3);
  assert.deepEqual(items.map((m) => m.type), ["stale", "orderbook_snapshot", "recovered"]);
  assert.deepEqual(sub.sids, [2]);
  assert.ok(sock.commands.some((c) => c.cmd === "unsubscribe"));
  assert.equal(ws.stats.resubscribes, 1);
});

Deno.test("a channel error (code 10) restores the subscription on a new sid", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["trade"] });
  server.last.error(10, { sid: 1 });
  const items = await take(sub, 2);
  assert.deepEqual(items.map((m) => m.type), ["stale", "recovered"]);
  assert.equal((items[0] as WsStatusMessage & { reason: string }).reason, "channel_error");
  assert.deepEqual(sub.sids, [2]);
  server.last.emit(2, "trade", TRADE);
  assert.equal((await sub.next()).value!.type, "trade");
});

Deno.test("reconnects with backoff, re-signs, and restores subscriptions on new sids", async () => {
  using clock = fakeTime();
  const server = new FakeServer();
  server.setBook("A", { yes: [["0.5000", "1.00"]] });
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  await using trades = await ws.subscribe({ channels: ["trade"] });
  await sub.next();
  server.sidStart = 7;
  server.refuseStatus = 503;
  server.last.drop(1001);
  await settle();
  assert.equal(ws.state, "reconnecting");
  const stale = (await sub.next()).value as WsStatusMessage;
  assert.ok(stale.type === "stale" && stale.reason === "reconnect");
  assert.equal((await trades.next()).value!.type, "stale");
  await clock.tickAsync(99);
  assert.equal(server.sockets.length, 1);
  await clock.tickAsync(1); // attempt 1 at +100 ms: refused
  await server.created(2);
  await settle();
  server.refuseStatus = undefined;
  await clock.tickAsync(199);
  assert.equal(server.sockets.length, 2);
  await clock.tickAsync(1); // attempt 2 at +200 ms
  await server.nextOpen(2);
  await settle();
  assert.equal(server.sockets.length, 3);
  assert.equal(ws.state, "open");
  assert.notEqual(
    server.sockets[2]!.headers["KALSHI-ACCESS-TIMESTAMP"],
    server.sockets[0]!.headers["KALSHI-ACCESS-TIMESTAMP"],
  );
  const items = await take(sub, 2);
  assert.deepEqual(items.map((m) => m.type), ["orderbook_snapshot", "recovered"]);
  assert.equal((await trades.next()).value!.type, "recovered");
  assert.deepEqual([...sub.sids, ...trades.sids].sort(), [7, 8]);
  assert.equal(ws.stats.reconnects, 1);
  server.last.emit(trades.sids[0]!, "trade", TRADE);
  assert.equal((await trades.next()).value!.type, "trade");
});

Deno.test("gives up after maxAttempts and fails every subscription", async () => {
  using clock = fakeTime();
  const server = new FakeServer();
  const ws = await open(server, {
    reconnect: { initialDelayMs: 10, maxAttempts: 2, jitter: 0 },
  });
  const sub = await ws.subscribe({ channels: ["trade"] });
  server.refuseStatus = 503;
  server.last.drop();
  await settle();
  await clock.tickAsync(10);
  await server.created(2);
  await settle();
  await clock.tickAsync(20);
  await server.created(3);
  await settle();
  assert.equal(ws.state, "closed");
  assert.equal((await sub.next()).value!.type, "stale");
  await assert.rejects(sub.next(), KalshiError);
  await ws.close();
});

Deno.test("a 401 on reconnect is final", async () => {
  using clock = fakeTime();
  const server = new FakeServer();
  const ws = await open(server);
  const sub = await ws.subscribe({ channels: ["trade"] });
  server.refuseStatus = 401;
  server.last.drop();
  await settle();
  await clock.tickAsync(100);
  await server.created(2);
  await settle();
  assert.equal(ws.state, "closed");
  await sub.next();
  await assert.rejects(sub.next(), KalshiAuthenticationError);
  await ws.close();
});

Deno.test("the liveness probe reconnects a silent connection", async () => {
  using clock = fakeTime();
  const server = new FakeServer();
  await using ws = await open(server, { liveness: { intervalMs: 1_000, timeoutMs: 500 } });
  const sock = server.last;
  const probes = () => sock.commands.filter((c) => c.cmd === "list_subscriptions").length;
  await clock.tickAsync(600);
  sock.push({ type: "ok" }); // traffic postpones the probe
  await settle();
  await clock.tickAsync(400);
  assert.equal(probes(), 0);
  await clock.tickAsync(600);
  assert.equal(probes(), 1); // answered
  assert.equal(ws.state, "open");
  server.autoReply = false;
  await clock.tickAsync(1_000);
  assert.equal(probes(), 2);
  await clock.tickAsync(500); // no reply
  await settle();
  assert.equal(ws.state, "reconnecting");
  assert.equal(sock.readyState, 3);
  server.autoReply = true;
  await clock.tickAsync(100);
  await server.nextOpen(1);
  await settle();
  assert.equal(ws.state, "open");
  assert.equal(server.sockets.length, 2);
});

Deno.test("malformed frames are reported and the connection survives them", async () => {
  const server = new FakeServer();
  await using ws = await open(server, { maxFrameChars: 4_096 });
  const errors = ws.errors({ bufferSize: 10_000 });
  await using sub = await ws.subscribe({ channels: ["trade"] });
  const sock = server.last;
  sock.push(new ArrayBuffer(3));
  sock.push("x".repeat(5_000));
  sock.push("{oops");
  sock.push({ type: "mystery", sid: 1, seq: 1, msg: {} }); // unknown type, seq kept
  sock.push({ type: "ticker", sid: 1, seq: 2, msg: {} }); // not this channel's
  sock.push({ type: "trade", sid: 1, seq: 3, msg: { ...TRADE, count_fp: 136 } });
  sock.push({ type: "trade", sid: 99, seq: 1, msg: TRADE });
  sock.push({ type: "trade", seq: 1, msg: TRADE });
  sock.emit(1, "trade", TRADE, 4);
  const codes: string[] = [];
  for (let i = 0; i < 8; i++) codes.push(((await errors.next()).value as KalshiError).code);
  assert.deepEqual(codes, [
    "ws_binary_frame",
    "ws_frame_too_large",
    "ws_bad_json",
    "ws_unknown_type",
    "ws_bad_message",
    "ws_bad_message",
    "ws_unknown_sid",
    "ws_bad_message",
  ]);
  // The bad trade is announced as a hole; the good one follows.
  assert.deepEqual((await take(sub, 3)).map((m) => m.type), ["stale", "recovered", "trade"]);
  assert.equal(ws.state, "open");
  assert.equal(ws.stats.gaps, 0);
});

Deno.test("fuzzed frames never break the connection", async () => {
  const server = new FakeServer();
  let reported = 0;
  await using ws = await open(server, { onError: () => reported++ });
  await using sub = await ws.subscribe({ channels: ["trade"] });
  const sock = server.last;
  const frame = fc.oneof(
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.record({
      type: fc.constantFrom("trade", "ticker", "orderbook_delta", "zzz", "ok", "unsubscribed"),
      sid: fc.oneof(fc.constant(1), fc.integer({ min: -2, max: 5 }), fc.string()),
      seq: fc.oneof(fc.nat({ max: 50 }), fc.constant("1"), fc.constant(null)),
      msg: fc.oneof(fc.jsonValue(), fc.constant(TRADE)),
    }).map((r) => JSON.stringify(r)),
  );
  await fc.assert(
    fc.asyncProperty(frame, async (text) => {
      sock.push(text);
      await settle(2);
    }),
    { numRuns: 300 },
  );
  sock.emit(1, "trade", { ...TRADE, trade_id: "last" }, 10_000);
  let got: unknown;
  for await (const m of sub) {
    if (m.type === "trade" && m.msg.trade_id === "last") {
      got = m;
      break;
    }
  }
  assert.ok(got);
  assert.ok(reported > 0);
  assert.equal(ws.state, "open");
});

Deno.test('overflow "error" ends the subscription and unsubscribes', async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  const sub = await ws.subscribe({ channels: ["trade"] }, { bufferSize: 2, overflow: "error" });
  const sock = server.last;
  for (let i = 0; i < 3; i++) sock.emit(1, "trade", TRADE);
  await settle();
  assert.equal((await sub.next()).value!.type, "trade");
  assert.equal((await sub.next()).value!.type, "trade");
  await assert.rejects(
    sub.next(),
    (e: unknown) => e instanceof KalshiProtocolError && e.code === "buffer_overflow",
  );
  await sock.waitCommand((c) => c.cmd === "unsubscribe");
});

Deno.test('overflow "drop-newest" marks the hole in an event stream once', async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["trade"] }, {
    bufferSize: 2,
    overflow: "drop-newest",
  });
  const sock = server.last;
  for (let i = 1; i <= 5; i++) sock.emit(1, "trade", { ...TRADE, trade_id: `t${i}` });
  await settle();
  sock.emit(1, "trade", { ...TRADE, trade_id: "t6" });
  const items = await take(sub, 5);
  assert.deepEqual(
    items.map((m) => m.type === "trade" ? m.msg.trade_id : m.type),
    ["t1", "t2", "stale", "recovered", "t6"],
  );
});

Deno.test('overflow "drop-oldest" on books resyncs the dropped market', async () => {
  const server = new FakeServer();
  server.setBook("A", { yes: [["0.2000", "1.00"]] });
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] }, {
    bufferSize: 2,
    overflow: "drop-oldest",
  });
  const sock = server.last;
  await settle();
  sock.delta(1, "A", "0.2000", "1.00");
  sock.delta(1, "A", "0.2000", "1.00"); // drops the first snapshot
  await sock.waitCommand((c) => c.params?.action === "get_snapshot");
  await settle();
  const items = [];
  for await (const m of sub) {
    items.push(m);
    if (m.type === "recovered") break;
  }
  assert.equal(items[0]!.type, "stale");
  const snap = items.findLast((m) => m.type === "orderbook_snapshot")!;
  assert.ok(snap.type === "orderbook_snapshot");
  assert.deepEqual(snap.msg.yes_dollars_fp, [["0.2000", "3.00"]]);
  assert.equal(sock.commands.filter((c) => c.params?.action === "get_snapshot").length, 1);
});

Deno.test('overflow "drop-oldest" coalesces holes in an event stream', async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["trade"] }, {
    bufferSize: 2,
    overflow: "drop-oldest",
  });
  const sock = server.last;
  for (let i = 1; i <= 5; i++) sock.emit(1, "trade", { ...TRADE, trade_id: `t${i}` });
  await settle();
  const items = await take(sub, 4);
  assert.deepEqual(
    items.map((m) => m.type === "trade" ? m.msg.trade_id : m.type),
    ["stale", "recovered", "t4", "t5"],
  );
});

Deno.test("close() rejects pending commands and ends every stream", async () => {
  const server = new FakeServer();
  const ws = await open(server);
  const sub = await ws.subscribe({ channels: ["trade"] });
  const errors = ws.errors();
  server.autoReply = false;
  const pending = ws.subscribe({ channels: ["fill"] });
  await settle();
  await ws.close();
  await assert.rejects(pending, KalshiConnectionError);
  assert.deepEqual(await sub.next(), { value: undefined, done: true });
  assert.deepEqual(await errors.next(), { value: undefined, done: true });
  assert.equal(ws.state, "closed");
  await ws.close();
});

Deno.test("aborting the client's signal ends streams with the reason", async () => {
  const server = new FakeServer();
  const ac = new AbortController();
  const ws = await open(server, { signal: ac.signal });
  const sub = await ws.subscribe({ channels: ["trade"] });
  const reason = new Error("stop");
  ac.abort(reason);
  await assert.rejects(sub.next(), (e) => e === reason);
  await ws.close();
  assert.equal(ws.state, "closed");
});

Deno.test("aborting a subscription's signal unsubscribes it", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  const ac = new AbortController();
  const sub = await ws.subscribe({ channels: ["trade"] }, { signal: ac.signal });
  ac.abort(new Error("enough"));
  await assert.rejects(sub.next(), /enough/);
  await server.last.waitCommand((c) => c.cmd === "unsubscribe");
});

Deno.test("leaving a for-await loop unsubscribes", async () => {
  const server = new FakeServer();
  await using ws = await open(server);
  const sub = await ws.subscribe({ channels: ["trade"] });
  server.last.emit(1, "trade", TRADE);
  for await (const _ of sub) break;
  await server.last.waitCommand((c) => c.cmd === "unsubscribe");
  assert.ok(sub.closed);
});

Deno.test("getSnapshot() returns fresh snapshots that also flow in the stream", async () => {
  const server = new FakeServer();
  server.setBook("A", { no: [["0.3000", "2.00"]] });
  await using ws = await open(server);
  await using sub = await ws.subscribe({ channels: ["orderbook_delta"], market_tickers: ["A"] });
  await sub.next();
  const [snap] = await ws.getSnapshot(sub, ["A"]);
  assert.deepEqual(snap!.msg.no_dollars_fp, [["0.3000", "2.00"]]);
  const again = (await sub.next()).value!;
  assert.equal(again.type, "orderbook_snapshot");
  await assert.rejects(ws.getSnapshot(sub, ["Z"]), KalshiConfigError);
});

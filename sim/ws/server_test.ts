import assert from "node:assert/strict";
import {
  credsOf,
  type Frame,
  signWs,
  startFakeSim,
  T1,
  T2,
  T3,
  TestWs,
  TICKERS,
} from "./testdata/harness.ts";

const errorOf = (f: Frame) => f.type === "error" ? f.msg : undefined;

Deno.test("handshake: a signed connect opens, anything else is refused with 401", async () => {
  await using sim = await startFakeSim();
  const creds = credsOf(sim.alice);
  const ws = await TestWs.connect(sim.wsUrl, creds);
  await ws.close();

  const http = sim.wsUrl.replace("ws://", "http://");
  const restPath = http.replace("/trade-api/ws/v2", "/trade-api/v2");
  const cases: [string, Record<string, string>, string, string | undefined][] = [
    ["unsigned", {}, "signature_is_missing_from_headers", undefined],
    [
      "signed over the REST path",
      await signWs(creds, restPath),
      "authentication_error",
      "INCORRECT_API_KEY_SIGNATURE",
    ],
    [
      "unknown key",
      { ...await signWs(creds, sim.wsUrl), "KALSHI-ACCESS-KEY": crypto.randomUUID() },
      "authentication_error",
      "NOT_FOUND",
    ],
    [
      "stale timestamp",
      await signWs(creds, sim.wsUrl, Date.now() - 120_000),
      "header_timestamp_expired",
      undefined,
    ],
    [
      "other user's signature",
      {
        ...await signWs(credsOf(sim.bob), sim.wsUrl),
        "KALSHI-ACCESS-KEY": sim.alice.key_id,
      },
      "authentication_error",
      "INCORRECT_API_KEY_SIGNATURE",
    ],
  ];
  for (const [name, headers, code, details] of cases) {
    const error = await TestWs.attempt(sim.wsUrl, headers);
    assert.match(error ?? "", /401/, name);
    // The same headers on a plain GET show the body Kalshi's REST API uses.
    const res = await fetch(http, { headers });
    const body = await res.json();
    assert.equal(res.status, 401, name);
    assert.equal(body.error.code, code, name);
    assert.equal(body.error.details, details, name);
  }
  // Signed but not an upgrade.
  const res = await fetch(http, { headers: await signWs(creds, sim.wsUrl) });
  assert.equal(res.status, 400);
  await res.body?.cancel();
});

Deno.test("subscribe answers one subscribed per channel with distinct sids and the command id", async () => {
  await using sim = await startFakeSim();
  sim.trading.books.set(T1, { yes: [[4200, 1300], [800, 30000]], no: [[5400, 2000]] });
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  ws.send({
    id: 7,
    cmd: "subscribe",
    params: { channels: ["orderbook_delta", "ticker", "trade"], market_tickers: [T1, T2] },
  });
  const replies = [
    await ws.next((f) => f.type === "subscribed"),
    await ws.next((f) => f.type === "subscribed"),
    await ws.next((f) => f.type === "subscribed"),
  ];
  assert.deepEqual(replies.map((r) => r.id), [7, 7, 7]);
  assert.deepEqual(replies.map((r) => r.msg.channel), ["orderbook_delta", "ticker", "trade"]);
  assert.deepEqual(replies.map((r) => r.msg.sid), [1, 2, 3]);
  const s1 = await ws.next((f) => f.type === "orderbook_snapshot");
  const s2 = await ws.next((f) => f.type === "orderbook_snapshot");
  assert.deepEqual([s1.sid, s1.seq, s2.sid, s2.seq], [1, 1, 1, 2]);
  assert.deepEqual(s1.msg.yes_dollars_fp, [["0.0800", "300.00"], ["0.4200", "13.00"]]);
  assert.deepEqual(s1.msg.no_dollars_fp, [["0.5400", "20.00"]]);
  assert.equal(s1.id, undefined);
  assert.equal(s2.msg.market_ticker, T2);
  assert.equal("yes_dollars_fp" in s2.msg, false, "an empty side is omitted");

  const list = await ws.request({ id: 8, cmd: "list_subscriptions" });
  assert.deepEqual(list, {
    id: 8,
    type: "ok",
    msg: [
      { channel: "orderbook_delta", sid: 1 },
      { channel: "ticker", sid: 2 },
      { channel: "trade", sid: 3 },
    ],
  });
});

Deno.test("update_subscription, get_snapshot and unsubscribe carry the sid's seq", async () => {
  await using sim = await startFakeSim();
  sim.trading.books.set(T3, { yes: [[1000, 100]], no: [] });
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  ws.send({
    id: 1,
    cmd: "subscribe",
    params: { channels: ["orderbook_delta"], market_ticker: T1 },
  });
  await ws.next((f) => f.type === "orderbook_snapshot");

  const ok = await ws.request({
    id: 2,
    cmd: "update_subscription",
    params: { sids: [1], market_tickers: [T3, T2], action: "add_markets" },
  });
  assert.deepEqual(ok, {
    type: "ok",
    id: 2,
    sid: 1,
    seq: 2,
    msg: { market_tickers: [T1, T2, T3] },
  });
  const added = [
    await ws.next((f) => f.type === "orderbook_snapshot"),
    await ws.next((f) => f.type === "orderbook_snapshot"),
  ];
  assert.deepEqual(added.map((f) => [f.msg.market_ticker, f.seq]), [[T3, 3], [T2, 4]]);

  const snap = await ws.request({
    id: 3,
    cmd: "update_subscription",
    params: { sid: 1, market_tickers: [T3], action: "get_snapshot" },
  });
  assert.equal(snap.type, "orderbook_snapshot");
  assert.deepEqual([snap.sid, snap.seq, snap.msg.market_ticker], [1, 5, T3]);
  assert.deepEqual(snap.msg.yes_dollars_fp, [["0.1000", "1.00"]]);

  const del = await ws.request({
    id: 4,
    cmd: "update_subscription",
    params: { sids: [1], market_ticker: T1, action: "delete_markets" },
  });
  assert.deepEqual(del.msg, { market_tickers: [T2, T3] });
  assert.equal(del.seq, 6);

  const un = await ws.request({ id: 5, cmd: "unsubscribe", params: { sids: [1] } });
  assert.deepEqual(un, { type: "unsubscribed", id: 5, sid: 1, seq: 7 });
  assert.deepEqual((await ws.request({ id: 6, cmd: "list_subscriptions" })).msg, []);

  // skip_ticker_ack: acknowledgements without the market list.
  ws.send({
    id: 7,
    cmd: "subscribe",
    params: { channels: ["ticker"], market_ticker: T1, skip_ticker_ack: true },
  });
  const { msg: { sid } } = await ws.next((f) => f.id === 7);
  const quiet = await ws.request({
    id: 8,
    cmd: "update_subscription",
    params: { sid, market_ticker: T2, action: "add_markets" },
  });
  assert.deepEqual(quiet, { type: "ok", id: 8, sid, seq: 1 });
});

Deno.test("a repeated subscribe merges into the existing subscription", async () => {
  await using sim = await startFakeSim();
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  ws.send({
    id: 1,
    cmd: "subscribe",
    params: { channels: ["orderbook_delta"], market_ticker: T1 },
  });
  await ws.next((f) => f.id === 1);
  await ws.next((f) => f.type === "orderbook_snapshot");
  ws.send({
    id: 2,
    cmd: "subscribe",
    params: { channels: ["orderbook_delta"], market_tickers: [T1, T2] },
  });
  const again = await ws.next((f) => f.id === 2);
  assert.deepEqual(again, {
    type: "subscribed",
    id: 2,
    msg: { channel: "orderbook_delta", sid: 1 },
  });
  const frames = await ws.drain();
  assert.deepEqual(frames.map((f) => [f.type, f.msg.market_ticker, f.seq]), [
    ["orderbook_snapshot", T2, 2],
  ]);
  const list = await ws.request({ id: 3, cmd: "list_subscriptions" });
  assert.equal(list.msg.length, 1);
});

Deno.test("commands fail with Kalshi's error codes and the connection survives", async () => {
  await using sim = await startFakeSim();
  sim.ws.limits.maxMarketsPerSubscription = 3;
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  ws.send({
    id: 1,
    cmd: "subscribe",
    params: { channels: ["orderbook_delta"], market_ticker: T1 },
  });
  await ws.next((f) => f.id === 1);
  await ws.next((f) => f.type === "orderbook_snapshot");
  ws.send({ id: 2, cmd: "subscribe", params: { channels: ["ticker"] } });
  await ws.next((f) => f.id === 2);

  const cases: [string, unknown, number, Record<string, unknown>?][] = [
    ["malformed JSON", '{"id":1,"cmd":', 1],
    ["not an object", "[1,2]", 1],
    ["id of the wrong type", { id: "x", cmd: "list_subscriptions" }, 1],
    ["unknown command", { id: 10, cmd: "subscribe_all" }, 5],
    ["missing cmd", { id: 11 }, 5],
    ["missing params", { id: 12, cmd: "subscribe" }, 2],
    ["params of the wrong type", { id: 13, cmd: "subscribe", params: "x" }, 1],
    ["missing channels", { id: 14, cmd: "subscribe", params: {} }, 3],
    ["empty channels", { id: 15, cmd: "subscribe", params: { channels: [] } }, 3],
    ["unknown channel", { id: 16, cmd: "subscribe", params: { channels: ["news"] } }, 8],
    ["removed ticker_v2", { id: 17, cmd: "subscribe", params: { channels: ["ticker_v2"] } }, 8],
    [
      "removed multivariate",
      { id: 18, cmd: "subscribe", params: { channels: ["multivariate"] } },
      8,
    ],
    ["orderbook without market", {
      id: 19,
      cmd: "subscribe",
      params: { channels: ["orderbook_delta"] },
    }, 14],
    [
      "unknown market",
      {
        id: 20,
        cmd: "subscribe",
        params: { channels: ["trade"], market_ticker: "NOPE-1" },
      },
      16,
      { market_ticker: "NOPE-1" },
    ],
    ["both market_ticker and market_tickers", {
      id: 21,
      cmd: "subscribe",
      params: { channels: ["trade"], market_ticker: T1, market_tickers: [T2] },
    }, 11],
    ["too many markets", {
      id: 22,
      cmd: "subscribe",
      params: { channels: ["trade"], market_tickers: TICKERS.slice(0, 4) },
    }, 26],
    ["shard_key without shard_factor", {
      id: 23,
      cmd: "subscribe",
      params: { channels: ["communications"], shard_key: 1 },
    }, 20],
    ["shard_factor 0", {
      id: 24,
      cmd: "subscribe",
      params: { channels: ["communications"], shard_factor: 0 },
    }, 19],
    ["shard_factor 101", {
      id: 25,
      cmd: "subscribe",
      params: { channels: ["communications"], shard_factor: 101 },
    }, 22],
    ["shard_key out of range", {
      id: 26,
      cmd: "subscribe",
      params: { channels: ["communications"], shard_factor: 4, shard_key: 4 },
    }, 21],
    ["unsubscribe without sids", { id: 27, cmd: "unsubscribe", params: {} }, 4],
    ["unsubscribe unknown sid", { id: 28, cmd: "unsubscribe", params: { sids: [99] } }, 7],
    ["update without action", {
      id: 29,
      cmd: "update_subscription",
      params: { sids: [1], market_tickers: [T2] },
    }, 15],
    ["update with two sids", {
      id: 30,
      cmd: "update_subscription",
      params: { sids: [1, 2], market_tickers: [T2], action: "add_markets" },
    }, 12],
    ["update with sid and sids", {
      id: 31,
      cmd: "update_subscription",
      params: { sid: 1, sids: [1], market_tickers: [T2], action: "add_markets" },
    }, 12],
    ["update unknown sid", {
      id: 32,
      cmd: "update_subscription",
      params: { sid: 42, market_tickers: [T2], action: "add_markets" },
    }, 7],
    [
      "unsupported action",
      {
        id: 33,
        cmd: "update_subscription",
        params: { sid: 1, action: "subscribe_indices", index_ids: ["BRTI"] },
      },
      13,
      { sid: 1 },
    ],
    [
      "add_markets without markets",
      {
        id: 34,
        cmd: "update_subscription",
        params: { sid: 1, action: "add_markets" },
      },
      14,
      { sid: 1 },
    ],
    [
      "get_snapshot on the ticker channel",
      {
        id: 35,
        cmd: "update_subscription",
        params: { sid: 2, market_tickers: [T1], action: "get_snapshot" },
      },
      13,
      { sid: 2 },
    ],
    [
      "get_snapshot of a market not subscribed",
      {
        id: 36,
        cmd: "update_subscription",
        params: { sid: 1, market_tickers: [T2], action: "get_snapshot" },
      },
      11,
      { sid: 1 },
    ],
    [
      "add_markets past the cap",
      {
        id: 37,
        cmd: "update_subscription",
        params: { sid: 1, market_tickers: TICKERS.slice(1, 4), action: "add_markets" },
      },
      26,
      { sid: 1 },
    ],
    [
      "add_markets with an unknown market",
      {
        id: 38,
        cmd: "update_subscription",
        params: { sid: 1, market_tickers: [T2, "NOPE-2"], action: "add_markets" },
      },
      16,
      { sid: 1 },
    ],
  ];
  for (const [name, cmd, code, extra] of cases) {
    ws.send(cmd);
    const frame = await ws.next((f) => f.type === "error");
    const id = typeof cmd === "object" && cmd && "id" in cmd ? cmd.id : undefined;
    assert.equal(errorOf(frame)?.code, code, name);
    assert.equal(frame.id, typeof id === "number" ? id : undefined, name);
    for (const [k, v] of Object.entries(extra ?? {})) {
      assert.equal(k === "sid" ? frame.sid : errorOf(frame)[k], v, name);
    }
  }
  // Orderbook errors scoped to the subscription consume a seq of that stream.
  const seqs = ws.frames.filter((f) => f.sid === 1).map((f) => f.seq);
  assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6]);

  // Frames the server cannot take.
  ws.send(new Uint8Array([1, 2, 3]));
  assert.equal(errorOf(await ws.next((f) => f.type === "error")).code, 1);
  ws.send(`{"id":50,"cmd":"list_subscriptions","pad":"${"x".repeat(1024 * 1024)}"}`);
  const huge = await ws.next((f) => f.type === "error");
  assert.deepEqual(huge, { type: "error", msg: { code: 1, msg: "Unable to process message" } });
  const list = await ws.request({ id: 51, cmd: "list_subscriptions" });
  assert.equal(list.msg.length, 2, "the connection survived every error");
  assert.deepEqual((await ws.drain()).length, 0);
});

Deno.test("commands beyond the per-connection rate get error 27", async () => {
  await using sim = await startFakeSim();
  sim.ws.limits.maxCommandsPerSecond = 5;
  await using ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  for (let i = 1; i <= 8; i++) ws.send({ id: i, cmd: "list_subscriptions" });
  const replies = await Promise.all(
    [1, 2, 3, 4, 5, 6, 7, 8].map((id) => ws.next((f) => f.id === id)),
  );
  assert.deepEqual(replies.map((f) => f.type), [
    "ok",
    "ok",
    "ok",
    "ok",
    "ok",
    "error",
    "error",
    "error",
  ]);
  assert.equal(replies[5]!.msg.code, 27);
});

Deno.test("connections beyond the per-user cap are refused with 429", async () => {
  await using sim = await startFakeSim();
  sim.ws.limits.maxConnectionsPerUser = 1;
  await using first = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  const error = await TestWs.attempt(sim.wsUrl, await signWs(credsOf(sim.alice), sim.wsUrl));
  assert.match(error ?? "", /429/);
  await using other = await TestWs.connect(sim.wsUrl, credsOf(sim.bob));
  assert.equal(first.readyState, WebSocket.OPEN);
  assert.equal(other.readyState, WebSocket.OPEN);
});

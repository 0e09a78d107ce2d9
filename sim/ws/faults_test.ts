import assert from "node:assert/strict";
import { soakScale } from "../../_testing/soak.ts";
import { parseWsFaultSettings } from "./faults.ts";
import {
  bookDelta,
  credsOf,
  type FakeSim,
  signWs,
  startFakeSim,
  T1,
  TestWs,
} from "./testdata/harness.ts";

async function admin(sim: FakeSim, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.adminUrl}/ws${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface Run {
  seqs: number[];
  injected: Record<string, number>;
}

/** One connection: subscribe, receive `n` deltas through the faults, report what arrived. */
async function run(sim: FakeSim, n: number): Promise<Run> {
  const ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  ws.send({
    id: 1,
    cmd: "subscribe",
    params: { channels: ["orderbook_delta"], market_ticker: T1 },
  });
  await ws.next((f) => f.type === "orderbook_snapshot");
  for (let i = 0; i < n; i++) sim.emit(bookDelta(T1, "yes", 100 + (i % 90) * 100, 100));
  // A message held back for a swap goes out right after the next reply: drain twice.
  await ws.drain();
  await ws.drain();
  await ws.close();
  const seqs = ws.frames.filter((f) => f.type === "orderbook_delta").map((f) => f.seq!);
  const { injected } = await admin(sim, "GET", "/faults") as Run;
  return { seqs, injected };
}

Deno.test("injected feed faults replay from the seed and match what the client sees", async () => {
  await using sim = await startFakeSim({ seed: 42 });
  const settings = {
    skip_rate: 0.1,
    duplicate_rate: 0.1,
    reorder_rate: 0.1,
    stall_rate: 0.01,
    stall_ms: 2,
  };
  const n = soakScale(40_000, 4_000);
  await admin(sim, "PUT", "/faults", settings);
  const first = await run(sim, n);
  const { skip, duplicate, reorder, stall } = first.injected as Record<string, number>;
  assert.ok(skip! + duplicate! + reorder! + stall! >= 1000, JSON.stringify(first.injected));

  // What the client observes is exactly what was injected.
  const unique = new Set(first.seqs);
  assert.equal(n - unique.size, skip, "every skip is a gap");
  assert.equal(first.seqs.length - unique.size, duplicate, "every duplicate arrives twice");
  const descents = first.seqs.filter((s, i) => i > 0 && s < first.seqs[i - 1]!).length;
  assert.equal(descents, reorder, "every swap shows as one step back");
  assert.ok(Math.max(...first.seqs) <= n + 1);

  // Same settings, same seed, same traffic: the same faults.
  await admin(sim, "PUT", "/faults", settings);
  const second = await run(sim, n);
  assert.deepEqual(second, first);

  // Another seed gives other faults; connection_rate 0 gives none.
  await admin(sim, "PUT", "/faults", { ...settings, seed: "other" });
  assert.notDeepEqual((await run(sim, n)).seqs, first.seqs);
  await admin(sim, "PUT", "/faults", { ...settings, connection_rate: 0 });
  const clean = await run(sim, 200);
  assert.deepEqual(clean.seqs, Array.from({ length: 200 }, (_, i) => i + 2));
  assert.equal(Object.values(clean.injected).reduce((a, b) => a + b, 0), 0);
});

Deno.test("a drop fault and the admin drop close connections with 1001", async () => {
  await using sim = await startFakeSim();
  await admin(sim, "PUT", "/faults", { drop_rate: 1, channels: ["trade"] });
  const ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  ws.send({
    id: 1,
    cmd: "subscribe",
    params: { channels: ["trade", "orderbook_delta"], market_ticker: T1 },
  });
  await ws.next((f) => f.type === "orderbook_snapshot");
  sim.emit(bookDelta(T1, "yes", 100, 100));
  await ws.next((f) => f.type === "orderbook_delta");
  sim.emit({
    type: "trade",
    trade: {
      trade_id: crypto.randomUUID(),
      ticker: T1,
      yes_price: 5000,
      count: 100,
      taker_book_side: "bid",
      is_block_trade: false,
      created_ms: 0,
    },
  });
  assert.equal((await ws.closed).code, 1001);
  await ws.close();
  assert.equal(sim.ws.faults.injected.drop, 1);

  await admin(sim, "PUT", "/faults", {});
  const a = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  const b = await TestWs.connect(sim.wsUrl, credsOf(sim.bob));
  const conns = await admin(sim, "GET", "/connections") as { connections: { user_id: string }[] };
  assert.equal(conns.connections.length, 2);
  assert.deepEqual(await admin(sim, "POST", "/connections/drop", { user_id: sim.alice.user_id }), {
    dropped: 1,
  });
  assert.equal((await a.closed).code, 1001);
  assert.equal(b.readyState, WebSocket.OPEN);
  await a.close();
  await b.close();
});

Deno.test("a slow reader gets error 25, which ends that subscription but not the connection", async () => {
  await using sim = await startFakeSim();
  const limits = await admin(sim, "PUT", "/limits", { max_buffered_bytes: 4096 }) as Record<
    string,
    number
  >;
  assert.equal(limits.max_buffered_bytes, 4096);
  const ws = await TestWs.connect(sim.wsUrl, credsOf(sim.alice));
  ws.send({
    id: 1,
    cmd: "subscribe",
    params: { channels: ["orderbook_delta"], market_ticker: T1 },
  });
  await ws.next((f) => f.type === "orderbook_snapshot");
  // All sent in one turn of the event loop: nothing drains until the burst is over.
  for (let i = 0; i < 200; i++) sim.emit(bookDelta(T1, "no", 100, 100));
  const err = await ws.next((f) => f.type === "error");
  assert.deepEqual(err.msg, { code: 25, msg: "Subscription buffer overflow" });
  assert.equal(err.sid, 1);
  // Contiguous up to the message that did not fit; the error's seq shows it was lost.
  const seqs = ws.frames.filter((f) => f.sid === 1).map((f) => f.seq!);
  const data = seqs.slice(0, -1);
  assert.deepEqual(data, data.map((_, i) => i + 1));
  assert.equal(err.seq, data.length + 2);
  // The subscription is gone; the connection still answers commands.
  ws.send({ id: 2, cmd: "list_subscriptions" });
  const list = await ws.next((f) => f.id === 2);
  assert.deepEqual(list.msg, []);
  assert.equal(ws.readyState, WebSocket.OPEN);
  await ws.close();
});

Deno.test("fault and limit settings are validated", async () => {
  await using sim = await startFakeSim();
  for (const bad of [{ skip_rate: 2 }, { stall_ms: -1 }, { channels: "trade" }, { nope: 1 }, []]) {
    assert.throws(() => parseWsFaultSettings(bad));
    const res = await fetch(`${sim.adminUrl}/ws/faults`, {
      method: "PUT",
      body: JSON.stringify(bad),
    });
    assert.equal(res.status, 400);
    await res.body?.cancel();
  }
  const res = await fetch(`${sim.adminUrl}/ws/limits`, {
    method: "PUT",
    body: JSON.stringify({ max_frames: 1 }),
  });
  assert.equal(res.status, 400);
  await res.body?.cancel();
  assert.deepEqual(await admin(sim, "GET", "/faults"), {
    settings: {},
    injected: { skip: 0, duplicate: 0, reorder: 0, stall: 0, drop: 0 },
    total: 0,
  });
});

/** Reads one WebSocket frame header from a raw connection: its opcode and payload. */
async function readFrame(conn: Deno.Conn, buf: Uint8Array[]): Promise<[number, Uint8Array]> {
  const chunk = new Uint8Array(4096);
  for (;;) {
    const all = concat(buf);
    if (all.length >= 2) {
      const len = all[1]! & 0x7f;
      if (len < 126 && all.length >= 2 + len) {
        buf.length = 0;
        if (all.length > 2 + len) buf.push(all.subarray(2 + len));
        return [all[0]! & 0x0f, all.subarray(2, 2 + len)];
      }
    }
    const n = await conn.read(chunk);
    if (n === null) throw new Error("connection closed");
    buf.push(chunk.slice(0, n));
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

Deno.test("the server pings a silent client", async () => {
  await using sim = await startFakeSim();
  sim.ws.limits.pingIntervalMs = 100;
  const url = new URL(sim.wsUrl);
  const headers = await signWs(credsOf(sim.alice), sim.wsUrl);
  const conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
  try {
    const lines = [
      `GET ${url.pathname} HTTP/1.1`,
      `Host: ${url.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    await conn.write(new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
    const buf: Uint8Array[] = [];
    const chunk = new Uint8Array(4096);
    let head = "";
    while (!head.includes("\r\n\r\n")) {
      const n = await conn.read(chunk);
      if (n === null) throw new Error("closed during handshake");
      head += new TextDecoder().decode(chunk.subarray(0, n));
    }
    assert.match(head, /^HTTP\/1\.1 101/);
    const rest = head.slice(head.indexOf("\r\n\r\n") + 4);
    if (rest) buf.push(new TextEncoder().encode(rest));
    const [opcode] = await readFrame(conn, buf);
    assert.equal(opcode, 0x9, "a ping control frame");
    // Close cleanly (masked close frame, code 1000) and wait for the server's close.
    const mask = [1, 2, 3, 4];
    const payload = [0x03, 0xe8].map((b, i) => b ^ mask[i]!);
    await conn.write(new Uint8Array([0x88, 0x82, ...mask, ...payload]));
    let op = 0;
    while (op !== 0x8) [op] = await readFrame(conn, buf);
  } finally {
    conn.close();
  }
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { KalshiProtocolError } from "../errors.ts";
import {
  CHANNEL_TYPES,
  checkPayload,
  checkReply,
  decodeFrame,
  fieldNames,
  isKnownType,
  listOf,
  tickerOf,
  type WireFrame,
} from "./_parse.ts";

type Examples = Record<string, Record<string, unknown>>;

async function examples(): Promise<[string, WireFrame][]> {
  const out: [string, WireFrame][] = [];
  for await (const e of Deno.readDir(new URL("./testdata/examples/", import.meta.url))) {
    const file = JSON.parse(
      await Deno.readTextFile(new URL(`./testdata/examples/${e.name}`, import.meta.url)),
    ) as Examples;
    for (const [name, frame] of Object.entries(file)) out.push([name, frame as WireFrame]);
  }
  return out;
}

const DATA_TYPES = new Set(Object.values(CHANNEL_TYPES).flat());

Deno.test("checkPayload() accepts every current AsyncAPI example of a data message", async () => {
  let checked = 0;
  for (const [name, frame] of await examples()) {
    if (!name.startsWith("current/") || !DATA_TYPES.has(frame.type as string)) continue;
    assert.equal(checkPayload(frame), undefined, name);
    checked++;
  }
  assert.ok(checked >= 25, `only ${checked} examples`);
});

Deno.test("checkReply() accepts every example reply of every era", async () => {
  for (const [name, frame] of await examples()) {
    if (!["subscribed", "ok", "unsubscribed", "error"].includes(frame.type as string)) continue;
    assert.equal(checkReply(frame), undefined, name);
  }
});

Deno.test("listOf() reads both list_subscriptions reply shapes", async () => {
  const all = Object.fromEntries(await examples());
  const now = listOf(all["current/listSubscriptionsResponse/listSubscriptionsResponse"]!);
  const old = listOf(all["docs-2025-11-03/listSubscriptionsResponse"]!);
  assert.ok(now.length > 0 && now.every((e) => typeof e.sid === "number"));
  assert.ok(old.length > 0 && old.every((e) => typeof e.channel === "string"));
});

Deno.test("checkPayload() names a field of the wrong JSON type", async () => {
  const wrong = (v: unknown): unknown =>
    v === null
      ? true
      : typeof v === "string"
      ? 12
      : typeof v === "number"
      ? "12"
      : typeof v === "boolean"
      ? "x"
      : 1;
  let mutated = 0;
  for (const [name, frame] of await examples()) {
    if (!name.startsWith("current/") || !DATA_TYPES.has(frame.type as string)) continue;
    const known = new Set(fieldNames(frame.type));
    for (const key of Object.keys(frame.msg as object)) {
      if (!known.has(key)) continue;
      const msg = { ...(frame.msg as Record<string, unknown>) };
      msg[key] = wrong(msg[key]);
      const problem = checkPayload({ ...frame, msg });
      assert.ok(problem?.includes(`msg.${key}`), `${name}: ${key} → ${problem}`);
      mutated++;
    }
  }
  assert.ok(mutated > 200);
});

Deno.test("checkPayload() reports a missing required field and a missing sid", () => {
  const frame: WireFrame = {
    type: "orderbook_delta",
    sid: 1,
    seq: 2,
    msg: { market_ticker: "T", price_dollars: "0.5000", side: "yes" },
  };
  assert.equal(checkPayload(frame), '"msg.delta_fp" is missing');
  const { sid: _, ...noSid } = frame;
  assert.equal(checkPayload(noSid as WireFrame), '"sid" is missing');
  assert.equal(checkPayload({ type: "ticker", sid: 1, msg: [] }), '"msg" must be an object');
  assert.equal(
    checkPayload({ ...frame, msg: { ...frame.msg as object, delta_fp: "1.00", side: "up" } }),
    '"msg.side" has the wrong type',
  );
});

Deno.test("decodeFrame() rejects binary, oversized, non-JSON and malformed frames", () => {
  const cases: [unknown, string][] = [
    [new ArrayBuffer(4), "ws_binary_frame"],
    ["x".repeat(101), "ws_frame_too_large"],
    ["{not json", "ws_bad_json"],
    ["[1,2]", "ws_bad_frame"],
    ['{"type":1}', "ws_bad_frame"],
    ['{"type":"ok","id":-1}', "ws_bad_frame"],
    ['{"type":"ok","sid":"1"}', "ws_bad_frame"],
    ['{"type":"ok","seq":1.5}', "ws_bad_frame"],
  ];
  for (const [data, code] of cases) {
    assert.throws(
      () => decodeFrame(data, 100),
      (e: unknown) => e instanceof KalshiProtocolError && e.code === code,
      String(data),
    );
  }
  assert.deepEqual(decodeFrame('{"type":"ok","id":3}', 100), { type: "ok", id: 3 });
});

Deno.test("decodeFrame() throws nothing but KalshiProtocolError on arbitrary text", () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))),
      (text) => {
        try {
          const f = decodeFrame(text, 10_000);
          assert.equal(typeof f.type, "string");
          if (isKnownType(f.type)) checkPayload(f);
          checkReply(f);
          if (f.msg && typeof f.msg === "object") tickerOf(f);
        } catch (e) {
          assert.ok(e instanceof KalshiProtocolError, String(e));
        }
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("checkPayload() never throws on arbitrary envelopes of known types", () => {
  const types = [...DATA_TYPES];
  fc.assert(
    fc.property(
      fc.constantFrom(...types),
      fc.option(fc.nat(), { nil: undefined }),
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue()),
      (type, sid, msg, extra) => {
        const frame: WireFrame = { type, msg };
        if (sid !== undefined) frame.sid = sid;
        const r1 = checkPayload(frame);
        const r2 = checkPayload({ type, sid: 1, msg: extra });
        assert.ok(r1 === undefined || typeof r1 === "string");
        assert.ok(r2 === undefined || typeof r2 === "string");
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("tickerOf() reads market_ticker, and ticker on user_order", () => {
  assert.equal(tickerOf({ type: "trade", msg: { market_ticker: "A" } }), "A");
  assert.equal(tickerOf({ type: "user_order", msg: { ticker: "B" } }), "B");
  assert.equal(tickerOf({ type: "order_group_updates", msg: {} }), undefined);
});

/**
 * The fast frame scanner against the `JSON.parse` path: identical results (or identical errors)
 * for every text. Fuzz counts scale with `soakScale()`.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { soakScale } from "../_testing/soak.ts";
import { KalshiError, KalshiProtocolError } from "../errors.ts";
import { bookStream } from "../bench/book_stream.ts";
import { decodeBookFrame, toBookFrame } from "./mod.ts";
import { FALLBACK, scanBookFrame } from "./_scan.ts";

const FUZZ_RUNS = soakScale(200_000, 1_500);

const wsExamples = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/orderbook_delta.json", import.meta.url)),
) as Record<string, unknown>;

type Outcome = { ok: unknown } | { error: string };

function describe(e: unknown): string {
  if (e instanceof KalshiError) return `${e.name}/${e.code}: ${e.message}`;
  return `not a KalshiError: ${String(e)}`;
}

/** The reference: JSON.parse, then the generic decoder. */
function viaJson(text: string): Outcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      error: describe(
        new KalshiProtocolError(
          `Cannot decode frame: not valid JSON`,
          "book_invalid_message",
          { cause: e },
        ),
      ),
    };
  }
  try {
    return { ok: toBookFrame(value) };
  } catch (e) {
    return { error: describe(e) };
  }
}

function viaScanner(text: string): Outcome {
  try {
    return { ok: decodeBookFrame(text) };
  } catch (e) {
    return { error: describe(e) };
  }
}

const stats = { fast: 0, fastFrames: 0, total: 0 };

function same(text: string): void {
  assert.deepStrictEqual(viaScanner(text), viaJson(text), `text: ${text}`);
  stats.total++;
  const r = scanBookFrame(text);
  if (r !== FALLBACK) {
    stats.fast++;
    if (r !== undefined) stats.fastFrames++;
  }
}

/** Runs a fuzz property and checks that the scanner decided a fair share by itself. */
function fuzz(
  property: fc.IPropertyWithHooks<never> | fc.IRawProperty<unknown>,
  minShare: number,
): void {
  stats.fast = stats.fastFrames = stats.total = 0;
  fc.assert(property as fc.IRawProperty<unknown>, { numRuns: FUZZ_RUNS });
  assert.ok(stats.fastFrames >= stats.total * minShare, JSON.stringify(stats));
}

Deno.test("decodeBookFrame() decodes every published example like JSON.parse", () => {
  for (const [name, frame] of Object.entries(wsExamples)) {
    const compact = JSON.stringify(frame);
    same(compact);
    same(JSON.stringify(frame, null, 2));
    const out = decodeBookFrame(compact);
    assert.equal(out?.type, (frame as { type: string }).type, name);
  }
  const current = decodeBookFrame(
    JSON.stringify(wsExamples["current/orderbookDelta/priceLevelUpdate"]),
  );
  assert.deepEqual(current, {
    type: "orderbook_delta",
    ticker: "FED-23DEC-T3.00",
    side: "yes",
    price: 9600,
    delta: -5400,
    tsMs: 1669149841000,
    sid: 2,
    seq: 3,
  });
});

Deno.test("decodeBookFrame(): other types are undefined; broken text is a KalshiProtocolError", () => {
  assert.equal(decodeBookFrame(`{"type":"ticker","sid":1,"msg":{"market_ticker":"A"}}`), undefined);
  assert.equal(
    decodeBookFrame(`{"id":1,"type":"subscribed","msg":{"channel":"x","sid":1}}`),
    undefined,
  );
  assert.equal(decodeBookFrame(`{"sid":1}`), undefined);
  for (const text of ["", "{", "[]", "null", `{"type":"orderbook_delta"`, `{"type":"ticker",}`]) {
    assert.throws(() => decodeBookFrame(text), KalshiProtocolError, text);
  }
  assert.throws(
    () => decodeBookFrame(`{"type":"orderbook_delta","msg":{"market_ticker":"A"}}`),
    /Cannot decode orderbook_delta: "price_dollars" is missing/,
  );
});

Deno.test("scanner: canonical and reordered frames never need JSON.parse", () => {
  const frames = bookStream({ frames: 2000, markets: 20, seed: 3 });
  for (const f of frames) {
    assert.notEqual(scanBookFrame(f), FALLBACK, f);
    same(f);
  }
  const reordered = [
    `{"sid":2,"type":"orderbook_delta","seq":3,"msg":{"side":"no","delta_fp":"-0.45","price_dollars":"0.0100","market_ticker":"X","subaccount":3,"client_order_id":"abc-1"}}`,
    `{ "type" : "orderbook_snapshot" , "id" : 7 , "msg" : { "market_ticker" : "X" , "no_dollars_fp" : [ [ "0.9900" , "1.00" ] ] } , "seq" : 1 }`,
    `{"type":"orderbook_snapshot","sid":1,"seq":2,"msg":{"market_ticker":"X","market_id":"m","yes_dollars_fp":[],"extra":{"a":[1,-2.5e3,true,false,null,"s"]}}}`,
    `{"type":"ticker","sid":1,"msg":{"price_dollars":"0.5","x":[{}]}}`,
  ];
  for (const f of reordered) {
    assert.notEqual(scanBookFrame(f), FALLBACK, f);
    same(f);
  }
  // Unusual shapes go to JSON.parse, with the same result.
  const unusual = [
    `{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price":96,"delta":-54,"side":"yes"}}`,
    `{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X\\u0041","price_dollars":"0.96","delta_fp":"1","side":"yes"}}`,
    `{"type":"orderbook_delta","sid":1,"sid":2,"msg":{"market_ticker":"X","price_dollars":"0.9600","delta_fp":"1.00","side":"yes"}}`,
  ];
  for (const f of unusual) {
    assert.equal(scanBookFrame(f), FALLBACK, f);
    same(f);
  }
});

// ---------------------------------------------------------------------------------------------
// Fuzz

const absent = Symbol("absent");
type Field = unknown;

const tickerText = fc.oneof(
  fc.constantFrom("FED-23DEC-T3.00", "KXHIGHNY-26SEP18-B72.5", "A", ""),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom('a"b', "a\\b", "tab\there", "nl\n", "é", "\u2028", "\ud800"),
);

const priceText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.integer({ min: 0, max: 10_000 }).map((p) =>
      `0.${String(p + 10_000).slice(1)}`.replace(/^0\.0000$/, "0.0000")
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "1.0000",
      "1.5000",
      "0.56",
      "0.560",
      "0.56001",
      "0.560000",
      "1",
      "0",
      "-0.5000",
      "0.5e1",
      " 0.5000",
      "0.5000 ",
      "",
      ".5000",
      "0x5",
      "9.9999",
      "0.00000",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(..."0123456789.-e".split("")), maxLength: 8 }),
  },
);

const countText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.constantFrom("", "-"), fc.bigInt({ min: 0n, max: 10n ** 15n })).map((
      [s, v],
    ) => `${s}${v / 100n}.${String(v % 100n).padStart(2, "0")}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "-0.00",
      "0.00",
      "1",
      "1.5",
      "1.000",
      "1.001",
      "+1.00",
      "00012.00",
      "99999999999999.00",
      "1e2",
      "-",
      ".50",
      "1.",
    ),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(..."0123456789.-+".split("")), maxLength: 10 }),
  },
);

const jsonNumber = fc.oneof(
  fc.nat({ max: 1_000_000 }),
  fc.constantFrom(0, -1, 1.5, 1e20, 1669149841000, 9007199254740993, -0),
  fc.double(),
);

const anyJson = fc.jsonValue({ maxDepth: 3 });

function maybe(arb: fc.Arbitrary<Field>, weight = 4): fc.Arbitrary<Field> {
  return fc.oneof({ weight, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: fc.oneof(fc.constant(null), anyJson),
  });
}

const levels = (price: fc.Arbitrary<Field>, count: fc.Arbitrary<Field>) =>
  fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.tuple(price, count) },
      { weight: 1, arbitrary: fc.oneof(fc.tuple(price), fc.tuple(price, count, count), anyJson) },
    ),
    { maxLength: 6 },
  );

const deltaMsg = fc.record({
  market_ticker: maybe(tickerText, 10),
  market_id: maybe(fc.uuid()),
  price_dollars: maybe(
    fc.oneof({ weight: 5, arbitrary: priceText }, { weight: 1, arbitrary: jsonNumber }),
    10,
  ),
  price: fc.oneof({ weight: 6, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: fc.oneof(fc.integer({ min: -1, max: 101 }), jsonNumber),
  }),
  delta_fp: maybe(countText, 10),
  delta: fc.oneof({ weight: 6, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: jsonNumber,
  }),
  side: maybe(fc.constantFrom("yes", "no", "YES", "both"), 10),
  ts: maybe(fc.constant("2022-11-22T20:44:01Z")),
  ts_ms: maybe(jsonNumber),
  client_order_id: fc.oneof({ weight: 4, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: fc.oneof(tickerText, jsonNumber),
  }),
  subaccount: fc.oneof({ weight: 4, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: jsonNumber,
  }),
  extra: fc.oneof({ weight: 4, arbitrary: fc.constant(absent) }, { weight: 1, arbitrary: anyJson }),
});

const snapshotMsg = fc.record({
  market_ticker: maybe(tickerText, 10),
  market_id: maybe(fc.uuid()),
  yes_dollars_fp: maybe(levels(priceText, countText), 6),
  no_dollars_fp: maybe(levels(priceText, countText), 6),
  yes: fc.oneof({ weight: 6, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: levels(fc.integer({ min: -1, max: 101 }), jsonNumber),
  }),
  no_dollars: fc.oneof({ weight: 6, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: levels(priceText, jsonNumber),
  }),
  extra: fc.oneof({ weight: 4, arbitrary: fc.constant(absent) }, { weight: 1, arbitrary: anyJson }),
});

const noisyFrame = fc.record({
  type: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("orderbook_delta", "orderbook_snapshot") },
    { weight: 1, arbitrary: fc.constantFrom("ticker", "orderbook_deltas", "", 5) },
    { weight: 1, arbitrary: fc.constant(absent) },
  ),
  sid: maybe(jsonNumber),
  seq: maybe(jsonNumber),
  id: fc.oneof({ weight: 4, arbitrary: fc.constant(absent) }, {
    weight: 1,
    arbitrary: jsonNumber,
  }),
  msg: fc.oneof({ weight: 8, arbitrary: fc.oneof(deltaMsg, snapshotMsg) }, {
    weight: 1,
    arbitrary: anyJson,
  }),
});

// Mostly valid frames, so that the scanner's own paths are exercised (not only its fallback).
const cleanPrice = fc.integer({ min: 0, max: 10_000 }).map((p) =>
  p === 10_000 ? "1.0000" : `0.${String(p + 10_000).slice(1)}`
);
const cleanCount = (signed: boolean) =>
  fc.oneof(
    fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 13n })).map(([neg, v]) =>
      `${neg && signed ? "-" : ""}${v / 100n}.${String(v % 100n).padStart(2, "0")}`
    ),
    fc.constantFrom("0.00", "-0.00", "0.01", "-0.01", "9999999999999.99", "00.10")
      .filter((c) => signed || !c.startsWith("-")),
  );
const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(absent) }, { weight: 1, arbitrary: arb });
const cleanFrame = fc.record({
  type: fc.constantFrom("orderbook_delta", "orderbook_snapshot", "ticker"),
  sid: optional(fc.nat({ max: 1e9 })),
  seq: optional(fc.nat({ max: 1e9 })),
  id: optional(fc.nat({ max: 100 })),
  msg: fc.oneof(
    fc.record({
      market_ticker: fc.constantFrom("FED-23DEC-T3.00", "A", "é-\u2028"),
      market_id: optional(fc.uuid()),
      price_dollars: cleanPrice,
      delta_fp: cleanCount(true),
      side: fc.constantFrom("yes", "no"),
      ts: optional(fc.constant("2022-11-22T20:44:01Z")),
      ts_ms: optional(fc.nat()),
      client_order_id: optional(fc.string({ maxLength: 6 })),
      subaccount: optional(fc.nat({ max: 63 })),
      extra: optional(anyJson),
    }),
    fc.record({
      market_ticker: fc.constantFrom("FED-23DEC-T3.00", "A", ""),
      market_id: optional(fc.uuid()),
      yes_dollars_fp: optional(fc.array(fc.tuple(cleanPrice, cleanCount(false)), { maxLength: 5 })),
      no_dollars_fp: optional(fc.array(fc.tuple(cleanPrice, cleanCount(false)), { maxLength: 5 })),
      extra: optional(anyJson),
    }),
  ),
});

const frame = fc.oneof(noisyFrame, cleanFrame);

/** Serialises with shuffled keys, optional spacing and optional duplicated keys. */
function render(
  value: unknown,
  rnd: () => number,
  spaced: boolean,
): string {
  const sp =
    (): string => (spaced && rnd() < 0.5
      ? [" ", "\n", "\t", "\r\n  "][Math.floor(rnd() * 4)]!
      : "");
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    return `[${sp()}${value.map((v) => render(v, rnd, spaced)).join(`${sp()},${sp()}`)}${sp()}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== absent);
  if (rnd() < 0.3) entries.sort(() => rnd() - 0.5);
  if (entries.length > 0 && rnd() < 0.05) {
    entries.push(entries[Math.floor(rnd() * entries.length)]!);
  }
  return `{${sp()}${
    entries.map(([k, v]) => `${JSON.stringify(k)}${sp()}:${sp()}${render(v, rnd, spaced)}`)
      .join(`${sp()},${sp()}`)
  }${sp()}}`;
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("fuzz: decodeBookFrame() equals JSON.parse + toBookFrame on generated frames", () => {
  fuzz(
    fc.property(frame, fc.integer(), fc.boolean(), (f, seed, spaced) => {
      same(render(f, seeded(seed), spaced));
    }),
    0.1,
  );
});

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("replace", "delete", "insert", "truncate", "duplicate"),
  ch: fc.oneof(
    fc.constantFrom(...'{}[],:"\\ -.0123456789eE+tfnul\u0000\n\u001f'.split("")),
    fc.string({ minLength: 1, maxLength: 1, unit: "binary" }),
  ),
});

function mutate(text: string, ms: { at: number; kind: string; ch: string }[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === "replace") t = t.slice(0, at) + m.ch + t.slice(at + 1);
    else if (m.kind === "delete") t = t.slice(0, at) + t.slice(at + 1);
    else if (m.kind === "insert") t = t.slice(0, at) + m.ch + t.slice(at);
    else if (m.kind === "truncate") t = t.slice(0, at);
    else t = t.slice(0, at) + t.slice(Math.max(0, at - 8), at) + t.slice(at);
  }
  return t;
}

const streamFrames = bookStream({ frames: 300, markets: 5, seed: 11 });
const seeds = [
  ...streamFrames,
  ...Object.values(wsExamples).map((f) => JSON.stringify(f)),
  `{"sid":2,"type":"orderbook_delta","seq":3,"msg":{"side":"no","delta_fp":"-0.45","price_dollars":"0.0100","market_ticker":"X","subaccount":3,"client_order_id":"abc-1","ts_ms":5}}`,
  `{"type":"orderbook_snapshot","id":7,"msg":{"market_ticker":"X","no_dollars_fp":[["0.9900","1.00"]]},"seq":1}`,
];

Deno.test("fuzz: decodeBookFrame() equals JSON.parse + toBookFrame on mutated real frames", () => {
  fuzz(
    fc.property(
      fc.constantFrom(...seeds),
      fc.array(mutation, { minLength: 1, maxLength: 3 }),
      (text, ms) => same(mutate(text, ms)),
    ),
    0.05,
  );
});

Deno.test("fuzz: decodeBookFrame() equals JSON.parse + toBookFrame on arbitrary text", () => {
  fuzz(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: fc.constantFrom(...'{}[],:" -.01ab\\'.split("")), maxLength: 40 }),
        fc.string({ maxLength: 20 }).map((t) => `{"type":"orderbook_delta",${t}`),
        fc.string({ maxLength: 20 }).map((t) => `{"type":"orderbook_snapshot","msg":{${t}`),
      ),
      same,
    ),
    0,
  );
});

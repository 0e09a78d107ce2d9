/**
 * The book against a naive reference (two `Map`s and sorting) over random sequences of
 * snapshots, deltas, REST replacements and FIX refreshes, fed through every input path. Runs
 * scale with `soakScale()`.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { soakScale } from "../_testing/soak.ts";
import { KalshiProtocolError } from "../errors.ts";
import { formatCount, formatPrice } from "../money/mod.ts";
import { decodeBookFrame, OrderBook, toBookFrame } from "./mod.ts";
import type { Action, FixMdEntry, Side } from "./mod.ts";

const RUNS = soakScale(100_000, 150);
const ONE = 10_000;
const T = "KXTEST-26SEP18-B72.5";

/** The naive reference book. */
class Ref {
  yes = new Map<number, number>();
  no = new Map<number, number>();

  side(s: Side): Map<number, number> {
    return s === "yes" ? this.yes : this.no;
  }
  load(yes: [number, number][], no: [number, number][]): void {
    this.yes = new Map(yes.filter(([, c]) => c > 0));
    this.no = new Map(no.filter(([, c]) => c > 0));
  }
  /** Applies a delta; false (and no change) when the level would go negative. */
  delta(s: Side, price: number, d: number): boolean {
    const m = this.side(s);
    const q = (m.get(price) ?? 0) + d;
    if (q < 0) return false;
    if (q === 0) m.delete(price);
    else m.set(price, q);
    return true;
  }
  /** Bids of a side, best first. */
  bids(s: Side): [number, number][] {
    return [...this.side(s).entries()].sort((a, b) => b[0] - a[0]);
  }
  /** Asks of a side, best first. */
  asks(s: Side): [number, number][] {
    return this.bids(s === "yes" ? "no" : "yes").map(([p, c]) => [ONE - p, c]);
  }
  fill(s: Side, size: number, action: Action) {
    const book = action === "buy" ? this.asks(s) : this.bids(s);
    let left = BigInt(size);
    let cost = 0n;
    let levels = 0;
    const touched: number[] = [];
    for (const [p, c] of book) {
      if (left === 0n) break;
      const take = BigInt(c) < left ? BigInt(c) : left;
      cost += BigInt(p) * take;
      left -= take;
      levels++;
      touched.push(p);
    }
    const filled = BigInt(size) - left;
    let vwap: number | undefined;
    if (filled > 0n) {
      const q = cost / filled;
      vwap = Number(action === "buy" && q * filled < cost ? q + 1n : q);
    }
    const best = touched[0];
    return {
      action,
      side: s,
      requested: size,
      filled: Number(filled),
      cost: Number(cost),
      vwap,
      bestPrice: best,
      worstPrice: touched.at(-1),
      impact: vwap === undefined || best === undefined
        ? undefined
        : action === "buy"
        ? vwap - best
        : best - vwap,
      levels,
      complete: left === 0n,
    };
  }
}

// --- operations ----------------------------------------------------------------------------

type Op =
  | { kind: "snapshot"; yes: [number, number][]; no: [number, number][]; via: number }
  | { kind: "delta"; side: Side; price: number; delta: number | "cancel" | "over"; via: number }
  | { kind: "rest"; yes: [number, number][]; no: [number, number][] }
  | { kind: "fix"; entries: { bid: boolean; price: number; size: number; del: boolean }[] };

// Prices cluster on a coarse grid so that deltas hit existing levels.
const price = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 39 }).map((k) => k * 250) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: ONE - 1 }) },
);
const count = fc.oneof(
  fc.integer({ min: 1, max: 100_000 }),
  fc.constant(0),
  fc.integer({ min: 1, max: 10 ** 12 }),
);
const ladder = fc.uniqueArray(fc.tuple(price, count), {
  maxLength: 12,
  selector: ([p]) => p,
});
const side = fc.constantFrom<Side>("yes", "no");

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("snapshot" as const),
      yes: ladder,
      no: ladder,
      via: fc.nat(3),
    }),
  },
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant("delta" as const),
      side,
      price,
      delta: fc.oneof(
        fc.integer({ min: -150_000, max: 150_000 }),
        fc.constantFrom("cancel" as const, "over" as const),
      ),
      via: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("rest" as const), yes: ladder, no: ladder }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("fix" as const),
      entries: fc.array(
        fc.record({ bid: fc.boolean(), price, size: count, del: fc.boolean() }),
        { maxLength: 4 },
      ),
    }),
  },
);

const wire = (pairs: [number, number][], flip: boolean): [string, string][] =>
  pairs.map(([p, c]) => [formatPrice(flip ? ONE - p : p), formatCount(c)]);

let seq = 0;

/** The delta of a delta op: "cancel" removes the level exactly, "over" removes 0.01 more. */
function deltaOf(o: Op & { kind: "delta" }, book: OrderBook): number {
  const v = book.volumeAt(o.price, o.side);
  return o.delta === "cancel" ? 0 - v : o.delta === "over" ? -v - 1 : o.delta;
}

/** Applies `op` to the book through the path `via` picks; returns whether it threw. */
function apply(book: OrderBook, o: Op): boolean {
  const flip = book.useYesPrice;
  try {
    if (o.kind === "snapshot") {
      const msg = {
        market_ticker: T,
        market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
        ...(o.yes.length ? { yes_dollars_fp: wire(o.yes, false) } : {}),
        ...(o.no.length ? { no_dollars_fp: wire(o.no, flip) } : {}),
      };
      const frame = { type: "orderbook_snapshot", sid: 1, seq: ++seq, msg };
      if (o.via === 0) book.applySnapshot(msg);
      else if (o.via === 1) book.applyFrameText(JSON.stringify(frame));
      else if (o.via === 2) book.applyFrameText(JSON.stringify(frame, null, 1));
      else book.applyFrame(toBookFrame(frame)!);
    } else if (o.kind === "delta") {
      const d = deltaOf(o, book);
      const p = flip && o.side === "no" ? ONE - o.price : o.price;
      const msg = {
        market_ticker: T,
        market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
        price_dollars: formatPrice(p),
        delta_fp: formatCount(d),
        side: o.side,
        ts: "2022-11-22T20:44:01Z",
        ts_ms: 1669149841000 + seq,
      };
      const frame = { type: "orderbook_delta", sid: 1, seq: ++seq, msg };
      if (o.via === 0) book.applyDelta(msg);
      else if (o.via === 1) book.applyFrameText(JSON.stringify(frame));
      else if (o.via === 2) {
        // Keys reordered: the general scanner path.
        const { side: s, ...rest } = msg;
        book.applyFrameText(
          JSON.stringify({ seq: frame.seq, msg: { side: s, ...rest }, sid: 1, type: frame.type }),
        );
      } else book.applyFrame(decodeBookFrame(JSON.stringify(frame))!);
    } else if (o.kind === "rest") {
      book.replaceFromRest({
        orderbook_fp: { yes_dollars: wire(o.yes, false), no_dollars: wire(o.no, false) },
      });
    } else {
      const entries: FixMdEntry[] = o.entries.map((e) => ({
        type: e.bid ? "0" : "1",
        price: formatPrice(e.bid ? e.price : ONE - e.price),
        size: formatCount(e.size),
        action: e.del ? "2" : "1",
      }));
      book.applyFixMarketData(entries);
    }
    return false;
  } catch (e) {
    if (!(e instanceof KalshiProtocolError)) throw e;
    return true;
  }
}

/** Applies `op` to the reference; returns whether it should throw. */
function applyRef(ref: Ref, o: Op, book: OrderBook): boolean {
  if (o.kind === "snapshot" || o.kind === "rest") {
    ref.load(o.yes, o.no);
    return false;
  }
  if (o.kind === "delta") {
    return !ref.delta(o.side, o.price, deltaOf(o, book));
  }
  for (const e of o.entries) {
    const m = e.bid ? ref.yes : ref.no;
    if (e.del || e.size === 0) m.delete(e.price);
    else m.set(e.price, e.size);
  }
  return false;
}

function compare(book: OrderBook, ref: Ref, sizes: number[]): void {
  for (const s of ["yes", "no"] as const) {
    const want = ref.bids(s).reverse().map(([price, count]) => ({ price, count }));
    assert.deepStrictEqual(book.levels(s), want);
    const bid = ref.bids(s)[0];
    const ask = ref.asks(s)[0];
    assert.deepStrictEqual(book.bestBid(s), bid && { price: bid[0], count: bid[1] });
    assert.deepStrictEqual(book.bestAsk(s), ask && { price: ask[0], count: ask[1] });
    assert.equal(book.spread(s), bid && ask ? ask[0] - bid[0] : undefined);
    assert.equal(book.mid(s), bid && ask ? (ask[0] + bid[0]) / 2 : undefined);
    assert.deepStrictEqual(book.depth(3, s), {
      bids: ref.bids(s).slice(0, 3).map(([price, count]) => ({ price, count })),
      asks: ref.asks(s).slice(0, 3).map(([price, count]) => ({ price, count })),
    });
    for (const size of sizes) {
      for (const action of ["buy", "sell"] as const) {
        assert.deepStrictEqual(book.estimateFill(s, size, { action }), ref.fill(s, size, action));
      }
    }
    for (const [p, c] of ref.side(s)) assert.equal(book.volumeAt(p, s), c);
  }
  // Invariants.
  const y = ref.bids("yes")[0];
  const n = ref.bids("no")[0];
  assert.equal(book.isCrossed(), y !== undefined && n !== undefined && y[0] + n[0] >= ONE);
  assert.equal(book.isEmpty, ref.yes.size === 0 && ref.no.size === 0);
  for (const s of ["yes", "no"] as const) {
    const ls = book.levels(s);
    for (let k = 0; k < ls.length; k++) {
      assert.ok(ls[k]!.count > 0);
      if (k > 0) assert.ok(ls[k - 1]!.price < ls[k]!.price);
    }
  }
}

Deno.test("property: the book matches a naive reference over random message sequences", () => {
  fc.assert(
    fc.property(
      fc.array(op, { minLength: 1, maxLength: 30 }),
      fc.boolean(),
      fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 3 }),
      (ops, useYesPrice, sizes) => {
        const book = new OrderBook(T, { useYesPrice });
        const ref = new Ref();
        for (const o of ops) {
          const before = book.clone();
          const shouldThrow = applyRef(ref, o, book);
          const threw = apply(book, o);
          assert.equal(threw, shouldThrow, JSON.stringify(o));
          if (threw) assert.ok(book.equals(before), "a failed message changed the book");
        }
        compare(book, ref, sizes);
        // Serialisation and copies.
        const back = new OrderBook();
        back.replaceFromRest(JSON.parse(JSON.stringify(book)));
        assert.ok(back.equals(book));
        assert.ok(book.clone().equals(book));
      },
    ),
    { numRuns: RUNS },
  );
});

Deno.test("property: snapshots in any level order equal their sorted form", () => {
  fc.assert(
    fc.property(ladder, ladder, fc.integer(), (yes, no, seed) => {
      const shuffle = <T>(xs: T[]): T[] =>
        xs.map((x, k) => [x, Math.sin(seed + k)] as const).sort((a, b) => a[1] - b[1]).map((
          [x],
        ) => x);
      const a = new OrderBook(T);
      a.applySnapshot({
        market_ticker: T,
        yes_dollars_fp: wire(shuffle(yes), false),
        no_dollars_fp: wire(shuffle(no), false),
      });
      const b = new OrderBook(T);
      const sorted = (xs: [number, number][]) => [...xs].sort((p, q) => p[0] - q[0]);
      b.applySnapshot({
        market_ticker: T,
        yes_dollars_fp: wire(sorted(yes), false),
        no_dollars_fp: wire(sorted(no).reverse(), false),
      });
      assert.ok(a.equals(b));
      const ref = new Ref();
      ref.load(yes, no);
      compare(a, ref, [100]);
    }),
    { numRuns: soakScale(20_000, 200) },
  );
});

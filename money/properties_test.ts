/**
 * Parser fuzzing against a BigInt reference, and the no-drift soak. Counts scale with
 * `soakScale()`: CI runs the small number, `deno task soak` the full one.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { soakScale } from "../_testing/soak.ts";
import { KalshiMoneyError } from "../errors.ts";
import { formatAmount, formatCount, parseAmount, parseCount, parsePrice } from "./mod.ts";

const FUZZ_RUNS = soakScale(1_000_000, 2_000);
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** What a decimal text is worth in units of 10^-decimals, by regex and BigInt; undefined if invalid. */
function reference(text: string, decimals: number, signed: boolean): bigint | undefined {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (m === null || (m[1] === "-" && !signed)) return undefined;
  const frac = m[3] ?? "";
  if (/[1-9]/.test(frac.slice(decimals))) return undefined;
  const v = BigInt(m[2] + frac.slice(0, decimals).padEnd(decimals, "0"));
  return m[1] === "-" ? -v : v;
}

/** Asserts `parse(input)` equals the reference value when it is in range, else throws KalshiMoneyError. */
function check(
  parse: () => number,
  want: bigint | undefined,
  max: bigint,
  min: bigint,
): void {
  if (want !== undefined && want <= max && want >= min) {
    const got = parse();
    assert.ok(Object.is(got, Number(want)), `got ${got}, want ${want}`);
    return;
  }
  assert.throws(parse, KalshiMoneyError);
}

const decimalChars = fc.constantFrom(
  ..."0123456789012345678901234567890123456789.-+ e_x\n".split(""),
);
/** Random short strings, biased toward near-decimals. */
const fuzzText = fc.oneof(
  fc.string({ unit: decimalChars, maxLength: 24 }),
  fc.string({ maxLength: 12 }),
  fc.tuple(
    fc.constantFrom("", "-", "+", " "),
    fc.stringMatching(/^[0-9]{1,18}$/),
    fc.constantFrom("", "."),
    fc.stringMatching(/^[0-9]{0,9}$/),
  ).map((parts) => parts.join("")),
);

Deno.test("parsePrice() fuzz: the exact value or a KalshiMoneyError", () => {
  fc.assert(
    fc.property(fuzzText, (text) => {
      check(() => parsePrice(text), reference(text, 4, false), 10_000n, 0n);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

Deno.test("parseCount() fuzz: the exact value or a KalshiMoneyError", () => {
  fc.assert(
    fc.property(fuzzText, fc.boolean(), (text, signed) => {
      const min = signed ? -MAX : 0n;
      check(() => parseCount(text, { signed }), reference(text, 2, signed), MAX, min);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

Deno.test("parseAmount() fuzz: the exact value or a KalshiMoneyError", () => {
  fc.assert(
    fc.property(fuzzText, fc.boolean(), (text, signed) => {
      const min = signed ? -MAX : 0n;
      check(() => parseAmount(text, { signed }), reference(text, 6, signed), MAX, min);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

Deno.test("parsers fuzz JSON numbers through their shortest decimal text", () => {
  const numbers = fc.oneof(
    fc.double(),
    fc.double({ min: -2, max: 2 }),
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 10_000),
    fc.integer().map((n) => n / 100),
  );
  fc.assert(
    fc.property(numbers, fc.boolean(), (n, signed) => {
      const text = String(n);
      const ref = (d: number, s: boolean) => Number.isFinite(n) ? reference(text, d, s) : undefined;
      check(() => parsePrice(n), ref(4, false), 10_000n, 0n);
      check(() => parseCount(n, { signed }), ref(2, signed), MAX, signed ? -MAX : 0n);
      check(() => parseAmount(n, { signed }), ref(6, signed), MAX, signed ? -MAX : 0n);
    }),
    { numRuns: FUZZ_RUNS },
  );
});

/** A small deterministic PRNG (mulberry32), so the soak needs no fast-check shrinking. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A random signed decimal string with up to `decimals` decimals and `intDigits` integer digits. */
function randomDecimal(next: () => number, intDigits: number, decimals: number): string {
  const int = String(Math.floor(next() * 10 ** intDigits));
  const places = Math.floor(next() * (decimals + 1));
  const frac = String(Math.floor(next() * 10 ** places)).padStart(places, "0");
  return `${next() < 0.5 ? "-" : ""}${int}${places > 0 ? `.${frac}` : ""}`;
}

Deno.test("amounts and counts do not drift over 10^5 random operations", () => {
  const ops = soakScale(100_000, 100_000);
  const next = rng(0x4b414c);
  let amount = 0;
  let amountRef = 0n;
  let count = 0;
  let countRef = 0n;
  for (let i = 0; i < ops; i++) {
    const add = next() < 0.5;
    const a = randomDecimal(next, 4, 6); // up to ±$9,999.999999
    const c = randomDecimal(next, 6, 2); // up to ±999,999.99 contracts
    const av = parseAmount(a, { signed: true });
    const cv = parseCount(c, { signed: true });
    amount = add ? amount + av : amount - av;
    count = add ? count + cv : count - cv;
    amountRef += (add ? 1n : -1n) * reference(a, 6, true)!;
    countRef += (add ? 1n : -1n) * reference(c, 2, true)!;
    if (i % 997 === 0 || i === ops - 1) {
      assert.equal(BigInt(amount), amountRef, `amount after ${i + 1} operations`);
      assert.equal(BigInt(count), countRef, `count after ${i + 1} operations`);
    }
  }
  assert.ok(Number.isSafeInteger(amount) && Number.isSafeInteger(count));
  assert.equal(parseAmount(formatAmount(amount), { signed: true }), amount);
  assert.equal(parseCount(formatCount(count), { signed: true }), count);
});

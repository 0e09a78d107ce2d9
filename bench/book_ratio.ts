/**
 * `deno task bench:book`: throughput of the order-book fast path (frame text → decoded → applied
 * to the market's book) against bare `JSON.parse` of the same frames, measured in the same run on
 * a realistic mixed stream (≈90% deltas, snapshots of 10–50 levels per side, 50 markets).
 *
 * Prints per-round figures and, as its last line, `book ratio to JSON.parse: X.XX` (our frames/s ÷
 * JSON.parse frames/s; higher is better): the median of the per-round ratios.
 *
 * @module
 */

import { OrderBooks } from "../book/mod.ts";
import { bookStream } from "./book_stream.ts";

const FRAMES = 200_000;
const ROUNDS = 9;
const WARMUP = 3;

const frames = bookStream({ frames: FRAMES, markets: 50, seed: 7 });
const bytes = frames.reduce((a, f) => a + f.length, 0);
const deltas = frames.filter((f) => f.startsWith(`{"type":"orderbook_delta"`)).length;

function runJson(): number {
  let sink = 0;
  for (let k = 0; k < frames.length; k++) {
    const v = JSON.parse(frames[k]!);
    sink += v.seq;
  }
  return sink;
}

function runBook(): number {
  const books = new OrderBooks();
  let sink = 0;
  for (let k = 0; k < frames.length; k++) {
    const f = books.applyFrameText(frames[k]!);
    sink += f!.seq!;
  }
  if (books.size !== 50) throw new Error("unexpected book count");
  return sink;
}

function time(run: () => number): number {
  const t0 = performance.now();
  const sink = run();
  const ms = performance.now() - t0;
  if (sink <= 0) throw new Error("unexpected sink");
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

if (runJson() !== runBook()) throw new Error("book and JSON.parse disagree on seq");
for (let w = 0; w < WARMUP; w++) {
  time(runJson);
  time(runBook);
}

const rate = (ms: number): number => FRAMES / (ms / 1000);
const ratios: number[] = [];
const jsonRates: number[] = [];
const bookRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so neither side always runs on a warmer heap.
  const [j, b] = round % 2 === 0
    ? [time(runJson), time(runBook)]
    : ((b) => [time(runJson), b])(time(runBook));
  jsonRates.push(rate(j!));
  bookRates.push(rate(b!));
  ratios.push(j! / b!);
  console.log(
    `round ${round + 1}: JSON.parse ${(rate(j!) / 1e6).toFixed(2)} M frames/s, ` +
      `book ${(rate(b!) / 1e6).toFixed(2)} M frames/s, ratio ${(j! / b!).toFixed(3)}`,
  );
}

console.log(
  `stream: ${FRAMES} frames (${deltas} deltas, ${FRAMES - deltas} snapshots), 50 markets, ` +
    `${(bytes / FRAMES).toFixed(0)} bytes/frame avg`,
);
console.log(
  `median: JSON.parse ${(median(jsonRates) / 1e6).toFixed(2)} M frames/s, ` +
    `book ${(median(bookRates) / 1e6).toFixed(2)} M frames/s ` +
    `(${Deno.build.target}, Deno ${Deno.version.deno}, V8 ${Deno.version.v8})`,
);
console.log(`book ratio to JSON.parse: ${median(ratios).toFixed(2)}`);

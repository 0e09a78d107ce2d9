// A benchmark script: reporting on stdout is its job.
// deno-lint-ignore-file no-console
/**
 * `deno task bench:book`: throughput of the order-book fast path — WebSocket frame text →
 * decoded by the hand scanner → applied to its market's book ({@linkcode OrderBooks}) — against
 * bare `JSON.parse` of the same frames (no book at all), both measured in the same run.
 *
 * The stream is realistic and mixed (see `book_stream.ts`): 50 markets (`--markets=N` to
 * change), one snapshot each, then ≈90% deltas and ≈10% fresh snapshots of 10–50 levels per
 * side, in today's wire format, as flat strings like frames off a socket. After warm-up rounds,
 * each round passes both contenders over the whole stream, interleaved in chunks of 1000 frames
 * (alternating which goes first) so that both see the same machine; the book state carries over
 * from chunk to chunk. Time is this process's CPU time (user + system, which also charges V8's GC
 * threads to whoever made the garbage), so that other load on the machine does not skew the
 * ratio; wall-clock rates are printed beside it.
 *
 * Prints per-round figures and, as its last line, `book ratio to JSON.parse: X.XX`: the median
 * over rounds of (our frames/s ÷ JSON.parse frames/s); higher is better.
 *
 * @module
 */

import process from "node:process";
import { OrderBooks } from "../book/mod.ts";
import { bookStream } from "./book_stream.ts";

const FRAMES = 100_000;
// `deno task bench:book --markets=1` runs the single-market stream.
const MARKETS = Number(Deno.args.find((a) => a.startsWith("--markets="))?.slice(10) ?? 50);
if (!(Number.isInteger(MARKETS) && MARKETS > 0)) {
  throw new Error("--markets must be a positive integer");
}
const ROUNDS = 15;
const WARMUP = 4;

const frames = bookStream({ frames: FRAMES, markets: MARKETS, seed: 7 });
const bytes = frames.reduce((a, f) => a + f.length, 0);
const deltas = frames.filter((f) => f.startsWith(`{"type":"orderbook_delta"`)).length;

const CHUNK = 1000;

function jsonChunk(from: number, to: number): number {
  let sink = 0;
  for (let k = from; k < to; k++) {
    const v = JSON.parse(frames[k]!);
    sink += v.seq;
  }
  return sink;
}

function bookChunk(books: OrderBooks, from: number, to: number): number {
  let sink = 0;
  for (let k = from; k < to; k++) {
    const f = books.applyFrameText(frames[k]!);
    sink += f!.seq!;
  }
  return sink;
}

interface Timing {
  cpu: number;
  wall: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * One round: both contenders pass over the whole stream, interleaved chunk by chunk (in
 * alternating order) so that both see the same machine; returns their total times.
 */
function round(): { json: Timing; book: Timing } {
  const json: Timing = { cpu: 0, wall: 0 };
  const book: Timing = { cpu: 0, wall: 0 };
  const books = new OrderBooks();
  let sinkJson = 0;
  let sinkBook = 0;
  for (let from = 0, k = 0; from < FRAMES; from += CHUNK, k++) {
    const to = Math.min(FRAMES, from + CHUNK);
    for (const which of k % 2 === 0 ? [0, 1] : [1, 0]) {
      const c0 = cpuNow();
      const w0 = performance.now();
      if (which === 0) sinkJson += jsonChunk(from, to);
      else sinkBook += bookChunk(books, from, to);
      const wall = performance.now() - w0;
      const cpu = cpuNow() - c0;
      const t = which === 0 ? json : book;
      t.cpu += cpu;
      t.wall += wall;
    }
  }
  if (sinkJson !== sinkBook || books.size !== MARKETS) throw new Error("contenders disagree");
  return { json, book };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

for (let w = 0; w < WARMUP; w++) round();

const rate = (ms: number): number => FRAMES / (ms / 1000);
const mfps = (ms: number): string => (rate(ms) / 1e6).toFixed(3);
const ratios: number[] = [];
const wallRatios: number[] = [];
const json: Timing[] = [];
const book: Timing[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const { json: j, book: b } = round();
  json.push(j);
  book.push(b);
  ratios.push(j.cpu / b.cpu);
  wallRatios.push(j.wall / b.wall);
  console.log(
    `round ${String(r + 1).padStart(2)}: JSON.parse ${mfps(j.cpu)} M frames/s, ` +
      `book ${mfps(b.cpu)} M frames/s, ratio ${(j.cpu / b.cpu).toFixed(3)} ` +
      `(wall: ${mfps(j.wall)} / ${mfps(b.wall)}, ${(j.wall / b.wall).toFixed(3)})`,
  );
}

console.log(
  `stream: ${FRAMES} frames (${deltas} deltas, ${FRAMES - deltas} snapshots), ${MARKETS} ` +
    `markets, ${(bytes / FRAMES).toFixed(0)} chars/frame avg; ${ROUNDS} rounds after ${WARMUP} ` +
    `warm-up rounds`,
);
console.log(
  `median CPU-time rates: JSON.parse ${mfps(median(json.map((t) => t.cpu)))} M frames/s, ` +
    `book ${mfps(median(book.map((t) => t.cpu)))} M frames/s; ratio min ` +
    `${Math.min(...ratios).toFixed(2)} max ${Math.max(...ratios).toFixed(2)}; wall-clock ratio ` +
    `median ${median(wallRatios).toFixed(2)}`,
);
console.log(`${Deno.build.target}, Deno ${Deno.version.deno}, V8 ${Deno.version.v8}`);
console.log(`book ratio to JSON.parse: ${median(ratios).toFixed(2)}`);

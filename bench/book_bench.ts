/**
 * `deno bench bench/book_bench.ts`: the order-book engine on a realistic mixed stream (2 000
 * frames: 50 markets, ≈90% deltas, snapshots of 10–50 levels per side). Each iteration replays
 * the whole stream into fresh books.
 *
 * - group `frames`: frame text → applied book (fast scanner; and the generic `JSON.parse` path)
 *   against bare `JSON.parse` of the same frames (the baseline), plus decoding alone.
 * - group `apply`: the apply step alone, on frames decoded beforehand, against applying the
 *   `JSON.parse`d messages through `applySnapshot`/`applyDelta` (the baseline).
 *
 * `deno task bench:book` gives the headline ratio with CPU-time rounds (see `book_ratio.ts`).
 *
 * @module
 */

import { decodeBookFrame, OrderBook, OrderBooks, toBookFrame } from "../book/mod.ts";
import type { BookFrame } from "../book/mod.ts";
import { bookStream } from "./book_stream.ts";

const frames = bookStream({ frames: 2_000, markets: 50, seed: 7 });
const decoded: BookFrame[] = frames.map((f) => decodeBookFrame(f)!);
const parsed = frames.map((f) => JSON.parse(f) as { type: string; msg: { market_ticker: string } });

let sink = 0;

Deno.bench("JSON.parse only", { group: "frames", baseline: true }, () => {
  for (const f of frames) sink += JSON.parse(f).seq;
});

Deno.bench("decodeBookFrame (scanner, no apply)", { group: "frames" }, () => {
  for (const f of frames) sink += decodeBookFrame(f)!.seq!;
});

Deno.bench("OrderBooks.applyFrameText (scanner + apply)", { group: "frames" }, () => {
  const books = new OrderBooks();
  for (const f of frames) sink += books.applyFrameText(f)!.seq!;
});

Deno.bench("JSON.parse + toBookFrame + apply", { group: "frames" }, () => {
  const books = new OrderBooks();
  for (const f of frames) books.applyFrame(toBookFrame(JSON.parse(f))!);
  sink += books.size;
});

Deno.bench(
  "applySnapshot/applyDelta on parsed messages",
  { group: "apply", baseline: true },
  () => {
    const books = new Map<string, OrderBook>();
    for (const p of parsed) {
      const ticker = p.msg.market_ticker;
      let book = books.get(ticker);
      if (p.type === "orderbook_snapshot") {
        if (book === undefined) books.set(ticker, book = new OrderBook(ticker));
        book.applySnapshot(p.msg);
      } else if (book !== undefined) {
        sink += book.applyDelta(p.msg);
      }
    }
  },
);

Deno.bench("OrderBooks.applyFrame on decoded frames", { group: "apply" }, () => {
  const books = new OrderBooks();
  for (const f of decoded) books.applyFrame(f);
  sink += books.size;
});

globalThis.addEventListener("unload", () => {
  if (sink === 0.5) throw new Error("unreachable");
});

/**
 * `kalshi book TICKER [--watch]`: prints a market's ladder from REST, or keeps a live one drawn
 * from the WebSocket feed.
 *
 * @module
 */

import { OrderBook } from "../book/mod.ts";
import { formatCount, formatPrice } from "../money/mod.ts";
import { KalshiClient } from "../rest/mod.ts";
import { integer, parse } from "./_args.ts";
import { CONNECT_OPTIONS, CONNECT_USAGE, connectWs, resolveTarget } from "./_connect.ts";
import { type CliIo, UsageError } from "./_io.ts";

/** Usage text of `kalshi book`. */
export const BOOK_USAGE = `kalshi book TICKER [--watch] [--depth N] [--count N] [connection]

  Prints the market's order book: YES asks above, YES bids below, with sizes, spread and mid.
  With --watch it keeps the ladder live from the WebSocket feed (sequence-checked; a book being
  recovered after a gap is marked STALE) and redraws it until interrupted.

  --watch           keep the ladder live
  --depth N         levels per side (default 10)
  --count N         with --watch, stop after N redraws
${CONNECT_USAGE}`;

/**
 * Renders a ladder: asks (YES, from NO bids) descending above the spread, bids below.
 *
 * @param book The book.
 * @param depth Levels per side.
 * @param stale Whether the book is being recovered.
 * @returns The text, lines ending in `\n`.
 */
export function renderLadder(book: OrderBook, depth: number, stale = false): string {
  const { bids, asks } = book.depth(depth, "yes");
  const lines: string[] = [];
  const row = (label: string, price: number, count: number) =>
    `  ${label.padEnd(4)} ${formatPrice(price).padStart(7)}  ${formatCount(count).padStart(12)}`;
  lines.push(`${book.ticker ?? ""}${stale ? "  STALE (recovering from a sequence gap)" : ""}`);
  lines.push(`  side   price      contracts`);
  for (const a of [...asks].reverse()) lines.push(row("ask", a.price, a.count));
  const spread = book.spread("yes");
  const mid = book.mid("yes");
  lines.push(
    `  ---- spread ${spread === undefined ? "-" : formatPrice(spread)}  mid ${
      mid === undefined ? "-" : (mid / 10_000).toFixed(5)
    } ----`,
  );
  for (const b of bids) lines.push(row("bid", b.price, b.count));
  return lines.join("\n") + "\n";
}

/**
 * Runs `kalshi book …`.
 *
 * @param args Arguments after `book`.
 * @param io Output and stop signal.
 * @returns The exit code.
 */
export async function bookCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...CONNECT_OPTIONS,
    watch: { type: "boolean", default: false },
    depth: { type: "string" },
    count: { type: "string" },
  }, 1);
  const ticker = positionals[0];
  if (!ticker) throw new UsageError("Missing TICKER");
  const depth = integer(values, "depth", 1) ?? 10;
  const limit = integer(values, "count", 1);
  await using target = await resolveTarget(values, io);
  if (!values.watch) {
    await using client = await KalshiClient.create({
      env: target.env,
      keyId: target.keyId,
      privateKey: target.privateKey,
    });
    const body = await client.markets.orderbook(ticker, {}, { signal: io.signal });
    const book = new OrderBook(ticker);
    book.replaceFromRest(body);
    io.out(renderLadder(book, depth));
    return 0;
  }
  await using ws = await connectWs(target, io);
  await using feed = await ws.books([ticker], { signal: io.signal });
  const clear = io.isTerminal ? "\x1b[H\x1b[2J" : "";
  let drawn = 0;
  let last = 0;
  const draw = (book: OrderBook & { stale: boolean }) => {
    last = Date.now();
    io.out(clear + renderLadder(book, depth, book.stale) + (clear ? "" : "\n"));
    return limit !== undefined && ++drawn >= limit;
  };
  try {
    if (draw(await feed.ready(ticker, { signal: io.signal }))) return 0;
    for await (const update of feed) {
      // Redraw at most 20 times a second; snapshots and status changes always redraw.
      if (update.type === "delta" && Date.now() - last < 50) continue;
      const book = feed.book(ticker);
      if (book && draw(book)) break;
    }
  } catch (e) {
    if (io.signal.aborted) return 0;
    throw e;
  }
  return 0;
}

/**
 * Guide: "Quick start: WebSockets". One signed connection carries every channel: keep a live
 * order book (snapshot, then deltas, with sequence checking and automatic recovery), then follow
 * the public trade tape and your own fills. Status messages (`stale` / `recovered`) say when data
 * may be missing, so a stale book is never used unawares.
 *
 *     deno run -A examples/websockets.ts                                     # embedded simulator
 *     deno run -A examples/websockets.ts --env demo --key-id ID --key FILE   # Kalshi's demo
 *
 * @module
 */

import { formatCount, formatPrice } from "../money/mod.ts";
import { KalshiClient, resolveEnvironment } from "../rest/mod.ts";
import { KalshiWs, type KalshiWsOptions } from "../ws/mod.ts";
import { credentials, type ExampleOptions, runExample } from "./_run.ts";

/** Options of this example: the shared ones, plus how long to watch the feed. */
export interface WebSocketsExampleOptions extends ExampleOptions {
  /** How long to watch trades, in milliseconds. @default {5000} */
  watchMs?: number | undefined;
  /** Stop after this many trades. @default {5} */
  maxTrades?: number | undefined;
}

/**
 * Runs the example.
 *
 * @param options Environment, key and output.
 */
export async function main(options: WebSocketsExampleOptions): Promise<void> {
  const { keyId, privateKey } = credentials(options);
  const log = options.log;

  // Pick an open market with a two-sided book (REST).
  await using rest = await KalshiClient.create({ env: options.env });
  const { markets } = await rest.markets.list({ status: "open", mve_filter: "exclude", limit: 50 });
  const market =
    markets.find((m) => m.yes_bid_dollars !== "0.0000" && m.yes_ask_dollars !== "1.0000") ??
      markets[0];
  if (!market) throw new Error("No open market found");

  // Connect: the handshake is signed like a REST request over GET /trade-api/ws/v2.
  const env = typeof options.env === "string" ? options.env : resolveEnvironment(options.env);
  const endpoint: Pick<KalshiWsOptions, "env" | "url"> = typeof env === "string"
    ? { env }
    : { url: env.wsUrl };
  await using ws = await KalshiWs.connect({
    ...endpoint,
    keyId,
    privateKey,
    onError: (e) => log(`(feed problem, handled: ${e.message})`),
  });
  log(`Connected to ${ws.url}`);

  // A live order book: the snapshot arrives first, then deltas keep it current.
  await using feed = await ws.books([market.ticker]);
  const book = await feed.ready(market.ticker, { timeoutMs: 10_000 });
  const show = (l?: { price: number; count: number }) =>
    l ? `$${formatPrice(l.price)} x ${formatCount(l.count)}` : "none";
  log(
    `${market.ticker}: best YES bid ${show(book.bestBid("yes"))}, ask ${show(book.bestAsk("yes"))}`,
  );
  const depth = book.depth(3, "yes");
  log(`  top bids: ${depth.bids.map((l) => show(l)).join(", ") || "(empty)"}`);
  log(`  top asks: ${depth.asks.map((l) => show(l)).join(", ") || "(empty)"}`);

  // The public tape of every market, plus your own fills, on the same connection.
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), options.watchMs ?? 5_000);
  await using tape = await ws.subscribe({ channels: ["trade"] }, { signal: stop.signal });
  await using mine = await ws.subscribe({ channels: ["fill"] });
  log(`Watching trades (sids ${tape.sids.join(", ")}; fills on ${mine.sids.join(", ")})`);
  let trades = 0;
  try {
    for await (const m of tape) {
      if (m.type === "stale") {
        log(`  (${m.reason}: some trades may be missing; back-fill from REST if it matters)`);
      } else if (m.type === "trade") {
        const t = m.msg;
        log(
          `  ${t.market_ticker}: ${t.count_fp} @ $${t.yes_price_dollars} (taker ${t.taker_book_side})`,
        );
        if (++trades >= (options.maxTrades ?? 5)) break;
      }
    }
  } catch (e) {
    if (!stop.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
  }
  log(
    `Saw ${trades} trade(s). Book is ${book.stale ? "stale" : "fresh"}; ${ws.stats.frames} frames`,
  );
}

if (import.meta.main) await runExample(main);

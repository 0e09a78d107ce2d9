/**
 * Guide: "Orderbook responses". `GET /markets/{ticker}/orderbook` returns only bids:
 * `orderbook_fp.yes_dollars` (bids for YES) and `orderbook_fp.no_dollars` (bids for NO), each a
 * list of `[price, count]` strings in ascending price, so the best bid is the last entry. A NO
 * bid at q is a YES ask at 1 − q: the best YES ask is 1 − (best NO bid).
 *
 *     deno run -A examples/orderbook.ts [--env demo|prod]
 *
 * @module
 */

import { complementPrice, formatCount, formatPrice, parseCount, parsePrice } from "../money/mod.ts";
import { KalshiClient } from "../rest/mod.ts";
import { type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  await using client = await KalshiClient.create({ env: options.env });
  const { markets } = await client.markets.list({
    status: "open",
    mve_filter: "exclude",
    limit: 50,
  });
  const market = markets.find((m) => m.yes_bid_dollars !== "0.0000") ?? markets[0];
  if (!market) throw new Error("No open market found");

  const { orderbook_fp: book } = await client.markets.orderbook(market.ticker);
  const levels = (side: [string, string][]) =>
    side.map(([p, c]) => ({ price: parsePrice(p), count: parseCount(c) }));
  const yes = levels(book.yes_dollars as [string, string][]);
  const no = levels(book.no_dollars as [string, string][]);
  options.log(`${market.ticker}: ${yes.length} YES bid level(s), ${no.length} NO bid level(s)`);

  const bestYesBid = yes.at(-1);
  const bestNoBid = no.at(-1);
  const bestYesAsk = bestNoBid &&
    { price: complementPrice(bestNoBid.price), count: bestNoBid.count };
  const show = (l?: { price: number; count: number }) =>
    l ? `$${formatPrice(l.price)} x ${formatCount(l.count)}` : "none";
  options.log(`Best YES bid: ${show(bestYesBid)}`);
  options.log(`Best YES ask: ${show(bestYesAsk)} (from the best NO bid ${show(bestNoBid)})`);
  if (bestYesBid && bestYesAsk) {
    options.log(`Spread: $${formatPrice(Math.max(0, bestYesAsk.price - bestYesBid.price))}`);
  }

  // The top five levels of each side, best first.
  for (const [name, side] of [["YES", yes], ["NO", no]] as const) {
    const top = side.slice(-5).reverse().map((l) => show(l)).join(", ");
    options.log(`${name} bids: ${top || "(empty)"}`);
  }
}

if (import.meta.main) await runExample(main);

/**
 * Guide: "Quick start: market data". Walk from a series to its events, an event's markets, a
 * market's order book and its recent trades — all public, no key needed. Prices are parsed with
 * `money/` (integers in $0.0001), never as floats.
 *
 *     deno run -A examples/market_data.ts [--env demo|prod]
 *
 * @module
 */

import { formatCount, formatPrice, parseCount, parsePrice } from "../money/mod.ts";
import { KalshiClient } from "../rest/mod.ts";
import { type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  await using client = await KalshiClient.create({ env: options.env });

  // A market to look at: the first open one, then its event and series.
  const { markets } = await client.markets.list({
    status: "open",
    mve_filter: "exclude",
    limit: 1,
  });
  const first = markets[0];
  if (!first) throw new Error("No open market found");
  const { event } = await client.events.get(first.event_ticker);
  const { series } = await client.series.get(event.series_ticker);
  options.log(`Series ${series.ticker}: ${series.title} (${series.frequency})`);

  // Events of the series (GET /events?series_ticker=…).
  const events = await client.events.list({
    series_ticker: series.ticker,
    status: "open",
    limit: 5,
  });
  options.log(`${events.events.length} open event(s), e.g. ${event.event_ticker}: ${event.title}`);

  // Markets of the event.
  const eventMarkets = await client.markets.list({ event_ticker: event.event_ticker, limit: 10 });
  for (const m of eventMarkets.markets) {
    options.log(`  ${m.ticker}: last ${m.last_price_dollars}, volume ${m.volume_fp}`);
  }

  // The order book: bids on both sides, ascending, as [price, count] strings.
  const { orderbook_fp: book } = await client.markets.orderbook(first.ticker, { depth: 5 });
  const bestYes = book.yes_dollars.at(-1);
  options.log(
    `Best YES bid: ${
      bestYes
        ? `$${formatPrice(parsePrice(bestYes[0]!))} x ${formatCount(parseCount(bestYes[1]!))}`
        : "none"
    }`,
  );

  // Recent public trades.
  const { trades } = await client.markets.trades({ ticker: first.ticker, limit: 5 });
  for (const t of trades) {
    options.log(
      `  trade ${t.created_time}: ${t.count_fp} @ ${t.yes_price_dollars} (${t.taker_side})`,
    );
  }
  if (trades.length === 0) options.log("  no trades yet");
}

if (import.meta.main) await runExample(main);

/**
 * Guide: "Understanding pagination". List endpoints return a page and a `cursor`; pass it back
 * to get the next page, and stop when it comes back empty. Do it by hand once, then let
 * `iterate()` do it (it also stops if a server ever repeats a cursor).
 *
 *     deno run -A examples/pagination.ts [--env demo|prod]
 *
 * @module
 */

import { KalshiClient } from "../rest/mod.ts";
import { type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  await using client = await KalshiClient.create({ env: options.env });

  // By hand: three pages of 50 open markets.
  let cursor: string | undefined;
  let pages = 0;
  let total = 0;
  do {
    const page = await client.markets.list({
      status: "open",
      limit: 50,
      ...(cursor ? { cursor } : {}),
    });
    pages++;
    total += page.markets.length;
    options.log(
      `page ${pages}: ${page.markets.length} markets, cursor ${page.cursor ? "…" : "(end)"}`,
    );
    cursor = page.cursor || undefined;
  } while (cursor && pages < 3);
  options.log(`${total} markets in ${pages} page(s)`);

  // With iterate(): item by item, pages fetched as needed, capped at 120 items.
  const tickers: string[] = [];
  for await (const m of client.markets.iterate({ status: "open", limit: 50 }, { maxItems: 120 })) {
    tickers.push(m.ticker);
  }
  options.log(`iterate(): ${tickers.length} markets, first ${tickers[0]}, last ${tickers.at(-1)}`);

  // Every list operation has an iterator; the generic one takes the operation id.
  let events = 0;
  for await (const _e of client.paginate("GetEvents", { limit: 100 }, { maxPages: 2 })) events++;
  options.log(`paginate("GetEvents"): ${events} events from 2 pages`);
}

if (import.meta.main) await runExample(main);

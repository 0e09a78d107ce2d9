/**
 * Guide: "Subpenny pricing". Markets trade on a tick grid given by `price_level_structure` and
 * `price_ranges`: `linear_cent` is every $0.01, while subpenny structures allow $0.001 (or finer)
 * ticks in some bands. Prices travel as dollar strings with 4 decimals (`"0.0150"`); `money/`
 * parses them into exact integers ($0.0001 units) and checks them against the grid.
 *
 *     deno run -A examples/subpenny_pricing.ts [--env demo --key-id ID --key kalshi.key]
 *
 * With a key (and not in production) it also places and cancels one subpenny order.
 *
 * @module
 */

import {
  assertOrderPrice,
  formatPrice,
  isOnTick,
  nextTick,
  parsePrice,
  parsePriceRanges,
  roundToTick,
} from "../money/mod.ts";
import { KalshiClient, type ListItem } from "../rest/mod.ts";
import { type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment, optional key, and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  await using client = await KalshiClient.create({
    env: options.env,
    ...(options.keyId && options.privateKey
      ? { keyId: options.keyId, privateKey: options.privateKey }
      : {}),
  });

  // Find a market with a subpenny grid (any structure other than linear_cent).
  let market: ListItem<"GetMarkets"> | undefined;
  const structures = new Map<string, number>();
  for await (
    const m of client.markets.iterate({ status: "open", limit: 200 }, { maxItems: 1000 })
  ) {
    structures.set(m.price_level_structure, (structures.get(m.price_level_structure) ?? 0) + 1);
    if (!market && m.price_level_structure !== "linear_cent" && m.status === "active") market = m;
  }
  options.log(
    `Price level structures: ${[...structures].map(([s, n]) => `${s} ×${n}`).join(", ")}`,
  );
  if (!market) {
    options.log("No subpenny market among the first 1,000 open markets");
    return;
  }
  const bands = parsePriceRanges(market.price_ranges);
  options.log(`${market.ticker} uses ${market.price_level_structure}:`);
  for (const b of bands) {
    options.log(`  $${formatPrice(b.start)}–$${formatPrice(b.end)} step $${formatPrice(b.step)}`);
  }

  // Working with the grid: is a price on it, and what are the neighbouring ticks?
  const edge = bands[0]!.start + bands[0]!.step; // the first tick of the first band
  options.log(`$${formatPrice(edge)} on tick: ${isOnTick(edge, bands)}`);
  const wanted = parsePrice("0.0155");
  const down = roundToTick(wanted, bands, "down");
  const up = roundToTick(wanted, bands, "up");
  options.log(
    `$0.0155 rounds down to $${down === undefined ? "-" : formatPrice(down)}, up to $${
      up === undefined ? "-" : formatPrice(up)
    }`,
  );
  const after = nextTick(edge, bands, "up");
  options.log(
    `Tick after $${formatPrice(edge)}: $${after === undefined ? "-" : formatPrice(after)}`,
  );

  if (!client.authenticated || options.env === "prod") return;
  // A resting subpenny order: the first tick above the low edge, checked before sending.
  assertOrderPrice(edge, bands);
  const placed = await client.orders.create({
    ticker: market.ticker,
    side: "bid",
    price: edge,
    count: "1",
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
  });
  const { order } = await client.orders.get(placed.order_id);
  options.log(`Placed ${order.order_id} at $${order.yes_price_dollars}`);
  await client.orders.cancel(placed.order_id);
}

if (import.meta.main) await runExample(main);

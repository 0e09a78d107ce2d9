/**
 * Guide: "Quick start: create your first order". Find an open market, place a small limit buy
 * below the market (so it rests instead of filling), read it back, then cancel it.
 *
 * V2 orders (`POST /portfolio/events/orders`) name the side of the YES book: `bid` buys YES,
 * `ask` sells YES (buying NO at 1 − price). Prices and counts are strings on the wire; the client
 * also takes `money/` integers. A `client_order_id` is generated so a retried create can never
 * place a second order.
 *
 *     deno run -A examples/first_order.ts --env demo --key-id ID --key kalshi.key
 *
 * Against production it refuses to run without `--live` (it places and cancels a real order).
 *
 * @module
 */

import {
  formatPrice,
  LINEAR_CENT,
  parsePrice,
  parsePriceRanges,
  roundToTick,
} from "../money/mod.ts";
import { KalshiClient } from "../rest/mod.ts";
import { credentials, type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment, key and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  if (options.env === "prod" && !options.live) {
    throw new Error("This example places a real order: pass --live to run it in production");
  }
  await using client = await KalshiClient.create({ env: options.env, ...credentials(options) });

  const { markets } = await client.markets.list({
    status: "open",
    mve_filter: "exclude",
    limit: 20,
  });
  const market = markets.find((m) => m.status === "active");
  if (!market) throw new Error("No open market found");
  const bands = parsePriceRanges(market.price_ranges?.length ? market.price_ranges : LINEAR_CENT);

  // Bid well below the best bid so the order rests: half the best bid, rounded to the tick grid.
  const bestBid = parsePrice(market.yes_bid_dollars);
  const price = roundToTick(Math.max(100, Math.floor(bestBid / 2)), bands, "down") ?? 100;
  options.log(`Placing: buy 1 YES of ${market.ticker} at $${formatPrice(price)}`);

  const placed = await client.orders.create({
    ticker: market.ticker,
    side: "bid",
    price, // a money/ Price (integer $0.0001); "0.0100" works too
    count: "1",
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
    post_only: true, // never take liquidity by accident
  });
  options.log(
    `Order ${placed.order_id} (client_order_id ${placed.client_order_id}): filled ${placed.fill_count}, resting ${placed.remaining_count}`,
  );

  const { order } = await client.orders.get(placed.order_id);
  options.log(`Status: ${order.status}, price ${order.yes_price_dollars}, side ${order.book_side}`);

  const cancelled = await client.orders.cancel(placed.order_id);
  options.log(`Cancelled: reduced by ${cancelled.reduced_by}`);
}

if (import.meta.main) await runExample(main);

/**
 * Guide: "Making your first request". Public market data needs no key: ask whether the exchange
 * is open, then fetch a few open markets.
 *
 *     deno run -A examples/first_request.ts               # embedded simulator
 *     deno run -A examples/first_request.ts --env demo    # Kalshi's demo environment
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
  // No keyId/privateKey: only public operations, sent unsigned.
  await using client = await KalshiClient.create({ env: options.env });
  options.log(`Connecting to ${client.environment.restUrl}`);

  // GET /exchange/status
  const status = await client.exchange.status();
  options.log(
    `Exchange active: ${status.exchange_active}, trading active: ${status.trading_active}`,
  );

  // GET /markets?status=open&limit=5
  const { markets, cursor } = await client.markets.list({ status: "open", limit: 5 });
  for (const m of markets) {
    options.log(
      `${m.ticker}  ${m.title ?? ""}  yes bid ${m.yes_bid_dollars} / ask ${m.yes_ask_dollars}`,
    );
  }
  options.log(`Next page cursor: ${cursor ? cursor.slice(0, 16) + "…" : "(none)"}`);
}

if (import.meta.main) await runExample(main);

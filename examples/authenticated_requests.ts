/**
 * Guide: "Quick start: authenticated requests". Portfolio endpoints are signed: every request
 * carries `KALSHI-ACCESS-KEY`, `KALSHI-ACCESS-TIMESTAMP` (ms) and `KALSHI-ACCESS-SIGNATURE`
 * (RSA-PSS/SHA-256 over `timestamp + METHOD + path`). The client does the signing; this example
 * also shows the signed text once, then reads the balance, positions and recent fills.
 *
 *     deno run -A examples/authenticated_requests.ts --env demo --key-id ID --key kalshi.key
 *
 * @module
 */

import { KalshiAuth } from "../auth/mod.ts";
import { amountFromCents, formatAmount } from "../money/mod.ts";
import { KalshiClient } from "../rest/mod.ts";
import { credentials, type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment, key and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  const { keyId, privateKey } = credentials(options);
  await using client = await KalshiClient.create({ env: options.env, keyId, privateKey });

  // What is signed (the client does this for every request; shown here once for clarity).
  if (typeof privateKey === "string") {
    using auth = await KalshiAuth.create({ keyId, privateKey });
    const url = `${client.environment.restUrl}/portfolio/balance`;
    const { signed } = await auth.signDetailed("GET", url);
    options.log(`Signed text: ${signed}`);
  }

  // GET /portfolio/balance — `balance` is in cents; `balance_dollars` is exact when present.
  const balance = await client.portfolio.balance();
  const dollars = balance.balance_dollars ??
    formatAmount(amountFromCents(balance.balance), { decimals: 2 });
  options.log(`Balance: $${dollars}; portfolio value: ${balance.portfolio_value} cents`);

  // GET /portfolio/positions
  const { market_positions } = await client.portfolio.positions({ limit: 5 });
  options.log(`${market_positions.length} market position(s)`);
  for (const p of market_positions) options.log(`  ${p.ticker}: ${p.position_fp}`);

  // GET /portfolio/fills
  let fills = 0;
  for await (const f of client.portfolio.iterateFills({ limit: 100 }, { maxItems: 5 })) {
    options.log(`  fill ${f.ticker} ${f.count_fp} @ ${f.yes_price_dollars}`);
    fills++;
  }
  if (fills === 0) options.log("No fills yet");
}

if (import.meta.main) await runExample(main);

/**
 * `kalshi demo` (`deno task demo`): the toolkit's main job end to end. By default it starts the
 * simulator in-process, so it needs no key, no network and no configuration; with `--env demo`
 * and a key it runs the same steps against Kalshi's demo exchange.
 *
 * @module
 */

import {
  formatAmount,
  formatCount,
  formatPrice,
  parseAmount,
  parseCount,
  parsePrice,
} from "../money/mod.ts";
import type { Amount, Count, Price } from "../money/mod.ts";
import { KalshiClient } from "../rest/mod.ts";
import { startSim } from "../sim/server.ts";
import { integer, parse, required } from "./_args.ts";
import { type CliIo, UsageError } from "./_io.ts";

/** Usage text of `kalshi demo`. */
export const DEMO_USAGE = `kalshi demo [--markets N] [--seed S] [--env demo --key-id ID --key FILE]

  Lists markets, shows an order book, places a resting order and a crossing one, shows fills,
  positions and balance, cancels, and prints a summary. Runs on the embedded simulator unless
  --env is given. Against production (--env prod) it only reads, unless --allow-trading is set.

  --markets N       markets in the embedded simulator (default 500)
  --seed S          simulator seed (default 1)
  --env E           demo or prod instead of the simulator (needs --key-id and --key)
  --key-id ID       API key id
  --key FILE        private key PEM
  --allow-trading   place the two small orders on production too
`;

interface MarketRow {
  ticker: string;
  title?: string;
  yes_bid_dollars?: string;
  yes_ask_dollars?: string;
  volume_fp?: string;
  price_ranges?: { start: string; end: string; step: string }[];
}

/**
 * Runs `kalshi demo`.
 *
 * @param args Arguments after `demo`.
 * @param io Output.
 * @returns The exit code.
 */
export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    markets: { type: "string" },
    seed: { type: "string" },
    env: { type: "string" },
    "key-id": { type: "string" },
    key: { type: "string" },
    "allow-trading": { type: "boolean", default: false },
  });
  const env = values.env as string | undefined;
  if (env !== undefined && env !== "demo" && env !== "prod") {
    throw new UsageError(`Invalid --env ${JSON.stringify(env)}: expected demo or prod`);
  }
  const say = (line = "") => io.out(line + "\n");
  if (env === undefined) {
    const seedText = values.seed as string | undefined;
    await using sim = await startSim({
      markets: integer(values, "markets", 50) ?? 500,
      seed: seedText === undefined ? 1 : /^\d+$/.test(seedText) ? Number(seedText) : seedText,
    });
    say(`Started the embedded Kalshi simulator at ${sim.restUrl}`);
    await using client = await KalshiClient.create({
      env: { restUrl: sim.restUrl, wsUrl: sim.wsUrl },
      keyId: sim.keyId,
      privateKey: sim.privateKeyPem,
    });
    await run(client, say, io.signal, true);
    return 0;
  }
  await using client = await KalshiClient.create({
    env,
    keyId: required(values, "key-id"),
    privateKey: { path: required(values, "key") },
    onWarning: (m) => io.err(`warning: ${m}\n`),
  });
  await run(client, say, io.signal, env === "demo" || values["allow-trading"] === true);
  return 0;
}

const pad = (s: string, n: number) => s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length);
const lpad = (s: string, n: number) => s.length >= n ? s : " ".repeat(n - s.length) + s;

async function run(
  client: KalshiClient,
  say: (line?: string) => void,
  signal: AbortSignal,
  trade: boolean,
): Promise<void> {
  const opts = { signal };
  const status = await client.exchange.status(opts);
  say(`Exchange active: ${status.exchange_active}, trading active: ${status.trading_active}`);

  // 1. Markets: open, single-event (no combos), with a two-sided book.
  const { markets } = await client.markets.list({
    status: "open",
    mve_filter: "exclude",
    limit: 200,
  }, opts);
  const quoted = (markets as MarketRow[]).filter((m) => {
    const bid = m.yes_bid_dollars ? parsePrice(m.yes_bid_dollars) : 0;
    const ask = m.yes_ask_dollars ? parsePrice(m.yes_ask_dollars) : 0;
    return bid >= 500 && ask > bid && ask <= 9500;
  });
  say(`\nOpen markets: ${markets.length} on the first page, ${quoted.length} quoted on both sides`);
  say(`  ${pad("ticker", 34)} ${lpad("bid", 7)} ${lpad("ask", 7)} ${lpad("volume", 10)}  title`);
  for (const m of quoted.slice(0, 5)) {
    say(
      `  ${pad(m.ticker, 34)} ${lpad(m.yes_bid_dollars ?? "-", 7)} ${
        lpad(m.yes_ask_dollars ?? "-", 7)
      } ${lpad(m.volume_fp ?? "0.00", 10)}  ${(m.title ?? "").slice(0, 50)}`,
    );
  }
  const market = quoted.find((m) => (m.price_ranges ?? []).length <= 1) ?? quoted[0];
  if (!market) throw new Error("No open market has a two-sided book");

  // 2. The book.
  const book = await client.markets.orderbook(market.ticker, { depth: 5 }, opts);
  const fp = (book as {
    orderbook_fp: { yes_dollars?: [string, string][]; no_dollars?: [string, string][] };
  })
    .orderbook_fp;
  const yes = [...(fp.yes_dollars ?? [])].reverse();
  const no = [...(fp.no_dollars ?? [])].reverse();
  say(`\nOrder book of ${market.ticker} (best 5 bids each side; YES ask = 1 − NO bid)`);
  say(`  ${lpad("YES bid", 9)} ${lpad("size", 10)}   ${lpad("NO bid", 9)} ${lpad("size", 10)}`);
  for (let i = 0; i < Math.max(yes.length, no.length); i++) {
    const y = yes[i], n = no[i];
    say(
      `  ${lpad(y?.[0] ?? "", 9)} ${lpad(y?.[1] ?? "", 10)}   ${lpad(n?.[0] ?? "", 9)} ${
        lpad(n?.[1] ?? "", 10)
      }`,
    );
  }
  if (!trade) {
    say("\nRead-only run (production without --allow-trading): no orders placed.");
    return;
  }

  const before = await client.portfolio.balance({}, opts);
  const cashBefore = balanceOf(before);

  // 3. A resting bid below the market, and a crossing buy at the ask.
  const bestBid = parsePrice(market.yes_bid_dollars!);
  const bestAsk = parsePrice(market.yes_ask_dollars!);
  const restPrice: Price = Math.max(100, bestBid - 300);
  const resting = await client.orders.create({
    ticker: market.ticker,
    side: "bid",
    price: restPrice,
    count: "5",
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
  }, opts);
  say(
    `\nResting order ${resting.order_id}: buy 5 YES @ ${
      formatPrice(restPrice)
    } — filled ${resting.fill_count}, resting ${resting.remaining_count}`,
  );
  const crossing = await client.orders.create({
    ticker: market.ticker,
    side: "bid",
    price: bestAsk,
    count: "2",
    time_in_force: "immediate_or_cancel",
    self_trade_prevention_type: "taker_at_cross",
  }, opts);
  say(
    `Crossing order ${crossing.order_id}: buy 2 YES @ ${
      formatPrice(bestAsk)
    } (IOC) — filled ${crossing.fill_count}` +
      (crossing.average_fill_price ? ` at avg ${crossing.average_fill_price}` : ""),
  );

  // 4. Fills, positions, balance.
  const { fills } = await client.portfolio.fills({ ticker: market.ticker, limit: 10 }, opts);
  say(`\nFills in ${market.ticker}: ${fills.length}`);
  let filled: Count = 0;
  let fees: Amount = 0;
  for (
    const f of fills as {
      order_id: string;
      count_fp: string;
      yes_price_dollars: string;
      is_taker: boolean;
      fee_cost: string;
    }[]
  ) {
    filled += parseCount(f.count_fp);
    fees += parseAmount(f.fee_cost);
    say(
      `  ${f.count_fp} @ ${f.yes_price_dollars} ${
        f.is_taker ? "taker" : "maker"
      }, fee ${f.fee_cost}`,
    );
  }
  const { market_positions } = await client.portfolio.positions({ ticker: market.ticker }, opts);
  for (
    const p of market_positions as {
      ticker: string;
      position_fp: string;
      market_exposure_dollars: string;
    }[]
  ) {
    say(
      `Position ${p.ticker}: ${p.position_fp} contracts (exposure $${p.market_exposure_dollars})`,
    );
  }

  // 5. Cancel what rests.
  await client.orders.cancel(resting.order_id, {}, opts);
  const after = await client.portfolio.balance({}, opts);
  const cashAfter = balanceOf(after);
  say(
    `Canceled ${resting.order_id}; balance $${formatAmount(cashBefore)} → $${
      formatAmount(cashAfter)
    }`,
  );

  say("\nSummary");
  say(`  market            ${market.ticker}`);
  say(`  orders placed     2 (1 resting, canceled; 1 crossing IOC)`);
  say(`  contracts filled  ${formatCount(filled)}`);
  say(`  fees              $${formatAmount(fees)}`);
  const change = cashAfter - cashBefore;
  say(`  cash change       ${change < 0 ? "-" : "+"}$${formatAmount(Math.abs(change))}`);
}

function balanceOf(b: { balance: number; balance_dollars?: string }): Amount {
  return b.balance_dollars !== undefined ? parseAmount(b.balance_dollars) : b.balance * 10_000;
}

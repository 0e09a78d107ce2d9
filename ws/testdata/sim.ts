/**
 * Helpers for end-to-end tests of the WebSocket client against the simulator: a running sim with
 * a signed REST fetcher, order placement, REST order books, and a delivery barrier.
 *
 * @module
 */

import { type SimFetch, simFetcher } from "../../_testing/sim_fetch.ts";
import { startSim } from "../../sim/server.ts";
import type { SimServer } from "../../sim/server.ts";
import { KalshiConnectionError, KalshiTimeoutError } from "../../errors.ts";
import { complementPrice, formatPrice, parsePrice } from "../../money/mod.ts";
import type { KalshiWs, LiveOrderBook } from "../mod.ts";

/** A running simulator, its fetcher and some open markets. */
export interface SimRig extends AsyncDisposable {
  sim: SimServer;
  f: SimFetch;
  tickers: string[];
}

/**
 * Starts a simulator with `markets: 200` and picks open markets. Their books are seeded, then
 * the market makers are switched off, so books change only through the test's own orders (the
 * makers re-quote every 250 ms, which would race a comparison with REST).
 *
 * @param count How many markets to pick.
 * @returns The rig; dispose it.
 */
export async function simRig(count: number): Promise<SimRig> {
  const sim = await startSim({ markets: 200, seed: 7, rateLimits: false });
  const f = await simFetcher(sim);
  const r = await f("GET", `/markets?status=open&limit=${count}`);
  const tickers = (r.body as { markets: { ticker: string }[] }).markets.map((m) => m.ticker);
  if (tickers.length < count) throw new Error(`only ${tickers.length} open markets`);
  await Promise.all(tickers.map((t) => restBook(f, t)));
  const trading = sim.exchange.trading as unknown as { marketMakers?: { enabled: boolean } };
  if (trading.marketMakers) trading.marketMakers.enabled = false;
  return {
    sim,
    f,
    tickers,
    async [Symbol.asyncDispose]() {
      f[Symbol.dispose]();
      await sim.close();
    },
  };
}

/** Options of an order. */
export interface OrderSpec {
  ticker: string;
  side: "bid" | "ask";
  /** Dollars, e.g. `"0.4200"`. */
  price: string;
  /** Contracts, e.g. `"3"`. */
  count: string;
  clientOrderId?: string;
}

/**
 * Places a V2 order and returns its id.
 *
 * @param f The fetcher.
 * @param o The order.
 * @returns Order id and client order id.
 */
export async function placeOrder(
  f: SimFetch,
  o: OrderSpec,
): Promise<{ order_id: string; client_order_id: string }> {
  const client_order_id = o.clientOrderId ?? crypto.randomUUID();
  const r = await f("POST", "/portfolio/events/orders", {
    ticker: o.ticker,
    client_order_id,
    side: o.side,
    count: o.count,
    price: o.price,
    time_in_force: "good_till_canceled",
    self_trade_prevention_type: "taker_at_cross",
  });
  if (r.status !== 201 && r.status !== 200) {
    throw new Error(`order failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { order_id: (r.body as { order_id: string }).order_id, client_order_id };
}

/** A REST order book, both sides ascending. */
export interface RestBook {
  yes_dollars: [string, string][];
  no_dollars: [string, string][];
}

/**
 * Reads `GET /markets/{ticker}/orderbook`.
 *
 * @param f The fetcher.
 * @param ticker Market.
 * @returns The levels.
 */
export async function restBook(f: SimFetch, ticker: string): Promise<RestBook> {
  const r = await f("GET", `/markets/${encodeURIComponent(ticker)}/orderbook`);
  if (r.status !== 200) throw new Error(`orderbook failed: ${r.status}`);
  const ob = (r.body as { orderbook_fp: Partial<RestBook> }).orderbook_fp;
  return { yes_dollars: ob.yes_dollars ?? [], no_dollars: ob.no_dollars ?? [] };
}

/**
 * A book as the REST orderbook shows it.
 *
 * @param book The live book.
 * @returns Its levels in REST form.
 */
export function asRest(book: LiveOrderBook): RestBook {
  return book.toJSON().orderbook_fp;
}

/**
 * Waits until every frame the server sent before now has been handled: the replies to two
 * commands sent in a row come after everything queued before them (even a message the feed held
 * back to swap with its successor). Retries across reconnects.
 *
 * @param ws The client.
 */
export async function barrier(ws: KalshiWs): Promise<void> {
  for (let done = 0; done < 2;) {
    try {
      await ws.listSubscriptions({ timeoutMs: 5_000 });
      done++;
    } catch (e) {
      if (!(e instanceof KalshiConnectionError || e instanceof KalshiTimeoutError)) throw e;
      done = 0;
    }
  }
}

/**
 * The best YES ask on a REST book (1 − best NO bid), or undefined.
 *
 * @param book The book.
 * @returns Dollars text.
 */
export function bestYesAsk(book: RestBook): string | undefined {
  const best = book.no_dollars.at(-1);
  return best ? formatPrice(complementPrice(parsePrice(best[0]))) : undefined;
}

/**
 * Negotiated trades outside the book (an accepted RFQ quote, a block trade): an executed order
 * and a fill for each party and a trade on the tape.
 *
 * @module
 */

import type { Count, Price } from "../../money/mod.ts";
import type { Exchange } from "../exchange.ts";
import type { BookSide, Trader } from "../types.ts";
import type { Engine } from "./engine.ts";
import { invalidPrice, invalidSize } from "./errors.ts";
import type { EngineOrder } from "./model.ts";

/** One party of a negotiated trade. */
export type CrossParty = Trader & { client_order_id?: string; order_id?: string };

/**
 * Executes a trade between a YES buyer and a NO buyer at a YES price; the NO side is recorded
 * as the taker. Both parties must be able to pay; client order ids must be unused.
 *
 * @param ex The exchange.
 * @param engine The engine.
 * @param options Market, parties, YES price, count and whether it is a block trade.
 * @returns The trade and order ids.
 */
export function executeCross(
  ex: Exchange,
  engine: Engine,
  options: {
    ticker: string;
    yes: CrossParty;
    no: CrossParty;
    yes_price: Price;
    count: Count;
    is_block_trade: boolean;
  },
): { trade_id: string; yes_order_id: string; no_order_id: string } {
  const store = engine.store;
  const m = store.market(options.ticker);
  engine.requireActive(m);
  const p = options.yes_price;
  if (!(Number.isInteger(p) && p > 0 && p < 10_000)) throw invalidPrice(p, "yes_price");
  if (!(Number.isSafeInteger(options.count) && options.count > 0)) {
    throw invalidSize("count must be positive");
  }
  const parties = [
    { who: options.yes, side: "bid" as BookSide },
    { who: options.no, side: "ask" as BookSide },
  ];
  for (const { who, side } of parties) {
    ex.accounts.requireSubaccount(who.user_id, who.subaccount);
    if (who.client_order_id) store.requireFreeClientId(who.user_id, who.client_order_id);
    const ps = store.position(store.trader(who), m);
    store.requireFunds(ps, { book_side: side, price: p, remaining_count: options.count });
  }
  const [yesOrder, noOrder] = parties.map(({ who, side }) =>
    engine.newOrder(who, m, {
      order_id: who.order_id ?? store.uuid(),
      client_order_id: who.client_order_id ?? "",
      book_side: side,
      price: p,
      count: options.count,
      type: "limit",
      time_in_force: "fill_or_kill",
      source: "rfq",
    })
  ) as [EngineOrder, EngineOrder];
  store.register(yesOrder);
  store.register(noOrder);
  const tradeId = engine.fillOffBook(noOrder, yesOrder, p, options.is_block_trade);
  return { trade_id: tradeId, yes_order_id: yesOrder.order_id, no_order_id: noOrder.order_id };
}

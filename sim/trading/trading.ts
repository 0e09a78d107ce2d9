/**
 * The trading part of the simulated exchange: the matching engine, the order, portfolio, order
 * group, historical and FCM routes, and the simulated market participants.
 *
 * @module
 */

import type { Count } from "../../money/mod.ts";
import type { Exchange, SimPart } from "../exchange.ts";
import type { SimRouter } from "../router.ts";
import type { BookLevels, BookTop, MarketStatus, Trader, TradingApi } from "../types.ts";
import { MarketMakers } from "./bots.ts";
import { executeCross } from "./cross.ts";
import { Engine } from "./engine.ts";
import { registerFcmRoutes } from "./fcm.ts";
import type { EngineOrder, OrderIntent, PositionState } from "./model.ts";
import { registerGroupRoutes } from "./routes_groups.ts";
import { registerOrderRoutes } from "./routes_orders.ts";
import { registerPortfolioRoutes } from "./routes_portfolio.ts";

/** How often resting orders are expired and market-maker quotes refreshed, ms. */
const MAINTENANCE_MS = 250;

/** Books, orders, fills, positions, balances, settlements and order groups. */
export class Trading implements TradingApi, SimPart {
  /** The matching engine (orders, fills, positions, groups). */
  readonly engine: Engine;
  /** The simulated market makers and background taker. */
  readonly marketMakers: MarketMakers;
  readonly #ex: Exchange;

  /**
   * Creates the trading part and the accounts of the simulated participants.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.engine = new Engine(ex);
    this.marketMakers = new MarketMakers(ex, this.engine);
  }

  /**
   * Declares the trading routes.
   *
   * @param router The router.
   */
  register(router: SimRouter): void {
    registerOrderRoutes(router, this.#ex, this.engine);
    registerPortfolioRoutes(router, this.#ex, this.engine);
    registerGroupRoutes(router, this.engine);
    registerFcmRoutes(router, this.#ex);
  }

  /** Starts order expiry, quote refreshing and the background activity. */
  start(): void {
    this.#ex.every(MAINTENANCE_MS, () => this.tick());
    const rate = this.#ex.options.activity;
    if (rate > 0) {
      const ms = Math.max(20, Math.min(1000, Math.round(1000 / rate)));
      this.#ex.every(ms, () => this.marketMakers.trade(rate, ms));
    }
  }

  /** Nothing to release: timers belong to the exchange. */
  close(): void {}

  /**
   * One maintenance pass: expires due orders, refreshes market-maker quotes and ages 24-hour
   * volumes. The exchange runs it every 250 ms; tests with a controlled clock call it directly.
   */
  tick(): void {
    this.engine.expireDue();
    this.marketMakers.replenish();
    this.engine.store.refreshVolume24();
  }

  /**
   * Best bid and ask of a market on the YES scale.
   *
   * @param ticker The market.
   * @returns The top of book.
   */
  top(ticker: string): BookTop {
    const book = this.engine.book(ticker);
    const bid = book?.bestBid(), ask = book?.bestAsk();
    const top: BookTop = { yes_bid_size: bid?.size ?? 0, yes_ask_size: ask?.size ?? 0 };
    if (bid) top.yes_bid = bid.price;
    if (ask) top.yes_ask = ask.price;
    return top;
  }

  /**
   * Aggregated resting bids of both sides, ascending; `depth` keeps the best N (0 = all).
   *
   * @param ticker The market.
   * @param depth Levels per side.
   * @returns The levels; NO levels are on the NO scale.
   */
  levels(ticker: string, depth = 0): BookLevels {
    const book = this.engine.book(ticker);
    if (!book) return { yes: [], no: [] };
    let yes: [number, Count][] = book.bids.levels.map((l) => [l.price, l.size]);
    let no: [number, Count][] = [];
    for (let i = book.asks.levels.length - 1; i >= 0; i--) {
      const l = book.asks.levels[i]!;
      no.push([10_000 - l.price, l.size]);
    }
    if (depth > 0) {
      yes = yes.slice(-depth);
      no = no.slice(-depth);
    }
    return { yes, no };
  }

  /**
   * Reacts to a market status change: closing cancels every resting order, pausing cancels
   * orders placed with `cancel_order_on_pause`, and reactivating a paused market cancels the
   * rest (market makers then quote again).
   *
   * @param ticker The market.
   * @param status Its new status.
   */
  onMarketStatus(ticker: string, status: MarketStatus): void {
    this.engine.lifecycle.onMarketStatus(ticker, status);
  }

  /**
   * Pays out every position in a finalized market and records settlements.
   *
   * @param ticker The market.
   */
  settle(ticker: string): void {
    this.engine.lifecycle.settle(ticker);
  }

  /**
   * Executes a negotiated trade outside the book; the NO side is recorded as the taker.
   *
   * @param options Market, parties, YES price, count and whether it is a block trade.
   * @returns The trade and order ids.
   */
  executeCross(options: Parameters<TradingApi["executeCross"]>[0]): {
    trade_id: string;
    yes_order_id: string;
    no_order_id: string;
  } {
    return executeCross(this.#ex, this.engine, options);
  }

  /**
   * Signed position (+ YES, − NO) of a trader in a market.
   *
   * @param trader User and subaccount.
   * @param ticker The market.
   * @returns The position.
   */
  position(trader: Trader, ticker: string): Count {
    return this.marketPosition(trader, ticker)?.position ?? 0;
  }

  /**
   * A trader's full standing in a market (cost basis, realized P&L, fees, volume), for the
   * WebSocket `market_positions` channel.
   *
   * @param trader User and subaccount.
   * @param ticker The market.
   * @returns The position, or undefined when the trader never traded it (or it settled).
   */
  marketPosition(trader: Trader, ticker: string): Readonly<PositionState> | undefined {
    return this.engine.store.trader(trader).positions.get(ticker);
  }

  /**
   * An order by id.
   *
   * @param orderId The id.
   * @returns The order, if it exists.
   */
  order(orderId: string): Readonly<EngineOrder> | undefined {
    return this.engine.store.order(orderId);
  }

  /**
   * Places an order directly (the FIX gateway and tests use this); the same checks as the
   * REST routes apply and failures throw `SimHttpError`s.
   *
   * @param intent The order.
   * @returns The order after matching.
   */
  submit(intent: OrderIntent): Readonly<EngineOrder> {
    return this.engine.submit(intent);
  }
}

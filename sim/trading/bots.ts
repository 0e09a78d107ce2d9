/**
 * Simulated participants: market makers that quote several levels on both sides around each
 * market's `fair` price, and a taker that trades against them when the exchange runs with
 * `activity` (trades per second).
 *
 * Books are seeded lazily, the first time an open market is touched (a `GET /markets` page, an
 * order, a WebSocket snapshot), so starting an exchange with thousands of markets costs nothing.
 * Seeding is silent (the quotes are the market's initial state) and deterministic per market:
 * sizes and order ids come from a generator derived from the seed and the ticker. Every open book
 * gets a best ask in (0.01, 0.99].
 *
 * @module
 */

import { type Count, nextTick, type Price, roundToTick } from "../../money/mod.ts";
import type { Rng } from "../_rng.ts";
import type { Exchange } from "../exchange.ts";
import type { BookSide, MarketRecord } from "../types.ts";
import type { Engine } from "./engine.ts";

/** Cash of each simulated participant, µ$ ($100M). */
const BOT_CASH = 100_000_000 * 1_000_000;
/** Price levels each side of a seeded book. */
const LEVELS = 5;
/** Distance between quoted levels, $0.01. */
const SPACING: Price = 100;

/** The simulated participants. */
export class MarketMakers {
  readonly #ex: Exchange;
  readonly #engine: Engine;
  /** User ids of the market makers. */
  readonly makers: readonly string[];
  /** User id of the background taker. */
  readonly taker: string;
  readonly #dirty = new Set<string>();
  readonly #rng: Rng;
  #active: string[] = [];
  #activeAt = -Infinity;
  #owed = 0;
  #enabled = true;

  /**
   * Creates the participants' accounts and hooks them into the engine.
   *
   * @param ex The exchange.
   * @param engine The engine.
   */
  constructor(ex: Exchange, engine: Engine) {
    this.#ex = ex;
    this.#engine = engine;
    this.#rng = ex.rng("trading/activity");
    const ids = ex.rng("trading/bots");
    const make = () =>
      ex.accounts.createUser({ isBot: true, cash: BOT_CASH, tier: "prestige", userId: ids.uuid() })
        .user_id;
    this.makers = [make(), make(), make()];
    this.taker = make();
    for (const id of [...this.makers, this.taker]) engine.bots.add(id);
    engine.seeder = (m) => this.#quote(m, ex.rng(`trading/seed/${m.ticker}`), true);
    engine.onBotOrderGone = (ticker) => this.#dirty.add(ticker);
  }

  /** Whether market makers seed and refresh books. */
  get enabled(): boolean {
    return this.#enabled;
  }

  set enabled(on: boolean) {
    this.#enabled = on;
    this.#engine.seeder = on
      ? (m) => this.#quote(m, this.#ex.rng(`trading/seed/${m.ticker}`), true)
      : undefined;
  }

  /** Re-quotes every book whose market-maker orders traded or were cancelled. */
  replenish(): void {
    if (!this.#enabled || this.#dirty.size === 0) return;
    const tickers = [...this.#dirty];
    this.#dirty.clear();
    this.#engine.op(() => {
      for (const t of tickers) {
        const m = this.#ex.catalogue.market(t);
        if (m && m.status === "active") this.#quote(m, this.#rng, false);
      }
    });
  }

  /**
   * Runs the background taker for one timer period: `rate` trades per second over `ms`.
   *
   * @param rate Trades per second.
   * @param ms Length of the period.
   */
  trade(rate: number, ms: number): void {
    if (!this.#enabled) return;
    this.#owed += (rate * ms) / 1000;
    const n = Math.floor(this.#owed);
    this.#owed -= n;
    const now = this.#ex.clock.now();
    if (now - this.#activeAt > 5_000) {
      this.#active = this.#ex.catalogue.allMarkets().filter((m) => m.status === "active").map((
        m,
      ) => m.ticker);
      this.#activeAt = now;
    }
    if (this.#active.length === 0) return;
    for (let i = 0; i < n; i++) this.#tradeOnce();
    this.replenish();
  }

  #tradeOnce(): void {
    const rng = this.#rng;
    const m = this.#ex.catalogue.market(rng.pick(this.#active));
    if (!m || m.status !== "active") return;
    const book = this.#engine.book(m.ticker);
    if (!book) return;
    if (rng.chance(0.3)) {
      // The "true" probability drifts; market makers follow it when they re-quote.
      const step = rng.chance(0.5) ? SPACING : -SPACING;
      m.fair = Math.min(9_800, Math.max(200, m.fair + step));
    }
    const side: BookSide = rng.chance(0.5) ? "bid" : "ask";
    const level = book.bestOpposite(side);
    if (!level) {
      this.#dirty.add(m.ticker);
      return;
    }
    const count: Count = Math.min(level.size, rng.int(1, 10) * 100);
    try {
      this.#engine.submit({
        trader: { user_id: this.taker, subaccount: 0 },
        ticker: m.ticker,
        book_side: side,
        price: level.price,
        count,
        time_in_force: "immediate_or_cancel",
        self_trade_prevention_type: "taker_at_cross",
        source: "bot",
      });
    } catch (e) {
      this.#ex.log("debug", `background trade on ${m.ticker} failed`, e);
    }
    this.#dirty.add(m.ticker);
  }

  /** Tops up market-maker quotes on both sides of a book around the market's fair price. */
  #quote(m: MarketRecord, rng: Rng, seed: boolean): void {
    const book = this.#engine.book(m.ticker);
    if (!book) return;
    const bands = m.bands;
    const fair = Math.min(9_999, Math.max(1, m.fair));
    let bid = nextTick(fair, bands, "down");
    let ask = nextTick(fair, bands, "up");
    if (ask === undefined || ask > 9_900) ask = roundToTick(9_900, bands, "down");
    if (ask !== undefined && ask <= 100) ask = nextTick(100, bands, "up");
    const bestBid = book.bestBid()?.price;
    const bestAsk = book.bestAsk()?.price;
    if (bid !== undefined && bestAsk !== undefined && bid >= bestAsk) {
      bid = nextTick(bestAsk, bands, "down");
    }
    if (ask !== undefined && bestBid !== undefined && ask <= bestBid) {
      ask = nextTick(bestBid, bands, "up");
    }
    if (bid !== undefined && ask !== undefined && bid >= ask) bid = nextTick(ask, bands, "down");
    const bots = new Set(this.makers);
    for (const side of ["bid", "ask"] as const) {
      const start = side === "bid" ? bid : ask;
      if (start === undefined) continue;
      const half = book.half(side);
      let have = 0;
      const taken = new Set<Price>();
      for (const l of half.levels) {
        if (l.orders.some((o) => bots.has(o.user_id))) {
          have++;
          taken.add(l.price);
        }
      }
      let price: Price | undefined = start;
      for (let i = 0; have < LEVELS && price !== undefined && i < LEVELS * 4; i++) {
        if (!taken.has(price)) {
          this.#place(m, side, price, rng, seed);
          have++;
        }
        const target: number = side === "bid" ? price - SPACING : price + SPACING;
        if (target <= 0 || target >= 10_000) break;
        price = roundToTick(target, bands, side === "bid" ? "down" : "up");
      }
    }
  }

  #place(m: MarketRecord, side: BookSide, price: Price, rng: Rng, seed: boolean): void {
    const maker = this.makers[rng.int(0, this.makers.length - 1)]!;
    const count: Count = rng.int(5, 100) * 100;
    const orderId = seed ? rng.uuid() : undefined;
    try {
      this.#engine.submit({
        trader: { user_id: maker, subaccount: 0 },
        ticker: m.ticker,
        book_side: side,
        price,
        count,
        time_in_force: "good_till_canceled",
        self_trade_prevention_type: "maker",
        post_only: true,
        source: "bot",
        ...(orderId === undefined ? {} : { order_id: orderId }),
      });
    } catch (e) {
      this.#ex.log("debug", `market maker quote on ${m.ticker} failed`, e);
    }
  }
}

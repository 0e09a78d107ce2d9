/**
 * The matching engine: one price-time-priority book per market on the YES scale, orders,
 * fills, positions, cash reservations, order groups and settlement.
 *
 * Every mutation updates state first and publishes {@linkcode SimEvent}s afterwards, in the order
 * things happened, so a bus subscriber may read the book back. Methods throw `SimHttpError`s with
 * Kalshi's bodies; every check runs before the first mutation, so a rejected request changes
 * nothing.
 *
 * @module
 */

import {
  type Amount,
  type Count,
  formatPrice,
  isOnTick,
  type Price,
  tradingFee,
} from "../../money/mod.ts";
import { apiError, invalidParameters, notFound } from "../_http.ts";
import type { Rng } from "../_rng.ts";
import type { Exchange } from "../exchange.ts";
import type {
  BookSide,
  FillRecord,
  MarketRecord,
  MarketStatus,
  SimEvent,
  Trader,
  TradeRecord,
} from "../types.ts";
import { Book } from "./book.ts";
import { applyFill, reducible, reservation, sidePrice } from "./ledger.ts";
import {
  type EngineOrder,
  GROUP_WINDOW_MS,
  type GroupRecord,
  type OrderIntent,
  type PositionState,
  type SettledPosition,
  type SettlementRecord,
  type TraderState,
} from "./model.ts";

const ONE: Price = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A trade on the tape, with its sequence number. */
export interface EngineTrade extends TradeRecord {
  seq: number;
}

/** A fill, with its sequence number. */
export interface EngineFill extends FillRecord {
  seq: number;
}

/** Why a taker stopped matching before running out of contracts or liquidity. */
type StopReason = "SelfTradeCancel" | "ReduceOnlyCancel" | "OrderGroupCancel";

/** Statuses in which a market keeps a live book. */
const OPEN: ReadonlySet<MarketStatus> = new Set(["active", "inactive"]);

/**
 * 400 `invalid_order` with details.
 *
 * @param details What is wrong.
 * @returns The error to throw.
 */
export function invalidOrder(details: string): Error {
  return apiError(400, "invalid_order", "invalid order", details);
}

/**
 * 400 `invalid_price` for a price off the market's grid or outside (0, 1).
 *
 * @param price The price.
 * @param field Field name.
 * @returns The error to throw.
 */
export function invalidPrice(price: Price, field = "price"): Error {
  const shown = price >= 0 && price <= ONE && Number.isInteger(price)
    ? formatPrice(price)
    : String(price);
  return apiError(
    400,
    "invalid_price",
    "invalid price",
    `${field} ${JSON.stringify(shown)} is not a valid price on the market's tick grid`,
  );
}

/** The matching engine. */
export class Engine {
  readonly #ex: Exchange;
  readonly #rng: Rng;
  #seq = 0;
  readonly #books = new Map<string, Book<EngineOrder>>();
  readonly #seeded = new Set<string>();
  readonly #paused = new Set<string>();
  readonly #orders = new Map<string, EngineOrder>();
  readonly #ordersByUser = new Map<string, EngineOrder[]>();
  readonly #clientIds = new Map<string, Map<string, string>>();
  readonly #traders = new Map<string, TraderState>();
  readonly #holders = new Map<string, Set<PositionState>>();
  readonly #trades: EngineTrade[] = [];
  readonly #tradesByTicker = new Map<string, EngineTrade[]>();
  readonly #fillsByUser = new Map<string, EngineFill[]>();
  readonly #settlements = new Map<string, SettlementRecord[]>();
  readonly #settledPositions = new Map<string, SettledPosition[]>();
  readonly #settledMarkets = new Set<string>();
  readonly #groups = new Map<string, GroupRecord>();
  readonly #expiring: EngineOrder[] = [];
  readonly #volume24 = new Map<string, { ms: number; count: Count }[]>();
  #silent = 0;
  #depth = 0;
  readonly #tops = new Map<string, string>();
  readonly #traded = new Set<string>();
  #taker: EngineOrder | undefined;
  /** Fees collected by the exchange, µ$. */
  feesCollected: Amount = 0;
  /** Seeds a market's book with quotes when it is first touched (set by the market makers). */
  seeder: ((market: MarketRecord) => void) | undefined;
  /** Called when a simulated participant's order leaves the book, so its quotes get refreshed. */
  onBotOrderGone: ((ticker: string) => void) | undefined;
  /** User ids of simulated participants. */
  readonly bots: Set<string> = new Set();

  /**
   * Creates an engine.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.#rng = ex.rng("trading/ids");
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing

  #now(): number {
    return this.#ex.clock.now();
  }

  /** A fresh id from the seeded generator. */
  uuid(): string {
    return this.#rng.uuid();
  }

  #emit(event: SimEvent): void {
    if (this.#silent === 0) this.#ex.bus.emit(event);
  }

  /**
   * Runs `fn` without publishing events (seeding a book's initial quotes).
   *
   * @param fn The work.
   * @returns Its result.
   */
  quietly<T>(fn: () => T): T {
    this.#silent++;
    try {
      return fn();
    } finally {
      this.#silent--;
    }
  }

  /**
   * Runs one operation; when the outermost one ends, publishes a `ticker` event for each market
   * whose top of book changed or which traded.
   *
   * @param fn The operation.
   * @returns Its result.
   */
  op<T>(fn: () => T): T {
    this.#depth++;
    try {
      return fn();
    } finally {
      if (--this.#depth === 0) this.#flushTickers();
    }
  }

  #flushTickers(): void {
    if (this.#tops.size === 0) return;
    const ts = this.#now();
    const tops = [...this.#tops];
    this.#tops.clear();
    for (const [ticker, before] of tops) {
      if (this.#traded.has(ticker) || this.#topKey(ticker) !== before) {
        this.#emit({ type: "ticker", ticker, ts_ms: ts });
      }
    }
    this.#traded.clear();
  }

  #topKey(ticker: string): string {
    const b = this.#books.get(ticker);
    const bid = b?.bestBid(), ask = b?.bestAsk();
    return `${bid?.price}:${bid?.size}:${ask?.price}:${ask?.size}`;
  }

  #touch(ticker: string): void {
    if (!this.#tops.has(ticker)) this.#tops.set(ticker, this.#topKey(ticker));
  }

  /**
   * A market, or 404.
   *
   * @param ticker The ticker.
   * @returns The market.
   */
  market(ticker: string): MarketRecord {
    const m = this.#ex.catalogue.market(ticker);
    if (!m) throw notFound("market", ticker);
    return m;
  }

  #requireActive(m: MarketRecord): void {
    if (m.status !== "active") {
      throw apiError(
        400,
        "market_inactive",
        "market is not open for trading",
        `MARKET_INACTIVE: market ${JSON.stringify(m.ticker)} is ${m.status}`,
      );
    }
  }

  /**
   * The book of a market, seeded with market-maker quotes the first time an open market is
   * touched.
   *
   * @param ticker The market.
   * @returns The book, or undefined for an unknown market or a market that never opened.
   */
  book(ticker: string): Book<EngineOrder> | undefined {
    const b = this.#books.get(ticker);
    if (b) return b;
    const m = this.#ex.catalogue.market(ticker);
    if (!m || !OPEN.has(m.status)) return undefined;
    const book = new Book<EngineOrder>(ticker);
    this.#books.set(ticker, book);
    this.#seed(m, true);
    return book;
  }

  #seed(m: MarketRecord, quiet: boolean): void {
    if (this.#seeded.has(m.ticker) || !this.seeder) return;
    this.#seeded.add(m.ticker);
    const seeder = this.seeder;
    if (quiet) {
      this.quietly(() => seeder(m));
      // The initial quotes are the market's starting state, not a change.
      this.#tops.delete(m.ticker);
      this.#traded.delete(m.ticker);
    } else {
      this.op(() => seeder(m));
    }
  }

  /**
   * The trader record of a user's subaccount.
   *
   * @param trader User and subaccount.
   * @returns The record (created empty when missing).
   */
  trader(trader: Trader): TraderState {
    const key = `${trader.user_id}/${trader.subaccount}`;
    let t = this.#traders.get(key);
    if (!t) {
      t = {
        user_id: trader.user_id,
        subaccount: trader.subaccount,
        reserved: 0,
        positions: new Map(),
        updated_ms: this.#ex.accounts.user(trader.user_id)?.created_ms ?? this.#now(),
      };
      this.#traders.set(key, t);
    }
    return t;
  }

  /** Every trader record. */
  traders(): IterableIterator<TraderState> {
    return this.#traders.values();
  }

  #position(t: TraderState, m: MarketRecord): PositionState {
    let ps = t.positions.get(m.ticker);
    if (!ps) {
      ps = {
        user_id: t.user_id,
        subaccount: t.subaccount,
        ticker: m.ticker,
        event_ticker: m.event_ticker,
        position: 0,
        cost: 0,
        realized_pnl: 0,
        fees_paid: 0,
        total_traded: 0,
        volume: 0,
        last_updated_ms: this.#now(),
        resting: new Set(),
        reserved: 0,
      };
      t.positions.set(m.ticker, ps);
      let set = this.#holders.get(m.ticker);
      if (!set) this.#holders.set(m.ticker, set = new Set());
      set.add(ps);
    }
    return ps;
  }

  #positionOf(o: EngineOrder): PositionState {
    return this.#position(
      this.trader({ user_id: o.user_id, subaccount: o.subaccount }),
      this.market(o.ticker),
    );
  }

  #reserve(ps: PositionState): void {
    const t = this.trader(ps);
    const r = reservation(ps.position, ps.resting);
    t.reserved += r - ps.reserved;
    ps.reserved = r;
    t.updated_ms = this.#now();
  }

  /**
   * Cash a trader may still commit: cash minus what resting orders hold back.
   *
   * @param trader User and subaccount.
   * @returns µ$.
   */
  available(trader: Trader): Amount {
    return this.#ex.accounts.cash(trader.user_id, trader.subaccount) -
      (this.#traders.get(`${trader.user_id}/${trader.subaccount}`)?.reserved ?? 0);
  }

  #fee(ticker: string, price: Price, count: Count, role: "taker" | "maker"): Amount {
    const { fee_type, fee_multiplier } = this.#ex.catalogue.feeFor(ticker);
    try {
      return tradingFee({ price, count, role, feeType: fee_type, multiplier: fee_multiplier });
    } catch {
      // `flat` and unknown fee types have no formula: charge the standard quadratic fee.
      try {
        return tradingFee({ price, count, role, multiplier: fee_multiplier });
      } catch {
        return tradingFee({ price, count, role });
      }
    }
  }

  #nextSeq(): number {
    return ++this.#seq;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /**
   * An order by id.
   *
   * @param orderId The id.
   * @returns The order, if it exists.
   */
  order(orderId: string): EngineOrder | undefined {
    return this.#orders.get(orderId);
  }

  /**
   * A user's orders, oldest first.
   *
   * @param userId The user.
   * @returns The orders.
   */
  ordersOf(userId: string): readonly EngineOrder[] {
    return this.#ordersByUser.get(userId) ?? [];
  }

  /**
   * The order a user placed with a client order id.
   *
   * @param userId The user.
   * @param clientOrderId The client order id.
   * @returns The order, if any.
   */
  orderByClientId(userId: string, clientOrderId: string): EngineOrder | undefined {
    const id = this.#clientIds.get(userId)?.get(clientOrderId);
    return id === undefined ? undefined : this.#orders.get(id);
  }

  /**
   * The public tape, oldest first.
   *
   * @param ticker Only this market's trades, when given.
   * @returns The trades.
   */
  trades(ticker?: string): readonly EngineTrade[] {
    return ticker === undefined ? this.#trades : this.#tradesByTicker.get(ticker) ?? [];
  }

  /**
   * A user's fills, oldest first.
   *
   * @param userId The user.
   * @returns The fills.
   */
  fillsOf(userId: string): readonly EngineFill[] {
    return this.#fillsByUser.get(userId) ?? [];
  }

  /**
   * A user's settlements, oldest first.
   *
   * @param userId The user.
   * @returns The settlements.
   */
  settlementsOf(userId: string): readonly SettlementRecord[] {
    return this.#settlements.get(userId) ?? [];
  }

  /**
   * A user's settled positions, oldest first.
   *
   * @param userId The user.
   * @returns The positions.
   */
  settledPositionsOf(userId: string): readonly SettledPosition[] {
    return this.#settledPositions.get(userId) ?? [];
  }

  /**
   * An order group.
   *
   * @param id The group id.
   * @returns The group, if it exists.
   */
  group(id: string): GroupRecord | undefined {
    return this.#groups.get(id);
  }

  /** Every order group. */
  groups(): IterableIterator<GroupRecord> {
    return this.#groups.values();
  }

  /**
   * Contracts ahead of a resting order in its queue.
   *
   * @param o The order.
   * @returns The count, or undefined when it does not rest.
   */
  queuePosition(o: EngineOrder): Count | undefined {
    if (!o.in_book) return undefined;
    return this.#books.get(o.ticker)?.half(o.book_side).ahead(o);
  }

  // ---------------------------------------------------------------------------------------------
  // Submission

  /**
   * Places an order: validates it, matches it against the book and rests what is left (for
   * good-till-cancelled limit orders).
   *
   * @param intent The order.
   * @returns The order after matching.
   */
  submit(intent: OrderIntent): EngineOrder {
    return this.op(() => this.#submit(intent));
  }

  #submit(intent: OrderIntent): EngineOrder {
    const now = this.#now();
    this.expireDue(now);
    const m = this.market(intent.ticker);
    this.#requireActive(m);
    const side = intent.book_side;
    if (!isOnTick(intent.price, m.bands)) throw invalidPrice(intent.price);
    if (!(Number.isSafeInteger(intent.count) && intent.count > 0)) {
      throw apiError(400, "invalid_order_size", "invalid order size", "count must be positive");
    }
    const { user_id, subaccount } = intent.trader;
    this.#ex.accounts.requireSubaccount(user_id, subaccount);
    const cid = intent.client_order_id ?? "";
    if (cid !== "") this.#requireFreeClientId(user_id, cid);
    let group: GroupRecord | undefined;
    if (intent.order_group_id !== undefined) {
      group = this.#requireGroup(user_id, intent.order_group_id);
      if (group.subaccount !== subaccount) {
        throw invalidOrder("the order group belongs to another subaccount");
      }
      if (group.triggered) {
        throw apiError(
          400,
          "order_group_triggered",
          "order group is triggered",
          "the order group's contracts limit was reached; reset the group to place orders",
        );
      }
    }
    if (intent.expiration_ms !== undefined) {
      if (intent.time_in_force !== "good_till_canceled") {
        throw invalidParameters("expiration time requires time_in_force good_till_canceled");
      }
      if (intent.expiration_ms <= now) {
        throw invalidParameters("expiration timestamp must be in the future");
      }
    }
    const book = this.book(m.ticker)!;
    const t = this.trader(intent.trader);
    const ps = this.#position(t, m);
    let count = intent.count;
    if (intent.reduce_only) {
      const cap = reducible(ps.position, side);
      if (cap <= 0) throw invalidOrder("reduce only order would increase the position");
      count = Math.min(count, cap);
    }
    const best = book.bestOpposite(side);
    if (intent.post_only && best && Book.crosses(side, intent.price, best.price)) {
      throw invalidOrder("post only cross");
    }
    const need = reservation(ps.position, [...ps.resting, {
      book_side: side,
      price: intent.price,
      remaining_count: count,
    }]) -
      ps.reserved;
    if (need > 0 && need > this.available(intent.trader)) {
      throw apiError(
        400,
        "insufficient_balance",
        "insufficient balance",
        "available balance is too low for this order",
      );
    }
    const kill = this.#mustKill(intent, count, book);
    const order: EngineOrder = {
      order_id: intent.order_id ?? this.#rng.uuid(),
      user_id,
      subaccount,
      client_order_id: cid,
      ticker: m.ticker,
      book_side: side,
      price: intent.price,
      type: intent.type ?? "limit",
      time_in_force: intent.time_in_force,
      status: "resting",
      initial_count: count,
      fill_count: 0,
      remaining_count: count,
      taker_fill_cost: 0,
      maker_fill_cost: 0,
      taker_fees: 0,
      maker_fees: 0,
      post_only: intent.post_only ?? false,
      reduce_only: intent.reduce_only ?? false,
      cancel_order_on_pause: intent.cancel_order_on_pause ?? false,
      created_ms: now,
      last_update_ms: now,
      exchange_index: m.exchange_index,
      source: intent.source,
      seq: this.#nextSeq(),
      yes_notional: 0,
      in_book: false,
    };
    if (intent.self_trade_prevention_type) {
      order.self_trade_prevention_type = intent.self_trade_prevention_type;
    }
    if (group) order.order_group_id = group.id;
    if (intent.expiration_ms !== undefined) order.expiration_ms = intent.expiration_ms;
    if (intent.v1) {
      order.v1_side = intent.v1.side;
      order.v1_action = intent.v1.action;
    }
    this.#register(order, group);
    if (kill) {
      order.remaining_count = 0;
      order.status = "canceled";
      order.last_update_reason = "FillOrKillCancel";
      this.#emit({ type: "order", order: { ...order } });
      return order;
    }
    this.#taker = order;
    let stop: StopReason | undefined;
    try {
      stop = this.#match(order, book);
    } finally {
      this.#taker = undefined;
    }
    this.#finish(order, book, ps, stop);
    return order;
  }

  #requireFreeClientId(userId: string, cid: string): void {
    const existing = this.#clientIds.get(userId)?.get(cid);
    if (existing !== undefined) {
      throw apiError(
        409,
        "order_already_exists",
        "order already exists",
        `client_order_id ${JSON.stringify(cid)} is already used by order ${existing}`,
      );
    }
  }

  #requireGroup(userId: string, id: string): GroupRecord {
    const g = this.#groups.get(id);
    if (!g || g.user_id !== userId) throw notFound("order group", id);
    return g;
  }

  #register(order: EngineOrder, group: GroupRecord | undefined): void {
    this.#orders.set(order.order_id, order);
    let list = this.#ordersByUser.get(order.user_id);
    if (!list) this.#ordersByUser.set(order.user_id, list = []);
    list.push(order);
    if (order.client_order_id !== "") {
      let ids = this.#clientIds.get(order.user_id);
      if (!ids) this.#clientIds.set(order.user_id, ids = new Map());
      ids.set(order.client_order_id, order.order_id);
    }
    group?.orders.push(order.order_id);
  }

  /** Fill-or-kill (and `buy_max_cost`) orders die unfilled when the book cannot fill them. */
  #mustKill(intent: OrderIntent, count: Count, book: Book<EngineOrder>): boolean {
    const fok = intent.time_in_force === "fill_or_kill" || intent.buy_max_cost !== undefined;
    if (!fok) return false;
    const side = intent.book_side;
    const stp = intent.self_trade_prevention_type ?? "taker_at_cross";
    let groupCap = Infinity;
    if (intent.order_group_id !== undefined) {
      const g = this.#groups.get(intent.order_group_id);
      if (g) groupCap = g.limit - this.#windowTotal(g, this.#now());
    }
    let need = Math.min(count, groupCap);
    if (need < count) return true;
    let cost = 0;
    const q = (p: Price) => sidePrice(side, p);
    for (const level of book.opposite(side)) {
      if (!Book.crosses(side, intent.price, level.price)) break;
      for (const o of level.orders) {
        if (o.user_id === intent.trader.user_id) {
          // A fill-or-kill that meets its own order behaves like immediate-or-cancel.
          if (stp === "taker_at_cross") return false;
          continue;
        }
        const take = Math.min(need, o.remaining_count);
        cost += q(level.price) * take;
        need -= take;
        if (need === 0) break;
      }
      if (need === 0) break;
    }
    if (need > 0) return true;
    return intent.buy_max_cost !== undefined && cost > intent.buy_max_cost;
  }

  /**
   * Matches a taker against the book.
   *
   * @returns Why matching stopped early: self-trade prevention, or the taker's reduce-only or
   * group cap; undefined when it ran out of contracts or crossing liquidity.
   */
  #match(taker: EngineOrder, book: Book<EngineOrder>): StopReason | undefined {
    const side = taker.book_side;
    while (taker.remaining_count > 0 && taker.status === "resting") {
      const level = book.bestOpposite(side);
      if (!level || !Book.crosses(side, taker.price, level.price)) break;
      const maker = level.orders[0]!;
      if (maker.user_id === taker.user_id) {
        if (taker.self_trade_prevention_type === "maker") {
          this.#cancel(maker, "SelfTradeCancel");
          continue;
        }
        return "SelfTradeCancel";
      }
      const makerCap = this.#cap(maker);
      if (makerCap <= 0) {
        this.#cancel(maker, maker.reduce_only ? "ReduceOnlyCancel" : "OrderGroupCancel");
        continue;
      }
      const takerCap = this.#cap(taker);
      if (takerCap <= 0) return taker.reduce_only ? "ReduceOnlyCancel" : "OrderGroupCancel";
      const qty = Math.min(taker.remaining_count, maker.remaining_count, makerCap, takerCap);
      this.#fill(taker, maker, level.price, qty, book);
    }
    return undefined;
  }

  /** Contracts an order may still fill under its reduce-only flag and its group's limit. */
  #cap(o: EngineOrder): Count {
    let cap = Infinity;
    if (o.reduce_only) cap = reducible(this.#positionOf(o).position, o.book_side);
    if (o.order_group_id !== undefined) {
      const g = this.#groups.get(o.order_group_id);
      if (g) cap = Math.min(cap, g.triggered ? 0 : g.limit - this.#windowTotal(g, this.#now()));
    }
    return cap;
  }

  /** Rests or cancels what is left of a taker, then publishes its state. */
  #finish(
    order: EngineOrder,
    book: Book<EngineOrder>,
    ps: PositionState,
    stop: StopReason | undefined,
  ): void {
    if (order.status === "resting") {
      if (order.remaining_count === 0) {
        order.status = "executed";
      } else if (
        order.time_in_force === "good_till_canceled" && order.type === "limit" && !stop
      ) {
        this.#touch(order.ticker);
        book.half(order.book_side).add(order);
        order.in_book = true;
        ps.resting.add(order);
        this.#reserve(ps);
        if (order.expiration_ms !== undefined) this.#addExpiring(order);
        this.#delta(order, order.remaining_count);
      } else {
        order.remaining_count = 0;
        order.status = "canceled";
        order.last_update_reason = stop ??
          (order.time_in_force === "fill_or_kill" ? "FillOrKillCancel" : "ImmediateOrCancel");
        order.last_update_ms = this.#now();
      }
    }
    this.#emit({ type: "order", order: { ...order } });
  }

  #addExpiring(o: EngineOrder): void {
    const list = this.#expiring;
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.expiration_ms! <= o.expiration_ms!) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, o);
  }

  /**
   * Cancels resting orders whose expiration time has passed.
   *
   * @param now The clock reading (default: now).
   */
  expireDue(now: number = this.#now()): void {
    const list = this.#expiring;
    if (list.length === 0 || list[0]!.expiration_ms! > now) return;
    this.op(() => {
      while (list.length > 0 && list[0]!.expiration_ms! <= now) {
        const o = list.shift()!;
        if (o.status === "resting") this.#cancel(o, "Expired");
      }
    });
  }

  #delta(o: EngineOrder, delta: Count): void {
    if (this.#silent > 0) return;
    const event: SimEvent = {
      type: "book_delta",
      ticker: o.ticker,
      side: o.book_side === "bid" ? "yes" : "no",
      price: o.book_side === "bid" ? o.price : ONE - o.price,
      delta,
      ts_ms: this.#now(),
      user_id: o.user_id,
      subaccount: o.subaccount,
    };
    if (o.client_order_id !== "") event.client_order_id = o.client_order_id;
    this.#ex.bus.emit(event);
  }

  // ---------------------------------------------------------------------------------------------
  // Fills

  /**
   * Executes `qty` contracts between a taker and a maker at the maker's price. The maker is in
   * the book unless `book` is undefined (negotiated crosses).
   */
  #fill(
    taker: EngineOrder,
    maker: EngineOrder,
    p: Price,
    qty: Count,
    book: Book<EngineOrder> | undefined,
    isBlockTrade = false,
  ): string {
    const now = this.#now();
    const m = this.market(taker.ticker);
    const takerFee = this.#fee(m.ticker, p, qty, "taker");
    const makerFee = this.#fee(m.ticker, p, qty, "maker");
    const tps = this.#positionOf(taker);
    const mps = this.#positionOf(maker);
    const oiBefore = Math.max(0, tps.position) + Math.max(0, mps.position);
    const tCash = applyFill(tps, taker.book_side, p, qty, takerFee);
    const mCash = applyFill(mps, maker.book_side, p, qty, makerFee);
    tps.last_updated_ms = mps.last_updated_ms = now;
    this.#ex.accounts.adjustCash(taker.user_id, taker.subaccount, tCash, { allowNegative: true });
    this.#ex.accounts.adjustCash(maker.user_id, maker.subaccount, mCash, { allowNegative: true });
    this.feesCollected += takerFee + makerFee;
    const oiDelta = Math.max(0, tps.position) + Math.max(0, mps.position) - oiBefore;
    // Orders.
    for (
      const [o, fee, role] of [[taker, takerFee, "taker"], [maker, makerFee, "maker"]] as const
    ) {
      const cost = sidePrice(o.book_side, p) * qty;
      o.fill_count += qty;
      o.yes_notional += p * qty;
      if (role === "taker") {
        o.taker_fill_cost += cost;
        o.taker_fees += fee;
      } else {
        o.maker_fill_cost += cost;
        o.maker_fees += fee;
      }
      o.last_update_ms = now;
    }
    taker.remaining_count -= qty;
    if (book) {
      this.#touch(m.ticker);
      book.half(maker.book_side).shrink(maker, qty);
    }
    maker.remaining_count -= qty;
    if (maker.remaining_count === 0) {
      if (book && maker.in_book) book.half(maker.book_side).remove(maker);
      maker.in_book = false;
      maker.status = "executed";
      mps.resting.delete(maker);
    }
    this.#reserve(tps);
    this.#reserve(mps);
    // Market statistics.
    m.previous_price = m.last_price;
    m.last_price = p;
    m.volume += qty;
    m.open_interest += oiDelta;
    m.volume_24h = this.#addVolume24(m.ticker, now, qty);
    this.#traded.add(m.ticker);
    this.#touch(m.ticker);
    // Tape and fills.
    const trade: EngineTrade = {
      trade_id: this.#rng.uuid(),
      ticker: m.ticker,
      yes_price: p,
      count: qty,
      taker_book_side: taker.book_side,
      is_block_trade: isBlockTrade,
      created_ms: now,
      seq: this.#nextSeq(),
    };
    this.#trades.push(trade);
    let perTicker = this.#tradesByTicker.get(m.ticker);
    if (!perTicker) this.#tradesByTicker.set(m.ticker, perTicker = []);
    perTicker.push(trade);
    const makerFill = this.#recordFill(maker, trade, mps, makerFee, false);
    const takerFill = this.#recordFill(taker, trade, tps, takerFee, true);
    // Events: the book change first, then the tape, the fills, the orders, the positions.
    if (book) this.#delta(maker, -qty);
    this.#emit({ type: "trade", trade: { ...trade } });
    this.#emit({ type: "fill", fill: makerFill });
    this.#emit({ type: "fill", fill: takerFill });
    this.#emit({ type: "order", order: { ...maker } });
    this.#emit({
      type: "position",
      user_id: maker.user_id,
      subaccount: maker.subaccount,
      ticker: m.ticker,
      ts_ms: now,
    });
    this.#emit({
      type: "position",
      user_id: taker.user_id,
      subaccount: taker.subaccount,
      ticker: m.ticker,
      ts_ms: now,
    });
    if (maker.status !== "resting" && this.bots.has(maker.user_id)) this.onBotOrderGone?.(m.ticker);
    // Order groups.
    for (const o of [maker, taker]) {
      if (o.order_group_id === undefined) continue;
      const g = this.#groups.get(o.order_group_id);
      if (!g) continue;
      g.window.push({ ms: now, count: qty });
      if (!g.triggered && this.#windowTotal(g, now) >= g.limit) this.#trigger(g);
    }
    return trade.trade_id;
  }

  #recordFill(
    o: EngineOrder,
    trade: EngineTrade,
    ps: PositionState,
    fee: Amount,
    isTaker: boolean,
  ): EngineFill {
    let list = this.#fillsByUser.get(o.user_id);
    if (!list) this.#fillsByUser.set(o.user_id, list = []);
    const last = list.at(-1);
    // A fill's id is its trade's id (Kalshi's `trade_id` is "the same as fill_id"), unless one
    // user is on both sides of the trade.
    const fillId = last && last.trade_id === trade.trade_id ? this.#rng.uuid() : trade.trade_id;
    const fill: EngineFill = {
      fill_id: fillId,
      trade_id: trade.trade_id,
      order_id: o.order_id,
      client_order_id: o.client_order_id,
      user_id: o.user_id,
      subaccount: o.subaccount,
      ticker: o.ticker,
      book_side: o.book_side,
      yes_price: trade.yes_price,
      count: trade.count,
      is_taker: isTaker,
      fee_cost: fee,
      post_position: ps.position,
      created_ms: trade.created_ms,
      exchange_index: o.exchange_index,
      seq: this.#nextSeq(),
    };
    list.push(fill);
    return { ...fill };
  }

  #addVolume24(ticker: string, now: number, qty: Count): Count {
    let list = this.#volume24.get(ticker);
    if (!list) this.#volume24.set(ticker, list = []);
    list.push({ ms: now, count: qty });
    while (list.length > 0 && list[0]!.ms <= now - DAY_MS) list.shift();
    let sum = 0;
    for (const e of list) sum += e.count;
    return sum;
  }

  // ---------------------------------------------------------------------------------------------
  // Cancel, decrease, amend

  /**
   * Cancels what is left of an order.
   *
   * @param o The order.
   * @param reason `last_update_reason`.
   * @returns Contracts cancelled (0 when the order was not resting).
   */
  #cancel(o: EngineOrder, reason: string): Count {
    if (o.status !== "resting") return 0;
    const rem = o.remaining_count;
    const wasInBook = o.in_book;
    if (wasInBook) {
      this.#touch(o.ticker);
      this.#books.get(o.ticker)?.half(o.book_side).remove(o);
      o.in_book = false;
    }
    o.remaining_count = 0;
    o.status = "canceled";
    o.last_update_reason = reason;
    o.last_update_ms = this.#now();
    if (wasInBook) {
      const ps = this.#positionOf(o);
      ps.resting.delete(o);
      this.#reserve(ps);
      this.#delta(o, -rem);
    }
    if (o !== this.#taker) this.#emit({ type: "order", order: { ...o } });
    if (wasInBook && this.bots.has(o.user_id)) this.onBotOrderGone?.(o.ticker);
    return rem;
  }

  /**
   * Looks up an order of a user for a write (cancel, amend, decrease).
   *
   * @param userId The owner.
   * @param orderId The order id.
   * @param subaccount When given, the order must belong to this subaccount.
   * @returns The order (resting).
   */
  requireOpen(userId: string, orderId: string, subaccount?: number): EngineOrder {
    this.expireDue();
    const o = this.#orders.get(orderId);
    if (
      !o || o.user_id !== userId || o.status !== "resting" ||
      (subaccount !== undefined && o.subaccount !== subaccount)
    ) {
      throw notFound("order", orderId);
    }
    return o;
  }

  /**
   * Cancels a resting order at its owner's request.
   *
   * @param o The order (from {@linkcode Engine.requireOpen}).
   * @returns Contracts cancelled.
   */
  cancel(o: EngineOrder): Count {
    return this.op(() => this.#cancel(o, "UserCanceled"));
  }

  /**
   * Cancels every resting order of a user.
   *
   * @param userId The user.
   * @param subaccount Only this subaccount's orders, when given.
   * @param filter Only orders passing this test, when given.
   * @returns The orders cancelled and how much of each.
   */
  cancelAll(
    userId: string,
    subaccount?: number,
    filter?: (o: EngineOrder) => boolean,
  ): { order: EngineOrder; reduced_by: Count }[] {
    this.expireDue();
    return this.op(() => {
      const out: { order: EngineOrder; reduced_by: Count }[] = [];
      for (const o of this.ordersOf(userId)) {
        if (o.status !== "resting") continue;
        if (subaccount !== undefined && o.subaccount !== subaccount) continue;
        if (filter && !filter(o)) continue;
        out.push({ order: o, reduced_by: this.#cancel(o, "UserCanceled") });
      }
      return out;
    });
  }

  /**
   * Shrinks a resting order, keeping its place in the queue; shrinking to zero cancels it.
   *
   * @param o The order (from {@linkcode Engine.requireOpen}).
   * @param by Contracts to remove (capped at what rests).
   * @returns Contracts removed.
   */
  decrease(o: EngineOrder, by: Count): Count {
    return this.op(() => {
      const take = Math.min(by, o.remaining_count);
      if (take <= 0) return 0;
      if (take === o.remaining_count) return this.#cancel(o, "UserCanceled");
      const now = this.#now();
      if (o.in_book) {
        this.#touch(o.ticker);
        this.#books.get(o.ticker)?.half(o.book_side).shrink(o, take);
      }
      o.remaining_count -= take;
      o.last_update_ms = now;
      o.last_update_reason = "Decrease";
      const ps = this.#positionOf(o);
      this.#reserve(ps);
      if (o.in_book) this.#delta(o, -take);
      this.#emit({ type: "order", order: { ...o } });
      return take;
    });
  }

  /**
   * Amends a resting order's price and total count (filled + remaining). A smaller count at the
   * same price keeps the order's place; any other change re-enters the order (it may trade) at
   * the back of the queue.
   *
   * @param o The order (from {@linkcode Engine.requireOpen}).
   * @param change New price, new total count and optionally a new client order id.
   * @returns The order before and after.
   */
  amend(
    o: EngineOrder,
    change: { price: Price; count: Count; client_order_id?: string | undefined },
  ): { before: EngineOrder; after: EngineOrder } {
    return this.op(() => {
      const before: EngineOrder = { ...o };
      const m = this.market(o.ticker);
      this.#requireActive(m);
      if (!isOnTick(change.price, m.bands)) throw invalidPrice(change.price);
      const remaining = change.count - o.fill_count;
      if (!(remaining > 0)) {
        throw apiError(
          400,
          "invalid_order_size",
          "invalid order size",
          "count must be greater than the contracts already filled",
        );
      }
      const newCid = change.client_order_id;
      if (newCid !== undefined && newCid !== "" && newCid !== o.client_order_id) {
        this.#requireFreeClientId(o.user_id, newCid);
      }
      const book = this.book(o.ticker)!;
      const ps = this.#positionOf(o);
      const keepsPlace = change.price === o.price && remaining <= o.remaining_count;
      if (!keepsPlace) {
        const opp = book.bestOpposite(o.book_side);
        if (o.post_only && opp && Book.crosses(o.book_side, change.price, opp.price)) {
          throw invalidOrder("post only cross");
        }
        const others = [...ps.resting].filter((r) => r !== o);
        const need = reservation(ps.position, [...others, {
          book_side: o.book_side,
          price: change.price,
          remaining_count: remaining,
        }]) - ps.reserved;
        if (need > 0 && need > this.available(o)) {
          throw apiError(
            400,
            "insufficient_balance",
            "insufficient balance",
            "available balance is too low for this order",
          );
        }
      }
      // Validated: commit.
      if (newCid !== undefined && newCid !== "" && newCid !== o.client_order_id) {
        this.#clientIds.get(o.user_id)?.set(newCid, o.order_id);
        o.client_order_id = newCid;
      }
      const now = this.#now();
      if (keepsPlace) {
        const take = o.remaining_count - remaining;
        if (take > 0) {
          this.#touch(o.ticker);
          book.half(o.book_side).shrink(o, take);
          o.remaining_count = remaining;
          o.initial_count -= take;
          this.#reserve(ps);
          this.#delta(o, -take);
        }
        o.last_update_ms = now;
        o.last_update_reason = "Amend";
        this.#emit({ type: "order", order: { ...o } });
        return { before, after: o };
      }
      const old = o.remaining_count;
      this.#touch(o.ticker);
      book.half(o.book_side).remove(o);
      o.in_book = false;
      ps.resting.delete(o);
      this.#delta(o, -old);
      o.initial_count += remaining - old;
      o.price = change.price;
      o.remaining_count = remaining;
      o.last_update_ms = now;
      o.last_update_reason = "Amend";
      this.#taker = o;
      let stop: StopReason | undefined;
      try {
        stop = this.#match(o, book);
      } finally {
        this.#taker = undefined;
      }
      this.#finish(o, book, ps, stop);
      this.#reserve(ps);
      return { before, after: o };
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Order groups

  #windowTotal(g: GroupRecord, now: number): Count {
    while (g.window.length > 0 && g.window[0]!.ms <= now - GROUP_WINDOW_MS) g.window.shift();
    let sum = 0;
    for (const e of g.window) sum += e.count;
    return sum;
  }

  #trigger(g: GroupRecord): void {
    g.triggered = true;
    const now = this.#now();
    this.#emit({
      type: "order_group",
      user_id: g.user_id,
      subaccount: g.subaccount,
      order_group_id: g.id,
      event_type: "triggered",
      ts_ms: now,
    });
    this.#cancelGroupOrders(g, "OrderGroupTriggered");
  }

  #cancelGroupOrders(g: GroupRecord, reason: string): void {
    for (const id of g.orders) {
      const o = this.#orders.get(id);
      if (o && o.status === "resting") {
        if (o === this.#taker) {
          // The taker stops matching; #finish publishes it.
          o.remaining_count = 0;
          o.status = "canceled";
          o.last_update_reason = reason;
          o.last_update_ms = this.#now();
        } else {
          this.#cancel(o, reason);
        }
      }
    }
  }

  /**
   * Creates an order group.
   *
   * @param trader Owner.
   * @param limit Contracts limit over the rolling window.
   * @returns The group.
   */
  createGroup(trader: Trader, limit: Count): GroupRecord {
    this.#ex.accounts.requireSubaccount(trader.user_id, trader.subaccount);
    const now = this.#now();
    const g: GroupRecord = {
      id: this.#rng.uuid(),
      user_id: trader.user_id,
      subaccount: trader.subaccount,
      limit,
      window: [],
      triggered: false,
      orders: [],
      exchange_index: 0,
      created_ms: now,
    };
    this.#groups.set(g.id, g);
    this.#emit({
      type: "order_group",
      user_id: g.user_id,
      subaccount: g.subaccount,
      order_group_id: g.id,
      event_type: "created",
      contracts_limit: limit,
      ts_ms: now,
    });
    return g;
  }

  /**
   * A user's order group, or 404.
   *
   * @param userId The owner.
   * @param id The group id.
   * @param subaccount When given, the group must belong to it.
   * @returns The group.
   */
  requireGroup(userId: string, id: string, subaccount?: number): GroupRecord {
    const g = this.#requireGroup(userId, id);
    if (subaccount !== undefined && g.subaccount !== subaccount) throw notFound("order group", id);
    return g;
  }

  /**
   * Triggers a group by hand: cancels its orders and blocks new ones until reset.
   *
   * @param g The group.
   */
  triggerGroup(g: GroupRecord): void {
    this.op(() => {
      if (g.triggered) this.#cancelGroupOrders(g, "OrderGroupTriggered");
      else this.#trigger(g);
    });
  }

  /**
   * Resets a group: clears the rolling window and the triggered state.
   *
   * @param g The group.
   */
  resetGroup(g: GroupRecord): void {
    g.triggered = false;
    g.window = [];
    this.#emit({
      type: "order_group",
      user_id: g.user_id,
      subaccount: g.subaccount,
      order_group_id: g.id,
      event_type: "reset",
      ts_ms: this.#now(),
    });
  }

  /**
   * Changes a group's limit; a limit at or below the rolling total triggers the group.
   *
   * @param g The group.
   * @param limit The new limit.
   */
  setGroupLimit(g: GroupRecord, limit: Count): void {
    this.op(() => {
      const now = this.#now();
      g.limit = limit;
      this.#emit({
        type: "order_group",
        user_id: g.user_id,
        subaccount: g.subaccount,
        order_group_id: g.id,
        event_type: "limit_updated",
        contracts_limit: limit,
        ts_ms: now,
      });
      if (!g.triggered && this.#windowTotal(g, now) >= limit) this.#trigger(g);
    });
  }

  /**
   * Deletes a group and cancels its resting orders.
   *
   * @param g The group.
   */
  deleteGroup(g: GroupRecord): void {
    this.op(() => {
      this.#cancelGroupOrders(g, "OrderGroupDeleted");
      this.#groups.delete(g.id);
      this.#emit({
        type: "order_group",
        user_id: g.user_id,
        subaccount: g.subaccount,
        order_group_id: g.id,
        event_type: "deleted",
        ts_ms: this.#now(),
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Market lifecycle

  /**
   * Reacts to a market status change.
   *
   * @param ticker The market.
   * @param status Its new status.
   */
  onMarketStatus(ticker: string, status: MarketStatus): void {
    this.op(() => {
      const m = this.#ex.catalogue.market(ticker);
      if (status === "inactive") {
        this.#paused.add(ticker);
        this.#cancelMarket(ticker, "PauseCancel", (o) => o.cancel_order_on_pause);
      } else if (status === "active") {
        const wasPaused = this.#paused.delete(ticker);
        if (wasPaused) this.#cancelMarket(ticker, "ReactivationCancel");
        if (m && wasPaused && this.#books.has(ticker)) {
          // Market makers quote again after the reactivation wiped the book.
          this.#seeded.delete(ticker);
          this.#seed(m, false);
        }
      } else if (status !== "initialized") {
        this.#paused.delete(ticker);
        this.#cancelMarket(ticker, "CloseCancel");
      }
    });
  }

  #cancelMarket(ticker: string, reason: string, filter?: (o: EngineOrder) => boolean): void {
    const book = this.#books.get(ticker);
    if (!book) return;
    const orders: EngineOrder[] = [];
    for (const half of [book.bids, book.asks]) {
      for (const l of half.levels) for (const o of l.orders) orders.push(o);
    }
    orders.sort((a, b) => a.seq - b.seq);
    for (const o of orders) if (!filter || filter(o)) this.#cancel(o, reason);
  }

  /**
   * Pays out every position in a determined market and records the settlements.
   *
   * @param ticker The market.
   */
  settle(ticker: string): void {
    const m = this.#ex.catalogue.market(ticker);
    if (!m || this.#settledMarkets.has(ticker)) return;
    this.op(() => {
      this.#cancelMarket(ticker, "SettlementCancel");
      this.#settledMarkets.add(ticker);
      const now = this.#now();
      const value: Price = m.result === "yes"
        ? ONE
        : m.result === "no"
        ? 0
        : Math.min(ONE, Math.max(0, m.settlement_value ?? 0));
      const holders = [...(this.#holders.get(ticker) ?? [])];
      this.#holders.delete(ticker);
      for (const ps of holders) {
        const t = this.trader(ps);
        t.positions.delete(ticker);
        if (ps.volume === 0 && ps.position === 0) continue;
        const yes = Math.max(0, ps.position), no = Math.max(0, -ps.position);
        const revenue = yes * value + no * (ONE - value);
        this.#ex.accounts.adjustCash(ps.user_id, ps.subaccount, revenue, { allowNegative: true });
        ps.realized_pnl += revenue - ps.cost;
        const record: SettlementRecord = {
          seq: this.#nextSeq(),
          user_id: ps.user_id,
          subaccount: ps.subaccount,
          ticker,
          event_ticker: m.event_ticker,
          market_result: m.result === "" ? "void" : m.result,
          yes_count: yes,
          yes_total_cost: yes > 0 ? ps.cost : 0,
          no_count: no,
          no_total_cost: no > 0 ? ps.cost : 0,
          revenue,
          fee_cost: ps.fees_paid,
          value,
          settled_ms: now,
          exchange_index: m.exchange_index,
        };
        let list = this.#settlements.get(ps.user_id);
        if (!list) this.#settlements.set(ps.user_id, list = []);
        list.push(record);
        let archive = this.#settledPositions.get(ps.user_id);
        if (!archive) this.#settledPositions.set(ps.user_id, archive = []);
        archive.push({
          seq: record.seq,
          user_id: ps.user_id,
          subaccount: ps.subaccount,
          ticker,
          event_ticker: m.event_ticker,
          total_traded: ps.total_traded,
          realized_pnl: ps.realized_pnl,
          fees_paid: ps.fees_paid,
          volume: ps.volume,
          settled_ms: now,
          exchange_index: m.exchange_index,
        });
        ps.position = 0;
        ps.cost = 0;
        ps.last_updated_ms = now;
        t.updated_ms = now;
        this.#emit({
          type: "position",
          user_id: ps.user_id,
          subaccount: ps.subaccount,
          ticker,
          ts_ms: now,
        });
      }
      this.#books.delete(ticker);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Negotiated trades

  /**
   * Executes a trade outside the book between a YES buyer and a NO buyer (an accepted quote or
   * a block trade). The NO side is recorded as the taker.
   *
   * @param options Market, parties, YES price, count and whether it is a block trade.
   * @returns The trade and order ids.
   */
  executeCross(options: {
    ticker: string;
    yes: Trader & { client_order_id?: string; order_id?: string };
    no: Trader & { client_order_id?: string; order_id?: string };
    yes_price: Price;
    count: Count;
    is_block_trade: boolean;
  }): { trade_id: string; yes_order_id: string; no_order_id: string } {
    return this.op(() => {
      const now = this.#now();
      const m = this.market(options.ticker);
      this.#requireActive(m);
      const p = options.yes_price;
      if (!(Number.isInteger(p) && p > 0 && p < ONE)) throw invalidPrice(p, "yes_price");
      if (!(Number.isSafeInteger(options.count) && options.count > 0)) {
        throw apiError(400, "invalid_order_size", "invalid order size", "count must be positive");
      }
      const parties = [
        { who: options.yes, side: "bid" as BookSide },
        { who: options.no, side: "ask" as BookSide },
      ];
      for (const { who, side } of parties) {
        this.#ex.accounts.requireSubaccount(who.user_id, who.subaccount);
        if (who.client_order_id) this.#requireFreeClientId(who.user_id, who.client_order_id);
        const ps = this.#position(this.trader(who), m);
        const need = reservation(ps.position, [...ps.resting, {
          book_side: side,
          price: p,
          remaining_count: options.count,
        }]) - ps.reserved;
        if (need > 0 && need > this.available(who)) {
          throw apiError(
            400,
            "insufficient_balance",
            "insufficient balance",
            `user ${who.user_id} cannot cover the trade`,
          );
        }
      }
      const [yesOrder, noOrder] = parties.map(({ who, side }): EngineOrder => ({
        order_id: who.order_id ?? this.#rng.uuid(),
        user_id: who.user_id,
        subaccount: who.subaccount,
        client_order_id: who.client_order_id ?? "",
        ticker: m.ticker,
        book_side: side,
        price: p,
        type: "limit",
        time_in_force: "fill_or_kill",
        status: "resting",
        initial_count: options.count,
        fill_count: 0,
        remaining_count: options.count,
        taker_fill_cost: 0,
        maker_fill_cost: 0,
        taker_fees: 0,
        maker_fees: 0,
        post_only: false,
        reduce_only: false,
        cancel_order_on_pause: false,
        created_ms: now,
        last_update_ms: now,
        exchange_index: m.exchange_index,
        source: "rfq",
        seq: this.#nextSeq(),
        yes_notional: 0,
        in_book: false,
      })) as [EngineOrder, EngineOrder];
      this.#register(yesOrder, undefined);
      this.#register(noOrder, undefined);
      this.#taker = noOrder;
      let tradeId: string;
      try {
        tradeId = this.#fill(
          noOrder,
          yesOrder,
          p,
          options.count,
          undefined,
          options.is_block_trade,
        );
      } finally {
        this.#taker = undefined;
      }
      noOrder.status = "executed";
      this.#emit({ type: "order", order: { ...noOrder } });
      return { trade_id: tradeId, yes_order_id: yesOrder.order_id, no_order_id: noOrder.order_id };
    });
  }
}

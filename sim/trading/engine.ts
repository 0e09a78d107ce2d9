/**
 * The matching engine: one price-time-priority book per market on the YES scale; order entry,
 * matching, fills, cancel/decrease/amend, expiry and negotiated crosses. Records live in the
 * {@linkcode Store}; order groups and market lifecycle (pause, close, settlement) are the
 * engine's {@linkcode OrderGroups} and {@linkcode MarketLifecycle}.
 *
 * Every mutation updates state first and publishes {@linkcode SimEvent}s afterwards, in the order
 * things happened, so a bus subscriber may read the book back. Methods throw `SimHttpError`s with
 * Kalshi's bodies; every check runs before the first mutation, so a rejected request changes
 * nothing.
 *
 * @module
 */

import { type Count, isOnTick, type Price } from "../../money/mod.ts";
import { invalidParameters, notFound } from "../_http.ts";
import type { Exchange } from "../exchange.ts";
import type { MarketRecord, MarketStatus, SimEvent, Trader } from "../types.ts";
import { Book, sweep } from "./book.ts";
import { invalidOrder, invalidPrice, invalidSize, marketInactive } from "./errors.ts";
import { OrderGroups } from "./groups.ts";
import { applyFill, reducible, sidePrice } from "./ledger.ts";
import { MarketLifecycle } from "./lifecycle.ts";
import type { EngineOrder, OrderIntent, PositionState } from "./model.ts";
import { type EngineTrade, Store } from "./store.ts";

const ONE: Price = 10_000;

/** Why a taker stopped matching before running out of contracts or liquidity. */
type StopReason = "SelfTradeCancel" | "ReduceOnlyCancel" | "OrderGroupCancel";

/** Statuses in which a market keeps a live book. */
const OPEN: ReadonlySet<MarketStatus> = new Set(["active", "inactive"]);

/** The matching engine. */
export class Engine {
  /** Orders, positions, fills and the other records. */
  readonly store: Store;
  /** Order groups. */
  readonly groups: OrderGroups;
  /** Pauses, closes and settlements. */
  readonly lifecycle: MarketLifecycle;
  /** User ids of simulated participants. */
  readonly bots: Set<string> = new Set();
  /** Seeds a market's book with quotes when it is first touched (set by the market makers). */
  seeder: ((market: MarketRecord) => void) | undefined;
  /** Called when a simulated participant's order leaves the book, so its quotes get refreshed. */
  onBotOrderGone: ((ticker: string) => void) | undefined;
  readonly #ex: Exchange;
  readonly #books = new Map<string, Book<EngineOrder>>();
  readonly #seeded = new Set<string>();
  readonly #expiring: EngineOrder[] = [];
  #silent = 0;
  #depth = 0;
  readonly #tops = new Map<string, string>();
  readonly #traded = new Set<string>();
  #taker: EngineOrder | undefined;

  /**
   * Creates an engine.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.store = new Store(ex);
    this.groups = new OrderGroups(this);
    this.lifecycle = new MarketLifecycle(ex, this);
  }

  // -- Events --------------------------------------------------------------------------------------

  /**
   * Publishes an event (unless seeding quietly).
   *
   * @param event The event.
   */
  emit(event: SimEvent): void {
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
    const ts = this.store.now();
    const tops = [...this.#tops];
    this.#tops.clear();
    for (const [ticker, before] of tops) {
      if (this.#traded.has(ticker) || this.#topKey(ticker) !== before) {
        this.emit({ type: "ticker", ticker, ts_ms: ts });
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

  #delta(o: EngineOrder, delta: Count): void {
    if (this.#silent > 0) return;
    const event: SimEvent = {
      type: "book_delta",
      ticker: o.ticker,
      side: o.book_side === "bid" ? "yes" : "no",
      price: o.book_side === "bid" ? o.price : ONE - o.price,
      delta,
      ts_ms: this.store.now(),
      user_id: o.user_id,
      subaccount: o.subaccount,
    };
    if (o.client_order_id !== "") event.client_order_id = o.client_order_id;
    this.#ex.bus.emit(event);
  }

  // -- Books ---------------------------------------------------------------------------------------

  /**
   * 400 unless the market is open for trading.
   *
   * @param m The market.
   */
  requireActive(m: MarketRecord): void {
    if (m.status !== "active") throw marketInactive(m);
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
   * Has the market makers quote a live book again (after a reactivation emptied it).
   *
   * @param m The market.
   */
  reseed(m: MarketRecord): void {
    if (!this.#books.has(m.ticker)) return;
    this.#seeded.delete(m.ticker);
    this.#seed(m, false);
  }

  /**
   * Forgets a settled market's book.
   *
   * @param ticker The market.
   */
  dropBook(ticker: string): void {
    this.#books.delete(ticker);
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

  // -- Submission ----------------------------------------------------------------------------------

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
    const store = this.store;
    const now = store.now();
    this.expireDue(now);
    const m = store.market(intent.ticker);
    this.requireActive(m);
    const side = intent.book_side;
    if (!isOnTick(intent.price, m.bands)) throw invalidPrice(intent.price);
    if (!(Number.isSafeInteger(intent.count) && intent.count > 0)) {
      throw invalidSize("count must be positive");
    }
    const { user_id, subaccount } = intent.trader;
    this.#ex.accounts.requireSubaccount(user_id, subaccount);
    const cid = intent.client_order_id ?? "";
    if (cid !== "") store.requireFreeClientId(user_id, cid);
    const group = intent.order_group_id === undefined
      ? undefined
      : this.groups.requireUsable(intent.trader, intent.order_group_id);
    if (intent.expiration_ms !== undefined) {
      if (intent.time_in_force !== "good_till_canceled") {
        throw invalidParameters("expiration time requires time_in_force good_till_canceled");
      }
      if (intent.expiration_ms <= now) {
        throw invalidParameters("expiration timestamp must be in the future");
      }
    }
    const book = this.book(m.ticker)!;
    const ps = store.position(store.trader(intent.trader), m);
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
    store.requireFunds(ps, { book_side: side, price: intent.price, remaining_count: count });
    const kill = this.#mustKill(intent, count, book);
    const order = this.newOrder(intent.trader, m, {
      order_id: intent.order_id ?? store.uuid(),
      client_order_id: cid,
      book_side: side,
      price: intent.price,
      count,
      type: intent.type ?? "limit",
      time_in_force: intent.time_in_force,
      source: intent.source,
    });
    order.post_only = intent.post_only ?? false;
    order.reduce_only = intent.reduce_only ?? false;
    order.cancel_order_on_pause = intent.cancel_order_on_pause ?? false;
    if (intent.self_trade_prevention_type) {
      order.self_trade_prevention_type = intent.self_trade_prevention_type;
    }
    if (group) order.order_group_id = group.id;
    if (intent.expiration_ms !== undefined) order.expiration_ms = intent.expiration_ms;
    if (intent.v1) {
      order.v1_side = intent.v1.side;
      order.v1_action = intent.v1.action;
    }
    store.register(order);
    group?.orders.push(order.order_id);
    if (kill) {
      order.remaining_count = 0;
      order.status = "canceled";
      order.last_update_reason = "FillOrKillCancel";
      this.emit({ type: "order", order: { ...order } });
      return order;
    }
    this.#finish(order, book, ps, this.#matchAsTaker(order, book));
    return order;
  }

  /**
   * A new, unregistered resting-state order record.
   *
   * @param trader Owner.
   * @param m Market.
   * @param o Id, client id, side, price, count, type, time in force and source.
   * @returns The record.
   */
  newOrder(
    trader: Trader,
    m: MarketRecord,
    o:
      & Pick<
        EngineOrder,
        | "order_id"
        | "client_order_id"
        | "book_side"
        | "price"
        | "type"
        | "time_in_force"
        | "source"
      >
      & { count: Count },
  ): EngineOrder {
    const now = this.store.now();
    return {
      order_id: o.order_id,
      user_id: trader.user_id,
      subaccount: trader.subaccount,
      client_order_id: o.client_order_id,
      ticker: m.ticker,
      book_side: o.book_side,
      price: o.price,
      type: o.type,
      time_in_force: o.time_in_force,
      status: "resting",
      initial_count: o.count,
      fill_count: 0,
      remaining_count: o.count,
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
      source: o.source,
      seq: this.store.nextSeq(),
      yes_notional: 0,
      in_book: false,
    };
  }

  /** Fill-or-kill (and `buy_max_cost`) orders die unfilled when the book cannot fill them. */
  #mustKill(intent: OrderIntent, count: Count, book: Book<EngineOrder>): boolean {
    if (intent.time_in_force !== "fill_or_kill" && intent.buy_max_cost === undefined) return false;
    const g = intent.order_group_id === undefined
      ? undefined
      : this.store.group(intent.order_group_id);
    if (g && this.groups.capacity(g) < count) return true;
    const side = intent.book_side;
    const s = sweep(
      book,
      { side, limit: intent.price, owner: intent.trader.user_id, want: count },
      {
        // A fill-or-kill that meets its own order behaves like immediate-or-cancel.
        stopAtOwn: (intent.self_trade_prevention_type ?? "taker_at_cross") === "taker_at_cross",
        unitCost: (p) => sidePrice(side, p),
      },
    );
    if (s.hitOwn) return false;
    return s.count < count || (intent.buy_max_cost !== undefined && s.cost > intent.buy_max_cost);
  }

  #matchAsTaker(taker: EngineOrder, book: Book<EngineOrder>): StopReason | undefined {
    this.#taker = taker;
    try {
      return this.#match(taker, book);
    } finally {
      this.#taker = undefined;
    }
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
          this.cancelOrder(maker, "SelfTradeCancel");
          continue;
        }
        return "SelfTradeCancel";
      }
      const makerCap = this.#cap(maker);
      if (makerCap <= 0) {
        this.cancelOrder(maker, maker.reduce_only ? "ReduceOnlyCancel" : "OrderGroupCancel");
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
    if (o.reduce_only) cap = reducible(this.store.positionOf(o).position, o.book_side);
    const g = o.order_group_id === undefined ? undefined : this.store.group(o.order_group_id);
    if (g) cap = Math.min(cap, this.groups.capacity(g));
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
        this.store.addResting(ps, order);
        this.store.reserve(ps);
        if (order.expiration_ms !== undefined) this.#addExpiring(order);
        this.#delta(order, order.remaining_count);
      } else {
        order.remaining_count = 0;
        order.status = "canceled";
        order.last_update_reason = stop ??
          (order.time_in_force === "fill_or_kill" ? "FillOrKillCancel" : "ImmediateOrCancel");
        order.last_update_ms = this.store.now();
      }
    }
    this.emit({ type: "order", order: { ...order } });
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
  expireDue(now: number = this.store.now()): void {
    const list = this.#expiring;
    if (list.length === 0 || list[0]!.expiration_ms! > now) return;
    this.op(() => {
      while (list.length > 0 && list[0]!.expiration_ms! <= now) {
        const o = list.shift()!;
        if (o.status === "resting") this.cancelOrder(o, "Expired");
      }
    });
  }

  // -- Fills ---------------------------------------------------------------------------------------

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
    const store = this.store;
    const now = store.now();
    const m = store.market(taker.ticker);
    const takerFee = store.fee(m.ticker, p, qty, "taker");
    const makerFee = store.fee(m.ticker, p, qty, "maker");
    const tps = store.positionOf(taker);
    const mps = store.positionOf(maker);
    const oiBefore = Math.max(0, tps.position) + Math.max(0, mps.position);
    const tCash = applyFill(tps, taker.book_side, p, qty, takerFee);
    const mCash = applyFill(mps, maker.book_side, p, qty, makerFee);
    tps.last_updated_ms = mps.last_updated_ms = now;
    this.#ex.accounts.adjustCash(taker.user_id, taker.subaccount, tCash, { allowNegative: true });
    this.#ex.accounts.adjustCash(maker.user_id, maker.subaccount, mCash, { allowNegative: true });
    store.feesCollected += takerFee + makerFee;
    const oiDelta = Math.max(0, tps.position) + Math.max(0, mps.position) - oiBefore;
    for (const [o, fee, isTaker] of [[taker, takerFee, true], [maker, makerFee, false]] as const) {
      const cost = sidePrice(o.book_side, p) * qty;
      o.fill_count += qty;
      o.yes_notional += p * qty;
      if (isTaker) {
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
    store.shrinkResting(mps, maker, qty);
    maker.remaining_count -= qty;
    if (maker.remaining_count === 0) {
      if (book && maker.in_book) book.half(maker.book_side).remove(maker);
      maker.in_book = false;
      maker.status = "executed";
      store.removeResting(mps, maker);
    }
    store.reserve(tps);
    store.reserve(mps);
    m.previous_price = m.last_price;
    m.last_price = p;
    m.volume += qty;
    m.open_interest += oiDelta;
    m.volume_24h = store.addVolume24(m.ticker, now, qty);
    this.#traded.add(m.ticker);
    this.#touch(m.ticker);
    const trade: EngineTrade = {
      trade_id: store.uuid(),
      ticker: m.ticker,
      yes_price: p,
      count: qty,
      taker_book_side: taker.book_side,
      is_block_trade: isBlockTrade,
      created_ms: now,
      seq: store.nextSeq(),
    };
    store.addTrade(trade);
    const makerFill = store.addFill(maker, trade, mps, makerFee, false);
    const takerFill = store.addFill(taker, trade, tps, takerFee, true);
    // Events: the book change first, then the tape, the fills, the orders, the positions.
    if (book) this.#delta(maker, -qty);
    this.emit({ type: "trade", trade: { ...trade } });
    this.emit({ type: "fill", fill: makerFill });
    this.emit({ type: "fill", fill: takerFill });
    this.emit({ type: "order", order: { ...maker } });
    for (const o of [maker, taker]) {
      this.emit({
        type: "position",
        user_id: o.user_id,
        subaccount: o.subaccount,
        ticker: m.ticker,
        ts_ms: now,
      });
    }
    if (maker.status !== "resting" && this.bots.has(maker.user_id)) this.onBotOrderGone?.(m.ticker);
    this.groups.onFill(maker, qty, now);
    this.groups.onFill(taker, qty, now);
    return trade.trade_id;
  }

  // -- Cancel, decrease, amend -------------------------------------------------------------------

  /**
   * Cancels what is left of an order (the order being matched stops and is published when
   * matching ends).
   *
   * @param o The order.
   * @param reason `last_update_reason`.
   * @returns Contracts cancelled (0 when the order was not resting).
   */
  cancelOrder(o: EngineOrder, reason: string): Count {
    if (o.status !== "resting") return 0;
    const rem = o.remaining_count;
    const wasInBook = o.in_book;
    const ps = wasInBook ? this.store.positionOf(o) : undefined;
    if (ps) {
      this.#touch(o.ticker);
      this.#books.get(o.ticker)?.half(o.book_side).remove(o);
      this.store.removeResting(ps, o);
      o.in_book = false;
    }
    o.remaining_count = 0;
    o.status = "canceled";
    o.last_update_reason = reason;
    o.last_update_ms = this.store.now();
    if (ps) {
      this.store.reserve(ps);
      this.#delta(o, -rem);
    }
    if (o !== this.#taker) this.emit({ type: "order", order: { ...o } });
    if (wasInBook && this.bots.has(o.user_id)) this.onBotOrderGone?.(o.ticker);
    return rem;
  }

  /**
   * Cancels every resting order in a market, oldest first.
   *
   * @param ticker The market.
   * @param reason `last_update_reason`.
   * @param filter Only orders passing this test, when given.
   */
  cancelMarketOrders(
    ticker: string,
    reason: string,
    filter?: (o: EngineOrder) => boolean,
  ): void {
    const book = this.#books.get(ticker);
    if (!book) return;
    const orders: EngineOrder[] = [];
    for (const half of [book.bids, book.asks]) {
      for (const l of half.levels) for (const o of l.orders) orders.push(o);
    }
    orders.sort((a, b) => a.seq - b.seq);
    for (const o of orders) if (!filter || filter(o)) this.cancelOrder(o, reason);
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
    const o = this.store.order(orderId);
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
    return this.op(() => this.cancelOrder(o, "UserCanceled"));
  }

  /**
   * Cancels every resting order of a user.
   *
   * @param userId The user.
   * @param subaccount Only this subaccount's orders, when given.
   * @returns The orders cancelled and how much of each.
   */
  cancelAll(userId: string, subaccount?: number): { order: EngineOrder; reduced_by: Count }[] {
    this.expireDue();
    return this.op(() => {
      const out: { order: EngineOrder; reduced_by: Count }[] = [];
      for (const o of this.store.ordersOf(userId)) {
        if (o.status !== "resting") continue;
        if (subaccount !== undefined && o.subaccount !== subaccount) continue;
        out.push({ order: o, reduced_by: this.cancelOrder(o, "UserCanceled") });
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
      if (take === o.remaining_count) return this.cancelOrder(o, "UserCanceled");
      this.#shrink(o, take, "Decrease");
      this.emit({ type: "order", order: { ...o } });
      return take;
    });
  }

  #shrink(o: EngineOrder, take: Count, reason: string): void {
    if (o.in_book) {
      this.#touch(o.ticker);
      this.#books.get(o.ticker)?.half(o.book_side).shrink(o, take);
    }
    const ps = this.store.positionOf(o);
    this.store.shrinkResting(ps, o, take);
    o.remaining_count -= take;
    o.last_update_ms = this.store.now();
    o.last_update_reason = reason;
    this.store.reserve(ps);
    if (o.in_book) this.#delta(o, -take);
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
      const store = this.store;
      const before: EngineOrder = { ...o };
      const m = store.market(o.ticker);
      this.requireActive(m);
      if (!isOnTick(change.price, m.bands)) throw invalidPrice(change.price);
      const remaining = change.count - o.fill_count;
      if (!(remaining > 0)) {
        throw invalidSize("count must be greater than the contracts already filled");
      }
      const newCid = change.client_order_id;
      const renamed = newCid !== undefined && newCid !== "" && newCid !== o.client_order_id;
      if (renamed) store.requireFreeClientId(o.user_id, newCid);
      const book = this.book(o.ticker)!;
      const ps = store.positionOf(o);
      const keepsPlace = change.price === o.price && remaining <= o.remaining_count;
      if (!keepsPlace) {
        const opp = book.bestOpposite(o.book_side);
        if (o.post_only && opp && Book.crosses(o.book_side, change.price, opp.price)) {
          throw invalidOrder("post only cross");
        }
        const next = { book_side: o.book_side, price: change.price, remaining_count: remaining };
        store.requireFunds(ps, next, o);
      }
      // Validated: commit.
      if (renamed) {
        store.claimClientId(o, newCid);
        o.client_order_id = newCid;
      }
      if (keepsPlace) {
        const take = o.remaining_count - remaining;
        if (take > 0) {
          o.initial_count -= take;
          this.#shrink(o, take, "Amend");
        }
        o.last_update_ms = store.now();
        o.last_update_reason = "Amend";
        this.emit({ type: "order", order: { ...o } });
        return { before, after: o };
      }
      const old = o.remaining_count;
      this.#touch(o.ticker);
      book.half(o.book_side).remove(o);
      o.in_book = false;
      store.removeResting(ps, o);
      this.#delta(o, -old);
      o.initial_count += remaining - old;
      o.price = change.price;
      o.remaining_count = remaining;
      o.last_update_ms = store.now();
      o.last_update_reason = "Amend";
      this.#finish(o, book, ps, this.#matchAsTaker(o, book));
      store.reserve(ps);
      return { before, after: o };
    });
  }

  /**
   * Executes a negotiated trade between two orders that never rested (see `cross.ts`): the
   * taker and maker are registered, unfilled orders of the same count; both end executed.
   *
   * @param taker The taker's order.
   * @param maker The maker's order.
   * @param p The YES price.
   * @param isBlockTrade Whether the tape marks it as a block trade.
   * @returns The trade id.
   */
  fillOffBook(taker: EngineOrder, maker: EngineOrder, p: Price, isBlockTrade: boolean): string {
    return this.op(() => {
      this.#taker = taker;
      let tradeId: string;
      try {
        tradeId = this.#fill(taker, maker, p, taker.remaining_count, undefined, isBlockTrade);
      } finally {
        this.#taker = undefined;
      }
      taker.status = "executed";
      this.emit({ type: "order", order: { ...taker } });
      return tradeId;
    });
  }
}

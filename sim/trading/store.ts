/**
 * The trading part's records: traders and their positions and reservations, orders and client
 * order ids, the tape, fills, settlements, order groups, and 24-hour volumes. The store keeps
 * records consistent; deciding what happens to them is the engine's job.
 *
 * @module
 */

import { type Amount, type Count, type Price, tradingFee } from "../../money/mod.ts";
import { apiError, notFound } from "../_http.ts";
import type { Rng } from "../_rng.ts";
import type { Exchange } from "../exchange.ts";
import type { FillRecord, MarketRecord, Trader, TradeRecord } from "../types.ts";
import { reservation, type ReservingOrder, sidePrice } from "./ledger.ts";
import type {
  EngineOrder,
  GroupRecord,
  PositionState,
  SettledPosition,
  SettlementRecord,
  TraderState,
} from "./model.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A trade on the tape, with its sequence number. */
export interface EngineTrade extends TradeRecord {
  /** Sequence number, unique across the exchange. */
  seq: number;
}

/** A fill, with its sequence number. */
export interface EngineFill extends FillRecord {
  /** Sequence number, unique across the exchange. */
  seq: number;
}

/** Every record of the trading part. */
export class Store {
  readonly #ex: Exchange;
  readonly #rng: Rng;
  #seq = 0;
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
  readonly #groups = new Map<string, GroupRecord>();
  readonly #volume24 = new Map<string, { ms: number; count: Count }[]>();
  /** Fees collected by the exchange, µ$. */
  feesCollected: Amount = 0;

  /**
   * Creates an empty store.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.#rng = ex.rng("trading/ids");
  }

  /** The exchange clock, epoch ms. */
  now(): number {
    return this.#ex.clock.now();
  }

  /** A fresh id from the seeded generator. */
  uuid(): string {
    return this.#rng.uuid();
  }

  /** The next sequence number (orders, trades, fills and settlements share one sequence). */
  nextSeq(): number {
    return ++this.#seq;
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

  // -- Traders, positions, cash ------------------------------------------------------------------

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
        updated_ms: this.#ex.accounts.user(trader.user_id)?.created_ms ?? this.now(),
      };
      this.#traders.set(key, t);
    }
    return t;
  }

  /** Every trader record. */
  traders(): IterableIterator<TraderState> {
    return this.#traders.values();
  }

  /**
   * A trader's position in a market.
   *
   * @param t The trader.
   * @param m The market.
   * @returns The position (created flat when missing).
   */
  position(t: TraderState, m: MarketRecord): PositionState {
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
        last_updated_ms: this.now(),
        resting: new Set(),
        resting_cost: 0,
        reserved: 0,
      };
      t.positions.set(m.ticker, ps);
      let set = this.#holders.get(m.ticker);
      if (!set) this.#holders.set(m.ticker, set = new Set());
      set.add(ps);
    }
    return ps;
  }

  /**
   * The position an order trades in.
   *
   * @param o The order.
   * @returns The position.
   */
  positionOf(o: EngineOrder): PositionState {
    return this.position(
      this.trader({ user_id: o.user_id, subaccount: o.subaccount }),
      this.market(o.ticker),
    );
  }

  /**
   * Removes and returns every position in a market (at settlement).
   *
   * @param ticker The market.
   * @returns The positions.
   */
  takeHolders(ticker: string): PositionState[] {
    const set = this.#holders.get(ticker);
    this.#holders.delete(ticker);
    const out = [...(set ?? [])];
    for (const ps of out) this.trader(ps).positions.delete(ticker);
    return out;
  }

  /**
   * Adds an order to a position's resting orders.
   *
   * @param ps The position.
   * @param o The order, with its resting size.
   */
  addResting(ps: PositionState, o: EngineOrder): void {
    ps.resting.add(o);
    ps.resting_cost += sidePrice(o.book_side, o.price) * o.remaining_count;
  }

  /**
   * Removes an order from a position's resting orders (before its remaining count changes).
   *
   * @param ps The position.
   * @param o The order.
   */
  removeResting(ps: PositionState, o: EngineOrder): void {
    if (ps.resting.delete(o)) {
      ps.resting_cost -= sidePrice(o.book_side, o.price) * o.remaining_count;
    }
  }

  /**
   * Records that a resting order's remaining count drops by `by`.
   *
   * @param ps The position.
   * @param o The order.
   * @param by Contracts.
   */
  shrinkResting(ps: PositionState, o: EngineOrder, by: Count): void {
    if (ps.resting.has(o)) ps.resting_cost -= sidePrice(o.book_side, o.price) * by;
  }

  /**
   * The reservation of a position's resting orders, optionally with one order added or left
   * out; constant time while the position is flat.
   */
  #reservationOf(ps: PositionState, extra?: ReservingOrder, skip?: EngineOrder): Amount {
    if (ps.position !== 0) {
      return reservation(ps.position, ps.resting, {
        ...(extra ? { extra } : {}),
        ...(skip ? { skip } : {}),
      });
    }
    let r = ps.resting_cost;
    if (extra) r += sidePrice(extra.book_side, extra.price) * extra.remaining_count;
    if (skip && ps.resting.has(skip)) {
      r -= sidePrice(skip.book_side, skip.price) * skip.remaining_count;
    }
    return r;
  }

  /**
   * Recomputes the cash a position's resting orders hold back.
   *
   * @param ps The position.
   */
  reserve(ps: PositionState): void {
    const t = this.trader(ps);
    const r = this.#reservationOf(ps);
    t.reserved += r - ps.reserved;
    ps.reserved = r;
    t.updated_ms = this.now();
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

  /**
   * Rejects an order whose resting remainder the trader cannot cover.
   *
   * @param ps The trader's position in the market.
   * @param order The order's side, price and remaining count.
   * @param without A resting order the new one replaces (an amend), if any.
   */
  requireFunds(
    ps: PositionState,
    order: ReservingOrder,
    without?: EngineOrder,
  ): void {
    const need = this.#reservationOf(ps, order, without) - ps.reserved;
    if (need > 0 && need > this.available(ps)) {
      throw apiError(
        400,
        "insufficient_balance",
        "insufficient balance",
        "available balance is too low for this order",
      );
    }
  }

  /**
   * The trading fee of a fill under the market's fee type.
   *
   * @param ticker The market.
   * @param price YES price.
   * @param count Contracts.
   * @param role Taker or maker.
   * @returns The fee, µ$.
   */
  fee(ticker: string, price: Price, count: Count, role: "taker" | "maker"): Amount {
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

  // -- Orders ------------------------------------------------------------------------------------

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
   * Rejects a client order id the user already used (ids are never freed, as on Kalshi).
   *
   * @param userId The user.
   * @param cid The client order id.
   */
  requireFreeClientId(userId: string, cid: string): void {
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

  /**
   * Records an order (and its client order id).
   *
   * @param order The order.
   */
  register(order: EngineOrder): void {
    this.#orders.set(order.order_id, order);
    let list = this.#ordersByUser.get(order.user_id);
    if (!list) this.#ordersByUser.set(order.user_id, list = []);
    list.push(order);
    if (order.client_order_id !== "") this.claimClientId(order, order.client_order_id);
  }

  /**
   * Binds a client order id to an order.
   *
   * @param order The order.
   * @param cid The id.
   */
  claimClientId(order: EngineOrder, cid: string): void {
    let ids = this.#clientIds.get(order.user_id);
    if (!ids) this.#clientIds.set(order.user_id, ids = new Map());
    ids.set(cid, order.order_id);
  }

  // -- Tape and fills ----------------------------------------------------------------------------

  /**
   * Appends a trade to the tape.
   *
   * @param trade The trade.
   */
  addTrade(trade: EngineTrade): void {
    this.#trades.push(trade);
    let perTicker = this.#tradesByTicker.get(trade.ticker);
    if (!perTicker) this.#tradesByTicker.set(trade.ticker, perTicker = []);
    perTicker.push(trade);
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
   * Records one side of a trade for the order's owner.
   *
   * @param o The order.
   * @param trade The trade.
   * @param ps The owner's position after the trade.
   * @param fee The fee charged.
   * @param isTaker Whether the order took liquidity.
   * @returns A copy of the fill, for the bus.
   */
  addFill(
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
    const fillId = last && last.trade_id === trade.trade_id ? this.uuid() : trade.trade_id;
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
      seq: this.nextSeq(),
    };
    list.push(fill);
    return { ...fill };
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
   * Adds a trade to a market's 24-hour volume.
   *
   * @param ticker The market.
   * @param now The trade's time.
   * @param qty Contracts.
   * @returns The market's 24-hour volume.
   */
  addVolume24(ticker: string, now: number, qty: Count): Count {
    let list = this.#volume24.get(ticker);
    if (!list) this.#volume24.set(ticker, list = []);
    list.push({ ms: now, count: qty });
    while (list.length > 0 && list[0]!.ms <= now - DAY_MS) list.shift();
    let sum = 0;
    for (const e of list) sum += e.count;
    return sum;
  }

  /** Drops trades older than 24 hours from every market's `volume_24h`. */
  refreshVolume24(): void {
    const now = this.now();
    for (const [ticker, list] of this.#volume24) {
      if (list.length > 0 && list[0]!.ms > now - DAY_MS) continue;
      while (list.length > 0 && list[0]!.ms <= now - DAY_MS) list.shift();
      const m = this.#ex.catalogue.market(ticker);
      if (m) m.volume_24h = list.reduce((sum, e) => sum + e.count, 0);
      if (list.length === 0) this.#volume24.delete(ticker);
    }
  }

  // -- Settlements -------------------------------------------------------------------------------

  /**
   * Records a settlement and the settled position.
   *
   * @param s The settlement.
   * @param archived The position as it settled.
   */
  addSettlement(s: SettlementRecord, archived: SettledPosition): void {
    let list = this.#settlements.get(s.user_id);
    if (!list) this.#settlements.set(s.user_id, list = []);
    list.push(s);
    let archive = this.#settledPositions.get(s.user_id);
    if (!archive) this.#settledPositions.set(s.user_id, archive = []);
    archive.push(archived);
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

  // -- Order groups ------------------------------------------------------------------------------

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
   * Adds a group.
   *
   * @param g The group.
   */
  addGroup(g: GroupRecord): void {
    this.#groups.set(g.id, g);
  }

  /**
   * Removes a group.
   *
   * @param id The group id.
   */
  deleteGroup(id: string): void {
    this.#groups.delete(id);
  }
}

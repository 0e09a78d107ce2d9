/**
 * Position figures for the `market_positions` channel, from the first source available:
 * {@linkcode TradingWsSource.positionView} if the trading part implements it, else its
 * `marketPosition()` record (count, cost, realised P&L, fees, volume; the fee cost of the open
 * position comes from the ledger here), else this module's own average-cost ledger fed by the
 * fills on the bus and reconciled with `TradingApi.position()`.
 *
 * @module
 */

import { type Amount, type Count, notional, ONE_DOLLAR, type Price } from "../../money/mod.ts";
import type { Exchange } from "../exchange.ts";
import type { FillRecord, Trader } from "../types.ts";
import type { PositionView } from "./render.ts";

/** What the trading part may implement to give the feed exact position figures. */
export interface TradingWsSource {
  /**
   * A trader's position in one market.
   *
   * @param trader User and subaccount.
   * @param ticker Market ticker.
   * @returns The figures, or undefined to let the feed use its own ledger.
   */
  positionView(trader: Trader, ticker: string): PositionView | undefined;
}

type Entry = PositionView;

/** The position record the trading part keeps (`Trading.marketPosition`), as far as read here. */
interface EngineSource {
  marketPosition(trader: Trader, ticker: string):
    | { position: Count; cost: Amount; realized_pnl: Amount; fees_paid: Amount; volume: Count }
    | undefined;
}

/** Average-cost position ledger fed by fills. */
export class PositionLedger {
  readonly #ex: Exchange;
  readonly #entries = new Map<string, Entry>();

  /**
   * Creates an empty ledger.
   *
   * @param ex The exchange (for the authoritative position count and the optional hook).
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
  }

  #entry(userId: string, subaccount: number, ticker: string): Entry {
    const k = `${userId}|${subaccount}|${ticker}`;
    let e = this.#entries.get(k);
    if (!e) {
      e = {
        position: 0,
        position_cost: 0,
        realized_pnl: 0,
        fees_paid: 0,
        position_fee_cost: 0,
        volume: 0,
      };
      this.#entries.set(k, e);
    }
    return e;
  }

  /**
   * Books one fill: opening contracts add to cost, closing ones realise P&L against the average
   * cost (a YES contract costs its YES price, a NO contract one dollar minus it).
   *
   * @param f The fill.
   */
  onFill(f: FillRecord): void {
    const e = this.#entry(f.user_id, f.subaccount, f.ticker);
    const delta = f.book_side === "bid" ? f.count : -f.count;
    e.volume += f.count;
    e.fees_paid += f.fee_cost;
    const legPrice = (d: number): Price => d > 0 ? f.yes_price : ONE_DOLLAR - f.yes_price;
    let open = delta;
    if (e.position !== 0 && Math.sign(e.position) !== Math.sign(delta)) {
      const closing = Math.min(Math.abs(delta), Math.abs(e.position));
      const share = (v: Amount) => Math.round((v * closing) / Math.abs(e.position));
      const costPart = share(e.position_cost);
      const feePart = share(e.position_fee_cost);
      // Closing k contracts of one leg = buying k of the other: the pair pays out $1 each.
      const proceeds = notional(ONE_DOLLAR - legPrice(delta), closing);
      e.realized_pnl += proceeds - costPart;
      e.position_cost -= costPart;
      e.position_fee_cost -= feePart;
      e.position += Math.sign(delta) * closing;
      open = delta - Math.sign(delta) * closing;
      // Only the fee on the part that opens a new position stays in the position's fee cost.
      if (open !== 0) {
        e.position_fee_cost += f.fee_cost - Math.round((f.fee_cost * closing) / f.count);
      }
    } else {
      e.position_fee_cost += f.fee_cost;
    }
    if (open !== 0) {
      e.position_cost += notional(legPrice(open), Math.abs(open));
      e.position += open;
    }
  }

  /**
   * The figures to report, from the first source available (see the module doc). The ledger's
   * own figures are reconciled with the count trading reports: a settlement or a change the
   * feed did not see rescales or resets the cost basis.
   *
   * @param trader User and subaccount.
   * @param ticker Market ticker.
   * @returns The position.
   */
  view(trader: Trader, ticker: string): PositionView {
    const trading = this.#ex.trading as Partial<TradingWsSource & EngineSource>;
    const exact = typeof trading.positionView === "function"
      ? trading.positionView(trader, ticker)
      : undefined;
    if (exact) return exact;
    const own = this.#reconciled(trader, ticker);
    if (typeof trading.marketPosition !== "function") return own;
    const p = trading.marketPosition(trader, ticker);
    if (!p) return { ...own, position: 0, position_cost: 0, position_fee_cost: 0 };
    return {
      position: p.position,
      position_cost: p.cost,
      realized_pnl: p.realized_pnl,
      fees_paid: p.fees_paid,
      position_fee_cost: p.position === 0 ? 0 : own.position_fee_cost,
      volume: p.volume,
    };
  }

  #reconciled(trader: Trader, ticker: string): PositionView {
    const e = this.#entry(trader.user_id, trader.subaccount, ticker);
    let actual: Count = e.position;
    try {
      actual = this.#ex.trading.position(trader, ticker);
    } catch {
      // keep the ledger's count
    }
    if (actual !== e.position) {
      if (actual === 0 || Math.sign(actual) !== Math.sign(e.position)) {
        e.position_cost = 0;
        e.position_fee_cost = 0;
      } else {
        e.position_cost = Math.round((e.position_cost * actual) / e.position);
        e.position_fee_cost = Math.round((e.position_fee_cost * actual) / e.position);
      }
      e.position = actual;
    }
    return { ...e };
  }
}

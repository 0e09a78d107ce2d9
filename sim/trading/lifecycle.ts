/**
 * What trading does when a market's status changes: pausing cancels `cancel_order_on_pause`
 * orders, reactivating a paused market cancels every resting order (market makers then quote
 * again), closing or determining cancels every resting order, and settlement pays out positions.
 *
 * @module
 */

import type { Price } from "../../money/mod.ts";
import type { Exchange } from "../exchange.ts";
import type { MarketStatus } from "../types.ts";
import type { Engine } from "./engine.ts";
import type { SettlementRecord } from "./model.ts";

const ONE: Price = 10_000;

/** Market status reactions and settlement. */
export class MarketLifecycle {
  readonly #ex: Exchange;
  readonly #engine: Engine;
  readonly #paused = new Set<string>();
  readonly #settled = new Set<string>();

  /**
   * Creates the lifecycle handler.
   *
   * @param ex The exchange.
   * @param engine The engine.
   */
  constructor(ex: Exchange, engine: Engine) {
    this.#ex = ex;
    this.#engine = engine;
  }

  /**
   * Reacts to a market status change.
   *
   * @param ticker The market.
   * @param status Its new status.
   */
  onMarketStatus(ticker: string, status: MarketStatus): void {
    const engine = this.#engine;
    engine.op(() => {
      if (status === "inactive") {
        this.#paused.add(ticker);
        engine.cancelMarketOrders(ticker, "PauseCancel", (o) => o.cancel_order_on_pause);
      } else if (status === "active") {
        if (!this.#paused.delete(ticker)) return;
        engine.cancelMarketOrders(ticker, "ReactivationCancel");
        const m = this.#ex.catalogue.market(ticker);
        if (m) engine.reseed(m);
      } else if (status !== "initialized") {
        this.#paused.delete(ticker);
        engine.cancelMarketOrders(ticker, "CloseCancel");
      }
    });
  }

  /**
   * Pays out every position in a determined market and records the settlements. Runs once per
   * market.
   *
   * @param ticker The market.
   */
  settle(ticker: string): void {
    const m = this.#ex.catalogue.market(ticker);
    if (!m || this.#settled.has(ticker)) return;
    const engine = this.#engine;
    const store = engine.store;
    engine.op(() => {
      engine.cancelMarketOrders(ticker, "SettlementCancel");
      this.#settled.add(ticker);
      const now = store.now();
      const value: Price = m.result === "yes"
        ? ONE
        : m.result === "no"
        ? 0
        : Math.min(ONE, Math.max(0, m.settlement_value ?? 0));
      for (const ps of store.takeHolders(ticker)) {
        if (ps.volume === 0 && ps.position === 0) continue;
        const yes = Math.max(0, ps.position), no = Math.max(0, -ps.position);
        const revenue = yes * value + no * (ONE - value);
        this.#ex.accounts.adjustCash(ps.user_id, ps.subaccount, revenue, { allowNegative: true });
        ps.realized_pnl += revenue - ps.cost;
        const record: SettlementRecord = {
          seq: store.nextSeq(),
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
        store.addSettlement(record, {
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
        store.trader(ps).updated_ms = now;
        engine.emit({
          type: "position",
          user_id: ps.user_id,
          subaccount: ps.subaccount,
          ticker,
          ts_ms: now,
        });
      }
      engine.dropBook(ticker);
    });
  }
}

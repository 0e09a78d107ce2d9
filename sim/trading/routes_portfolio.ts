/**
 * Portfolio and tape routes: balance, positions, fills, settlements, resting order value, the
 * public trade tape, and the `/historical/*` reads of records older than the cutoff
 * (see `cutoff.ts`).
 *
 * @module
 */

import type { Amount } from "../../money/mod.ts";
import { page } from "../_http.ts";
import type { Exchange } from "../exchange.ts";
import type { SimRequest, SimRouter } from "../router.ts";
import { newestFirstKey, subaccountFilter, timeWindow } from "./common.ts";
import { historicalCutoffMs } from "./cutoff.ts";
import type { Engine } from "./engine.ts";
import type { EngineFill, EngineTrade } from "./store.ts";
import { sidePrice } from "./ledger.ts";
import type { EngineOrder, PositionState, SettledPosition } from "./model.ts";
import {
  cents,
  dollarsShort,
  type EventTotals,
  renderEventPosition,
  renderFill,
  renderMarketPosition,
  renderOrder,
  renderSettledPosition,
  renderSettlement,
  renderTrade,
} from "./render.ts";

const COUNT_FILTERS = ["position", "total_traded"];

function eventTotals(
  rows: readonly {
    event_ticker: string;
    total_traded: Amount;
    volume: number;
    cost: Amount;
    realized_pnl: Amount;
    fees_paid: Amount;
  }[],
): EventTotals[] {
  const byEvent = new Map<string, EventTotals>();
  for (const r of rows) {
    let e = byEvent.get(r.event_ticker);
    if (!e) {
      e = {
        event_ticker: r.event_ticker,
        total_cost: 0,
        shares: 0,
        exposure: 0,
        realized_pnl: 0,
        fees_paid: 0,
      };
      byEvent.set(r.event_ticker, e);
    }
    e.total_cost += r.total_traded;
    e.shares += r.volume;
    e.exposure += r.cost;
    e.realized_pnl += r.realized_pnl;
    e.fees_paid += r.fees_paid;
  }
  return [...byEvent.values()].sort((a, b) => a.event_ticker < b.event_ticker ? -1 : 1);
}

/**
 * Declares the portfolio, tape and historical routes.
 *
 * @param router The router.
 * @param ex The exchange.
 * @param engine The engine.
 */
export function registerPortfolioRoutes(router: SimRouter, ex: Exchange, engine: Engine): void {
  const cutoff = () => historicalCutoffMs(ex.clock.now());
  const limitOf = (req: SimRequest, min = 1) => {
    const n = req.query.int("limit", { min, max: 1000 });
    return n === undefined || n === 0 ? 100 : n;
  };

  /** Mark-to-market value of a position: YES at the best bid, NO at 1 − best ask. */
  const positionValue = (ps: PositionState): Amount => {
    if (ps.position === 0) return 0;
    const m = ex.catalogue.market(ps.ticker);
    const book = engine.book(ps.ticker);
    const bid = book?.bestBid()?.price ?? m?.last_price ?? 0;
    const ask = book?.bestAsk()?.price ?? m?.last_price ?? 10_000;
    return ps.position > 0 ? ps.position * bid : -ps.position * (10_000 - ask);
  };

  router.on("GET", "/portfolio/balance", { op: "GetBalance" }, (req) => {
    const me = req.me;
    engine.expireDue();
    const sub = req.subaccount(req.query.int("subaccount", { min: 0, max: 63 }));
    req.query.int("exchange_index");
    const trader = { user_id: me.user_id, subaccount: sub };
    const available = engine.store.available(trader);
    const t = engine.store.trader(trader);
    let value = 0;
    for (const ps of t.positions.values()) value += positionValue(ps);
    const body: Record<string, unknown> = {
      balance: cents(available),
      portfolio_value: cents(value),
      updated_ts: Math.floor(t.updated_ms / 1000),
      balance_dollars: dollarsShort(available),
    };
    if (req.key?.subaccount === undefined) {
      body.balance_breakdown = [{ exchange_index: 0, balance: dollarsShort(available) }];
    }
    return body;
  });

  router.on("GET", "/portfolio/positions", { op: "GetPositions" }, (req) => {
    const me = req.me;
    const q = req.query;
    const cursor = q.str("cursor");
    const limit = limitOf(req);
    const filters = q.list("count_filter");
    if (filters?.some((f) => !COUNT_FILTERS.includes(f))) throw q.fail("count_filter", "oneof");
    const ticker = q.str("ticker");
    const event = q.str("event_ticker");
    const sub = req.subaccount(q.int("subaccount", { min: 0, max: 63 }));
    const shard = q.int("exchange_index");
    const t = engine.store.trader({ user_id: me.user_id, subaccount: sub });
    const rows = [...t.positions.values()].filter((ps) => {
      if (ps.volume === 0 && ps.position === 0) return false;
      if (ticker !== undefined && ps.ticker !== ticker) return false;
      if (event !== undefined && ps.event_ticker !== event) return false;
      if (filters && filters.length > 0) {
        const ok = filters.some((f) =>
          f === "position" ? ps.position !== 0 : ps.total_traded !== 0
        );
        if (!ok) return false;
      }
      const idx = ex.catalogue.market(ps.ticker)?.exchange_index ?? 0;
      return shard === undefined || shard < 0 || idx === shard;
    }).sort((a, b) => a.ticker < b.ticker ? -1 : 1);
    const p = page(rows, (ps) => ps.ticker, { cursor, limit });
    const events = new Set(p.items.map((ps) => ps.event_ticker));
    return {
      cursor: p.cursor,
      market_positions: p.items.map((ps) =>
        renderMarketPosition(ps, ex.catalogue.market(ps.ticker)?.exchange_index ?? 0)
      ),
      event_positions: eventTotals(rows.filter((ps) => events.has(ps.event_ticker))).map(
        renderEventPosition,
      ),
    };
  });

  const fillsRoute = (historical: boolean) => (req: SimRequest) => {
    const me = req.me;
    const q = req.query;
    const ticker = q.str("ticker");
    const orderId = historical ? undefined : q.str("order_id");
    const { min, max } = timeWindow(req);
    const limit = limitOf(req);
    const cursor = q.str("cursor");
    const sub = historical
      ? undefined
      : subaccountFilter(req, q.int("subaccount", { min: 0, max: 63 }));
    if (!historical) q.int("exchange_index");
    const cut = cutoff();
    const all = engine.store.fillsOf(me.user_id);
    const rows: EngineFill[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const f = all[i]!;
      if (historical ? f.created_ms >= cut : f.created_ms < cut) continue;
      if (ticker !== undefined && f.ticker !== ticker) continue;
      if (orderId !== undefined && f.order_id !== orderId) continue;
      if (sub !== undefined && f.subaccount !== sub) continue;
      if (f.created_ms < min || f.created_ms > max) continue;
      rows.push(f);
    }
    const p = page(rows, (f) => newestFirstKey(f.seq), { cursor, limit });
    return {
      fills: p.items.map((f) => renderFill(f, engine.store.order(f.order_id))),
      cursor: p.cursor,
    };
  };
  router.on("GET", "/portfolio/fills", { op: "GetFills" }, fillsRoute(false));
  router.on("GET", "/historical/fills", { op: "GetFillsHistorical" }, fillsRoute(true));

  router.on("GET", "/portfolio/settlements", { op: "GetSettlements" }, (req) => {
    const me = req.me;
    const q = req.query;
    const limit = limitOf(req);
    const cursor = q.str("cursor");
    const ticker = q.str("ticker");
    const event = q.str("event_ticker");
    const { min, max } = timeWindow(req);
    const sub = subaccountFilter(req, q.int("subaccount", { min: 0, max: 63 }));
    const all = engine.store.settlementsOf(me.user_id);
    const rows = all.filter((s) =>
      (ticker === undefined || s.ticker === ticker) &&
      (event === undefined || s.event_ticker === event) &&
      (sub === undefined || s.subaccount === sub) &&
      s.settled_ms >= min && s.settled_ms <= max
    ).reverse();
    const p = page(rows, (s) => newestFirstKey(s.seq), { cursor, limit });
    return { settlements: p.items.map(renderSettlement), cursor: p.cursor };
  });

  router.on(
    "GET",
    "/portfolio/summary/total_resting_order_value",
    { op: "GetPortfolioRestingOrderTotalValue" },
    (req) => {
      const me = req.me;
      engine.expireDue();
      let total = 0;
      for (const o of engine.store.ordersOf(me.user_id)) {
        if (o.status === "resting") total += sidePrice(o.book_side, o.price) * o.remaining_count;
      }
      return {
        total_resting_order_value: cents(total),
        resting_order_value_breakdown: [{ exchange_index: 0, balance: dollarsShort(total) }],
      };
    },
  );

  const tradesRoute = (historical: boolean) => (req: SimRequest) => {
    const q = req.query;
    const limit = limitOf(req, 0);
    const cursor = q.str("cursor");
    const ticker = q.str("ticker");
    const { min, max } = timeWindow(req);
    const block = q.bool("is_block_trade");
    const cut = cutoff();
    const all = engine.store.trades(ticker);
    const rows: EngineTrade[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const t = all[i]!;
      if (historical ? t.created_ms >= cut : t.created_ms < cut) continue;
      if (block !== undefined && t.is_block_trade !== block) continue;
      if (t.created_ms < min || t.created_ms > max) continue;
      rows.push(t);
    }
    const p = page(rows, (t) => newestFirstKey(t.seq), { cursor, limit });
    return { trades: p.items.map(renderTrade), cursor: p.cursor };
  };
  router.on("GET", "/markets/trades", { op: "GetTrades", auth: "optional" }, tradesRoute(false));
  router.on(
    "GET",
    "/historical/trades",
    { op: "GetTradesHistorical", auth: "optional" },
    tradesRoute(true),
  );

  router.on("GET", "/historical/orders", { op: "GetHistoricalOrders" }, (req) => {
    const me = req.me;
    const q = req.query;
    const ticker = q.str("ticker");
    const { min, max } = timeWindow(req);
    const limit = limitOf(req);
    const cursor = q.str("cursor");
    const cut = cutoff();
    const all = engine.store.ordersOf(me.user_id);
    const rows: EngineOrder[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const o = all[i]!;
      if (o.status === "resting" || o.last_update_ms >= cut) continue;
      if (ticker !== undefined && o.ticker !== ticker) continue;
      if (o.created_ms < min || o.created_ms > max) continue;
      rows.push(o);
    }
    const p = page(rows, (o) => newestFirstKey(o.seq), { cursor, limit });
    return { orders: p.items.map(renderOrder), cursor: p.cursor };
  });

  router.on("GET", "/historical/positions", { op: "GetHistoricalPositions" }, (req) => {
    const me = req.me;
    const q = req.query;
    const ticker = q.str("ticker");
    const event = q.str("event_ticker");
    const sub = req.subaccount(q.int("subaccount", { min: 0, max: 63 }));
    const limit = limitOf(req);
    const cursor = q.str("cursor");
    const cut = cutoff();
    const rows: SettledPosition[] = engine.store.settledPositionsOf(me.user_id).filter((sp) =>
      sp.settled_ms < cut && sp.subaccount === sub &&
      (ticker === undefined || sp.ticker === ticker) &&
      (event === undefined || sp.event_ticker === event)
    ).sort((a, b) => a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : a.seq - b.seq);
    const p = page(rows, (sp) => `${sp.ticker}\u0000${String(sp.seq).padStart(16, "0")}`, {
      cursor,
      limit,
    });
    const events = new Set(p.items.map((sp) => sp.event_ticker));
    return {
      cursor: p.cursor,
      market_positions: p.items.map(renderSettledPosition),
      event_positions: eventTotals(
        rows.filter((sp) => events.has(sp.event_ticker)).map((sp) => ({ ...sp, cost: 0 })),
      ).map(renderEventPosition),
    };
  });
}

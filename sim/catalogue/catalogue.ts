/**
 * The simulator's catalogue: series, events and markets (generated from the seed), the reference
 * data around them (milestones, structured targets, live data, multivariate collections,
 * incentive programs, fee changes), candlesticks, and the market lifecycle.
 *
 * Lifecycle: markets open at `open_time`, close at `close_time`, are determined when their event's
 * outcome is known (`expected_expiration_time`, or an admin call) and finalize — trading pays
 * out — once `settlement_timer_seconds` have passed. Every change publishes a `market_lifecycle`
 * event on the bus and tells trading (`onMarketStatus`, `settle`). Due transitions run from a
 * one-second timer and, lazily, before every catalogue request.
 *
 * @module
 */

import { formatPrice, type Price } from "../../money/mod.ts";
import type { Exchange, SimPart } from "../exchange.ts";
import type { Handler, Method, RouteMeta, SimRouter } from "../router.ts";
import { historicalCutoffMs } from "../trading/cutoff.ts";
import type {
  CatalogueApi,
  EventRecord,
  MarketRecord,
  MarketStatus,
  MveLeg,
  SeriesRecord,
  SimEvent,
} from "../types.ts";
import { type CandleSource, CandleStore } from "./candles.ts";
import { generateCatalogue } from "./generate.ts";
import { resolveEvent } from "./outcomes.ts";
import type { CatalogueData, CollectionRecord, LookupRecord } from "./model.ts";
import { buildCombo, comboOutcome, findCombo, recordLookup, validateLegs } from "./mve.ts";
import { registerEventRoutes } from "./routes_events.ts";
import { registerExchangeRoutes } from "./routes_exchange.ts";
import { registerHistoricalRoutes } from "./routes_historical.ts";
import { registerMarketRoutes } from "./routes_markets.ts";
import { registerMveRoutes } from "./routes_mve.ts";
import { registerReferenceRoutes } from "./routes_reference.ts";
import type { SynthPath } from "./synth.ts";

/** Declares a catalogue route (due lifecycle work runs before the handler). */
export type RouteAdder = (method: Method, path: string, meta: RouteMeta, handler: Handler) => void;

/** The exchange-wide status `GET /exchange/status` reports. */
export interface ExchangeState {
  exchange_active: boolean;
  trading_active: boolean;
  /** Estimated end of a maintenance window, epoch ms. */
  estimated_resume_ms?: number | undefined;
}

type Job =
  | { at: number; kind: "open" | "close" | "finalize"; ticker: string }
  | { at: number; kind: "expire"; event: string }
  | { at: number; kind: "fee"; id: string };

/** A binary min-heap of scheduled lifecycle jobs. */
class Schedule {
  readonly #heap: Job[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(job: Job): void {
    const h = this.#heap;
    h.push(job);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= h[i]!.at) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  popDue(now: number): Job | undefined {
    const h = this.#heap;
    if (h.length === 0 || h[0]!.at > now) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The catalogue part of the simulated exchange.
 *
 * Besides {@linkcode CatalogueApi}, it offers the WebSocket feed and tests: {@linkcode tick}
 * (run due lifecycle work now), {@linkcode isArchived} and {@linkcode historicalMarket}
 * (the live/historical split), {@linkcode collection}, {@linkcode createCombo},
 * {@linkcode comboFor} and {@linkcode lookups} (multivariate collections), and
 * {@linkcode exchangeStatus}/{@linkcode setExchangeStatus}.
 */
export class Catalogue implements CatalogueApi, SimPart {
  /** The exchange. */
  readonly ex: Exchange;
  /** Everything the catalogue holds (for its route modules and tests; treat as read-only). */
  readonly data: CatalogueData;
  /** Live candle buckets. */
  readonly candles: CandleStore = new CandleStore();
  readonly #schedule = new Schedule();
  #state: ExchangeState = { exchange_active: true, trading_active: true };
  #unsubscribe: (() => void) | undefined;
  #ticking = false;

  /**
   * Generates the catalogue for the exchange's seed and size, at the exchange clock's time.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.ex = ex;
    this.data = generateCatalogue({
      seed: ex.options.seed,
      markets: ex.options.markets,
      startMs: ex.clock.now(),
      rng: ex.rng("catalogue"),
    });
    this.#scheduleAll();
    this.#unsubscribe = ex.bus.on((e) => this.#observe(e));
  }

  /** The seed the catalogue was generated from. */
  get seed(): number | string {
    return this.ex.options.seed;
  }

  /**
   * The exchange clock.
   *
   * @returns Epoch ms.
   */
  now(): number {
    return this.ex.clock.now();
  }

  // ---------------------------------------------------------------------------------------------
  // SimPart

  /**
   * Declares every catalogue route.
   *
   * @param router The router.
   */
  register(router: SimRouter): void {
    const on: RouteAdder = (method, path, meta, handler) =>
      router.on(method, path, meta, (req) => {
        this.tick();
        return handler(req);
      });
    registerExchangeRoutes(on, this);
    registerEventRoutes(on, this);
    registerMarketRoutes(on, this);
    registerReferenceRoutes(on, this);
    registerMveRoutes(on, this);
    registerHistoricalRoutes(on, this);
  }

  /** Starts the one-second lifecycle timer. */
  start(): void {
    this.ex.every(1000, () => this.tick());
  }

  // ---------------------------------------------------------------------------------------------
  // CatalogueApi

  /**
   * A market by ticker (archived ones included).
   *
   * @param ticker Market ticker.
   * @returns The record, or undefined.
   */
  market(ticker: string): MarketRecord | undefined {
    return this.data.markets.get(ticker);
  }

  /**
   * An event by ticker.
   *
   * @param eventTicker Event ticker.
   * @returns The record, or undefined.
   */
  event(eventTicker: string): EventRecord | undefined {
    return this.data.events.get(eventTicker);
  }

  /**
   * A series by ticker.
   *
   * @param seriesTicker Series ticker.
   * @returns The record, or undefined.
   */
  series(seriesTicker: string): SeriesRecord | undefined {
    return this.data.series.get(seriesTicker);
  }

  /**
   * Every market (archived ones included), sorted by ticker.
   *
   * @returns The markets.
   */
  allMarkets(): readonly MarketRecord[] {
    return this.data.marketList;
  }

  /**
   * The fee in force for a market: the event's override, else the series'.
   *
   * @param ticker Market ticker.
   * @returns Fee type and multiplier.
   */
  feeFor(ticker: string): { fee_type: string; fee_multiplier: number } {
    const m = this.data.markets.get(ticker);
    const ev = m ? this.data.events.get(m.event_ticker) : undefined;
    if (ev?.fee_type_override) {
      return { fee_type: ev.fee_type_override, fee_multiplier: ev.fee_multiplier_override ?? 1 };
    }
    const s = m ? this.data.series.get(m.series_ticker) : undefined;
    return { fee_type: s?.fee_type ?? "quadratic", fee_multiplier: s?.fee_multiplier ?? 1 };
  }

  /**
   * Determines a market (closing it first if it still trades); it finalizes after its settlement
   * timer, or at once with `immediate`. Unknown or already determined markets are left alone.
   *
   * @param ticker Market ticker.
   * @param result The result.
   * @param options Settlement value (scalar markets) and whether to finalize at once.
   */
  determine(
    ticker: string,
    result: "yes" | "no" | "scalar",
    options: { settlementValue?: Price; immediate?: boolean } = {},
  ): void {
    const m = this.data.markets.get(ticker);
    if (!m) return;
    const now = this.now();
    if (m.status === "determined") {
      if (options.immediate) this.#finalize(m, now);
      return;
    }
    if (m.status === "finalized") return;
    const value = result === "yes" ? 10_000 : result === "no" ? 0 : options.settlementValue ?? 5000;
    this.#determine(m, result, value, result === "scalar" ? formatPrice(value) : undefined, now);
    if (options.immediate) this.#finalize(m, now);
  }

  /**
   * Pauses (`inactive`) or resumes (`active`) an open market.
   *
   * @param ticker Market ticker.
   * @param active Resume (true) or pause (false).
   */
  setTradingActive(ticker: string, active: boolean): void {
    const m = this.data.markets.get(ticker);
    if (!m) return;
    const now = this.now();
    if (active && m.status === "inactive") {
      this.#setStatus(m, "active", now);
      this.#emit(m.ticker, "activated", now);
    } else if (!active && m.status === "active") {
      this.#setStatus(m, "inactive", now);
      this.#emit(m.ticker, "deactivated", now);
    }
  }

  /**
   * Closes a market now; without a ticker (as `Exchange.close()` calls it), stops the part.
   *
   * @param ticker Market ticker.
   */
  close(ticker?: string): void {
    if (ticker === undefined) {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      return;
    }
    const m = this.data.markets.get(ticker);
    if (m) this.#close(m, this.now());
  }

  // ---------------------------------------------------------------------------------------------
  // Extras for the feed, the routes and tests

  /**
   * Whether a market has moved to the historical tier (settled before the historical cutoff).
   *
   * @param m The market.
   * @param now Epoch ms (default: the exchange clock).
   * @returns True when only `/historical/*` serves it.
   */
  isArchived(m: MarketRecord, now: number = this.now()): boolean {
    return m.status === "finalized" && m.settled_ms !== undefined &&
      m.settled_ms < historicalCutoffMs(now);
  }

  /**
   * A market of the historical tier.
   *
   * @param ticker Market ticker.
   * @returns The record, or undefined when unknown or still live.
   */
  historicalMarket(ticker: string): MarketRecord | undefined {
    const m = this.data.markets.get(ticker);
    return m && this.isArchived(m) ? m : undefined;
  }

  /**
   * A multivariate collection.
   *
   * @param ticker Collection ticker.
   * @returns The record, or undefined.
   */
  collection(ticker: string): CollectionRecord | undefined {
    return this.data.collections.get(ticker);
  }

  /**
   * Creates (or finds) the combo market for a selection of legs, as
   * `POST /multivariate_event_collections/{collection_ticker}` does: validates the legs (throws
   * Kalshi's 400s), publishes `event_lifecycle` and `market_lifecycle` `created` for a new one,
   * and records the lookup.
   *
   * @param collectionTicker The collection.
   * @param legs The selection.
   * @returns The combo market and whether it was created now.
   */
  createCombo(collectionTicker: string, legs: readonly MveLeg[]): {
    market: MarketRecord;
    created: boolean;
  } {
    const c = this.data.collections.get(collectionTicker);
    if (!c) throw new Error(`Unknown collection "${collectionTicker}"`);
    const now = this.now();
    validateLegs(this.data, c, legs, now);
    const { market, created } = buildCombo(this.data, c, legs, now);
    recordLookup(this.data, c, market, now);
    if (created) {
      this.#push({ at: market.close_ms, kind: "close", ticker: market.ticker });
      this.ex.bus.emit({ type: "event_lifecycle", event_ticker: market.event_ticker, ts_ms: now });
      this.#emit(market.ticker, "created", now);
      // A leg may already be decided against the selection.
      this.#checkCombos(market.mve_selected_legs!.map((l) => l.market_ticker), now);
    }
    return { market, created };
  }

  /**
   * The combo market already created for a selection.
   *
   * @param collectionTicker The collection.
   * @param legs The selection.
   * @returns The market, or undefined (also for an unknown collection).
   */
  comboFor(collectionTicker: string, legs: readonly MveLeg[]): MarketRecord | undefined {
    const c = this.data.collections.get(collectionTicker);
    if (!c) return undefined;
    const m = findCombo(this.data, c, legs);
    if (m) recordLookup(this.data, c, m, this.now());
    return m;
  }

  /**
   * Combos created or looked up in a collection since an instant, most recent first.
   *
   * @param collectionTicker The collection.
   * @param sinceMs Epoch ms.
   * @returns The lookup records.
   */
  lookups(collectionTicker: string, sinceMs: number): LookupRecord[] {
    return this.data.lookups
      .filter((l) => l.collection_ticker === collectionTicker && l.last_queried_ms >= sinceMs)
      .sort((a, b) => b.last_queried_ms - a.last_queried_ms);
  }

  /**
   * The exchange-wide status.
   *
   * @returns A copy of the state.
   */
  exchangeStatus(): ExchangeState {
    return { ...this.#state };
  }

  /**
   * Changes the exchange-wide status (maintenance drills in tests).
   *
   * @param state Fields to change.
   */
  setExchangeStatus(state: Partial<ExchangeState>): void {
    this.#state = { ...this.#state, ...state };
  }

  /**
   * Where a market's candles come from: its synthetic history, current book top and time.
   *
   * @param m The market.
   * @returns The source.
   */
  candleSource(m: MarketRecord): CandleSource {
    const fair = this.data.initialFair.get(m.ticker) ?? m.fair;
    const end = Math.min(this.data.start_ms, m.close_ms);
    const path: SynthPath = {
      ticker: m.ticker,
      fair: fair / 10_000,
      open_ms: m.open_ms,
      end_ms: end,
    };
    if (
      m.determined_ms !== undefined && m.determined_ms <= this.data.start_ms &&
      (m.result === "yes" || m.result === "no")
    ) {
      path.result = m.result;
    }
    return { market: m, path, top: this.ex.trading.top(m.ticker), now_ms: this.now() };
  }

  /**
   * Runs the lifecycle work that is due: openings, closes, determinations, finalizations and
   * scheduled fee changes.
   *
   * @param now Epoch ms (default: the exchange clock).
   */
  tick(now: number = this.now()): void {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      for (let job = this.#schedule.popDue(now); job; job = this.#schedule.popDue(now)) {
        this.#run(job, now);
      }
    } finally {
      this.#ticking = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle internals

  #push(job: Job): void {
    this.#schedule.push(job);
  }

  #scheduleAll(): void {
    for (const m of this.data.markets.values()) this.#scheduleMarket(m);
    for (const f of this.data.seriesFeeChanges) {
      if (!f.applied) this.#push({ at: f.scheduled_ms, kind: "fee", id: f.id });
    }
    for (const f of this.data.eventFeeChanges) {
      if (!f.applied) this.#push({ at: f.scheduled_ms, kind: "fee", id: f.id });
    }
  }

  #scheduleMarket(m: MarketRecord): void {
    switch (m.status) {
      case "initialized":
        this.#push({ at: m.open_ms, kind: "open", ticker: m.ticker });
        this.#push({ at: m.close_ms, kind: "close", ticker: m.ticker });
        break;
      case "active":
      case "inactive":
        this.#push({ at: m.close_ms, kind: "close", ticker: m.ticker });
        break;
      case "closed":
        this.#scheduleExpiry(m);
        break;
      case "determined":
        this.#push({
          at: (m.determined_ms ?? 0) + m.settlement_timer_seconds * 1000,
          kind: "finalize",
          ticker: m.ticker,
        });
        break;
      default:
        break;
    }
  }

  #scheduleExpiry(m: MarketRecord): void {
    if (m.mve_collection_ticker !== undefined) return;
    const at = this.data.extras.get(m.event_ticker)?.expected_expiration_ms ?? m.close_ms;
    this.#push({ at: Math.max(at, m.close_ms), kind: "expire", event: m.event_ticker });
  }

  #run(job: Job, now: number): void {
    switch (job.kind) {
      case "open": {
        const m = this.data.markets.get(job.ticker);
        if (m?.status === "initialized" && m.open_ms <= now) {
          this.#setStatus(m, "active", now);
          this.#emit(m.ticker, "activated", now);
        }
        return;
      }
      case "close": {
        const m = this.data.markets.get(job.ticker);
        if (m && m.close_ms <= now) this.#close(m, now);
        return;
      }
      case "expire": {
        const ev = this.data.events.get(job.event);
        if (!ev) return;
        const results = resolveEvent(this.data, this.seed, job.event);
        for (const t of ev.markets) {
          const m = this.data.markets.get(t);
          const r = results.get(t);
          if (m?.status === "closed" && r) {
            this.#determine(m, r.result, r.result === "yes" ? 10_000 : 0, r.expiration_value, now);
          }
        }
        return;
      }
      case "finalize": {
        const m = this.data.markets.get(job.ticker);
        if (m?.status === "determined") this.#finalize(m, now);
        return;
      }
      case "fee":
        this.#applyFee(job.id, now);
        return;
    }
  }

  #applyFee(id: string, now: number): void {
    const s = this.data.seriesFeeChanges.find((f) => f.id === id);
    if (s && !s.applied) {
      s.applied = true;
      const series = this.data.series.get(s.series_ticker);
      if (series) {
        series.fee_type = s.fee_type;
        series.fee_multiplier = s.fee_multiplier;
        series.last_updated_ms = now;
      }
      return;
    }
    const e = this.data.eventFeeChanges.find((f) => f.id === id);
    if (e && !e.applied) {
      e.applied = true;
      const ev = this.data.events.get(e.event_ticker);
      if (!ev) return;
      if (e.fee_type_override === null) {
        delete ev.fee_type_override;
        delete ev.fee_multiplier_override;
      } else {
        ev.fee_type_override = e.fee_type_override;
        ev.fee_multiplier_override = e.fee_multiplier_override ?? 1;
      }
      ev.last_updated_ms = now;
      this.ex.bus.emit({ type: "event_lifecycle", event_ticker: ev.event_ticker, ts_ms: now });
    }
  }

  #setStatus(m: MarketRecord, status: MarketStatus, now: number): void {
    m.status = status;
    m.updated_ms = now;
    try {
      this.ex.trading.onMarketStatus(m.ticker, status);
    } catch (e) {
      this.ex.log("error", `trading failed to react to ${m.ticker} becoming ${status}`, e);
    }
  }

  #close(m: MarketRecord, now: number): void {
    if (m.status !== "active" && m.status !== "inactive" && m.status !== "initialized") return;
    if (m.close_ms > now) {
      m.close_ms = now;
      this.#emit(m.ticker, "close_date_updated", now);
    }
    this.#setStatus(m, "closed", now);
    this.#scheduleExpiry(m);
  }

  #determine(
    m: MarketRecord,
    result: "yes" | "no" | "scalar",
    value: Price,
    expiration: string | undefined,
    now: number,
  ): void {
    this.#close(m, now);
    m.result = result;
    m.settlement_value = value;
    m.determined_ms = now;
    if (expiration !== undefined) this.data.expiration.set(m.ticker, expiration);
    this.#setStatus(m, "determined", now);
    this.#emit(m.ticker, "determined", now);
    this.#push({
      at: now + m.settlement_timer_seconds * 1000,
      kind: "finalize",
      ticker: m.ticker,
    });
    this.#checkCombos([m.ticker], now);
  }

  #finalize(m: MarketRecord, now: number): void {
    m.settled_ms = now;
    this.#setStatus(m, "finalized", now);
    try {
      this.ex.trading.settle(m.ticker);
    } catch (e) {
      this.ex.log("error", `trading failed to settle ${m.ticker}`, e);
    }
    this.#emit(m.ticker, "settled", now);
  }

  #checkCombos(legTickers: string[], now: number): void {
    for (const leg of legTickers) {
      for (const t of this.data.combosByLeg.get(leg) ?? []) {
        const combo = this.data.markets.get(t);
        if (!combo || combo.status === "determined" || combo.status === "finalized") continue;
        const r = comboOutcome(this.data, combo);
        if (r) this.#determine(combo, r, r === "yes" ? 10_000 : 0, r === "yes" ? "Yes" : "No", now);
      }
    }
  }

  #emit(
    ticker: string,
    event_type: Extract<SimEvent, { type: "market_lifecycle" }>["event_type"],
    now: number,
  ): void {
    this.ex.bus.emit({ type: "market_lifecycle", ticker, event_type, ts_ms: now });
  }

  #observe(e: SimEvent): void {
    if (e.type === "trade") {
      const m = this.data.markets.get(e.trade.ticker);
      if (!m) return;
      this.candles.trade(
        m,
        e.trade.yes_price,
        e.trade.count,
        e.trade.created_ms,
        this.ex.trading.top(m.ticker),
      );
    } else if (e.type === "ticker") {
      const m = this.data.markets.get(e.ticker);
      if (m) this.candles.quote(m, e.ts_ms, this.ex.trading.top(m.ticker));
    }
  }
}

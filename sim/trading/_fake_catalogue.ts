/**
 * Test helpers for the trading part: a small catalogue of hand-made markets (optionally in front
 * of the real catalogue) and an in-process exchange wired with it.
 *
 * @module
 */

import { LINEAR_CENT, parsePriceRanges, type Price, type PriceRangeWire } from "../../money/mod.ts";
import { Comms } from "../comms/comms.ts";
import { Exchange, type ExchangeOptions, type SimPart } from "../exchange.ts";
import type { SimRouter } from "../router.ts";
import { freshMarketStats } from "../types.ts";
import type {
  CatalogueApi,
  EventRecord,
  MarketRecord,
  MarketStatus,
  SeriesRecord,
} from "../types.ts";
import { Trading } from "./trading.ts";

/** Options of a hand-made market. */
export interface FakeMarketOptions {
  fair?: Price;
  status?: MarketStatus;
  ranges?: readonly PriceRangeWire[];
  event_ticker?: string;
  fee_type?: string;
  fee_multiplier?: number;
}

/**
 * A market record with the given ticker and options.
 *
 * @param ticker The ticker.
 * @param options Fair price, status, tick grid, event, fees.
 * @param nowMs Creation time.
 * @returns The record.
 */
export function fakeMarket(
  ticker: string,
  options: FakeMarketOptions = {},
  nowMs = Date.now(),
): MarketRecord {
  const ranges = [...(options.ranges ?? LINEAR_CENT)];
  const event = options.event_ticker ?? ticker.split("-").slice(0, 2).join("-");
  return {
    ticker,
    event_ticker: event,
    series_ticker: event.split("-")[0]!,
    market_type: "binary",
    title: `Test market ${ticker}`,
    subtitle: "",
    yes_sub_title: "Yes",
    no_sub_title: "No",
    created_ms: nowMs,
    updated_ms: nowMs,
    open_ms: nowMs,
    close_ms: nowMs + 30 * 86_400_000,
    latest_expiration_ms: nowMs + 31 * 86_400_000,
    settlement_timer_seconds: 60,
    status: options.status ?? "active",
    result: "",
    can_close_early: true,
    rules_primary: "",
    rules_secondary: "",
    price_level_structure: "linear_cent",
    price_ranges: ranges,
    bands: parsePriceRanges(ranges),
    exchange_index: 0,
    fair: options.fair ?? 5_000,
    ...freshMarketStats(),
  };
}

/** A catalogue of hand-made markets that delegates everything else to an inner catalogue. */
export class FakeCatalogue implements CatalogueApi, SimPart {
  readonly #ex: Exchange;
  readonly #inner: (CatalogueApi & SimPart) | undefined;
  readonly #markets = new Map<string, MarketRecord>();
  readonly #fees = new Map<string, { fee_type: string; fee_multiplier: number }>();

  /**
   * Creates the catalogue.
   *
   * @param ex The exchange (for the clock and the trading part).
   * @param inner The catalogue to delegate unknown tickers to.
   */
  constructor(ex: Exchange, inner?: CatalogueApi & SimPart) {
    this.#ex = ex;
    this.#inner = inner;
  }

  /**
   * Adds a market.
   *
   * @param ticker The ticker.
   * @param options Fair price, status, grid, event and fees.
   * @returns The record (mutable, as the real catalogue's).
   */
  add(ticker: string, options: FakeMarketOptions = {}): MarketRecord {
    const m = fakeMarket(ticker, options, this.#ex.clock.now());
    this.#markets.set(ticker, m);
    this.#fees.set(ticker, {
      fee_type: options.fee_type ?? "quadratic",
      fee_multiplier: options.fee_multiplier ?? 1,
    });
    return m;
  }

  /** Declares the inner catalogue's routes. */
  register(router: SimRouter): void {
    this.#inner?.register(router);
  }

  /** A market by ticker. */
  market(ticker: string): MarketRecord | undefined {
    return this.#markets.get(ticker) ?? this.#inner?.market(ticker);
  }

  /** An event by ticker. */
  event(eventTicker: string): EventRecord | undefined {
    return this.#inner?.event(eventTicker);
  }

  /** A series by ticker. */
  series(seriesTicker: string): SeriesRecord | undefined {
    return this.#inner?.series(seriesTicker);
  }

  /** Every market. */
  allMarkets(): readonly MarketRecord[] {
    return [...this.#markets.values(), ...(this.#inner?.allMarkets() ?? [])];
  }

  /** The fees of a market. */
  feeFor(ticker: string): { fee_type: string; fee_multiplier: number } {
    return this.#fees.get(ticker) ?? this.#inner?.feeFor(ticker) ??
      { fee_type: "quadratic", fee_multiplier: 1 };
  }

  /** Determines and settles a market at once. */
  determine(
    ticker: string,
    result: "yes" | "no" | "scalar",
    options: { settlementValue?: Price; immediate?: boolean } = {},
  ): void {
    const m = this.#markets.get(ticker);
    if (!m) return this.#inner?.determine(ticker, result, options);
    m.result = result;
    if (options.settlementValue !== undefined) m.settlement_value = options.settlementValue;
    m.status = "determined";
    this.#ex.trading.onMarketStatus(ticker, "determined");
    m.status = "finalized";
    this.#ex.trading.settle(ticker);
  }

  /** Pauses or resumes a market. */
  setTradingActive(ticker: string, active: boolean): void {
    const m = this.#markets.get(ticker);
    if (!m) return this.#inner?.setTradingActive(ticker, active);
    m.status = active ? "active" : "inactive";
    this.#ex.trading.onMarketStatus(ticker, m.status);
  }

  /**
   * Closes a market. `Exchange.close()` calls this without a ticker (the `SimPart` hook shares
   * the name), which is a no-op.
   */
  close(ticker?: string): void {
    if (ticker === undefined) return;
    const m = this.#markets.get(ticker);
    if (!m) return this.#inner?.close(ticker);
    m.status = "closed";
    this.#ex.trading.onMarketStatus(ticker, "closed");
  }
}

/**
 * Puts a {@linkcode FakeCatalogue} in front of an exchange's catalogue (after its routes were
 * installed: the trading routes read `ex.catalogue` on every request).
 *
 * @param ex The exchange.
 * @returns The fake catalogue.
 */
export function installFakeCatalogue(ex: Exchange): FakeCatalogue {
  const fake = new FakeCatalogue(ex, ex.catalogue);
  ex.catalogue = fake;
  return fake;
}

/** A controllable clock. */
export class TestClock {
  /** Current time, epoch ms. */
  ms: number;

  /**
   * Creates a clock.
   *
   * @param start Start time.
   */
  constructor(start = Date.UTC(2026, 5, 1, 12)) {
    this.ms = start;
  }

  /** The time. */
  now(): number {
    return this.ms;
  }

  /**
   * Moves the clock forward.
   *
   * @param ms Milliseconds.
   */
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * An in-process exchange (no HTTP, no timers) with a fake catalogue and the real trading part.
 *
 * @param options Exchange options; market makers are off unless `marketMakers` is true.
 * @returns The exchange, its parts and the clock.
 */
export function testExchange(
  options: ExchangeOptions & { marketMakers?: boolean } = {},
): { ex: Exchange; trading: Trading; catalogue: FakeCatalogue; clock: TestClock } {
  const clock = new TestClock();
  const ex = new Exchange({ clock, ...options });
  const catalogue = new FakeCatalogue(ex);
  const trading = new Trading(ex);
  ex.attach({ catalogue, trading, comms: new Comms(ex) });
  trading.marketMakers.enabled = options.marketMakers ?? false;
  return {
    ex,
    trading,
    catalogue,
    clock: options.clock instanceof TestClock ? options.clock : clock,
  };
}

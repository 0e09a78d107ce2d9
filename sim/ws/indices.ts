/**
 * Synthetic reference-price feeds for the `cfbenchmarks_value` (1 Hz), `cfbenchmarks_value_5hz`
 * (5 Hz) and `pyth_value` (1 Hz) channels: seeded random walks around plausible levels, with the
 * trailing 60-second and quarter-hour final-minute averages the 1 Hz CF Benchmarks channel carries.
 * Timers run only while some connection subscribes to one of these channels.
 *
 * Values are kept as integers of 1e-8 USD and written with eight decimals.
 *
 * @module
 */

import type { Rng } from "../_rng.ts";
import type { SimClock } from "../types.ts";

/** The feeds. */
export type IndexFeedKind = "cfbenchmarks_value" | "cfbenchmarks_value_5hz" | "pyth_value";

const UNIT = 100_000_000;

/** CF Benchmarks indices streaming once per second, with their starting levels in USD. */
export const CF_INDICES: Readonly<Record<string, number>> = {
  AAVEUSD_RTI: 180,
  ADAUSD_RTI: 0.45,
  BCHUSD_RTI: 420,
  BNBUSD_RTI: 610,
  BRTI: 68_000,
  DOGEUSD_RTI: 0.15,
  DOTUSD_RTI: 6.5,
  ETHUSD_RTI: 3_500,
  HYPEUSD_RTI: 30,
  LINKUSD_RTI: 14,
  LTCUSD_RTI: 80,
  SHIBUSD_RTI: 0.00002,
  SOLUSD_RTI: 150,
  SUIUSD_RTI: 1.2,
  XRPUSD_RTI: 0.6,
};

/** Indices on the 5 Hz channel. */
export const CF_5HZ_INDICES: readonly string[] = [
  "BRTI",
  "DOGEUSD_RTI",
  "ETHUSD_RTI",
  "SOLUSD_RTI",
  "XRPUSD_RTI",
];

/** Pyth underlyings, with their starting levels in USD. */
export const PYTH_UNDERLYINGS: Readonly<Record<string, number>> = {
  "Commodities.BRENTX6/USD": 79,
  "Commodities.CCU6/USD": 8_000,
  "Commodities.COU6/USD": 76,
  "Commodities.COZ6/USD": 75,
  "Commodities.Index.BRENT/USD": 79,
  "Commodities.Index.CU/USD": 4.4,
  "Commodities.Index.NATGAS/USD": 2.9,
  "Commodities.Index.PYTHOIL/USD": 82,
  "Commodities.SOU6/USD": 11.5,
  "Commodities.SOX6/USD": 11.6,
  "Commodities.WHU6/USD": 5.6,
  "Commodities.WHZ6/USD": 5.8,
  "Metal.Index.GOLD/USD": 2_400,
  "Metal.Index.SILVER/USD": 30,
  "Metal.XAG/USD": 30,
  "Metal.XAU/USD": 2_400,
  "Metal.XPD/USD": 950,
  "Metal.XPT/USD": 1_000,
};

/** The ids a feed streams. */
export function feedIds(kind: IndexFeedKind): readonly string[] {
  if (kind === "cfbenchmarks_value_5hz") return CF_5HZ_INDICES;
  return Object.keys(kind === "pyth_value" ? PYTH_UNDERLYINGS : CF_INDICES);
}

const PERIOD: Record<IndexFeedKind, number> = {
  cfbenchmarks_value: 1000,
  cfbenchmarks_value_5hz: 200,
  pyth_value: 1000,
};

function write8(units: number): string {
  const int = Math.floor(units / UNIT);
  return `${int}.${String(units - int * UNIT).padStart(8, "0")}`;
}

function write2(units: number): string {
  const cents = Math.round(units / 1_000_000);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

const QUARTER = 15 * 60_000;

/** One tick: the id and the `msg` to send. */
export interface IndexTick {
  kind: IndexFeedKind;
  id: string;
  msg: Record<string, unknown>;
}

/** The synthetic feeds; ticks go to `sink`. */
export class IndexFeeds {
  readonly #clock: SimClock;
  readonly #rng: Rng;
  readonly #sink: (tick: IndexTick) => void;
  readonly #values = new Map<string, number>();
  readonly #history = new Map<string, { ts: number; v: number }[]>();
  readonly #timers = new Map<IndexFeedKind, ReturnType<typeof setInterval>>();

  /**
   * Creates stopped feeds.
   *
   * @param clock The exchange clock.
   * @param rng Generator of the walks.
   * @param sink Receives every tick.
   */
  constructor(clock: SimClock, rng: Rng, sink: (tick: IndexTick) => void) {
    this.#clock = clock;
    this.#rng = rng;
    this.#sink = sink;
  }

  /**
   * Starts or stops each feed's timer.
   *
   * @param wanted The feeds some connection subscribes to.
   */
  run(wanted: ReadonlySet<IndexFeedKind>): void {
    for (const kind of Object.keys(PERIOD) as IndexFeedKind[]) {
      const t = this.#timers.get(kind);
      if (wanted.has(kind) && t === undefined) {
        this.#timers.set(kind, setInterval(() => this.#tick(kind), PERIOD[kind]));
      } else if (!wanted.has(kind) && t !== undefined) {
        clearInterval(t);
        this.#timers.delete(kind);
      }
    }
  }

  /** Stops every timer. */
  close(): void {
    this.run(new Set());
  }

  #step(kind: IndexFeedKind, id: string): number {
    const key = `${kind === "pyth_value" ? "pyth" : "cf"}/${id}`;
    let v = this.#values.get(key);
    if (v === undefined) {
      const base = kind === "pyth_value" ? PYTH_UNDERLYINGS[id]! : CF_INDICES[id]!;
      v = Math.round(base * UNIT);
    }
    // ±0.05 % per tick, never below one unit.
    v = Math.max(1, v + Math.round(v * 0.0005 * (this.#rng.next() * 2 - 1)));
    this.#values.set(key, v);
    return v;
  }

  #tick(kind: IndexFeedKind): void {
    const now = this.#clock.now();
    for (const id of feedIds(kind)) {
      const v = this.#step(kind, id);
      const source = now - this.#rng.int(5, 40);
      if (kind === "pyth_value") {
        this.#sink({
          kind,
          id,
          msg: {
            underlying_ticker: id,
            value_usd: write8(v),
            source_ts_ms: source,
            received_at: now,
          },
        });
        continue;
      }
      const data = JSON.stringify({ type: "value", id, time: source, value: write2(v) });
      if (kind === "cfbenchmarks_value_5hz") {
        this.#sink({
          kind,
          id,
          msg: { index_id: id, value_usd: write8(v), source_ts_ms: source, received_at: now, data },
        });
        continue;
      }
      this.#sink({ kind, id, msg: this.#withAverages(id, source, v, now, data) });
    }
  }

  #withAverages(
    id: string,
    ts: number,
    v: number,
    now: number,
    data: string,
  ): Record<string, unknown> {
    const hist = (this.#history.get(id) ?? []).filter((h) => h.ts >= ts - 60_000 && h.ts < ts);
    const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    const msg: Record<string, unknown> = {
      index_id: id,
      received_at: now,
      data,
      avg_60s_data: {
        value: write8(hist.length ? avg(hist.map((h) => h.v)) : v),
        window_size: hist.length,
        window_start_ts_ms: ts - 60_000,
        window_end_ts_exclusive: ts,
      },
    };
    const close = Math.ceil(ts / QUARTER) * QUARTER;
    if (close - ts < 60_000) {
      const inWindow = [...hist.filter((h) => h.ts > close - 60_000).map((h) => h.v), v];
      msg.last_60s_windowed_average_15min = {
        value: write8(avg(inWindow)),
        window_size: inWindow.length,
        window_start_ts_ms: close - 60_000,
        window_end_ts_exclusive: ts + 1,
      };
    }
    hist.push({ ts, v });
    this.#history.set(id, hist);
    return msg;
  }
}

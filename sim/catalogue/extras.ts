/**
 * Reference data generated around the events: multivariate collections and pre-created combos,
 * milestones, incentive programs and fee changes.
 *
 * @module
 */

import type { Rng } from "../_rng.ts";
import type { EventRecord, MveLeg, SeriesRecord } from "../types.ts";
import { byCode, DAY, hexOf, HOUR, uuidOf } from "./_util.ts";
import type { CatalogueData, CollectionRecord, MilestoneRecord } from "./model.ts";
import { buildCombo, validateLegs } from "./mve.ts";

/** Inputs of {@linkcode addExtras}. */
export interface ExtrasOptions {
  seed: number | string;
  rng: Rng;
  startMs: number;
  /** How many combo markets to pre-create. */
  combos: number;
}

/**
 * Adds collections, combos, milestones, incentive programs and fee changes to a catalogue whose
 * regular events exist.
 *
 * @param data The catalogue.
 * @param options Seed, random generator, start time and combo budget.
 * @returns How many combo markets were created.
 */
export function addExtras(data: CatalogueData, options: ExtrasOptions): number {
  addCollections(data, options.startMs);
  const made = addCombos(data, options);
  addMilestones(data, options.startMs);
  addPrograms(data, options);
  addFeeChanges(data, options.startMs);
  return made;
}

function allActive(data: CatalogueData, ev: EventRecord): boolean {
  return ev.markets.every((t) => data.markets.get(t)?.status === "active");
}

function comboSeries(ticker: string, title: string, category: string, start: number): SeriesRecord {
  return {
    ticker,
    title,
    category,
    categories: [category],
    tags: ["Combos"],
    frequency: "custom",
    fee_type: "quadratic_with_combo_maker_fees",
    fee_multiplier: 1,
    settlement_sources: [],
    contract_url: `https://kalshi.com/legal/contracts/${ticker.toLowerCase()}.pdf`,
    contract_terms_url: `https://kalshi.com/legal/contract-terms/${ticker}`,
    additional_prohibitions: [],
    exchange_index: 0,
    last_updated_ms: start - 30 * DAY,
  };
}

function addCollections(data: CatalogueData, start: number): void {
  const events = [...data.events.values()];
  const games = events.filter((e) => data.extras.get(e.event_ticker)?.game && allActive(data, e))
    .slice(0, 30);
  const cross = events.filter((e) =>
    ["Economics", "Crypto", "Climate and Weather", "Financials"].includes(e.category) &&
    e.markets.length > 1 && allActive(data, e)
  ).slice(0, 20);
  const politics = events.filter((e) => e.category === "Politics" && e.markets.length > 1);
  const fun = events.filter((e) => e.category === "Entertainment");
  const defs: [string, string, string, string, EventRecord[], number, number, number][] = [
    [
      "KXMVESPORTSMULTIGAMEEXTENDED",
      "Sports multi-game combos",
      "Sports",
      "Combine game winners across leagues.",
      games,
      start - 14 * DAY,
      start + 60 * DAY,
      6,
    ],
    [
      "KXMVECROSSCATEGORY",
      "Cross-category combos",
      "Economics",
      "Combine economic, crypto, financial and weather outcomes.",
      cross,
      start - 10 * DAY,
      start + 45 * DAY,
      4,
    ],
    [
      "KXMVEELECTIONS",
      "Election combos",
      "Politics",
      "Combine election outcomes.",
      politics,
      start - 120 * DAY,
      start - 2 * DAY,
      3,
    ],
    [
      "KXMVEAWARDS",
      "Entertainment combos",
      "Entertainment",
      "Combine entertainment outcomes.",
      fun,
      start + 5 * DAY,
      start + 90 * DAY,
      3,
    ],
  ];
  for (const [ticker, title, category, description, evs, open, close, max] of defs) {
    data.series.set(ticker, comboSeries(ticker, title, category, start));
    const c: CollectionRecord = {
      collection_ticker: ticker,
      series_ticker: ticker,
      title,
      description,
      open_ms: open,
      close_ms: close,
      associated_events: evs.map((e) => {
        const a = {
          ticker: e.event_ticker,
          is_yes_only: ticker === "KXMVECROSSCATEGORY" && e.mutually_exclusive,
          size_max: 1,
          active_quoters: ["Sim Market Maker"],
        };
        return a;
      }),
      is_ordered: false,
      is_single_market_per_event: true,
      is_all_yes: false,
      size_min: 2,
      size_max: max,
      functional_description:
        "The combo resolves Yes if every selected market resolves on its selected side, " +
        "and No as soon as one does not.",
      exchange_index: 0,
    };
    data.collections.set(ticker, c);
  }
  data.collectionList = [...data.collections.values()].sort((a, b) =>
    byCode(a.collection_ticker, b.collection_ticker)
  );
}

function addCombos(data: CatalogueData, options: ExtrasOptions): number {
  const { rng, startMs } = options;
  const usable = data.collectionList.filter((c) =>
    c.open_ms <= startMs && startMs < c.close_ms && c.associated_events.length >= 2
  );
  let made = 0;
  for (
    let attempt = 0;
    made < options.combos && usable.length > 0 && attempt < options.combos * 6;
    attempt++
  ) {
    const c = usable[attempt % usable.length]!;
    const n = Math.min(c.associated_events.length, 2 + rng.int(0, 1));
    const pool = [...c.associated_events];
    const legs: MveLeg[] = [];
    for (let i = 0; i < n; i++) {
      const a = pool.splice(rng.int(0, pool.length - 1), 1)[0]!;
      const ev = data.events.get(a.ticker)!;
      const market = ev.markets[rng.int(0, ev.markets.length - 1)]!;
      const side = !a.is_yes_only && rng.chance(0.3) ? "no" : "yes";
      legs.push({ event_ticker: a.ticker, market_ticker: market, side });
    }
    const created = startMs - rng.int(1, 72) * HOUR;
    try {
      validateLegs(data, c, legs, startMs);
    } catch {
      continue;
    }
    if (buildCombo(data, c, legs, created).created) made++;
  }
  return made;
}

function addMilestones(data: CatalogueData, start: number): void {
  for (const ev of data.events.values()) {
    const extra = data.extras.get(ev.event_ticker)!;
    let m: MilestoneRecord | undefined;
    if (extra.game) {
      const g = extra.game;
      m = {
        id: uuidOf(`milestone/${ev.event_ticker}`),
        category: "Sports",
        type: g.milestone_type,
        competition: g.competition,
        start_ms: g.start_ms,
        end_ms: g.end_ms,
        related_event_tickers: [ev.event_ticker],
        primary_event_tickers: [ev.event_ticker],
        title: `${g.away.name} at ${g.home.name}`,
        notification_message: `${g.away.name} at ${g.home.name} is starting`,
        source_id: hexOf(`source/${ev.event_ticker}`, 12).toLowerCase(),
        details: {
          competition: g.competition,
          league: g.league,
          home_team: g.home.name,
          away_team: g.away.name,
          home_team_target_id: g.home.target_id,
          away_team_target_id: g.away.target_id,
        },
        last_updated_ms: Math.min(start, g.start_ms) - DAY,
      };
    } else if (ev.category === "Politics" && ev.mutually_exclusive && !ev.is_multivariate) {
      const close = data.markets.get(ev.markets[0]!)!.close_ms;
      m = {
        id: uuidOf(`milestone/${ev.event_ticker}`),
        category: "Elections",
        type: "political_race",
        competition: "US Elections",
        start_ms: close - 12 * HOUR,
        end_ms: extra.expected_expiration_ms,
        related_event_tickers: [ev.event_ticker],
        primary_event_tickers: [ev.event_ticker],
        title: ev.title,
        notification_message: `Results are coming in: ${ev.title}`,
        source_id: hexOf(`source/${ev.event_ticker}`, 12).toLowerCase(),
        details: { competition: "US Elections", race: ev.title },
        last_updated_ms: Math.min(start, close) - 7 * DAY,
      };
    }
    if (!m) continue;
    extra.milestone_id = m.id;
    data.milestones.set(m.id, m);
  }
  // Combos relate to the milestones of their legs.
  for (const ticker of data.combos.values()) {
    const combo = data.markets.get(ticker)!;
    for (const leg of combo.mve_selected_legs ?? []) {
      const id = data.extras.get(leg.event_ticker)?.milestone_id;
      const m = id ? data.milestones.get(id) : undefined;
      if (m && !m.related_event_tickers.includes(combo.event_ticker)) {
        m.related_event_tickers.push(combo.event_ticker);
      }
    }
  }
  data.milestoneList = [...data.milestones.values()].sort((a, b) =>
    byCode(milestoneKey(a), milestoneKey(b))
  );
}

/**
 * The sort (and cursor) key of a milestone: start time, then id.
 *
 * @param m The milestone.
 * @returns The key.
 */
export function milestoneKey(m: MilestoneRecord): string {
  return `${String(m.start_ms).padStart(15, "0")}|${m.id}`;
}

function addPrograms(data: CatalogueData, options: ExtrasOptions): void {
  const { rng, startMs: start } = options;
  const active = [...data.markets.values()].filter((m) => m.status === "active")
    .sort((a, b) => byCode(a.ticker, b.ticker));
  if (active.length === 0) return;
  const count = Math.max(4, Math.round(data.markets.size / 60));
  const stride = Math.max(1, Math.floor(active.length / count));
  for (let i = 0; i < count; i++) {
    const m = active[(i * stride) % active.length]!;
    const kind = i % 10;
    let s: number, e: number;
    if (kind <= 5) [s, e] = [start - rng.int(1, 10) * DAY, start + rng.int(3, 20) * DAY];
    else if (kind === 6) [s, e] = [start + rng.int(1, 5) * DAY, start + rng.int(6, 30) * DAY];
    else if (kind <= 8) [s, e] = [start - 30 * DAY, start - rng.int(1, 5) * DAY];
    else [s, e] = [start - 60 * DAY, start - 30 * DAY];
    const liquidity = i % 3 !== 0;
    const p = {
      id: uuidOf(`program/${options.seed}/${m.ticker}/${i}`),
      market_ticker: m.ticker,
      incentive_type: liquidity ? "liquidity" as const : "volume" as const,
      start_ms: s,
      end_ms: e,
      period_reward: rng.int(50, 5000) * 10_000,
      paid_out: kind === 9,
      incentive_description: liquidity
        ? "Liquidity incentive: rest orders near the best price"
        : "Volume incentive: trade to earn rebates",
    };
    data.programs.push(
      liquidity ? { ...p, discount_factor_bps: 5000, target_size_fp: "100.00" } : p,
    );
  }
  data.programs.sort((a, b) => byCode(a.id, b.id));
}

function addFeeChanges(data: CatalogueData, start: number): void {
  const series: [string, string, number, number, boolean][] = [
    ["KXINX", "quadratic", 0.5, start - 40 * DAY, true],
    ["KXFED", "quadratic_with_maker_fees", 1, start - 20 * DAY, true],
    ["KXHIGHNY", "quadratic_with_maker_fees", 1, start + 3 * DAY, false],
    ["KXBTCD", "quadratic", 0.5, start + 10 * DAY, false],
  ];
  for (const [ticker, type, mult, at, applied] of series) {
    if (!data.series.has(ticker)) continue;
    data.seriesFeeChanges.push({
      id: uuidOf(`seriesfee/${ticker}/${at}`),
      series_ticker: ticker,
      fee_type: type,
      fee_multiplier: mult,
      scheduled_ms: at,
      applied,
    });
  }
  const games = [...data.events.values()].filter((e) => {
    const g = data.extras.get(e.event_ticker)?.game;
    return g !== undefined && g.end_ms > start && allActive(data, e);
  }).slice(0, 3);
  for (const ev of games) {
    const g = data.extras.get(ev.event_ticker)!.game!;
    ev.fee_type_override = "quadratic";
    ev.fee_multiplier_override = 0.5;
    data.eventFeeChanges.push({
      id: uuidOf(`eventfee/${ev.event_ticker}/set`),
      event_ticker: ev.event_ticker,
      series_ticker: ev.series_ticker,
      fee_type_override: "quadratic",
      fee_multiplier_override: 0.5,
      scheduled_ms: start - DAY,
      applied: true,
    }, {
      id: uuidOf(`eventfee/${ev.event_ticker}/clear`),
      event_ticker: ev.event_ticker,
      series_ticker: ev.series_ticker,
      fee_type_override: null,
      fee_multiplier_override: null,
      scheduled_ms: g.end_ms,
      applied: false,
    });
  }
  data.seriesFeeChanges.sort((a, b) => a.scheduled_ms - b.scheduled_ms || byCode(a.id, b.id));
  data.eventFeeChanges.sort((a, b) => byCode(a.id, b.id));
}

/**
 * Deterministic catalogue generation: series → events → markets from the templates, for a seed,
 * a size and a start time. The same inputs always give the same catalogue.
 *
 * Events are generated round-robin over the series (so every category appears early, even in a
 * small catalogue), alternating upcoming and recent past occurrences; past ones are closed,
 * determined or settled. A few percent of the size goes to old settled markets (which fall behind
 * the historical cutoff) and to pre-created combo markets; single-market filler events make the
 * total exact.
 *
 * @module
 */

import type { Rng } from "../_rng.ts";
import { freshMarketStats } from "../types.ts";
import type { EventRecord, MarketRecord, MarketStatus, SeriesRecord } from "../types.ts";
import {
  byCode,
  DAY,
  dayCode,
  etFields,
  hashUnit,
  HOUR,
  humanDate,
  humanMonth,
  humanTime,
  MINUTE,
  monthCode,
  normalCdf,
  tickerNumber,
  uuidOf,
} from "./_util.ts";
import { probabilityToPrice, structureOf } from "./_ticks.ts";
import { addExtras } from "./extras.ts";
import type { CatalogueData, EventExtra, GameInfo, NumericModel } from "./model.ts";
import { synthOpenInterest, type SynthPath, synthPrice } from "./synth.ts";
import { LEAGUES } from "./leagues.ts";
import { formatValue, resolveEvent } from "./outcomes.ts";
import { FILLERS } from "./fillers.ts";
import { type SeriesTemplate, TEMPLATES } from "./templates.ts";

/** Inputs of {@linkcode generateCatalogue}. */
export interface GenerateOptions {
  seed: number | string;
  /** Total markets, archived and combo markets included. */
  markets: number;
  /** The clock reading to generate for. */
  startMs: number;
  rng: Rng;
}

type Plan = "live" | "closed" | "determined" | "finalized" | "archive";

/**
 * The first close time of a series after `base`, shifted by `j` occurrences.
 *
 * @param t The series template.
 * @param base Epoch ms.
 * @param j Occurrence offset (negative = past).
 * @returns Epoch ms.
 */
export function closeOf(t: SeriesTemplate, base: number, j: number): number {
  const d0 = Math.floor(base / DAY) * DAY;
  switch (t.step) {
    case "15m": {
      const q = 15 * MINUTE;
      return (Math.floor(base / q) + 1 + j) * q;
    }
    case "1h":
      return (Math.floor(base / HOUR) + 1 + j) * HOUR;
    case "1d": {
      let c = d0 + t.closeTime;
      while (c <= base) c += DAY;
      while (c - DAY > base) c -= DAY;
      return c + j * DAY;
    }
    case "1w": {
      const wd = new Date(d0).getUTCDay();
      let c = d0 + ((((t.closeDay ?? 5) - wd) % 7 + 7) % 7) * DAY + t.closeTime;
      if (c <= base) c += 7 * DAY;
      return c + j * 7 * DAY;
    }
    case "1mo":
    case "3mo": {
      const by = new Date(base).getUTCFullYear();
      const step = t.step === "1mo" ? 1 : 3;
      let m = Math.floor(new Date(base).getUTCMonth() / step) * step;
      const at = (mm: number) => Date.UTC(by, mm, t.closeDay ?? 1) + t.closeTime;
      while (at(m) <= base) m += step;
      return at(m + j * step);
    }
    case "1y": {
      let y = new Date(base).getUTCFullYear();
      const at = (yy: number) => Date.UTC(yy, t.closeMonth ?? 10, t.closeDay ?? 1) + t.closeTime;
      while (at(y) <= base) y++;
      return at(y + j);
    }
  }
}

function codeOf(t: SeriesTemplate, close: number): string {
  const f = etFields(close);
  switch (t.step) {
    case "15m":
      return `${dayCode(close)}${String(f.h).padStart(2, "0")}${String(f.min).padStart(2, "0")}`;
    case "1h":
      return `${dayCode(close)}${String(f.h).padStart(2, "0")}`;
    case "1d":
    case "1w":
      return dayCode(close);
    case "1mo":
      return monthCode(close);
    case "3mo":
      return `${String(f.y % 100).padStart(2, "0")}Q${Math.floor(f.m / 3) + 1}`;
    case "1y":
      return String(f.y % 100).padStart(2, "0");
  }
}

function whenOf(t: SeriesTemplate, close: number): string {
  const f = etFields(close);
  switch (t.step) {
    case "15m":
    case "1h":
      return `at ${humanTime(close)} on ${humanDate(close)}`;
    case "1d":
      return `on ${humanDate(close)}`;
    case "1w":
      return `in the week ending ${humanDate(close)}`;
    case "1mo":
      return `in ${humanMonth(close)}`;
    case "3mo":
      return `in Q${Math.floor(f.m / 3) + 1} ${f.y}`;
    case "1y":
      return `in ${f.y}`;
  }
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? "");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface Strike {
  suffix: string;
  /** Market title, when the template's question does not fit. */
  title?: string;
  label: string;
  /** Outcome name for `{o}`. */
  name: string;
  p: number;
  strike_type?: string;
  floor_strike?: number;
  cap_strike?: number;
  custom_strike?: Record<string, unknown>;
}

class Generator {
  readonly data: CatalogueData;
  readonly #seed: number | string;
  readonly #rng: Rng;
  readonly #start: number;
  #pastCount = 0;
  #liveCount = 0;

  constructor(options: GenerateOptions) {
    this.#seed = options.seed;
    this.#rng = options.rng;
    this.#start = options.startMs;
    this.data = {
      start_ms: options.startMs,
      series: new Map(),
      seriesList: [],
      events: new Map(),
      eventList: [],
      extras: new Map(),
      markets: new Map(),
      marketList: [],
      initialFair: new Map(),
      expiration: new Map(),
      collections: new Map(),
      collectionList: [],
      combos: new Map(),
      combosByLeg: new Map(),
      lookups: [],
      milestones: new Map(),
      milestoneList: [],
      targets: new Map(),
      targetList: [],
      programs: [],
      seriesFeeChanges: [],
      eventFeeChanges: [],
    };
  }

  run(total: number): void {
    for (const t of [...TEMPLATES, ...FILLERS]) this.#addSeries(t);
    this.#addTargets();
    const combos = Math.max(2, Math.round(total * 0.02));
    const archive = Math.max(4, Math.round(total * 0.04));
    const regular = total - combos - archive;
    this.#regular(regular);
    this.#archive(archive);
    const made = addExtras(this.data, {
      seed: this.#seed,
      rng: this.#rng,
      startMs: this.#start,
      combos,
    });
    // Whatever the combos could not use goes to single-market live events.
    let left = combos - made;
    for (let n = 0; left > 0; n++) {
      const t = FILLERS[n % FILLERS.length]!;
      left -= this.#instance(t, Math.floor(n / FILLERS.length) + 40, "live", Infinity);
    }
    this.data.marketList = [...this.data.markets.values()].sort((a, b) =>
      byCode(a.ticker, b.ticker)
    );
    this.data.eventList = [...this.data.events.values()].sort((a, b) =>
      byCode(a.event_ticker, b.event_ticker)
    );
    this.data.seriesList = [...this.data.series.values()].sort((a, b) =>
      byCode(a.ticker, b.ticker)
    );
  }

  #addSeries(t: SeriesTemplate): void {
    const fee = t.fee ?? ["quadratic", 1];
    const s: SeriesRecord = {
      ticker: t.ticker,
      title: t.title,
      category: t.category,
      categories: [t.category, ...(t.categories ?? [])],
      tags: [...t.tags],
      frequency: t.frequency,
      fee_type: fee[0],
      fee_multiplier: fee[1],
      settlement_sources: [{ ...t.source }],
      contract_url: `https://kalshi.com/legal/contracts/${t.ticker.toLowerCase()}.pdf`,
      contract_terms_url: `https://kalshi.com/legal/contract-terms/${t.ticker}`,
      additional_prohibitions: [],
      exchange_index: 0,
      last_updated_ms: this.#start - Math.floor(hashUnit(`${t.ticker}/upd`) * 90) * DAY,
    };
    if (t.cadence) s.product_metadata = { cadence: t.cadence };
    this.data.series.set(s.ticker, s);
  }

  #addTargets(): void {
    for (const league of LEAGUES) {
      for (const team of league.teams) {
        const id = targetId(league.code, team.code);
        const rec = {
          id,
          name: team.name,
          type: league.target_type,
          details: {
            league: league.competition,
            league_code: league.code,
            conference: team.group,
            abbreviation: team.code,
          },
          source_id: `${league.code.toLowerCase()}-${team.code.toLowerCase()}`,
          last_updated_ms: this.#start - 30 * DAY,
        };
        this.data.targets.set(id, rec);
        for (const n of [1, 2]) {
          const pid = targetId(league.code, `${team.code}-P${n}`);
          this.data.targets.set(pid, {
            id: pid,
            name: `${team.code} Player ${n}`,
            type: league.player_type,
            details: { league: league.competition, team: team.name, team_target_id: id },
            source_id: `${league.code.toLowerCase()}-${team.code.toLowerCase()}-p${n}`,
            last_updated_ms: this.#start - 20 * DAY,
          });
        }
      }
    }
    this.data.targetList = [...this.data.targets.values()].sort((a, b) => byCode(a.id, b.id));
  }

  /** Round-robin over the series until the budget is spent; fillers make it exact. */
  #regular(budget: number): void {
    const state = TEMPLATES.map((t) => ({ t, n: 0, pos: 0, neg: 1, done: false }));
    let left = budget;
    let progress = true;
    while (left > 0 && progress) {
      progress = false;
      for (const s of state) {
        if (s.done || left <= 0) continue;
        const slots = s.t.slots ?? 1;
        const maxPast = (s.t.maxPast ?? 3) * slots;
        const maxFuture = (s.t.maxFuture ?? 8) * slots;
        const wantPast = (s.n === 0 && s.t.pastFirst) || (s.n % 3 === 2 && s.neg <= maxPast);
        let k: number;
        if (s.n === 0 && s.t.upcomingFirst) k = slots;
        else if (wantPast && s.neg <= maxPast) k = -s.neg;
        else if (s.pos < maxFuture) k = s.pos;
        else if (s.neg <= maxPast) k = -s.neg;
        else {
          s.done = true;
          continue;
        }
        const size = this.#sizeOf(s.t);
        if (size > left) {
          s.done = true;
          continue;
        }
        s.n++;
        if (k < 0) s.neg++;
        else if (s.n > 1 || !s.t.upcomingFirst) s.pos++;
        const plan: Plan = k < 0 ? this.#nextPastPlan() : "live";
        left -= this.#instance(s.t, k, plan, left);
        progress = true;
      }
    }
    for (let n = 0; left > 0; n++) {
      const t = FILLERS[n % FILLERS.length]!;
      left -= this.#instance(t, Math.floor(n / FILLERS.length), "live", left);
    }
  }

  #archive(budget: number): void {
    const short = TEMPLATES.filter((t) => t.step === "1d" && t.kind !== "game");
    let left = budget;
    for (let n = 0; left > 0 && n < budget * 4; n++) {
      const t = short[n % short.length]!;
      if (this.#sizeOf(t) > left) break;
      left -= this.#instance(t, -(5 + Math.floor(n / short.length) * 3), "archive", left);
    }
    for (let n = 0; left > 0; n++) {
      const t = FILLERS[n % FILLERS.length]!;
      left -= this.#instance(t, -(6 + Math.floor(n / FILLERS.length)), "archive", left);
    }
  }

  #nextPastPlan(): Plan {
    const plans: Plan[] = ["finalized", "closed", "determined", "finalized"];
    return plans[this.#pastCount++ % plans.length]!;
  }

  #sizeOf(t: SeriesTemplate): number {
    switch (t.kind) {
      case "bracket":
        return t.numeric!.count + 2;
      case "threshold":
        return t.numeric!.count;
      case "categorical":
        return t.outcomes?.length ?? LEAGUES.find((l) => l.code === t.league)!.teams.length;
      case "game":
        return LEAGUES.find((l) => l.code === t.league)!.code === "EPL" ? 3 : 2;
      case "binary":
        return 1;
    }
  }

  /** Creates one event and its markets; returns how many markets were added (0 on a clash). */
  #instance(t: SeriesTemplate, n: number, plan: Plan, room: number): number {
    const slots = t.slots ?? 1;
    const j = Math.floor(n / slots);
    const slot = n - j * slots;
    // Later slots of a day play later; past ones earlier, so they stay in the past.
    const close = closeOf(t, this.#start, j) + (j < 0 ? -slot : slot) * 30 * MINUTE;
    const when = whenOf(t, close);
    const rng = this.#rng;
    let eventTicker = `${t.ticker}-${codeOf(t, close)}`;
    let title = fill(t.eventTitle, { when });
    let subTitle = capitalize(when);
    let strikes: Strike[] = [];
    let model: NumericModel | undefined;
    let game: GameInfo | undefined;
    let exclusive = true;

    if (t.kind === "bracket" || t.kind === "threshold") {
      const ns = t.numeric!;
      const mean = ns.relative
        ? ns.base * (1 + rng.normal(0, ns.drift))
        : ns.base + rng.normal(0, ns.drift);
      model = {
        mean,
        sd: ns.relative ? ns.sd * (mean / ns.base) : ns.sd,
        grain: ns.grain,
        decimals: ns.decimals,
        prefix: ns.prefix,
        suffix: ns.suffix,
      };
      strikes = t.kind === "bracket"
        ? brackets(model, ns.width, ns.count)
        : thresholds(model, ns.width, ns.count);
      exclusive = t.kind === "bracket";
    } else if (t.kind === "categorical") {
      const league = LEAGUES.find((l) => l.code === t.league);
      const outs = t.outcomes ??
        league!.teams.map((tm, i) => ({
          code: tm.code,
          name: tm.name,
          weight: 10 + ((i * 7) % 11),
        }));
      const ws = outs.map((o) => o.weight * Math.exp(rng.normal(0, 0.3)));
      const sum = ws.reduce((a, b) => a + b, 0);
      exclusive = t.exclusive ?? true;
      strikes = outs.map((o, i) => {
        const s: Strike = {
          suffix: o.code,
          label: o.name,
          name: o.name,
          p: ws[i]! / sum,
          strike_type: "custom",
        };
        if (league) s.custom_strike = { [league.target_type]: targetId(league.code, o.code) };
        return s;
      });
    } else if (t.kind === "game") {
      const league = LEAGUES.find((l) => l.code === t.league)!;
      const k = league.teams.length;
      let a = Math.floor(hashUnit(`${t.ticker}/${n}/a`) * k);
      let b = (a + 1 + Math.floor(hashUnit(`${t.ticker}/${n}/b`) * (k - 1))) % k;
      for (let tries = 0; tries < k * k; tries++) {
        const away = league.teams[a]!, home = league.teams[b]!;
        eventTicker = `${t.ticker}-${dayCode(close)}${away.code}${home.code}`;
        if (!this.data.events.has(eventTicker) && a !== b) break;
        b = (b + 1) % k;
        if (b === a) a = (a + 1) % k;
      }
      if (this.data.events.has(eventTicker)) return 0;
      const away = league.teams[a]!, home = league.teams[b]!;
      const allowsTie = league.code === "EPL";
      const start = close - 4 * HOUR + 30 * MINUTE;
      game = {
        league: league.code,
        competition: league.competition,
        sport: league.sport,
        milestone_type: league.milestone_type,
        target_type: league.target_type,
        home: { code: home.code, name: home.name, target_id: targetId(league.code, home.code) },
        away: { code: away.code, name: away.name, target_id: targetId(league.code, away.code) },
        start_ms: start,
        end_ms: start + 3 * HOUR,
        allows_tie: allowsTie,
      };
      title = `${away.name} at ${home.name}`;
      subTitle = `${away.code} at ${home.code} (${humanDate(close)})`;
      const pHome = Math.min(0.85, Math.max(0.15, 0.55 + rng.normal(0, 0.15)));
      const tie = allowsTie ? 0.26 : 0;
      const mk = (team: GameInfo["home"], p: number): Strike => ({
        suffix: team.code,
        label: team.name,
        name: team.name,
        p,
        strike_type: "structured",
        custom_strike: { [league.target_type]: team.target_id },
      });
      strikes = [mk(game.away, (1 - pHome) * (1 - tie)), mk(game.home, pHome * (1 - tie))];
      if (allowsTie) {
        strikes.push({
          suffix: "TIE",
          label: "Tie",
          name: "Tie",
          title: `Will ${away.name} at ${home.name} end in a tie ${when}?`,
          p: tie,
          strike_type: "custom",
        });
      }
    } else {
      const f = etFields(close);
      const p = t.step === "15m" ? 0.5 + rng.normal(0, 0.08) : 0.08 + rng.next() * 0.84;
      strikes = [{
        suffix: t.step === "15m" ? String(f.min).padStart(2, "0") : "Y",
        label: "Yes",
        name: "Yes",
        p,
      }];
      exclusive = false;
    }
    if (this.data.events.has(eventTicker) || strikes.length > room) return 0;

    const structure = structureOf(t.structure ?? "linear_cent");
    const openMs = close - t.openLead;
    let expected = close + t.expirationDelay;
    let timer = t.settlementTimer;
    let status: MarketStatus;
    let determined: number | undefined;
    let settled: number | undefined;
    let effective = plan;
    if (plan === "finalized" && close > this.#start - timer * 1000 - 2 * MINUTE) {
      effective = close < this.#start - MINUTE ? "determined" : "closed";
    }
    if (plan === "live") {
      if (openMs > this.#start) status = "initialized";
      else {
        status = "active";
        const k = this.#liveCount++;
        if (k === 5 || hashUnit(`${this.#seed}/${eventTicker}/pause`) < 0.01) status = "inactive";
      }
    } else if (effective === "closed") {
      status = "closed";
      if (expected <= this.#start) {
        expected = this.#start + 5 * MINUTE + Math.floor(hashUnit(`${eventTicker}/exp`) * 3 * HOUR);
      }
    } else if (effective === "determined") {
      status = "determined";
      determined = Math.max(
        close,
        this.#start - MINUTE - Math.floor(hashUnit(`${eventTicker}/det`) * 20 * MINUTE),
      );
      timer = Math.max(timer, 3600);
      expected = Math.min(expected, determined);
    } else {
      status = "finalized";
      determined = effective === "archive"
        ? expected
        : Math.min(expected, this.#start - timer * 1000 - MINUTE);
      determined = Math.max(determined, close);
      expected = Math.min(expected, determined);
      settled = determined + timer * 1000;
    }
    const created = Math.min(openMs, this.#start) -
      (1 + Math.floor(hashUnit(`${eventTicker}/c`) * 47)) * HOUR;

    const ev: EventRecord = {
      event_ticker: eventTicker,
      series_ticker: t.ticker,
      title,
      sub_title: subTitle,
      category: t.category,
      collateral_return_type: exclusive ? "MECNET" : "",
      mutually_exclusive: exclusive,
      markets: [],
      is_multivariate: false,
      exchange_index: 0,
      last_updated_ms: created,
    };
    if (t.step === "15m" || t.step === "1h" || t.step === "1d") ev.strike_date_ms = close;
    if (t.strikePeriod) ev.strike_period = t.strikePeriod;
    if (t.cadence) ev.product_metadata = { cadence: t.cadence };
    const extra: EventExtra = { expected_expiration_ms: expected };
    if (model) extra.model = model;
    if (t.city) extra.city = t.city;
    if (t.asset) extra.asset = t.asset;
    if (game) {
      extra.game = game;
      extra.competition = game.competition;
      extra.competition_scope = "Game";
    }
    this.data.events.set(eventTicker, ev);
    this.data.extras.set(eventTicker, extra);

    for (const s of strikes) {
      const ticker = `${eventTicker}-${s.suffix}`;
      const fair = probabilityToPrice(s.p, structure.bands);
      const marketTitle = s.title ??
        fill(t.question, { label: s.label, o: s.name, when, matchup: title });
      const m: MarketRecord = {
        ticker,
        event_ticker: eventTicker,
        series_ticker: t.ticker,
        market_type: "binary",
        title: marketTitle,
        subtitle: s.label,
        yes_sub_title: s.label,
        no_sub_title: s.label,
        created_ms: created,
        updated_ms: determined ?? created,
        open_ms: openMs,
        close_ms: close,
        expected_expiration_ms: expected,
        latest_expiration_ms: close + Math.max(7 * DAY, 2 * t.expirationDelay),
        settlement_timer_seconds: timer,
        status,
        result: "",
        can_close_early: t.canCloseEarly ?? false,
        rules_primary: `This market resolves to Yes if the answer to "${marketTitle}" is yes, ` +
          `as reported by ${t.source.name}. Otherwise it resolves to No.`,
        rules_secondary: `"${title}" is settled on the data ${t.source.name} publishes. If ` +
          "that data is late or unavailable, settlement may be delayed.",
        price_level_structure: t.structure ?? "linear_cent",
        price_ranges: structure.ranges,
        bands: structure.bands,
        exchange_index: 0,
        fair,
        ...freshMarketStats(),
      };
      if (s.strike_type) m.strike_type = s.strike_type;
      if (s.floor_strike !== undefined) m.floor_strike = s.floor_strike;
      if (s.cap_strike !== undefined) m.cap_strike = s.cap_strike;
      if (s.custom_strike) m.custom_strike = s.custom_strike;
      if (determined !== undefined) m.determined_ms = determined;
      if (settled !== undefined) m.settled_ms = settled;
      this.data.markets.set(ticker, m);
      this.data.initialFair.set(ticker, fair);
      ev.markets.push(ticker);
    }
    if (determined !== undefined) {
      const results = resolveEvent(this.data, this.#seed, eventTicker);
      for (const [ticker, r] of results) {
        const m = this.data.markets.get(ticker)!;
        m.result = r.result;
        m.settlement_value = r.result === "yes" ? 10_000 : 0;
        this.data.expiration.set(ticker, r.expiration_value);
      }
    }
    for (const ticker of ev.markets) this.#seedStats(this.data.markets.get(ticker)!);
    return strikes.length;
  }

  /** Prices and, for markets no longer trading, volumes from the synthetic history. */
  #seedStats(m: MarketRecord): void {
    const end = Math.min(this.#start, m.close_ms);
    if (m.open_ms >= end) return;
    const path: SynthPath = {
      ticker: m.ticker,
      fair: m.fair / 10_000,
      open_ms: m.open_ms,
      end_ms: end,
      result: m.result === "yes" || m.result === "no" ? m.result : undefined,
    };
    m.last_price = synthPrice(path, end);
    m.previous_price = synthPrice(path, end - DAY);
    m.previous_yes_bid = Math.max(0, m.previous_price - 100);
    m.previous_yes_ask = Math.min(10_000, m.previous_price + 100);
    if (m.status !== "active" && m.status !== "inactive" && m.status !== "initialized") {
      const minutes = (end - m.open_ms) / MINUTE;
      m.volume = Math.floor(minutes * (0.2 + 3 * hashUnit(`${m.ticker}/rate`)) * 0.8) * 100;
      m.open_interest = synthOpenInterest(path, end);
    }
  }
}

/**
 * The structured target id of a team or player: stable reference data, the same for every seed.
 *
 * @param league League code.
 * @param code Team (or player) code.
 * @returns A UUID.
 */
export function targetId(league: string, code: string): string {
  return uuidOf(`target/${league}/${code}`);
}

function brackets(model: NumericModel, width: number, count: number): Strike[] {
  const g = model.grain;
  const lo = Math.round((model.mean - (count * width) / 2) / width) * width;
  const fmt = (v: number) => formatValue(model, v);
  const p = (a: number, b: number) =>
    normalCdf((b - model.mean) / model.sd) - normalCdf((a - model.mean) / model.sd);
  const out: Strike[] = [];
  const hi = lo + count * width - g;
  out.push({
    suffix: `T${tickerNumber(lo, model.decimals)}`,
    label: g >= 1 ? `${fmt(lo - g)} or below` : `below ${fmt(lo)}`,
    name: `below ${fmt(lo)}`,
    p: p(-Infinity, lo - g / 2),
    strike_type: "less",
    cap_strike: round6(lo),
  });
  for (let i = 0; i < count; i++) {
    const floor = round6(lo + i * width);
    const cap = round6(floor + width - g);
    const mid = g >= 1 ? floor + (width - g) / 2 : floor + width / 2;
    out.push({
      suffix: `B${tickerNumber(mid, model.decimals + 1)}`,
      label: `${fmt(floor)} to ${fmt(cap)}`,
      name: `${fmt(floor)} to ${fmt(cap)}`,
      p: p(floor - g / 2, cap + g / 2),
      strike_type: "between",
      floor_strike: floor,
      cap_strike: cap,
    });
  }
  out.push({
    suffix: `T${tickerNumber(round6(hi), model.decimals)}`,
    label: g >= 1 ? `${fmt(hi + g)} or above` : `above ${fmt(hi)}`,
    name: `above ${fmt(hi)}`,
    p: p(hi + g / 2, Infinity),
    strike_type: "greater",
    floor_strike: round6(hi),
  });
  return out;
}

function thresholds(model: NumericModel, width: number, count: number): Strike[] {
  const center = Math.round(model.mean / width) * width;
  const out: Strike[] = [];
  for (let i = 0; i < count; i++) {
    const s = round6(center + (i - Math.floor(count / 2)) * width);
    out.push({
      suffix: `T${tickerNumber(s, Math.max(model.decimals, 2))}`,
      label: formatValue(model, s),
      name: formatValue(model, s),
      p: 1 - normalCdf((s + model.grain / 2 - model.mean) / model.sd),
      strike_type: "greater",
      floor_strike: s,
    });
  }
  return out;
}

function round6(v: number): number {
  return Number(v.toFixed(6));
}

/**
 * Generates a catalogue.
 *
 * @param options Seed, size, start time and random generator.
 * @returns The catalogue's data.
 */
export function generateCatalogue(options: GenerateOptions): CatalogueData {
  const g = new Generator(options);
  g.run(options.markets);
  return g.data;
}

/**
 * Live data: game scores and political race counts for milestones, price and temperature series
 * for crypto and weather events, and the weather index with its calibrations. Everything is a
 * pure function of the seed, the record and the clock, so repeated reads agree.
 *
 * @module
 */

import { DAY, etFields, hashUnit, HOUR, MINUTE, valueNoise } from "./_util.ts";
import { resolveEvent } from "./outcomes.ts";
import type { CatalogueData, GameInfo, MilestoneRecord } from "./model.ts";
import { CITIES, LEAGUES } from "./leagues.ts";

/** Scoring scale per sport: typical points per team per game. */
const POINTS: Record<string, number> = {
  Basketball: 112,
  Football: 23,
  Hockey: 3,
  Baseball: 4.5,
  Soccer: 1.4,
};

const PERIODS: Record<string, number> = {
  Basketball: 4,
  Football: 4,
  Hockey: 3,
  Baseball: 9,
  Soccer: 2,
};

function progressOf(g: GameInfo, now: number): number {
  return Math.min(1, Math.max(0, (now - g.start_ms) / (g.end_ms - g.start_ms)));
}

/** Final points of each side, agreeing with how the event's markets resolve. */
function finalScore(
  data: CatalogueData,
  seed: number | string,
  eventTicker: string,
  g: GameInfo,
): { home: number; away: number } {
  const scale = POINTS[g.sport] ?? 10;
  let home = Math.round(scale * (0.7 + 0.6 * hashUnit(`${seed}/${eventTicker}/home`)));
  let away = Math.round(scale * (0.7 + 0.6 * hashUnit(`${seed}/${eventTicker}/away`)));
  // Once the event is decided the score agrees with the results; before, with how it will resolve.
  const decided = data.events.get(eventTicker)?.markets.find((t) =>
    data.markets.get(t)?.result === "yes"
  );
  const winner = decided ??
    [...resolveEvent(data, seed, eventTicker)].find(([, r]) => r.result === "yes")?.[0] ?? "";
  if (winner.endsWith("-TIE")) away = home;
  else if (winner.endsWith(`-${g.home.code}`) && home <= away) [home, away] = [away + 1, home];
  else if (winner.endsWith(`-${g.away.code}`) && away <= home) [home, away] = [away, home + 1];
  return { home, away };
}

function gameDetails(
  data: CatalogueData,
  seed: number | string,
  m: MilestoneRecord,
  g: GameInfo,
  now: number,
  players: boolean,
): Record<string, unknown> {
  const eventTicker = m.primary_event_tickers[0]!;
  const p = progressOf(g, now);
  const final = finalScore(data, seed, eventTicker, g);
  const periods = PERIODS[g.sport] ?? 4;
  const status = now < g.start_ms ? "scheduled" : now >= g.end_ms ? "final" : "live";
  const period = status === "scheduled" ? 0 : Math.min(periods, Math.floor(p * periods) + 1);
  const periodLen = (g.end_ms - g.start_ms) / periods;
  const left = status === "live"
    ? Math.max(0, g.start_ms + period * periodLen - now) * (12 * MINUTE / periodLen)
    : 0;
  const details: Record<string, unknown> = {
    status,
    competition: g.competition,
    home_team: g.home.name,
    away_team: g.away.name,
    home_points: Math.floor(final.home * p),
    away_points: Math.floor(final.away * p),
    period,
    clock: `${Math.floor(left / MINUTE)}:${
      String(Math.floor((left % MINUTE) / 1000)).padStart(2, "0")
    }`,
    scheduled_start: new Date(g.start_ms).toISOString(),
  };
  if (status === "final") {
    details.home_points = final.home;
    details.away_points = final.away;
  }
  if (players) {
    details.player_stats = [g.home, g.away].flatMap((team) =>
      [1, 2].map((n) => ({
        player: `${team.code} Player ${n}`,
        team: team.name,
        points: Math.floor(
          (team === g.home ? final.home : final.away) * p * (n === 1 ? 0.3 : 0.2),
        ),
      }))
    );
  }
  return details;
}

function raceDetails(
  data: CatalogueData,
  seed: number | string,
  m: MilestoneRecord,
  now: number,
): Record<string, unknown> {
  const ev = data.events.get(m.primary_event_tickers[0]!);
  const span = (m.end_ms ?? m.start_ms + DAY) - m.start_ms;
  const p = Math.min(1, Math.max(0, (now - m.start_ms) / span));
  const markets = (ev?.markets ?? []).map((t) => data.markets.get(t)!).filter(Boolean);
  const total = markets.reduce((s, x) => s + x.fair, 0) || 1;
  return {
    status: p <= 0 ? "scheduled" : p >= 1 ? "final" : "counting",
    precincts_reporting_pct: Math.round(p * 1000) / 10,
    candidates: markets.map((x) => ({
      name: x.yes_sub_title,
      vote_pct: Math.round(
        (x.fair / total * 100 + 4 * valueNoise(`${seed}/${x.ticker}`, now, HOUR)) * 10,
      ) / 10,
    })),
  };
}

/**
 * Live data of a milestone (`LiveData`).
 *
 * @param data The catalogue.
 * @param seed The seed.
 * @param m The milestone.
 * @param now Epoch ms.
 * @param players Include player statistics.
 * @returns `{type, details, milestone_id}`.
 */
export function milestoneLiveData(
  data: CatalogueData,
  seed: number | string,
  m: MilestoneRecord,
  now: number,
  players: boolean,
): { type: string; details: Record<string, unknown>; milestone_id: string } {
  const g = data.extras.get(m.primary_event_tickers[0]!)?.game;
  const details = g ? gameDetails(data, seed, m, g, now, players) : raceDetails(data, seed, m, now);
  return { type: m.type, details, milestone_id: m.id };
}

/**
 * Play-by-play of a game milestone so far (`PlayByPlay`), or undefined for other milestones.
 *
 * @param data The catalogue.
 * @param seed The seed.
 * @param m The milestone.
 * @param now Epoch ms.
 * @returns The periods and their scoring plays.
 */
export function gameStats(
  data: CatalogueData,
  seed: number | string,
  m: MilestoneRecord,
  now: number,
): { periods: { events: Record<string, unknown>[] }[] } | undefined {
  const eventTicker = m.primary_event_tickers[0]!;
  const g = data.extras.get(eventTicker)?.game;
  if (!g) return undefined;
  const final = finalScore(data, seed, eventTicker, g);
  const n = PERIODS[g.sport] ?? 4;
  const p = progressOf(g, now);
  const periods: { events: Record<string, unknown>[] }[] = [];
  const unit = g.sport === "Basketball" ? 8 : g.sport === "Football" ? 7 : 1;
  for (let k = 0; k < n && k < Math.ceil(p * n); k++) {
    const events: Record<string, unknown>[] = [];
    for (const [team, total] of [[g.home, final.home], [g.away, final.away]] as const) {
      const from = Math.floor(total * (k / n));
      const to = Math.floor(total * Math.min(p, (k + 1) / n));
      for (let s = from; s < to; s += unit) {
        events.push({
          type: "score",
          team: team.name,
          points: Math.min(unit, to - s),
          description: `${team.name} scores`,
        });
      }
    }
    periods.push({ events });
  }
  return { periods };
}

/**
 * The temperature index of a city at an instant (°F, two decimals).
 *
 * @param city City id.
 * @param t Epoch ms.
 * @returns The temperature.
 */
export function cityTemperature(city: string, t: number): number {
  const c = CITIES.find((x) => x.id === city);
  const f = etFields(t);
  const hour = f.h + f.min / 60;
  const v = (c?.base ?? 60) + 7 * Math.sin((2 * Math.PI * (hour - 9)) / 24) +
    3 * valueNoise(`weather/${city}`, t, 6 * HOUR) +
    0.4 * valueNoise(`weather/${city}/m`, t, 10 * MINUTE);
  return Math.round(v * 100) / 100;
}

/**
 * Live data of an event (`EventLiveData`): game state, a weather or a crypto series.
 *
 * @param data The catalogue.
 * @param seed The seed.
 * @param eventTicker The event.
 * @param now Epoch ms.
 * @param range Chart range (`15min`, `1h`, `1d`).
 * @returns The live data, or undefined when the event has none.
 */
export function eventLiveData(
  data: CatalogueData,
  seed: number | string,
  eventTicker: string,
  now: number,
  range: string | undefined,
): Record<string, unknown> | undefined {
  const extra = data.extras.get(eventTicker);
  if (!extra) return undefined;
  const ranges: Record<string, [number, number]> = {
    "15min": [15 * MINUTE, MINUTE],
    "1h": [HOUR, MINUTE],
    "1d": [DAY, 15 * MINUTE],
  };
  const series = (fn: (t: number) => number, def: string) => {
    const [span, step] = ranges[range ?? def] ?? ranges[def]!;
    const end = Math.floor(Math.min(now, extra.expected_expiration_ms) / step) * step;
    const out: { t: number; v: number }[] = [];
    for (let t = end - span + step; t <= end; t += step) out.push({ t, v: fn(t) });
    return out;
  };
  if (extra.game && extra.milestone_id) {
    const m = data.milestones.get(extra.milestone_id)!;
    return { type: m.type, details: milestoneLiveData(data, seed, m, now, false).details };
  }
  if (extra.city) {
    const city = extra.city;
    const ts = series((t) => cityTemperature(city, t), "1d");
    return {
      type: "weather_index",
      details: {
        city,
        units: "fahrenheit",
        current: ts.at(-1)?.v ?? null,
        high: Math.max(...ts.map((p) => p.v)),
        timeseries: ts,
      },
      default_range: "1d",
      range_options: ["1h", "1d"],
    };
  }
  if (extra.asset && extra.model) {
    const model = extra.model;
    const key = `${seed}/${eventTicker}/px`;
    const ts = series(
      (t) => Math.round(model.mean * (1 + 0.004 * valueNoise(key, t, 10 * MINUTE)) * 100) / 100,
      "15min",
    );
    return {
      type: "crypto_price",
      details: { asset: extra.asset, price: ts.at(-1)?.v ?? null, timeseries: ts },
      is_historical: now >= extra.expected_expiration_ms,
      default_range: "15min",
      range_options: ["15min", "1h", "1d"],
    };
  }
  return undefined;
}

/**
 * The weather index series of a city (`GetWeatherIndexResponse` body).
 *
 * @param city City id.
 * @param from Window start, epoch ms.
 * @param to Window end, epoch ms.
 * @param detailed Include per-station readings.
 * @returns The body.
 */
export function weatherIndex(
  city: string,
  from: number,
  to: number,
  detailed: boolean,
): Record<string, unknown> {
  const c = CITIES.find((x) => x.id === city)!;
  const points: Record<string, unknown>[] = [];
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t <= to; t += MINUTE) {
    const v = cityTemperature(city, t);
    const p: Record<string, unknown> = { t, v, status: "normal", contributors: 3 };
    if (detailed) {
      p.stations = [1, 2, 3].map((k) => ({
        station_id: `${c.station}${k}M`,
        code: "ok",
        source: "hf_asos",
        temp_f: Math.round((v + (k - 2) * 0.3) * 10) / 10,
        received_at_ms: t + 20_000 + k * 1000,
      }));
    }
    points.push(p);
  }
  return {
    city,
    config_version: `${city}-temperature-v1.0`,
    units: "fahrenheit",
    timeseries: points,
  };
}

/**
 * The weather index calibrations of a city (`GetWeatherIndexCalibrationsResponse` body).
 *
 * @param city City id.
 * @param start The catalogue's start, epoch ms.
 * @returns The body.
 */
export function weatherCalibrations(city: string, start: number): Record<string, unknown> {
  const c = CITIES.find((x) => x.id === city)!;
  const week = Math.floor(start / (7 * DAY)) * 7 * DAY;
  const records = [week - 7 * DAY, week].map((at, i) => ({
    config_version: `${city}-temperature-v1.0-cal-${
      new Date(at).toISOString().slice(0, 10).replaceAll("-", "")
    }`,
    published_at_ms: at - HOUR,
    effective_at_ms: at,
    change_reason: i === 0 ? "initial configuration" : "weekly calibration",
    calibration_window_start_ms: at - 28 * DAY,
    calibration_window_end_ms: at,
    city_reference_c: Math.round(((c.base - 32) * 5 / 9) * 100) / 100,
    stations: [1, 2, 3].map((k) => ({
      station_id: `${c.station}${k}M`,
      weight: k === 2 ? 0.4 : 0.3,
      offset_c: Math.round((k - 2) * 0.17 * 100) / 100,
      update_note: i === 0 ? "initial" : "updated",
    })),
  }));
  return { city, units: "celsius", calibrations: records };
}

/**
 * The search filters by sport (`GetFiltersBySportsResponse` body).
 *
 * @returns The body.
 */
export function filtersBySport(): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const l of LEAGUES) {
    filters[l.sport] = {
      scopes: ["Games", "Futures"],
      competitions: { [l.competition]: { scopes: ["Games", "Futures"] } },
    };
  }
  return { filters_by_sports: filters, sport_ordering: LEAGUES.map((l) => l.sport) };
}

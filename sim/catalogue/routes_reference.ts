/**
 * Reference-data routes: milestones, structured targets and live data.
 *
 * @module
 */

import { invalidParameters, notFound, page } from "../_http.ts";
import { DAY, HOUR } from "./_util.ts";
import { tsParam } from "./_routes.ts";
import type { Catalogue, RouteAdder } from "./catalogue.ts";
import { milestoneKey } from "./extras.ts";
import {
  eventLiveData,
  gameStats,
  milestoneLiveData,
  weatherCalibrations,
  weatherIndex,
} from "./live.ts";
import type { MilestoneRecord } from "./model.ts";
import { renderMilestone, renderTarget } from "./render.ts";
import { CITIES } from "./leagues.ts";

/** Longest weather window one request may ask for. */
export const MAX_WEATHER_WINDOW_MS = 7 * DAY;

/**
 * Declares the reference-data routes.
 *
 * @param on Adds a route.
 * @param cat The catalogue.
 */
export function registerReferenceRoutes(on: RouteAdder, cat: Catalogue): void {
  const d = cat.data;

  on("GET", "/milestones", { op: "GetMilestones", auth: "optional" }, (req) => {
    const q = req.query;
    const limit = q.int("limit", { required: true, min: 1, max: 500 })!;
    const minStartText = q.str("minimum_start_date");
    let minStart: number | undefined;
    if (minStartText !== undefined) {
      minStart = Date.parse(minStartText);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(minStartText) || Number.isNaN(minStart)) {
        throw q.fail("minimum_start_date", "datetime");
      }
    }
    const category = q.str("category")?.toLowerCase();
    const competition = q.str("competition");
    const sourceId = q.str("source_id");
    const type = q.str("type");
    const related = q.str("related_event_ticker");
    const cursor = q.str("cursor");
    const updated = tsParam(q, "min_updated_ts");
    const list = d.milestoneList.filter((m) =>
      (minStart === undefined || m.start_ms >= minStart) &&
      (category === undefined || m.category.toLowerCase() === category) &&
      (competition === undefined || m.competition === competition) &&
      (sourceId === undefined || m.source_id === sourceId) &&
      (type === undefined || m.type === type) &&
      (related === undefined || m.related_event_tickers.includes(related)) &&
      (updated === undefined || m.last_updated_ms > updated)
    );
    const p = page(list, milestoneKey, { cursor, limit });
    return { milestones: p.items.map(renderMilestone), cursor: p.cursor };
  });

  const milestone = (id: string): MilestoneRecord => {
    const m = d.milestones.get(id);
    if (!m) throw notFound("milestone", id);
    return m;
  };

  on("GET", "/milestones/{milestone_id}", { op: "GetMilestone", auth: "optional" }, (req) => {
    return { milestone: renderMilestone(milestone(req.param("milestone_id"))) };
  });

  on("GET", "/structured_targets", { op: "GetStructuredTargets", auth: "optional" }, (req) => {
    const q = req.query;
    const ids = q.repeated("ids");
    const type = q.str("type");
    const competition = q.str("competition");
    const size = q.int("page_size", { min: 1, max: 2000 }) ?? 100;
    const cursor = q.str("cursor");
    const wanted = ids ? new Set(ids) : undefined;
    const list = d.targetList.filter((t) =>
      (wanted === undefined || wanted.has(t.id)) &&
      (type === undefined || t.type === type) &&
      (competition === undefined ||
        ["league", "league_code", "conference", "division", "tour"].some((k) =>
          t.details[k] === competition
        ))
    );
    const p = page(list, (t) => t.id, { cursor, limit: size });
    return { structured_targets: p.items.map(renderTarget), cursor: p.cursor };
  });

  on(
    "GET",
    "/structured_targets/{structured_target_id}",
    { op: "GetStructuredTarget", auth: "optional" },
    (req) => {
      const t = d.targets.get(req.param("structured_target_id"));
      if (!t) throw notFound("structured target", req.param("structured_target_id"));
      return { structured_target: renderTarget(t) };
    },
  );

  const live = (m: MilestoneRecord, players: boolean) =>
    milestoneLiveData(d, cat.seed, m, cat.now(), players);

  on("GET", "/live_data/batch", { op: "GetLiveDatas", auth: "optional" }, (req) => {
    const ids = req.query.repeated("milestone_ids", { required: true, max: 100 })!;
    const players = req.query.bool("include_player_stats") ?? false;
    const live_datas = [];
    for (const id of new Set(ids)) {
      const m = d.milestones.get(id);
      if (m) live_datas.push(live(m, players));
    }
    return { live_datas };
  });

  on(
    "GET",
    "/live_data/{type}/milestone/{milestone_id}",
    { op: "GetLiveData", auth: "optional" },
    (req) => {
      const players = req.query.bool("include_player_stats") ?? false;
      const m = milestone(req.param("milestone_id"));
      if (m.type !== req.param("type")) throw notFound("live data", req.param("type"));
      return { live_data: live(m, players) };
    },
  );

  on(
    "GET",
    "/live_data/milestone/{milestone_id}",
    { op: "GetLiveDataByMilestone", auth: "optional" },
    (req) => {
      const players = req.query.bool("include_player_stats") ?? false;
      return { live_data: live(milestone(req.param("milestone_id")), players) };
    },
  );

  on(
    "GET",
    "/live_data/milestone/{milestone_id}/game_stats",
    { op: "GetGameStats", auth: "optional" },
    (req) => {
      const pbp = gameStats(d, cat.seed, milestone(req.param("milestone_id")), cat.now());
      return pbp ? { pbp } : {};
    },
  );

  on(
    "GET",
    "/live_data/events/{event_ticker}",
    { op: "GetEventLiveData", auth: "optional" },
    (req) => {
      const range = req.query.str("range");
      const ticker = req.param("event_ticker");
      if (!d.events.has(ticker)) throw notFound("event", ticker);
      const data = eventLiveData(d, cat.seed, ticker, cat.now(), range);
      if (!data) throw notFound("live data", ticker);
      return { live_data: data };
    },
  );

  const city = (id: string): string => {
    if (!CITIES.some((c) => c.id === id)) throw notFound("city", id);
    return id;
  };

  on("GET", "/live_data/weather/{city}", { op: "GetWeatherIndex", auth: "optional" }, (req) => {
    const q = req.query;
    const from = q.int("from");
    const to = q.int("to");
    const lastSec = q.int("last_sec", { min: 1 });
    const detailed = q.bool("detailed") ?? false;
    const id = city(req.param("city"));
    const now = cat.now();
    let a: number, b: number;
    if (lastSec !== undefined) {
      if (from !== undefined || to !== undefined) {
        throw invalidParameters("last_sec cannot be combined with from or to");
      }
      [a, b] = [now - lastSec * 1000, now];
    } else {
      if (from !== undefined && to === undefined) {
        throw invalidParameters("from must be paired with to");
      }
      b = to ?? now;
      a = from ?? b - 24 * HOUR;
    }
    if (a > b) throw invalidParameters("from must not be after to");
    if (b - a > MAX_WEATHER_WINDOW_MS) {
      throw invalidParameters("the window may span at most 7 days");
    }
    return weatherIndex(id, a, Math.min(b, now), detailed);
  });

  on(
    "GET",
    "/live_data/weather/{city}/calibrations",
    { op: "GetWeatherIndexCalibrations", auth: "optional" },
    (req) => weatherCalibrations(city(req.param("city")), d.start_ms),
  );
}

/**
 * Exchange-wide routes: status, schedule, user data freshness, the removed announcements, series
 * fee changes, search helpers and incentive programs.
 *
 * @module
 */

import { page } from "../_http.ts";
import { DAY, HOUR, iso } from "./_util.ts";
import { limitParam } from "./_routes.ts";
import type { Catalogue, RouteAdder } from "./catalogue.ts";
import { filtersBySport } from "./live.ts";
import { renderProgram, renderSeriesFeeChange } from "./render.ts";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * Declares the exchange routes.
 *
 * @param on Adds a route.
 * @param cat The catalogue.
 */
export function registerExchangeRoutes(on: RouteAdder, cat: Catalogue): void {
  const d = cat.data;

  on("GET", "/exchange/status", { op: "GetExchangeStatus", auth: "optional" }, () => {
    const s = cat.exchangeStatus();
    return {
      exchange_active: s.exchange_active,
      trading_active: s.trading_active,
      exchange_estimated_resume_time: s.estimated_resume_ms === undefined
        ? null
        : iso(s.estimated_resume_ms),
      intra_exchange_transfers_active: s.exchange_active,
      exchange_index_statuses: [{
        exchange_index: 0,
        description: "Default exchange",
        exchange_active: s.exchange_active,
        trading_active: s.trading_active,
        intra_exchange_transfers_active: s.exchange_active,
      }],
    };
  });

  on("GET", "/exchange/schedule", { op: "GetExchangeSchedule", auth: "optional" }, () => {
    const hours: Record<string, unknown> = {
      start_time: iso(Date.UTC(2024, 0, 1)),
      end_time: iso(Date.UTC(2099, 11, 31)),
    };
    for (const day of DAYS) hours[day] = [{ open_time: "00:00", close_time: "23:59" }];
    // Next Thursday 08:00 UTC (03:00 ET): the weekly maintenance window.
    const day0 = Math.floor(cat.now() / DAY) * DAY;
    const wd = new Date(day0).getUTCDay();
    let start = day0 + ((4 - wd + 7) % 7) * DAY + 8 * HOUR;
    if (start <= cat.now()) start += 7 * DAY;
    return {
      schedule: {
        standard_hours: [hours],
        maintenance_windows: [{ start_datetime: iso(start), end_datetime: iso(start + 2 * HOUR) }],
      },
    };
  });

  on(
    "GET",
    "/exchange/user_data_timestamp",
    { op: "GetUserDataTimestamp", auth: "optional" },
    () => {
      return { as_of_time: iso(cat.now()) };
    },
  );

  on(
    "GET",
    "/exchange/announcements",
    {
      op: "GetExchangeAnnouncements",
      auth: "optional",
      deprecated: "GET /exchange/announcements was removed on Jul 4 2026",
    },
    () => ({
      announcements: [{
        type: "info",
        message: "Welcome to the kalshikit simulator.",
        delivery_time: iso(d.start_ms),
        status: "active",
      }],
    }),
  );

  on("GET", "/series/fee_changes", { op: "GetSeriesFeeChanges", auth: "optional" }, (req) => {
    const series = req.query.str("series_ticker");
    const historical = req.query.bool("show_historical") ?? false;
    const now = cat.now();
    return {
      series_fee_change_arr: d.seriesFeeChanges
        .filter((f) =>
          (series === undefined || f.series_ticker === series) &&
          (historical || f.scheduled_ms > now)
        )
        .map(renderSeriesFeeChange),
    };
  });

  on(
    "GET",
    "/search/tags_by_categories",
    { op: "GetTagsForSeriesCategories", auth: "optional" },
    () => {
      const out: Record<string, string[]> = {};
      for (const s of d.seriesList) {
        for (const c of s.categories) {
          const tags = out[c] ??= [];
          for (const t of s.tags) if (!tags.includes(t)) tags.push(t);
        }
      }
      return { tags_by_categories: out };
    },
  );

  on("GET", "/search/filters_by_sport", { op: "GetFiltersForSports", auth: "optional" }, () => {
    return filtersBySport();
  });

  on("GET", "/incentive_programs", { op: "GetIncentivePrograms", auth: "optional" }, (req) => {
    const q = req.query;
    const status =
      q.str("status", { oneOf: ["all", "active", "upcoming", "closed", "paid_out"] }) ??
        "all";
    const type = q.str("type", { oneOf: ["all", "liquidity", "volume"] }) ?? "all";
    const limit = limitParam(q, 10_000, 100);
    const cursor = q.str("cursor");
    const description = q.str("incentive_description");
    const now = cat.now();
    const statusOf = (p: (typeof d.programs)[number]) =>
      p.paid_out
        ? "paid_out"
        : now < p.start_ms
        ? "upcoming"
        : now < p.end_ms
        ? "active"
        : "closed";
    const list = d.programs.filter((p) =>
      (status === "all" || statusOf(p) === status) &&
      (type === "all" || p.incentive_type === type) &&
      (description === undefined || p.incentive_description === description)
    );
    const p = page(list, (x) => x.id, { cursor, limit });
    return { incentive_programs: p.items.map(renderProgram), next_cursor: p.cursor };
  });
}

/**
 * Multivariate event collections: validating a selection of legs the way Kalshi does, creating
 * (or finding) the combo market for it, deciding combos from their legs, and the lookup history.
 *
 * @module
 */

import { apiError, type SimHttpError } from "../_http.ts";
import { freshMarketStats } from "../types.ts";
import type { EventRecord, MarketRecord, MveLeg } from "../types.ts";
import { byCode, hexOf, insertSorted } from "./_util.ts";
import { probabilityToPrice, structureOf } from "./_ticks.ts";
import type { CatalogueData, CollectionRecord } from "./model.ts";

/** The price level structure of every combo market (Aug 27 2026). */
export const COMBO_STRUCTURE = "center_deci_edge_centi_cent";

/** How many lookup records a collection keeps. */
const MAX_LOOKUPS = 2000;

/**
 * A collection's status at an instant.
 *
 * @param c The collection.
 * @param now Epoch ms.
 * @returns `unopened`, `open` or `closed`.
 */
export function collectionStatus(c: CollectionRecord, now: number): "unopened" | "open" | "closed" {
  if (now < c.open_ms) return "unopened";
  return now < c.close_ms ? "open" : "closed";
}

function comboError(code: string, message: string, tickers: string[]): SimHttpError {
  return apiError(400, code, message, tickers.join(","));
}

/**
 * Checks a selection of legs against a collection; throws Kalshi's 400s
 * (`invalid_market_combination`, `duplicated_legs`, `conflicting_leg_outcomes`).
 *
 * @param data The catalogue.
 * @param c The collection.
 * @param legs The selection.
 * @param now Epoch ms.
 */
export function validateLegs(
  data: CatalogueData,
  c: CollectionRecord,
  legs: readonly MveLeg[],
  now: number,
): void {
  if (collectionStatus(c, now) !== "open") {
    throw apiError(400, "collection_not_open", "collection is not open", c.collection_ticker);
  }
  if (legs.length < c.size_min || legs.length > c.size_max) {
    throw comboError(
      "invalid_market_combination",
      `a combination needs between ${c.size_min} and ${c.size_max} markets`,
      legs.map((l) => l.market_ticker),
    );
  }
  const seen = new Map<string, MveLeg>();
  for (const leg of legs) {
    const prior = seen.get(leg.market_ticker);
    if (prior) {
      throw prior.side === leg.side
        ? comboError("duplicated_legs", "duplicated legs", [leg.market_ticker])
        : comboError("conflicting_leg_outcomes", "conflicting leg outcomes", [leg.market_ticker]);
    }
    seen.set(leg.market_ticker, leg);
  }
  const perEvent = new Map<string, MveLeg[]>();
  for (const leg of legs) {
    const assoc = c.associated_events.find((a) => a.ticker === leg.event_ticker);
    const m = data.markets.get(leg.market_ticker);
    if (!assoc || !m || m.event_ticker !== leg.event_ticker) {
      throw comboError(
        "invalid_market_combination",
        "market is not part of this collection",
        [leg.market_ticker],
      );
    }
    if (m.status !== "active") {
      throw comboError("invalid_market_combination", "market is not open", [leg.market_ticker]);
    }
    if (assoc.is_yes_only && leg.side !== "yes") {
      throw comboError(
        "invalid_market_combination",
        "only the yes side may be selected for this event",
        [leg.market_ticker],
      );
    }
    perEvent.set(leg.event_ticker, [...(perEvent.get(leg.event_ticker) ?? []), leg]);
  }
  for (const [eventTicker, group] of perEvent) {
    const ev = data.events.get(eventTicker)!;
    const yes = group.filter((l) => l.side === "yes");
    if (ev.mutually_exclusive && yes.length > 1) {
      throw comboError(
        "conflicting_leg_outcomes",
        "conflicting leg outcomes",
        yes.map((l) => l.market_ticker),
      );
    }
    const assoc = c.associated_events.find((a) => a.ticker === eventTicker)!;
    const max = c.is_single_market_per_event ? 1 : assoc.size_max ?? Infinity;
    if (group.length > max || group.length < (assoc.size_min ?? 0)) {
      throw comboError(
        "invalid_market_combination",
        `too many markets from event ${eventTicker}`,
        group.map((l) => l.market_ticker),
      );
    }
  }
}

/**
 * The legs in the collection's canonical order (sorted unless the collection is ordered).
 *
 * @param c The collection.
 * @param legs The selection.
 * @returns A copy, canonically ordered.
 */
export function canonicalLegs(c: CollectionRecord, legs: readonly MveLeg[]): MveLeg[] {
  const copy = legs.map((l) => ({
    event_ticker: l.event_ticker,
    market_ticker: l.market_ticker,
    side: l.side,
  }));
  if (!c.is_ordered) {
    copy.sort((a, b) => byCode(a.market_ticker + a.side, b.market_ticker + b.side));
  }
  return copy;
}

function keyOf(c: CollectionRecord, legs: readonly MveLeg[]): string {
  return `${c.collection_ticker}|${legs.map((l) => `${l.market_ticker}:${l.side}`).join(",")}`;
}

/**
 * The combo market already created for a selection, if any.
 *
 * @param data The catalogue.
 * @param c The collection.
 * @param legs The selection.
 * @returns The market, or undefined.
 */
export function findCombo(
  data: CatalogueData,
  c: CollectionRecord,
  legs: readonly MveLeg[],
): MarketRecord | undefined {
  const ticker = data.combos.get(keyOf(c, canonicalLegs(c, legs)));
  return ticker === undefined ? undefined : data.markets.get(ticker);
}

/**
 * Creates the combo market (and its event) for a validated selection, or returns the existing one.
 *
 * @param data The catalogue.
 * @param c The collection.
 * @param selected The selection (validated).
 * @param now Creation time, epoch ms.
 * @returns The market, its event, and whether it was created now.
 */
export function buildCombo(
  data: CatalogueData,
  c: CollectionRecord,
  selected: readonly MveLeg[],
  now: number,
): { market: MarketRecord; event: EventRecord; created: boolean } {
  const legs = canonicalLegs(c, selected);
  const key = keyOf(c, legs);
  const existing = data.combos.get(key);
  if (existing !== undefined) {
    const market = data.markets.get(existing)!;
    return { market, event: data.events.get(market.event_ticker)!, created: false };
  }
  const year = new Date(now).getUTCFullYear();
  const eventTicker = `${c.collection_ticker}-S${year}${hexOf(`${key}/e`, 11)}`;
  const ticker = `${eventTicker}-${hexOf(`${key}/m`, 11)}`;
  const markets = legs.map((l) => data.markets.get(l.market_ticker)!);
  let p = 1;
  for (let i = 0; i < legs.length; i++) {
    const f = markets[i]!.fair / 10_000;
    p *= legs[i]!.side === "yes" ? f : 1 - f;
  }
  const structure = structureOf(COMBO_STRUCTURE);
  const title = legs.map((l, i) => `${l.side} ${markets[i]!.yes_sub_title}`).join(",");
  const series = data.series.get(c.series_ticker);
  const close = Math.min(...markets.map((m) => m.close_ms));
  const expected = Math.max(
    ...legs.map((l) => data.extras.get(l.event_ticker)?.expected_expiration_ms ?? close),
  );
  const event: EventRecord = {
    event_ticker: eventTicker,
    series_ticker: c.series_ticker,
    title: c.title,
    sub_title: `${legs.length} legs`,
    category: series?.category ?? "Sports",
    collateral_return_type: "",
    mutually_exclusive: false,
    markets: [ticker],
    is_multivariate: true,
    collection_ticker: c.collection_ticker,
    exchange_index: c.exchange_index,
    last_updated_ms: now,
  };
  const fair = probabilityToPrice(p, structure.bands);
  const market: MarketRecord = {
    ticker,
    event_ticker: eventTicker,
    series_ticker: c.series_ticker,
    market_type: "binary",
    title,
    subtitle: title,
    yes_sub_title: title,
    no_sub_title: title,
    created_ms: now,
    updated_ms: now,
    open_ms: now,
    close_ms: close,
    expected_expiration_ms: expected,
    latest_expiration_ms: Math.max(...markets.map((m) => m.latest_expiration_ms)),
    settlement_timer_seconds: Math.max(300, ...markets.map((m) => m.settlement_timer_seconds)),
    status: "active",
    result: "",
    can_close_early: true,
    rules_primary: "If every selected leg resolves as selected, then the market resolves to Yes.",
    rules_secondary: `Legs: ${legs.map((l) => `${l.market_ticker} (${l.side})`).join(", ")}. ` +
      "If any leg resolves against its selection, the market resolves to No.",
    price_level_structure: COMBO_STRUCTURE,
    price_ranges: structure.ranges,
    bands: structure.bands,
    mve_collection_ticker: c.collection_ticker,
    mve_selected_legs: legs,
    exchange_index: c.exchange_index,
    fair,
    ...freshMarketStats(),
  };
  data.events.set(eventTicker, event);
  insertSorted(data.eventList, event, (e) => e.event_ticker);
  data.extras.set(eventTicker, { expected_expiration_ms: expected });
  data.markets.set(ticker, market);
  insertSorted(data.marketList, market, (m) => m.ticker);
  data.initialFair.set(ticker, fair);
  data.combos.set(key, ticker);
  for (const l of legs) {
    const list = data.combosByLeg.get(l.market_ticker) ?? [];
    list.push(ticker);
    data.combosByLeg.set(l.market_ticker, list);
  }
  return { market, event, created: true };
}

/**
 * A combo's result once its legs allow it: `no` as soon as one leg resolves against its side,
 * `yes` when every leg has resolved as selected, otherwise undefined.
 *
 * @param data The catalogue.
 * @param combo The combo market.
 * @returns The result, or undefined.
 */
export function comboOutcome(data: CatalogueData, combo: MarketRecord): "yes" | "no" | undefined {
  let all = true;
  for (const leg of combo.mve_selected_legs ?? []) {
    const m = data.markets.get(leg.market_ticker);
    const decided = m && (m.status === "determined" || m.status === "finalized") &&
      (m.result === "yes" || m.result === "no");
    if (!decided) {
      all = false;
      continue;
    }
    if (m.result !== leg.side) return "no";
  }
  return all ? "yes" : undefined;
}

/**
 * Records that a combo was created or looked up (for the lookup history).
 *
 * @param data The catalogue.
 * @param c The collection.
 * @param market The combo market.
 * @param now Epoch ms.
 */
export function recordLookup(
  data: CatalogueData,
  c: CollectionRecord,
  market: MarketRecord,
  now: number,
): void {
  const prior = data.lookups.find((l) => l.market_ticker === market.ticker);
  if (prior) {
    prior.last_queried_ms = now;
    return;
  }
  data.lookups.push({
    collection_ticker: c.collection_ticker,
    event_ticker: market.event_ticker,
    market_ticker: market.ticker,
    selected_markets: market.mve_selected_legs ?? [],
    last_queried_ms: now,
  });
  if (data.lookups.length > MAX_LOOKUPS) data.lookups.splice(0, data.lookups.length - MAX_LOOKUPS);
}

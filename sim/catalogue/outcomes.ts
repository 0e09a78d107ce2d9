/**
 * How events resolve: a numeric event settles on a value drawn (deterministically) from its
 * model and each market's strike decides its result; an exclusive event has one winner drawn by
 * the markets' probabilities; other markets resolve one by one.
 *
 * @module
 */

import type { MarketRecord } from "../types.ts";
import { groupNumber, hashUnit, normalQuantile } from "./_util.ts";
import type { CatalogueData, NumericModel } from "./model.ts";

/**
 * Formats a value of a numeric underlying as titles show it.
 *
 * @param model The model.
 * @param v The value.
 * @returns E.g. `$97,500`, `45°`, `0.3%`.
 */
export function formatValue(model: NumericModel, v: number): string {
  return `${model.prefix}${groupNumber(v, model.decimals)}${model.suffix}`;
}

/**
 * The value a numeric event settles on: a deterministic draw from its model.
 *
 * @param seed The catalogue seed.
 * @param eventTicker The event.
 * @param model Its model.
 * @returns The value, on the model's grain.
 */
export function drawValue(seed: number | string, eventTicker: string, model: NumericModel): number {
  const z = normalQuantile(hashUnit(`${seed}/${eventTicker}/x`));
  const raw = model.mean + model.sd * z;
  return Number((Math.round(raw / model.grain) * model.grain).toFixed(6));
}

/**
 * Whether a market of a numeric event resolves YES for a value.
 *
 * @param m The market.
 * @param x The value.
 * @returns The result.
 */
export function strikeResult(m: MarketRecord, x: number): boolean {
  switch (m.strike_type) {
    case "between":
      return x >= (m.floor_strike ?? -Infinity) && x <= (m.cap_strike ?? Infinity);
    case "less":
      return x < (m.cap_strike ?? Infinity);
    case "greater":
      return x > (m.floor_strike ?? Infinity);
    default:
      return false;
  }
}

/**
 * Decides the results of an event's markets (numeric events from their drawn value, exclusive
 * events by a draw weighted by the markets' probabilities, others market by market).
 *
 * @param data The catalogue.
 * @param seed The seed.
 * @param eventTicker The event.
 * @returns Result and expiration value per market ticker.
 */
export function resolveEvent(
  data: CatalogueData,
  seed: number | string,
  eventTicker: string,
): Map<string, { result: "yes" | "no"; expiration_value: string }> {
  const out = new Map<string, { result: "yes" | "no"; expiration_value: string }>();
  const ev = data.events.get(eventTicker);
  if (!ev) return out;
  const markets = ev.markets.map((t) => data.markets.get(t)!).filter((m) => m !== undefined);
  const model = data.extras.get(eventTicker)?.model;
  if (model) {
    const x = drawValue(seed, eventTicker, model);
    const text = groupNumber(x, model.decimals);
    for (const m of markets) {
      out.set(m.ticker, { result: strikeResult(m, x) ? "yes" : "no", expiration_value: text });
    }
    return out;
  }
  if (ev.mutually_exclusive && markets.length > 0) {
    const total = markets.reduce((s, m) => s + m.fair, 0);
    let r = hashUnit(`${seed}/${eventTicker}/w`) * total;
    let winner = markets.at(-1)!;
    for (const m of markets) {
      r -= m.fair;
      if (r < 0) {
        winner = m;
        break;
      }
    }
    for (const m of markets) {
      out.set(m.ticker, {
        result: m === winner ? "yes" : "no",
        expiration_value: winner.yes_sub_title,
      });
    }
    return out;
  }
  for (const m of markets) {
    const yes = hashUnit(`${seed}/${m.ticker}/b`) * 10_000 < m.fair;
    out.set(m.ticker, { result: yes ? "yes" : "no", expiration_value: yes ? "Yes" : "No" });
  }
  return out;
}

/**
 * Tick grids of generated markets: the shared ranges and bands of each price level structure, and
 * probabilities snapped onto a grid.
 *
 * @module
 */

import {
  parsePriceRanges,
  type Price,
  PRICE_LEVEL_STRUCTURES,
  type PriceRangeWire,
  roundToTick,
  type TickBand,
} from "../../money/mod.ts";

const structureCache = new Map<string, { ranges: PriceRangeWire[]; bands: TickBand[] }>();

/**
 * The price ranges and parsed bands of a known price level structure.
 *
 * @param name A key of `PRICE_LEVEL_STRUCTURES`.
 * @returns Ranges (wire) and bands (parsed), shared between markets.
 */
export function structureOf(name: string): { ranges: PriceRangeWire[]; bands: TickBand[] } {
  let s = structureCache.get(name);
  if (!s) {
    const wire = PRICE_LEVEL_STRUCTURES[name as keyof typeof PRICE_LEVEL_STRUCTURES] ??
      PRICE_LEVEL_STRUCTURES.linear_cent;
    const ranges = wire.map((r) => ({ ...r }));
    s = { ranges, bands: parsePriceRanges(ranges) };
    structureCache.set(name, s);
  }
  return s;
}

/**
 * A probability as a price on a tick grid, kept strictly inside (0, 1).
 *
 * @param p Probability.
 * @param bands The grid.
 * @returns The nearest valid price.
 */
export function probabilityToPrice(p: number, bands: readonly TickBand[]): Price {
  const raw = Math.round(Math.min(0.9999, Math.max(0.0001, p)) * 10_000);
  return roundToTick(raw, bands, "nearest") ?? roundToTick(raw, bands, "up") ?? 100;
}

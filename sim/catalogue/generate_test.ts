import assert from "node:assert/strict";
import { isOnTick } from "../../money/mod.ts";
import { Rng } from "../_rng.ts";
import { generateCatalogue } from "./generate.ts";
import type { CatalogueData } from "./model.ts";

const START = Date.UTC(2026, 11, 1, 15, 7, 30);

function gen(seed: number | string, markets: number, startMs = START): CatalogueData {
  return generateCatalogue({ seed, markets, startMs, rng: Rng.derive(seed, "catalogue") });
}

function snapshot(d: CatalogueData): string {
  return JSON.stringify({
    series: d.seriesList,
    events: d.eventList,
    markets: d.marketList,
    collections: d.collectionList,
    milestones: d.milestoneList,
    programs: d.programs,
  });
}

Deno.test("generateCatalogue() gives the same catalogue for the same seed and start", () => {
  assert.equal(snapshot(gen(42, 400)), snapshot(gen(42, 400)));
  assert.notEqual(snapshot(gen(42, 400)), snapshot(gen(43, 400)));
});

Deno.test("generateCatalogue() makes exactly the number of markets asked for", () => {
  for (const n of [50, 51, 99, 200, 777]) {
    const d = gen(1, n);
    assert.equal(d.markets.size, n);
    assert.equal(d.marketList.length, n);
  }
});

Deno.test("generateCatalogue() keeps markets consistent with their times and events", () => {
  const cases: [number, number][] = [
    [1, START],
    [2, Date.UTC(2026, 1, 28, 23, 59)],
    [3, Date.UTC(2027, 0, 1)],
  ];
  for (const [seed, start] of cases) {
    const d = gen(seed, 600, start);
    const tickers = d.marketList.map((m) => m.ticker);
    assert.deepEqual(tickers, [...tickers].sort());
    for (const m of d.marketList) {
      assert.ok(isOnTick(m.fair, m.bands), `${m.ticker} fair ${m.fair} is on its grid`);
      assert.ok(d.events.get(m.event_ticker)?.markets.includes(m.ticker));
      assert.ok(d.series.has(m.series_ticker));
      assert.ok(m.created_ms <= m.open_ms && m.created_ms <= start);
      assert.match(m.ticker, /^KX[A-Z0-9]+-[A-Z0-9.]+(-[A-Z0-9.]+)?$/);
      switch (m.status) {
        case "active":
        case "inactive":
          assert.ok(m.open_ms <= start && start < m.close_ms, m.ticker);
          break;
        case "initialized":
          assert.ok(m.open_ms > start, m.ticker);
          break;
        case "determined":
          assert.ok(m.close_ms <= start && m.determined_ms! <= start, m.ticker);
          assert.ok(start < m.determined_ms! + m.settlement_timer_seconds * 1000, m.ticker);
          assert.notEqual(m.result, "");
          break;
        case "finalized":
          assert.ok(m.settled_ms! <= start, m.ticker);
          assert.notEqual(m.result, "");
          break;
        default:
          assert.equal(m.status, "closed");
          assert.ok(m.close_ms <= start);
      }
    }
    for (const e of d.eventList) {
      assert.ok(e.markets.length > 0);
      const ms = e.markets.map((t) => d.markets.get(t)!);
      if (e.mutually_exclusive && ms.every((m) => m.result !== "")) {
        assert.equal(ms.filter((m) => m.result === "yes").length, 1, e.event_ticker);
      }
    }
  }
});

Deno.test("generateCatalogue() covers categories, statuses, tick structures and combos", () => {
  const d = gen(1, 3000);
  const statuses = new Set(d.marketList.map((m) => m.status));
  for (const s of ["active", "inactive", "initialized", "closed", "determined", "finalized"]) {
    assert.ok(statuses.has(s as never), `status ${s}`);
  }
  const categories = new Set(d.eventList.map((e) => e.category));
  for (
    const c of [
      "Economics",
      "Politics",
      "Sports",
      "Climate and Weather",
      "Financials",
      "Crypto",
      "Entertainment",
    ]
  ) {
    assert.ok(categories.has(c), c);
  }
  const structures = new Set(d.marketList.map((m) => m.price_level_structure));
  for (
    const s of ["linear_cent", "tapered_deci_cent", "deci_cent", "center_deci_edge_centi_cent"]
  ) {
    assert.ok(structures.has(s), s);
  }
  const combos = d.marketList.filter((m) => m.mve_collection_ticker !== undefined);
  assert.ok(combos.length >= 40);
  for (const c of combos) {
    assert.ok(c.ticker.startsWith("KXMVE"));
    assert.ok(c.mve_selected_legs!.length >= 2);
    assert.equal(d.events.get(c.event_ticker)?.is_multivariate, true);
  }
  const fairs = d.marketList.map((m) => m.fair);
  const middle = fairs.filter((f) => f >= 500 && f <= 9500).length;
  assert.ok(middle / fairs.length > 0.7, "most fair values lie in 0.05..0.95");
  assert.ok(d.milestones.size > 20 && d.targets.size > 50 && d.programs.length > 20);
  assert.ok(d.seriesFeeChanges.length > 0 && d.eventFeeChanges.length > 0);
  const weather = d.markets.get(
    d.marketList.find((m) => m.ticker.startsWith("KXHIGHNY-") && m.strike_type === "between")!
      .ticker,
  )!;
  assert.match(weather.ticker, /^KXHIGHNY-\d{2}[A-Z]{3}\d{2}-B\d+\.5$/);
  assert.equal(weather.cap_strike! - weather.floor_strike!, 1);
});

Deno.test("generateCatalogue() keeps small catalogues varied", () => {
  const d = gen(5, 50);
  const statuses = new Set(d.marketList.map((m) => m.status));
  assert.ok(statuses.has("active") && statuses.has("finalized"));
  assert.ok(d.marketList.some((m) => m.mve_collection_ticker !== undefined));
  assert.ok(d.eventList.some((e) => e.category === "Sports"));
});

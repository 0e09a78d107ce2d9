import assert from "node:assert/strict";
import { simFetcher } from "../../_testing/sim_fetch.ts";
import { startSim } from "../server.ts";
import type { SimEvent } from "../types.ts";
import type { Catalogue } from "./catalogue.ts";

Deno.test("POST /multivariate_event_collections/{ticker} creates a combo market once", async () => {
  await using sim = await startSim({ markets: 200, rateLimits: false });
  using f = await simFetcher(sim);
  const cat = sim.exchange.catalogue as Catalogue;
  const events: SimEvent[] = [];
  sim.exchange.bus.on((e) => events.push(e));
  const coll = cat.collection("KXMVESPORTSMULTIGAMEEXTENDED")!;
  const open = coll.associated_events.filter((a) =>
    cat.event(a.ticker)!.markets.every((t) => cat.market(t)!.status === "active")
  );
  const legs = open.slice(0, 3).map((a, i) => ({
    event_ticker: a.ticker,
    market_ticker: cat.event(a.ticker)!.markets[i % 2]!,
    side: i === 1 ? "no" : "yes",
  }));
  const path = `/multivariate_event_collections/${coll.collection_ticker}`;
  const created = await f("POST", path, { selected_markets: legs, with_market_payload: true });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const body = created.body as {
    event_ticker: string;
    market_ticker: string;
    market: { mve_collection_ticker: string; mve_selected_legs: unknown[]; status: string };
  };
  assert.ok(body.market_ticker.startsWith(`${body.event_ticker}-`));
  assert.equal(body.market.mve_collection_ticker, coll.collection_ticker);
  assert.equal(body.market.mve_selected_legs.length, 3);
  assert.equal(body.market.status, "active");
  assert.ok(
    events.some((e) =>
      e.type === "market_lifecycle" && e.ticker === body.market_ticker && e.event_type === "created"
    ),
  );

  const again = await f("POST", path, { selected_markets: [...legs].reverse() });
  assert.deepEqual(again.body, {
    event_ticker: body.event_ticker,
    market_ticker: body.market_ticker,
  });
  assert.equal(
    events.filter((e) => e.type === "market_lifecycle" && e.ticker === body.market_ticker).length,
    1,
  );

  const market = await f("GET", `/markets/${body.market_ticker}`);
  assert.equal(market.status, 200);
  const multi = await f(
    "GET",
    `/events/multivariate?collection_ticker=${coll.collection_ticker}&limit=200`,
  );
  const tickers = (multi.body as { events: { event_ticker: string }[] }).events.map((e) =>
    e.event_ticker
  );
  assert.ok(tickers.includes(body.event_ticker));
  const plain = await f("GET", `/events/${body.event_ticker}`);
  assert.equal(plain.status, 200);

  const lookup = await f("PUT", `${path}/lookup`, { selected_markets: legs });
  assert.deepEqual(lookup.body, {
    event_ticker: body.event_ticker,
    market_ticker: body.market_ticker,
  });
  assert.equal(lookup.headers.get("deprecation"), "true");
  const history = await f("GET", `${path}/lookup?lookback_seconds=60`);
  const points = (history.body as { lookup_points: { market_ticker: string }[] }).lookup_points;
  assert.ok(points.some((p) => p.market_ticker === body.market_ticker));

  const unknown = await f("PUT", `${path}/lookup`, { selected_markets: legs.slice(0, 2) });
  assert.equal(unknown.status, 404);

  const conflict = await f("POST", path, {
    selected_markets: [legs[0], { ...legs[0], side: "no" }],
  });
  assert.equal(conflict.status, 400);
  assert.equal(
    (conflict.body as { error: { code: string; details: string } }).error.code,
    "conflicting_leg_outcomes",
  );
  const dup = await f("POST", path, { selected_markets: [legs[0], legs[0]] });
  assert.equal((dup.body as { error: { code: string } }).error.code, "duplicated_legs");
  const closed = await f("POST", "/multivariate_event_collections/KXMVEELECTIONS", {
    selected_markets: legs.slice(0, 2),
  });
  assert.equal(closed.status, 400);
  const missing = await f("POST", "/multivariate_event_collections/KXNOPE", {
    selected_markets: legs.slice(0, 2),
  });
  assert.equal(missing.status, 404);
});

Deno.test("GET /multivariate_event_collections filters by status, event and series", async () => {
  await using sim = await startSim({ markets: 200, rateLimits: false });
  using f = await simFetcher(sim);
  const list = async (q: string) =>
    ((await f("GET", `/multivariate_event_collections?${q}`)).body as {
      multivariate_contracts: { collection_ticker: string }[];
    }).multivariate_contracts.map((c) => c.collection_ticker);
  assert.deepEqual(await list("status=closed"), ["KXMVEELECTIONS"]);
  assert.deepEqual(await list("status=unopened"), ["KXMVEAWARDS"]);
  assert.deepEqual(await list("status=open"), [
    "KXMVECROSSCATEGORY",
    "KXMVESPORTSMULTIGAMEEXTENDED",
  ]);
  assert.deepEqual(await list("series_ticker=KXMVECROSSCATEGORY"), ["KXMVECROSSCATEGORY"]);
  const cat = sim.exchange.catalogue as Catalogue;
  const ev = cat.collection("KXMVESPORTSMULTIGAMEEXTENDED")!.associated_events[0]!.ticker;
  assert.deepEqual(await list(`associated_event_ticker=${ev}`), ["KXMVESPORTSMULTIGAMEEXTENDED"]);
  assert.equal((await list("limit=1")).length, 1);
});

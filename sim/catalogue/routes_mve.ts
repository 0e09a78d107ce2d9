/**
 * Multivariate collection routes: listing, creating combo markets, and the removed lookup routes.
 *
 * @module
 */

import { badRequest, type BodyReader, invalidParameters, notFound, page } from "../_http.ts";
import type { MveLeg } from "../types.ts";
import { iso } from "./_util.ts";
import { limitParam, wireMarket } from "./_routes.ts";
import type { Catalogue, RouteAdder } from "./catalogue.ts";
import type { CollectionRecord } from "./model.ts";
import { collectionStatus } from "./mve.ts";
import { renderCollection, type Wire } from "./render.ts";

/**
 * Reads `selected_markets` (an array of `TickerPair`) from a request body.
 *
 * @param body The body reader.
 * @param type The Go request type, for decoder errors.
 * @returns The legs.
 */
function readLegs(body: BodyReader, type: string): MveLeg[] {
  const raw = body.array("selected_markets", { required: true })!;
  return raw.map((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw badRequest(
        `json: cannot unmarshal ${Array.isArray(item) ? "array" : typeof item} into Go struct ` +
          `field ${type}.selected_markets of type TickerPair`,
      );
    }
    const o = item as Record<string, unknown>;
    for (const k of ["market_ticker", "event_ticker", "side"]) {
      if (o[k] !== undefined && typeof o[k] !== "string") {
        throw badRequest(
          `json: cannot unmarshal ${typeof o[k]} into Go struct field TickerPair.` +
            `selected_markets.${k} of type string`,
        );
      }
      if (typeof o[k] !== "string" || o[k] === "") {
        throw invalidParameters(`selected_markets[${i}].${k} is required`);
      }
    }
    if (o.side !== "yes" && o.side !== "no") {
      throw invalidParameters(`selected_markets[${i}].side must be one of yes, no`);
    }
    return {
      market_ticker: o.market_ticker as string,
      event_ticker: o.event_ticker as string,
      side: o.side,
    };
  });
}

/**
 * Declares the multivariate collection routes.
 *
 * @param on Adds a route.
 * @param cat The catalogue.
 */
export function registerMveRoutes(on: RouteAdder, cat: Catalogue): void {
  const d = cat.data;
  const collection = (ticker: string): CollectionRecord => {
    const c = d.collections.get(ticker);
    if (!c) throw notFound("multivariate event collection", ticker);
    return c;
  };

  on(
    "GET",
    "/multivariate_event_collections",
    { op: "GetMultivariateEventCollections", auth: "optional" },
    (req) => {
      const q = req.query;
      const status = q.str("status", { oneOf: ["unopened", "open", "closed"] });
      const event = q.str("associated_event_ticker");
      const series = q.str("series_ticker");
      const limit = limitParam(q, 200, 100);
      const cursor = q.str("cursor");
      const now = cat.now();
      const list = d.collectionList.filter((c) =>
        (status === undefined || collectionStatus(c, now) === status) &&
        (event === undefined || c.associated_events.some((a) => a.ticker === event)) &&
        (series === undefined || c.series_ticker === series)
      );
      const p = page(list, (c) => c.collection_ticker, { cursor, limit });
      return { multivariate_contracts: p.items.map(renderCollection), cursor: p.cursor };
    },
  );

  on(
    "GET",
    "/multivariate_event_collections/{collection_ticker}",
    { op: "GetMultivariateEventCollection", auth: "optional" },
    (req) => ({
      multivariate_contract: renderCollection(collection(req.param("collection_ticker"))),
    }),
  );

  on(
    "POST",
    "/multivariate_event_collections/{collection_ticker}",
    { op: "CreateMarketInMultivariateEventCollection" },
    async (req) => {
      const body = await req.body("CreateMarketInMultivariateEventCollectionRequest");
      const legs = readLegs(body, "CreateMarketInMultivariateEventCollectionRequest");
      const withMarket = body.bool("with_market_payload") ?? false;
      const c = collection(req.param("collection_ticker"));
      const { market } = cat.createCombo(c.collection_ticker, legs);
      const out: Wire = { event_ticker: market.event_ticker, market_ticker: market.ticker };
      if (withMarket) out.market = wireMarket(cat, market);
      return out;
    },
  );

  on(
    "GET",
    "/multivariate_event_collections/{collection_ticker}/lookup",
    {
      op: "GetMultivariateEventCollectionLookupHistory",
      auth: "optional",
      deprecated: "The multivariate lookup history was removed on Jul 2 2026",
    },
    (req) => {
      const seconds = req.query.int("lookback_seconds", {
        required: true,
        oneOf: [10, 60, 300, 3600],
      })!;
      const c = collection(req.param("collection_ticker"));
      return {
        lookup_points: cat.lookups(c.collection_ticker, cat.now() - seconds * 1000).map((l) => ({
          event_ticker: l.event_ticker,
          market_ticker: l.market_ticker,
          selected_markets: l.selected_markets.map((s) => ({ ...s })),
          last_queried_ts: iso(l.last_queried_ms),
        })),
      };
    },
  );

  on(
    "PUT",
    "/multivariate_event_collections/{collection_ticker}/lookup",
    {
      op: "LookupTickersForMarketInMultivariateEventCollection",
      deprecated: "PUT /multivariate_event_collections/{collection_ticker}/lookup was removed " +
        "on Aug 6 2026",
    },
    async (req) => {
      const body = await req.body("LookupTickersForMarketInMultivariateEventCollectionRequest");
      const legs = readLegs(body, "LookupTickersForMarketInMultivariateEventCollectionRequest");
      const c = collection(req.param("collection_ticker"));
      const m = cat.comboFor(c.collection_ticker, legs);
      if (!m) throw notFound("market", legs.map((l) => l.market_ticker).join(","));
      return { event_ticker: m.event_ticker, market_ticker: m.ticker };
    },
  );
}

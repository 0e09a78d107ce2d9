/**
 * REST routes of the communications API: the caller's communications id, RFQs, quotes, and the
 * quote lifecycle on both the deprecated quote-id routes and the RFQ-scoped ones.
 *
 * @module
 */

import {
  amountFromCentiCents,
  type Count,
  isOnTick,
  parseAmount,
  parseCount,
  parsePrice,
  type Price,
} from "../../money/mod.ts";
import { apiError, type BodyReader, invalidParameters, notFound, page } from "../_http.ts";
import { MAX_SUBACCOUNT } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import { reply, type SimRequest, type SimRouter } from "../router.ts";
import { descKey, limitParam, parseField, uuidParam } from "./_wire.ts";
import type { QuoteStatus, RfqEngine } from "./rfq.ts";
import { renderQuote, renderRfq } from "./rfq_wire.ts";

const QUOTE_STATUSES: readonly QuoteStatus[] = [
  "open",
  "accepted",
  "confirmed",
  "executed",
  "cancelled",
];

/** Largest RFQ size accepted, in contracts. */
const MAX_CONTRACTS = 10_000_000;

/**
 * Declares the communications routes.
 *
 * @param router The route table.
 * @param ex The exchange.
 * @param engine The RFQ engine.
 */
export function registerRfqRoutes(router: SimRouter, ex: Exchange, engine: RfqEngine): void {
  router.on("GET", "/communications/id", { op: "GetCommunicationsID" }, (req) => ({
    communications_id: req.me.communications_id,
  }));

  router.on("GET", "/communications/rfqs", { op: "GetRFQs" }, (req) => {
    const me = req.me.user_id;
    const q = req.query;
    const cursor = q.str("cursor");
    const eventTicker = q.str("event_ticker");
    const marketTicker = q.str("market_ticker");
    const subaccount = q.int("subaccount", { min: 0, max: MAX_SUBACCOUNT });
    const limit = limitParam(req, 100, 100);
    const status = q.str("status", { oneOf: ["open", "closed"] });
    const creator = q.str("creator_user_id");
    const self = q.str("user_filter", { oneOf: ["self"] }) === "self";
    const items = engine.rfqs().filter((r) =>
      (eventTicker === undefined || r.event_ticker === eventTicker) &&
      (marketTicker === undefined || r.market_ticker === marketTicker) &&
      (status === undefined || r.status === status) &&
      (creator === undefined || r.creator_user_id === creator) &&
      (!self || r.creator_user_id === me) &&
      (subaccount === undefined ||
        (r.creator_user_id === me && r.creator_subaccount === subaccount))
    );
    const p = page(items, (r) => descKey(r.seq), { cursor, limit });
    return { rfqs: p.items.map((r) => renderRfq(r, me, ex.accounts)), cursor: p.cursor };
  });

  router.on("POST", "/communications/rfqs", { op: "CreateRFQ" }, async (req) => {
    const body = await req.body("CreateRFQRequest");
    const marketTicker = body.str("market_ticker", { required: true })!;
    const restRemainder = requiredBool(body, "rest_remainder");
    const replace = body.bool("replace_existing") ?? false;
    const excludesFees = body.bool("target_cost_excludes_fees");
    if (body.str("subtrader_id") !== undefined) {
      throw apiError(403, "fcm_only", "subtrader_id is only available to FCM members");
    }
    const subaccount = req.subaccount(body.int("subaccount", { min: 0, max: MAX_SUBACCOUNT }));
    const contracts = readContracts(body);
    const targetCost = readTargetCost(body);
    if (contracts !== undefined && targetCost !== undefined) {
      throw invalidParameters("give either contracts or a target cost, not both");
    }
    if (contracts === undefined && targetCost === undefined) {
      throw invalidParameters("one of contracts, contracts_fp or target_cost_dollars is required");
    }
    if (excludesFees !== undefined && targetCost === undefined) {
      throw invalidParameters("target_cost_excludes_fees is only valid with a target cost");
    }
    const rfq = engine.createRfq(req.me, {
      market_ticker: marketTicker,
      subaccount,
      contracts,
      target_cost: targetCost,
      target_cost_excludes_fees: excludesFees ?? false,
      rest_remainder: restRemainder,
      replace_existing: replace,
    });
    return reply(201, { id: rfq.id });
  });

  router.on("GET", "/communications/rfqs/{rfq_id}", { op: "GetRFQ" }, (req) => {
    const id = uuidParam(req, "rfq_id");
    const rfq = engine.rfq(id);
    if (!rfq) throw notFound("rfq", id);
    return { rfq: renderRfq(rfq, req.me.user_id, ex.accounts) };
  });

  router.on("DELETE", "/communications/rfqs/{rfq_id}", { op: "DeleteRFQ" }, (req) => {
    engine.deleteRfq(req.me, uuidParam(req, "rfq_id"));
    return reply(204);
  });

  router.on("GET", "/communications/quotes", { op: "GetQuotes" }, (req) => {
    const me = req.me.user_id;
    const q = req.query;
    const cursor = q.str("cursor");
    const eventTicker = q.str("event_ticker");
    const marketTicker = q.str("market_ticker");
    const limit = limitParam(req, 500, 500);
    const status = q.str("status", { oneOf: QUOTE_STATUSES });
    const quoteCreator = q.str("quote_creator_user_id");
    const rfqCreator = q.str("rfq_creator_user_id");
    const subtrader = q.str("rfq_creator_subtrader_id");
    const rfqId = q.str("rfq_id");
    const minTs = q.int("min_ts");
    const maxTs = q.int("max_ts");
    const self = q.str("user_filter", { oneOf: ["self"] }) === "self";
    const rfqSelf = q.str("rfq_user_filter", { oneOf: ["self"] }) === "self";
    const items = subtrader !== undefined ? [] : engine.quotes().filter((x) => {
      const rfq = engine.rfq(x.rfq_id)!;
      const updatedS = Math.floor(x.updated_ms / 1000);
      return engine.canSee(x, me) &&
        (eventTicker === undefined || x.event_ticker === eventTicker) &&
        (marketTicker === undefined || x.market_ticker === marketTicker) &&
        (status === undefined || x.status === status) &&
        (quoteCreator === undefined || x.creator_user_id === quoteCreator) &&
        (rfqCreator === undefined || rfq.creator_user_id === rfqCreator) &&
        (rfqId === undefined || x.rfq_id === rfqId) &&
        (minTs === undefined || updatedS >= minTs) &&
        (maxTs === undefined || updatedS <= maxTs) &&
        (!self || x.creator_user_id === me) &&
        (!rfqSelf || rfq.creator_user_id === me);
    });
    const p = page(items, (x) => descKey(x.seq), { cursor, limit });
    return {
      quotes: p.items.map((x) => renderQuote(x, engine.rfq(x.rfq_id)!, me, ex.accounts)),
      cursor: p.cursor,
    };
  });

  router.on("POST", "/communications/quotes", { op: "CreateQuote" }, async (req) => {
    const body = await req.body("CreateQuoteRequest");
    const rfqId = body.str("rfq_id", { required: true })!;
    const yesText = body.str("yes_bid", { required: true })!;
    const noText = body.str("no_bid", { required: true })!;
    const restRemainder = requiredBool(body, "rest_remainder");
    const postOnly = body.bool("post_only") ?? false;
    const subaccount = req.subaccount(body.int("subaccount", { min: 0, max: MAX_SUBACCOUNT }));
    const rfq = engine.rfq(rfqId);
    if (!rfq) throw notFound("rfq", rfqId);
    const bands = ex.catalogue.market(rfq.market_ticker)?.bands;
    const yesBid = readBid("yes_bid", yesText, bands);
    const noBid = readBid("no_bid", noText, bands);
    if (yesBid === 0 && noBid === 0) {
      throw invalidParameters("yes_bid and no_bid cannot both be 0");
    }
    const quote = engine.createQuote(req.me, {
      rfq_id: rfqId,
      subaccount,
      yes_bid: yesBid,
      no_bid: noBid,
      rest_remainder: restRemainder,
      post_only: postOnly,
    });
    return reply(201, { id: quote.id });
  });

  const getQuote = (req: SimRequest, scoped: boolean) => {
    const rfqId = scoped ? uuidParam(req, "rfq_id") : undefined;
    const q = engine.visibleQuote(req.me, uuidParam(req, "quote_id"), rfqId);
    return { quote: renderQuote(q, engine.rfq(q.rfq_id)!, req.me.user_id, ex.accounts) };
  };
  const deleteQuote = (req: SimRequest, scoped: boolean) => {
    const rfqId = scoped ? uuidParam(req, "rfq_id") : undefined;
    engine.deleteQuote(req.me, uuidParam(req, "quote_id"), rfqId);
    return reply(204);
  };
  const acceptQuote = async (req: SimRequest, scoped: boolean) => {
    const rfqId = scoped ? uuidParam(req, "rfq_id") : undefined;
    const quoteId = uuidParam(req, "quote_id");
    const body = await req.body("AcceptQuoteRequest");
    const side = body.str("accepted_side", { required: true, oneOf: ["yes", "no"] }) as
      | "yes"
      | "no";
    engine.acceptQuote(req.me, quoteId, side, rfqId);
    return reply(204);
  };
  const confirmQuote = (req: SimRequest, scoped: boolean) => {
    const rfqId = scoped ? uuidParam(req, "rfq_id") : undefined;
    engine.confirmQuote(req.me, uuidParam(req, "quote_id"), rfqId);
    return reply(204);
  };

  const scoped = "/communications/rfqs/{rfq_id}/quotes/{quote_id}";
  const legacy = "/communications/quotes/{quote_id}";
  const use = (method: string) => `Deprecated: use ${method} ${scoped}`;
  router.on("GET", legacy, { op: "GetQuote", deprecated: use("GET") }, (r) => getQuote(r, false));
  router.on(
    "DELETE",
    legacy,
    { op: "DeleteQuote", deprecated: use("DELETE") },
    (r) => deleteQuote(r, false),
  );
  router.on(
    "PUT",
    `${legacy}/accept`,
    { op: "AcceptQuote", deprecated: `Deprecated: use PUT ${scoped}/accept` },
    (r) => acceptQuote(r, false),
  );
  router.on(
    "PUT",
    `${legacy}/confirm`,
    { op: "ConfirmQuote", deprecated: `Deprecated: use PUT ${scoped}/confirm` },
    (r) => confirmQuote(r, false),
  );
  router.on("GET", scoped, { op: "GetRFQQuote" }, (r) => getQuote(r, true));
  router.on("DELETE", scoped, { op: "DeleteRFQQuote" }, (r) => deleteQuote(r, true));
  router.on("PUT", `${scoped}/accept`, { op: "AcceptRFQQuote" }, (r) => acceptQuote(r, true));
  router.on("PUT", `${scoped}/confirm`, { op: "ConfirmRFQQuote" }, (r) => confirmQuote(r, true));
}

function requiredBool(body: BodyReader, name: string): boolean {
  const v = body.bool(name);
  if (v === undefined) throw invalidParameters(`${name} is required`);
  return v;
}

function readContracts(body: BodyReader): Count | undefined {
  const whole = body.int("contracts");
  const text = body.str("contracts_fp");
  let count: Count | undefined;
  if (whole !== undefined) {
    if (whole < 1) throw invalidParameters("contracts must be at least 1");
    count = whole * 100;
  }
  if (text !== undefined) {
    const fp = parseField("contracts_fp", () => parseCount(text, { field: "contracts_fp" }));
    if (count !== undefined && fp !== count) {
      throw invalidParameters("contracts and contracts_fp do not match");
    }
    count = fp;
  }
  if (count === undefined) return undefined;
  if (count <= 0) throw invalidParameters("contracts must be positive");
  if (count > MAX_CONTRACTS * 100) {
    throw invalidParameters(`contracts must be at most ${MAX_CONTRACTS}`);
  }
  return count;
}

function readTargetCost(body: BodyReader): number | undefined {
  const cc = body.int("target_cost_centi_cents");
  const text = body.str("target_cost_dollars");
  let amount: number | undefined;
  if (cc !== undefined) {
    amount = parseField("target_cost_centi_cents", () => amountFromCentiCents(cc));
  }
  if (text !== undefined) {
    const d = parseField("target_cost_dollars", () => parseAmount(text));
    if (amount !== undefined && d !== amount) {
      throw invalidParameters("target_cost_centi_cents and target_cost_dollars do not match");
    }
    amount = d;
  }
  if (amount === undefined) return undefined;
  if (amount <= 0) throw invalidParameters("target cost must be positive");
  if (amount > 10_000_000 * 1_000_000) throw invalidParameters("target cost is too large");
  return amount;
}

function readBid(
  field: string,
  text: string,
  bands: Parameters<typeof isOnTick>[1] | undefined,
): Price {
  const price = parseField(field, () => parsePrice(text, { field }));
  if (price === 0) return 0;
  if (price >= 10_000 || (bands !== undefined && !isOnTick(price, bands))) {
    throw apiError(
      400,
      "invalid_price",
      "invalid price",
      `${field} ${JSON.stringify(text)} is not on the market's tick grid`,
    );
  }
  return price;
}

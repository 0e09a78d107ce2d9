/**
 * Block trade proposals: a negotiated trade between a named buyer (of YES) and seller, at a
 * YES price in centi-cents ($0.0001) for a size in centicounts (0.01 contract), proposed by one
 * of the two and executed off the book (`is_block_trade`) once both have accepted, unless it
 * expires first.
 *
 * @module
 */

import type { Count, Price } from "../../money/mod.ts";
import { apiError, invalidParameters, notFound, page } from "../_http.ts";
import type { Rng } from "../_rng.ts";
import { MAX_SUBACCOUNT } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import { reply, type SimRouter } from "../router.ts";
import type { Scheduler } from "./_scheduler.ts";
import { descKey, forbidden, iso, limitParam, stateError } from "./_wire.ts";

/** Longest a proposal may stay open. */
const MAX_LIFETIME_MS = 7 * 24 * 3_600_000;

/** A block trade proposal. */
export interface BlockTradeRecord {
  id: string;
  seq: number;
  proposer_user_id: string;
  buyer_user_id: string;
  buyer_subaccount: number;
  seller_user_id: string;
  seller_subaccount: number;
  market_ticker: string;
  /** YES price. */
  price: Price;
  count: Count;
  maker_side: "yes" | "no";
  expiration_ms: number;
  status: "pending" | "executed" | "expired";
  created_ms: number;
  updated_ms: number;
  buyer_accepted_ms?: number;
  seller_accepted_ms?: number;
  executed_ms?: number;
  buyer_order_id?: string;
  seller_order_id?: string;
  trade_id?: string;
}

/** Block trade proposals and their routes. */
export class BlockTrades {
  readonly #ex: Exchange;
  readonly #scheduler: Scheduler;
  readonly #rng: Rng;
  readonly #items = new Map<string, BlockTradeRecord>();
  #seq = 0;

  /**
   * Creates an empty book of proposals.
   *
   * @param ex The exchange.
   * @param scheduler Where expiries go.
   */
  constructor(ex: Exchange, scheduler: Scheduler) {
    this.#ex = ex;
    this.#scheduler = scheduler;
    this.#rng = ex.rng("comms/block_trades");
  }

  /**
   * A proposal by id.
   *
   * @param id The id.
   * @returns The record, or undefined.
   */
  get(id: string): BlockTradeRecord | undefined {
    return this.#items.get(id);
  }

  /**
   * Declares the block trade routes.
   *
   * @param router The route table.
   */
  register(router: SimRouter): void {
    router.on(
      "GET",
      "/communications/block-trade-proposals",
      { op: "GetBlockTradeProposals" },
      (req) => {
        const me = req.me.user_id;
        const cursor = req.query.str("cursor");
        const ticker = req.query.str("market_ticker");
        const limit = limitParam(req, undefined, 100);
        const status = req.query.str("status");
        this.#expire();
        const items = [...this.#items.values()].sort((a, b) => b.seq - a.seq).filter((p) =>
          [p.proposer_user_id, p.buyer_user_id, p.seller_user_id].includes(me) &&
          (ticker === undefined || p.market_ticker === ticker) &&
          (status === undefined || p.status === status)
        );
        const pg = page(items, (p) => descKey(p.seq), { cursor, limit });
        return {
          block_trade_proposals: pg.items.map((p) => this.#render(p, me)),
          cursor: pg.cursor,
        };
      },
    );

    router.on(
      "POST",
      "/communications/block-trade-proposals",
      { op: "ProposeBlockTrade" },
      async (req) => {
        const me = req.me;
        const body = await req.body("ProposeBlockTradeRequest");
        const buyerId = body.str("buyer_user_id", { required: true })!;
        const sellerId = body.str("seller_user_id", { required: true })!;
        const ticker = body.str("market_ticker", { required: true })!;
        const price = body.int("price_centi_cents", { required: true, min: 1, max: 9_999 })!;
        const count = body.int("centicount", { required: true, min: 1, max: 1e11 })!;
        const makerSide = body.str("maker_side", { required: true, oneOf: ["yes", "no"] }) as
          | "yes"
          | "no";
        const expText = body.str("expiration_ts", { required: true })!;
        for (const side of ["buyer", "seller"]) {
          if (body.str(`${side}_subtrader_id`) !== undefined) {
            throw forbidden("fcm_only", "subtrader ids are only available to FCM members");
          }
        }
        const buyerSub = body.int("buyer_subaccount", { min: 0, max: MAX_SUBACCOUNT }) ?? 0;
        const sellerSub = body.int("seller_subaccount", { min: 0, max: MAX_SUBACCOUNT }) ?? 0;
        if (buyerId === sellerId) throw invalidParameters("buyer and seller must differ");
        if (me.user_id !== buyerId && me.user_id !== sellerId) {
          throw forbidden("not_a_party", "the proposer must be the buyer or the seller");
        }
        for (const [id, sub] of [[buyerId, buyerSub], [sellerId, sellerSub]] as const) {
          if (!this.#ex.accounts.user(id)) throw notFound("user", id);
          this.#ex.accounts.requireSubaccount(id, sub);
        }
        const market = this.#ex.catalogue.market(ticker);
        if (!market) throw notFound("market", ticker);
        if (market.status !== "active") {
          throw stateError("market_not_active", "market is not open for trading");
        }
        const now = this.#ex.clock.now();
        const expiration = parseExpiration(expText);
        if (expiration <= now) throw invalidParameters("expiration_ts must be in the future");
        if (expiration > now + MAX_LIFETIME_MS) {
          throw invalidParameters("expiration_ts must be within 7 days");
        }
        const p: BlockTradeRecord = {
          id: this.#rng.uuid(),
          seq: ++this.#seq,
          proposer_user_id: me.user_id,
          buyer_user_id: buyerId,
          buyer_subaccount: buyerSub,
          seller_user_id: sellerId,
          seller_subaccount: sellerSub,
          market_ticker: market.ticker,
          price,
          count,
          maker_side: makerSide,
          expiration_ms: expiration,
          status: "pending",
          created_ms: now,
          updated_ms: now,
        };
        // The proposer agrees to its own side.
        if (me.user_id === buyerId) p.buyer_accepted_ms = now;
        else p.seller_accepted_ms = now;
        this.#items.set(p.id, p);
        this.#scheduler.at(expiration, () => this.#expire());
        return reply(201, { block_trade_proposal_id: p.id });
      },
    );

    router.on(
      "POST",
      "/communications/block-trade-proposals/{block_trade_proposal_id}/accept",
      { op: "AcceptBlockTradeProposal" },
      async (req) => {
        const me = req.me.user_id;
        const id = req.param("block_trade_proposal_id");
        const body = await req.body("AcceptBlockTradeProposalRequest");
        if (body.str("subtrader_id") !== undefined) {
          throw forbidden("fcm_only", "subtrader ids are only available to FCM members");
        }
        const sub = body.int("subaccount", { min: 0, max: MAX_SUBACCOUNT });
        this.#expire();
        const p = this.#items.get(id);
        if (!p || ![p.proposer_user_id, p.buyer_user_id, p.seller_user_id].includes(me)) {
          throw notFound("block_trade_proposal", id);
        }
        if (p.status !== "pending") {
          throw stateError("proposal_not_pending", `block trade proposal is ${p.status}`);
        }
        const buyer = me === p.buyer_user_id;
        if (!buyer && me !== p.seller_user_id) {
          throw stateError("not_a_party", "only the buyer or the seller can accept");
        }
        const acceptedKey = buyer ? "buyer_accepted_ms" : "seller_accepted_ms";
        const subKey = buyer ? "buyer_subaccount" : "seller_subaccount";
        if (p[acceptedKey] !== undefined) {
          throw stateError("already_accepted", "you already accepted this proposal");
        }
        const before = p[subKey];
        if (sub !== undefined) p[subKey] = req.subaccount(sub);
        const now = this.#ex.clock.now();
        p[acceptedKey] = now;
        try {
          this.#execute(p, now);
        } catch (e) {
          delete p[acceptedKey];
          p[subKey] = before;
          throw e;
        }
        p.updated_ms = now;
        return reply(204);
      },
    );
  }

  #execute(p: BlockTradeRecord, now: number): void {
    if (p.buyer_accepted_ms === undefined || p.seller_accepted_ms === undefined) return;
    const tag = p.id.replaceAll("-", "").slice(-8);
    const result = this.#ex.trading.executeCross({
      ticker: p.market_ticker,
      yes: {
        user_id: p.buyer_user_id,
        subaccount: p.buyer_subaccount,
        client_order_id: `block:${tag}:buy`,
      },
      no: {
        user_id: p.seller_user_id,
        subaccount: p.seller_subaccount,
        client_order_id: `block:${tag}:sell`,
      },
      yes_price: p.price,
      count: p.count,
      is_block_trade: true,
    });
    p.status = "executed";
    p.executed_ms = now;
    p.buyer_order_id = result.yes_order_id;
    p.seller_order_id = result.no_order_id;
    p.trade_id = result.trade_id;
  }

  #expire(): void {
    const now = this.#ex.clock.now();
    for (const p of this.#items.values()) {
      if (p.status === "pending" && p.expiration_ms <= now) {
        p.status = "expired";
        p.updated_ms = now;
      }
    }
  }

  #render(p: BlockTradeRecord, viewer: string): Record<string, unknown> {
    const buyer = viewer === p.buyer_user_id;
    const seller = viewer === p.seller_user_id;
    const out: Record<string, unknown> = {
      id: p.id,
      proposer_user_id: p.proposer_user_id,
      buyer_user_id: buyer ? p.buyer_user_id : "",
      seller_user_id: seller ? p.seller_user_id : "",
      market_ticker: p.market_ticker,
      price_centi_cents: p.price,
      centicount: p.count,
      maker_side: p.maker_side,
      expiration_ts: iso(p.expiration_ms),
      status: p.status,
      created_ts: iso(p.created_ms),
      updated_ts: iso(p.updated_ms),
      buyer_accepted: p.buyer_accepted_ms !== undefined,
      seller_accepted: p.seller_accepted_ms !== undefined,
    };
    if (p.buyer_accepted_ms !== undefined) out.buyer_accepted_ts = iso(p.buyer_accepted_ms);
    if (p.seller_accepted_ms !== undefined) out.seller_accepted_ts = iso(p.seller_accepted_ms);
    if (p.executed_ms !== undefined) out.executed_ts = iso(p.executed_ms);
    if (buyer && p.buyer_order_id) out.buyer_order_id = p.buyer_order_id;
    if (seller && p.seller_order_id) out.seller_order_id = p.seller_order_id;
    return out;
  }
}

function parseExpiration(text: string): number {
  if (/^\d{9,11}$/.test(text)) return Number(text) * 1000;
  if (/^\d{12,14}$/.test(text)) return Number(text);
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    throw apiError(
      400,
      "invalid_parameters",
      "invalid parameters",
      `expiration_ts must be an RFC 3339 time or Unix seconds: got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

/**
 * The RFQ engine: requests for quote, quotes, and their lifecycle.
 *
 * An RFQ asks every market maker for a two-sided price on a size (contracts, or a target cost).
 * Makers answer with a quote: `yes_bid` (what the maker pays for YES) and `no_bid` (what it pays
 * for NO); either may be 0 to decline that side. The RFQ creator accepts one side — `yes` buys YES
 * from the maker at `1 − no_bid` (the FIX BUY that takes the maker's NO bid), `no` buys NO at
 * `1 − yes_bid` — then the maker confirms within the confirmation window, and after the execution
 * timer the trade is crossed outside the book through `TradingApi.executeCross`.
 *
 * Quotes are private to their maker and the RFQ creator; RFQs are public, with the creator's
 * communications id hidden from others while the RFQ is open. Everything that happens is
 * published on the bus as `communications` events.
 *
 * @module
 */

import { type Amount, type Count, notional, type Price, tradingFee } from "../../money/mod.ts";
import { apiError, notFound } from "../_http.ts";
import type { UserRecord } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import type { Rng } from "../_rng.ts";
import type { MveLeg, SimEvent } from "../types.ts";
import type { Scheduler } from "./_scheduler.ts";
import { stateError } from "./_wire.ts";

/** Timers of the RFQ flow, in milliseconds. Mutable so tests and the CLI can tune them. */
export interface CommsTiming {
  /** How long an RFQ stays open without an execution. */
  rfqTtlMs: number;
  /** How long a maker has to confirm an accepted quote. */
  confirmWindowMs: number;
  /** Delay between confirmation and execution. */
  executionDelayMs: number;
  /** Delay before the first simulated market maker quotes a new RFQ. */
  botQuoteDelayMs: number;
  /** Extra delay for each further simulated market maker. */
  botQuoteStepMs: number;
  /** Delay before a simulated market maker confirms its accepted quote. */
  botConfirmDelayMs: number;
}

/** Default timers. */
export const DEFAULT_TIMING: Readonly<CommsTiming> = {
  rfqTtlMs: 10 * 60_000,
  confirmWindowMs: 30_000,
  executionDelayMs: 250,
  botQuoteDelayMs: 50,
  botQuoteStepMs: 40,
  botConfirmDelayMs: 50,
};

/** Most open RFQs one user may have. */
export const MAX_OPEN_RFQS = 100;

/** How long closed RFQs and their quotes are kept (Kalshi keeps them 7 days). */
export const RETENTION_MS = 7 * 24 * 3_600_000;

/** An RFQ as the engine stores it. */
export interface RfqRecord {
  id: string;
  seq: number;
  creator_user_id: string;
  creator_subaccount: number;
  market_ticker: string;
  event_ticker: string;
  /** Requested size, when sized in contracts. */
  contracts?: Count;
  /** Requested spend, when sized by cost. */
  target_cost?: Amount;
  target_cost_excludes_fees: boolean;
  rest_remainder: boolean;
  status: "open" | "closed";
  created_ms: number;
  updated_ms: number;
  cancelled_ms?: number;
  cancellation_reason?: string;
  mve_collection_ticker?: string;
  mve_selected_legs?: MveLeg[];
  /** The quote that executed, once one has. */
  executed_quote_id?: string;
}

/** Quote status, as on the wire. */
export type QuoteStatus = "open" | "accepted" | "confirmed" | "executed" | "cancelled";

/** A quote as the engine stores it. */
export interface QuoteRecord {
  id: string;
  seq: number;
  rfq_id: string;
  creator_user_id: string;
  creator_subaccount: number;
  market_ticker: string;
  event_ticker: string;
  /** Maker's YES bid (0 = YES side declined). */
  yes_bid: Price;
  /** Maker's NO bid (0 = NO side declined). */
  no_bid: Price;
  /** Contracts the RFQ creator can buy on YES (bought from the maker's NO bid). */
  yes_contracts: Count;
  /** Contracts the RFQ creator can buy on NO (bought from the maker's YES bid). */
  no_contracts: Count;
  rest_remainder: boolean;
  post_only: boolean;
  status: QuoteStatus;
  accepted_side?: "yes" | "no";
  created_ms: number;
  updated_ms: number;
  accepted_ms?: number;
  confirmed_ms?: number;
  executed_ms?: number;
  cancelled_ms?: number;
  cancellation_reason?: string;
  trade_id?: string;
  creator_order_id?: string;
  creator_client_order_id?: string;
  rfq_creator_order_id?: string;
  rfq_creator_client_order_id?: string;
}

/** What a new RFQ asks for. */
export interface NewRfq {
  market_ticker: string;
  subaccount: number;
  contracts?: Count | undefined;
  target_cost?: Amount | undefined;
  target_cost_excludes_fees: boolean;
  rest_remainder: boolean;
  replace_existing: boolean;
}

/** What a new quote offers. */
export interface NewQuote {
  rfq_id: string;
  subaccount: number;
  yes_bid: Price;
  no_bid: Price;
  rest_remainder: boolean;
  post_only: boolean;
}

/** The RFQ engine. */
export class RfqEngine {
  /** Timers, mutable. */
  readonly timing: CommsTiming = { ...DEFAULT_TIMING };
  /** Called after an RFQ is created (the simulated market makers listen). */
  onRfqCreated: ((rfq: RfqRecord) => void) | undefined;
  /** Called after a quote is accepted (the simulated market makers listen). */
  onQuoteAccepted: ((quote: QuoteRecord) => void) | undefined;
  readonly #ex: Exchange;
  readonly #scheduler: Scheduler;
  readonly #rfqs = new Map<string, RfqRecord>();
  readonly #quotes = new Map<string, QuoteRecord>();
  readonly #rng: Rng;
  #seq = 0;

  /**
   * Creates an empty engine.
   *
   * @param ex The exchange.
   * @param scheduler Where timers go.
   */
  constructor(ex: Exchange, scheduler: Scheduler) {
    this.#ex = ex;
    this.#scheduler = scheduler;
    this.#rng = ex.rng("comms/rfq");
  }

  /**
   * An RFQ by id.
   *
   * @param id The RFQ id.
   * @returns The record, or undefined.
   */
  rfq(id: string): RfqRecord | undefined {
    return this.#rfqs.get(id);
  }

  /**
   * A quote by id.
   *
   * @param id The quote id.
   * @returns The record, or undefined.
   */
  quote(id: string): QuoteRecord | undefined {
    return this.#quotes.get(id);
  }

  /** Every RFQ, newest first. */
  rfqs(): RfqRecord[] {
    return [...this.#rfqs.values()].sort((a, b) => b.seq - a.seq);
  }

  /** Every quote, newest first. */
  quotes(): QuoteRecord[] {
    return [...this.#quotes.values()].sort((a, b) => b.seq - a.seq);
  }

  /**
   * Whether a user may see a quote: its maker and the RFQ's creator.
   *
   * @param quote The quote.
   * @param userId The viewer.
   * @returns True when visible.
   */
  canSee(quote: QuoteRecord, userId: string): boolean {
    return quote.creator_user_id === userId ||
      this.#rfqs.get(quote.rfq_id)?.creator_user_id === userId;
  }

  /**
   * Creates an RFQ.
   *
   * @param user The creator.
   * @param req What it asks for (validated shapes; business rules are checked here).
   * @returns The RFQ.
   */
  createRfq(user: UserRecord, req: NewRfq): RfqRecord {
    const market = this.#ex.catalogue.market(req.market_ticker);
    if (!market) throw notFound("market", req.market_ticker);
    if (market.status !== "active") {
      throw stateError(
        "market_not_active",
        "market is not open for trading",
        `market ${JSON.stringify(market.ticker)} is ${market.status}`,
      );
    }
    const mine = [...this.#rfqs.values()].filter((r) =>
      r.creator_user_id === user.user_id && r.status === "open"
    );
    const sameMarket = mine.filter((r) => r.market_ticker === market.ticker);
    if (sameMarket.length > 0 && !req.replace_existing) {
      throw apiError(
        409,
        "rfq_already_exists",
        "an open RFQ already exists for this market",
        `set replace_existing to replace RFQ ${sameMarket[0]!.id}`,
      );
    }
    if (mine.length - sameMarket.length >= MAX_OPEN_RFQS) {
      throw apiError(
        409,
        "too_many_open_rfqs",
        "too many open RFQs",
        `at most ${MAX_OPEN_RFQS} open RFQs at a time`,
      );
    }
    const now = this.#ex.clock.now();
    this.#prune(now);
    for (const old of sameMarket) this.#closeRfq(old, "replaced", now);
    const rfq: RfqRecord = {
      id: this.#rng.uuid(),
      seq: ++this.#seq,
      creator_user_id: user.user_id,
      creator_subaccount: req.subaccount,
      market_ticker: market.ticker,
      event_ticker: market.event_ticker,
      target_cost_excludes_fees: req.target_cost_excludes_fees,
      rest_remainder: req.rest_remainder,
      status: "open",
      created_ms: now,
      updated_ms: now,
    };
    if (req.contracts !== undefined) rfq.contracts = req.contracts;
    if (req.target_cost !== undefined) rfq.target_cost = req.target_cost;
    if (market.mve_collection_ticker) rfq.mve_collection_ticker = market.mve_collection_ticker;
    if (market.mve_selected_legs) rfq.mve_selected_legs = market.mve_selected_legs;
    this.#rfqs.set(rfq.id, rfq);
    this.#emit("rfq_created", rfq, undefined, undefined);
    this.#scheduler.at(now + this.timing.rfqTtlMs, () => {
      const hasConfirmed = this.#quotesOf(rfq.id).some((q) => q.status === "confirmed");
      if (rfq.status === "open" && !hasConfirmed) {
        this.#closeRfq(rfq, "expired", this.#ex.clock.now());
      }
    });
    this.onRfqCreated?.(rfq);
    return rfq;
  }

  /**
   * Deletes (cancels) an open RFQ of its creator.
   *
   * @param user The caller.
   * @param id The RFQ id.
   */
  deleteRfq(user: UserRecord, id: string): void {
    const rfq = this.#rfqs.get(id);
    if (!rfq || rfq.creator_user_id !== user.user_id) throw notFound("rfq", id);
    if (rfq.status !== "open") throw stateError("rfq_closed", "RFQ is already closed");
    if (this.#quotesOf(id).some((q) => q.status === "confirmed")) {
      throw stateError(
        "rfq_has_confirmed_quote",
        "RFQ has a confirmed quote awaiting execution",
      );
    }
    this.#closeRfq(rfq, "user_cancelled", this.#ex.clock.now());
  }

  /**
   * Creates a quote on an open RFQ; it replaces the maker's earlier open quote on that RFQ.
   *
   * @param user The maker.
   * @param req The prices (already on the market's tick grid or 0).
   * @returns The quote.
   */
  createQuote(user: UserRecord, req: NewQuote): QuoteRecord {
    const rfq = this.#rfqs.get(req.rfq_id);
    if (!rfq) throw notFound("rfq", req.rfq_id);
    if (rfq.creator_user_id === user.user_id) {
      throw stateError("cannot_quote_own_rfq", "cannot quote your own RFQ");
    }
    if (rfq.status !== "open") throw stateError("rfq_closed", "RFQ is closed");
    const mine = this.#quotesOf(rfq.id).filter((q) => q.creator_user_id === user.user_id);
    if (mine.some((q) => q.status === "accepted" || q.status === "confirmed")) {
      throw stateError(
        "quote_already_accepted",
        "your quote on this RFQ was accepted and cannot be replaced",
      );
    }
    const yes = req.no_bid > 0 ? this.#size(rfq, 10_000 - req.no_bid) : 0;
    const no = req.yes_bid > 0 ? this.#size(rfq, 10_000 - req.yes_bid) : 0;
    if (yes === 0 && no === 0) {
      throw stateError(
        "invalid_quote",
        "invalid quote",
        "the quoted prices leave no contracts within the RFQ's target cost",
      );
    }
    const now = this.#ex.clock.now();
    for (const old of mine) {
      if (old.status === "open") this.#cancelQuote(old, "replaced", now);
    }
    const quote: QuoteRecord = {
      id: this.#rng.uuid(),
      seq: ++this.#seq,
      rfq_id: rfq.id,
      creator_user_id: user.user_id,
      creator_subaccount: req.subaccount,
      market_ticker: rfq.market_ticker,
      event_ticker: rfq.event_ticker,
      yes_bid: req.yes_bid,
      no_bid: req.no_bid,
      yes_contracts: yes,
      no_contracts: no,
      rest_remainder: req.rest_remainder,
      post_only: req.post_only,
      status: "open",
      created_ms: now,
      updated_ms: now,
    };
    this.#quotes.set(quote.id, quote);
    this.#emit("quote_created", rfq, quote, [quote.creator_user_id, rfq.creator_user_id]);
    return quote;
  }

  /**
   * A quote the caller may see, optionally checked against the RFQ it belongs to.
   *
   * @param user The caller.
   * @param quoteId The quote id.
   * @param rfqId The RFQ id from a scoped route.
   * @returns The quote.
   */
  visibleQuote(user: UserRecord, quoteId: string, rfqId?: string): QuoteRecord {
    const q = this.#quotes.get(quoteId);
    if (!q || !this.canSee(q, user.user_id) || (rfqId !== undefined && q.rfq_id !== rfqId)) {
      throw notFound("quote", quoteId);
    }
    return q;
  }

  /**
   * Withdraws an open or accepted quote of its maker.
   *
   * @param user The caller.
   * @param quoteId The quote id.
   * @param rfqId The RFQ id from a scoped route.
   */
  deleteQuote(user: UserRecord, quoteId: string, rfqId?: string): void {
    const q = this.visibleQuote(user, quoteId, rfqId);
    if (q.creator_user_id !== user.user_id) throw notFound("quote", quoteId);
    if (q.status !== "open" && q.status !== "accepted") {
      throw stateError("quote_not_cancellable", `quote is ${q.status}`);
    }
    this.#cancelQuote(q, "user_cancelled", this.#ex.clock.now());
  }

  /**
   * The RFQ creator accepts one side of a quote; the maker must then confirm.
   *
   * @param user The caller (the RFQ creator).
   * @param quoteId The quote id.
   * @param side `yes` to buy YES from the maker's NO bid, `no` to buy NO from its YES bid.
   * @param rfqId The RFQ id from a scoped route.
   */
  acceptQuote(user: UserRecord, quoteId: string, side: "yes" | "no", rfqId?: string): void {
    const q = this.visibleQuote(user, quoteId, rfqId);
    const rfq = this.#rfqs.get(q.rfq_id)!;
    if (rfq.creator_user_id !== user.user_id) {
      throw stateError("not_rfq_creator", "only the RFQ creator can accept a quote");
    }
    if (q.status !== "open") throw stateError("quote_not_open", `quote is ${q.status}`);
    if (rfq.status !== "open") throw stateError("rfq_closed", "RFQ is closed");
    const busy = this.#quotesOf(rfq.id).find((o) =>
      o.status === "accepted" || o.status === "confirmed"
    );
    if (busy) {
      throw stateError(
        "rfq_quote_already_accepted",
        "another quote on this RFQ is already accepted",
        `quote ${busy.id} is ${busy.status}`,
      );
    }
    if ((side === "yes" ? q.yes_contracts : q.no_contracts) === 0) {
      throw stateError("side_not_quoted", `the maker did not quote the ${side} side`);
    }
    const now = this.#ex.clock.now();
    q.status = "accepted";
    q.accepted_side = side;
    q.accepted_ms = now;
    q.updated_ms = now;
    this.#emit("quote_accepted", rfq, q, [q.creator_user_id, rfq.creator_user_id]);
    this.#scheduler.at(now + this.timing.confirmWindowMs, () => {
      if (q.status === "accepted" && q.accepted_ms === now) {
        this.#cancelQuote(q, "confirmation_timeout", this.#ex.clock.now());
      }
    });
    this.onQuoteAccepted?.(q);
  }

  /**
   * The maker confirms its accepted quote, which starts the execution timer.
   *
   * @param user The caller (the maker).
   * @param quoteId The quote id.
   * @param rfqId The RFQ id from a scoped route.
   */
  confirmQuote(user: UserRecord, quoteId: string, rfqId?: string): void {
    const q = this.visibleQuote(user, quoteId, rfqId);
    if (q.creator_user_id !== user.user_id) {
      throw stateError("not_quote_creator", "only the quote creator can confirm a quote");
    }
    if (q.status !== "accepted") throw stateError("quote_not_accepted", `quote is ${q.status}`);
    const now = this.#ex.clock.now();
    q.status = "confirmed";
    q.confirmed_ms = now;
    q.updated_ms = now;
    this.#scheduler.at(now + this.timing.executionDelayMs, () => this.#execute(q));
  }

  /**
   * The size a quote offers on one side for the RFQ creator paying `price` per contract.
   *
   * @param rfq The RFQ.
   * @param price What the RFQ creator pays per contract on that side.
   * @returns Contracts (0.01 units).
   */
  #size(rfq: RfqRecord, price: Price): Count {
    if (rfq.contracts !== undefined) return rfq.contracts;
    const budget = rfq.target_cost ?? 0;
    let count = Math.floor(budget / price);
    if (rfq.target_cost_excludes_fees) return count;
    const fee = this.#feeFn(rfq.market_ticker, price);
    for (let i = 0; i < 64 && count > 0; i++) {
      const total = notional(price, count) + fee(count);
      if (total <= budget) break;
      count = Math.min(count - 1, Math.floor((budget - fee(count)) / price));
    }
    return Math.max(0, count);
  }

  #feeFn(ticker: string, price: Price): (count: Count) => Amount {
    const { fee_type, fee_multiplier } = this.#ex.catalogue.feeFor(ticker);
    return (count) => {
      try {
        return tradingFee({
          price,
          count,
          role: "taker",
          feeType: fee_type,
          multiplier: fee_multiplier,
        });
      } catch {
        return 0;
      }
    };
  }

  #execute(q: QuoteRecord): void {
    if (q.status !== "confirmed") return;
    const rfq = this.#rfqs.get(q.rfq_id)!;
    const maker = { user_id: q.creator_user_id, subaccount: q.creator_subaccount };
    const taker = { user_id: rfq.creator_user_id, subaccount: rfq.creator_subaccount };
    const tag = q.id.replaceAll("-", "").slice(-8);
    const makerCoid = `quote:${tag}:${q.id}`;
    const takerCoid = `rfq:${tag}:${rfq.id}`;
    const yesSide = q.accepted_side === "yes";
    const count = yesSide ? q.yes_contracts : q.no_contracts;
    const yesPrice = yesSide ? 10_000 - q.no_bid : q.yes_bid;
    let result: { trade_id: string; yes_order_id: string; no_order_id: string };
    const now = this.#ex.clock.now();
    try {
      result = this.#ex.trading.executeCross({
        ticker: q.market_ticker,
        yes: { ...(yesSide ? taker : maker), client_order_id: yesSide ? takerCoid : makerCoid },
        no: { ...(yesSide ? maker : taker), client_order_id: yesSide ? makerCoid : takerCoid },
        yes_price: yesPrice,
        count,
        is_block_trade: false,
      });
    } catch (e) {
      this.#ex.log("warn", `RFQ quote ${q.id} failed to execute`, e);
      this.#cancelQuote(q, "execution_failed", now);
      return;
    }
    q.status = "executed";
    q.executed_ms = now;
    q.updated_ms = now;
    q.trade_id = result.trade_id;
    q.creator_order_id = yesSide ? result.no_order_id : result.yes_order_id;
    q.rfq_creator_order_id = yesSide ? result.yes_order_id : result.no_order_id;
    q.creator_client_order_id = makerCoid;
    q.rfq_creator_client_order_id = takerCoid;
    rfq.executed_quote_id = q.id;
    this.#emit("quote_executed", rfq, q, [q.creator_user_id, rfq.creator_user_id]);
    this.#closeRfq(rfq, undefined, now);
  }

  /** Forgets RFQs closed more than {@linkcode RETENTION_MS} ago, with their quotes. */
  #prune(now: number): void {
    for (const rfq of this.#rfqs.values()) {
      if (rfq.status !== "closed" || rfq.updated_ms > now - RETENTION_MS) continue;
      for (const q of this.#quotesOf(rfq.id)) this.#quotes.delete(q.id);
      this.#rfqs.delete(rfq.id);
    }
  }

  #quotesOf(rfqId: string): QuoteRecord[] {
    return [...this.#quotes.values()].filter((q) => q.rfq_id === rfqId);
  }

  #closeRfq(rfq: RfqRecord, reason: string | undefined, now: number): void {
    if (rfq.status !== "open") return;
    rfq.status = "closed";
    rfq.updated_ms = now;
    if (reason !== undefined) {
      rfq.cancellation_reason = reason;
      rfq.cancelled_ms = now;
    }
    for (const q of this.#quotesOf(rfq.id)) {
      if (q.status === "open" || q.status === "accepted") this.#cancelQuote(q, "rfq_closed", now);
    }
    this.#emit("rfq_deleted", rfq, undefined, undefined);
  }

  #cancelQuote(q: QuoteRecord, reason: string, now: number): void {
    q.status = "cancelled";
    q.cancellation_reason = reason;
    q.cancelled_ms = now;
    q.updated_ms = now;
  }

  #emit(
    event_type:
      | "rfq_created"
      | "rfq_deleted"
      | "quote_created"
      | "quote_accepted"
      | "quote_executed",
    rfq: RfqRecord,
    quote: QuoteRecord | undefined,
    audience: string[] | undefined,
  ): void {
    const event: Extract<SimEvent, { type: "communications" }> = {
      type: "communications",
      event_type,
      rfq_id: rfq.id,
      ts_ms: this.#ex.clock.now(),
    };
    if (quote) event.quote_id = quote.id;
    if (audience) event.audience = [...new Set(audience)];
    this.#ex.bus.emit(event);
  }
}

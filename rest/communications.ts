/**
 * Communications: requests for quotes (RFQs), quotes and block trades.
 *
 * @module
 */

import { type Caller, callerOf, splitPath } from "./_caller.ts";
import type {
  IterateOptions,
  ListItem,
  ListParams,
  PathParams,
  QueryParams,
  RequestBody,
  RequestOptions,
  ResponseBody,
} from "./call.ts";
import type { KalshiClient } from "./client.ts";

/** The `{ rfq_id, quote_id }` of a quote on an RFQ. */
export type RfqQuoteRef = PathParams<"GetRFQQuote">;

/** RFQs and the quotes on them (the RFQ-scoped quote routes). */
export class RfqsApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.communications.rfqs`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists RFQs, one page (`GET /communications/rfqs`).
   *
   * @param params Filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of RFQs and the next cursor.
   */
  list(
    params: QueryParams<"GetRFQs"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetRFQs">> {
    return this.#c.send("GetRFQs", { query: params }, options);
  }

  /**
   * Iterates over RFQs (`GET /communications/rfqs`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The RFQs.
   */
  iterate(
    params: ListParams<"GetRFQs"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetRFQs">, void, undefined> {
    return this.#c.iterate("GetRFQs", { query: params }, options);
  }

  /**
   * Asks market makers for quotes (`POST /communications/rfqs`).
   *
   * @param params Market, contracts or target cost, `rest_remainder`.
   * @param options Signal and timeout.
   * @returns `{ id }`.
   */
  create(
    params: RequestBody<"CreateRFQ">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateRFQ">> {
    return this.#c.send("CreateRFQ", { body: params }, options);
  }

  /**
   * Gets one RFQ (`GET /communications/rfqs/{rfq_id}`).
   *
   * @param rfqId RFQ id.
   * @param options Signal and timeout.
   * @returns `{ rfq }`.
   */
  get(rfqId: string, options: RequestOptions = {}): Promise<ResponseBody<"GetRFQ">> {
    return this.#c.send("GetRFQ", { path: { rfq_id: rfqId } }, options);
  }

  /**
   * Withdraws an RFQ (`DELETE /communications/rfqs/{rfq_id}`).
   *
   * @param rfqId RFQ id.
   * @param options Signal and timeout.
   */
  async delete(rfqId: string, options: RequestOptions = {}): Promise<void> {
    await this.#c.send("DeleteRFQ", { path: { rfq_id: rfqId } }, options);
  }

  /**
   * Gets a quote on an RFQ (`GET /communications/rfqs/{rfq_id}/quotes/{quote_id}`).
   *
   * @param ref `{ rfq_id, quote_id }`.
   * @param options Signal and timeout.
   * @returns `{ quote }`.
   */
  getQuote(ref: RfqQuoteRef, options: RequestOptions = {}): Promise<ResponseBody<"GetRFQQuote">> {
    return this.#c.send("GetRFQQuote", { path: ref }, options);
  }

  /**
   * Withdraws a quote on an RFQ (`DELETE /communications/rfqs/{rfq_id}/quotes/{quote_id}`).
   *
   * @param ref `{ rfq_id, quote_id }`.
   * @param options Signal and timeout.
   */
  async deleteQuote(ref: RfqQuoteRef, options: RequestOptions = {}): Promise<void> {
    await this.#c.send("DeleteRFQQuote", { path: ref }, options);
  }

  /**
   * Accepts a quote on your RFQ (`PUT /communications/rfqs/{rfq_id}/quotes/{quote_id}/accept`).
   *
   * @param params `rfq_id`, `quote_id`, and the body (`accepted_side`).
   * @param options Signal and timeout.
   */
  async acceptQuote(
    params: RfqQuoteRef & RequestBody<"AcceptRFQQuote">,
    options: RequestOptions = {},
  ): Promise<void> {
    const { path, rest } = splitPath("AcceptRFQQuote", params);
    await this.#c.send("AcceptRFQQuote", {
      path: path as RfqQuoteRef,
      body: rest as RequestBody<"AcceptRFQQuote">,
    }, options);
  }

  /**
   * Confirms an accepted quote as its maker, which executes the trade
   * (`PUT /communications/rfqs/{rfq_id}/quotes/{quote_id}/confirm`).
   *
   * @param ref `{ rfq_id, quote_id }`.
   * @param options Signal and timeout.
   */
  async confirmQuote(ref: RfqQuoteRef, options: RequestOptions = {}): Promise<void> {
    await this.#c.send("ConfirmRFQQuote", { path: ref, body: {} }, options);
  }
}

/** Quotes (your quotes as a market maker, and the deprecated quote-id routes). */
export class QuotesApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.communications.quotes`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists quotes, one page (`GET /communications/quotes`).
   *
   * @param params Filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of quotes and the next cursor.
   */
  list(
    params: QueryParams<"GetQuotes"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetQuotes">> {
    return this.#c.send("GetQuotes", { query: params }, options);
  }

  /**
   * Iterates over quotes (`GET /communications/quotes`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The quotes.
   */
  iterate(
    params: ListParams<"GetQuotes"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetQuotes">, void, undefined> {
    return this.#c.iterate("GetQuotes", { query: params }, options);
  }

  /**
   * Quotes on an RFQ (`POST /communications/quotes`).
   *
   * @param params `rfq_id`, `yes_bid`, `no_bid` (dollar strings), `rest_remainder`.
   * @param options Signal and timeout.
   * @returns `{ id }`.
   */
  create(
    params: RequestBody<"CreateQuote">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateQuote">> {
    return this.#c.send("CreateQuote", { body: params }, options);
  }

  /**
   * Gets a quote (`GET /communications/quotes/{quote_id}`).
   *
   * @deprecated Kalshi deprecated the quote-id routes. Use {@linkcode RfqsApi.getQuote}.
   *
   * @param quoteId Quote id.
   * @param options Signal and timeout.
   * @returns `{ quote }`.
   */
  get(quoteId: string, options: RequestOptions = {}): Promise<ResponseBody<"GetQuote">> {
    return this.#c.send("GetQuote", { path: { quote_id: quoteId } }, options);
  }

  /**
   * Withdraws a quote (`DELETE /communications/quotes/{quote_id}`).
   *
   * @deprecated Kalshi deprecated the quote-id routes. Use {@linkcode RfqsApi.deleteQuote}.
   *
   * @param quoteId Quote id.
   * @param options Signal and timeout.
   */
  async delete(quoteId: string, options: RequestOptions = {}): Promise<void> {
    await this.#c.send("DeleteQuote", { path: { quote_id: quoteId } }, options);
  }

  /**
   * Accepts a quote on your RFQ (`PUT /communications/quotes/{quote_id}/accept`).
   *
   * @deprecated Kalshi deprecated the quote-id routes. Use {@linkcode RfqsApi.acceptQuote}.
   *
   * @param quoteId Quote id.
   * @param params `accepted_side`.
   * @param options Signal and timeout.
   */
  async accept(
    quoteId: string,
    params: RequestBody<"AcceptQuote">,
    options: RequestOptions = {},
  ): Promise<void> {
    await this.#c.send("AcceptQuote", { path: { quote_id: quoteId }, body: params }, options);
  }

  /**
   * Confirms an accepted quote as its maker (`PUT /communications/quotes/{quote_id}/confirm`).
   *
   * @deprecated Kalshi deprecated the quote-id routes. Use {@linkcode RfqsApi.confirmQuote}.
   *
   * @param quoteId Quote id.
   * @param options Signal and timeout.
   */
  async confirm(quoteId: string, options: RequestOptions = {}): Promise<void> {
    await this.#c.send("ConfirmQuote", { path: { quote_id: quoteId }, body: {} }, options);
  }
}

/** Block trades: negotiated trades proposed by one party and accepted by the other. */
export class BlockTradesApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as
   * `client.communications.blockTrades`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists block-trade proposals, one page (`GET /communications/block-trade-proposals`).
   *
   * @param params Market, status, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of proposals and the next cursor.
   */
  list(
    params: QueryParams<"GetBlockTradeProposals"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetBlockTradeProposals">> {
    return this.#c.send("GetBlockTradeProposals", { query: params }, options);
  }

  /**
   * Iterates over block-trade proposals (`GET /communications/block-trade-proposals`, all pages).
   *
   * @param params Market, status, page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The proposals.
   */
  iterate(
    params: ListParams<"GetBlockTradeProposals"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetBlockTradeProposals">, void, undefined> {
    return this.#c.iterate("GetBlockTradeProposals", { query: params }, options);
  }

  /**
   * Proposes a block trade (`POST /communications/block-trade-proposals`).
   *
   * @param params Market, counterparties, price (`price_centi_cents`) and size (`centicount`).
   * @param options Signal and timeout.
   * @returns The proposal id.
   */
  propose(
    params: RequestBody<"ProposeBlockTrade">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"ProposeBlockTrade">> {
    return this.#c.send("ProposeBlockTrade", { body: params }, options);
  }

  /**
   * Accepts a block-trade proposal
   * (`POST /communications/block-trade-proposals/{block_trade_proposal_id}/accept`).
   *
   * @param proposalId The proposal id.
   * @param params The acceptance body, if any.
   * @param options Signal and timeout.
   */
  async accept(
    proposalId: string,
    params: RequestBody<"AcceptBlockTradeProposal"> = {} as RequestBody<"AcceptBlockTradeProposal">,
    options: RequestOptions = {},
  ): Promise<void> {
    await this.#c.send("AcceptBlockTradeProposal", {
      path: { block_trade_proposal_id: proposalId },
      body: params,
    }, options);
  }
}

/** Requests for quotes, quotes and block trades. */
export class CommunicationsApi {
  readonly #c: Caller;
  /** RFQs and the quotes on them. */
  readonly rfqs: RfqsApi;
  /** Quotes. */
  readonly quotes: QuotesApi;
  /** Block trades. */
  readonly blockTrades: BlockTradesApi;

  /**
   * Binds the resource to a client (the client creates it as `client.communications`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
    this.rfqs = new RfqsApi(client);
    this.quotes = new QuotesApi(client);
    this.blockTrades = new BlockTradesApi(client);
  }

  /**
   * Gets your public communications id (how counterparties see you) (`GET /communications/id`).
   *
   * @param options Signal and timeout.
   * @returns `{ communications_id }`.
   */
  id(options: RequestOptions = {}): Promise<ResponseBody<"GetCommunicationsID">> {
    return this.#c.send("GetCommunicationsID", {}, options);
  }
}

/**
 * The communications and account part of the simulated exchange: RFQs and quotes (with
 * simulated market makers), block trades, API keys, account limits and usage levels,
 * subaccounts, transfers, and deposit history.
 *
 * @module
 */

import type { Exchange, SimPart } from "../exchange.ts";
import type { SimRouter } from "../router.ts";
import { AccountLevels } from "./account.ts";
import { registerApiKeyRoutes } from "./api_keys.ts";
import { BlockTrades } from "./block_trades.ts";
import { Funds } from "./funds.ts";
import { type CommsTiming, type QuoteRecord, RfqEngine, type RfqRecord } from "./rfq.ts";
import { RfqBots } from "./rfq_bots.ts";
import { registerRfqRoutes } from "./rfq_routes.ts";
import { renderQuote, renderRfq } from "./rfq_wire.ts";
import { type CommsEvent, commsWsMessage } from "./rfq_ws.ts";
import { Scheduler } from "./_scheduler.ts";
import { registerSubaccountRoutes } from "./subaccounts.ts";
import { Transfers } from "./transfers.ts";

/** How often deferred work (quotes, confirmations, executions, expiries) is checked, in ms. */
export const COMMS_TICK_MS = 25;

/** The communications and account part. */
export class Comms implements SimPart {
  /** The RFQ engine (records, lifecycle). */
  readonly rfqs: RfqEngine;
  /** The simulated RFQ market makers. */
  readonly bots: RfqBots;
  /** Block trade proposals. */
  readonly blockTrades: BlockTrades;
  /** Usage tiers, grants and trading volume. */
  readonly levels: AccountLevels;
  /** Deposit and withdrawal history. */
  readonly funds: Funds;
  /** Subaccount and intra-exchange transfers. */
  readonly transfers: Transfers;
  readonly #ex: Exchange;
  readonly #scheduler: Scheduler;
  #closed = false;

  /**
   * Creates the part.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.#scheduler = new Scheduler((e) => ex.log("error", "communications task failed", e));
    this.rfqs = new RfqEngine(ex, this.#scheduler);
    this.bots = new RfqBots(ex, this.rfqs, this.#scheduler);
    this.blockTrades = new BlockTrades(ex, this.#scheduler);
    this.levels = new AccountLevels(ex);
    this.funds = new Funds(ex);
    this.transfers = new Transfers(ex);
  }

  /** The RFQ timers (mutable: tests and tools may shorten them). */
  get timing(): CommsTiming {
    return this.rfqs.timing;
  }

  /**
   * Declares every route of the part.
   *
   * @param router The route table.
   */
  register(router: SimRouter): void {
    registerRfqRoutes(router, this.#ex, this.rfqs);
    this.blockTrades.register(router);
    registerApiKeyRoutes(router, this.#ex);
    this.levels.register(router);
    registerSubaccountRoutes(router, this.#ex);
    this.transfers.register(router);
    this.funds.register(router);
  }

  /** Starts the tick that runs deferred work. */
  start(): void {
    this.#ex.every(COMMS_TICK_MS, () => this.tick());
  }

  /** Runs deferred work that is due on the exchange clock (called by the timer; tests may call it). */
  tick(): void {
    if (!this.#closed) this.#scheduler.run(this.#ex.clock.now());
  }

  /** Stops deferred work and bus subscriptions. */
  close(): void {
    this.#closed = true;
    this.#scheduler.clear();
    this.levels.close();
    this.funds.close();
  }

  /**
   * An RFQ as the wire shows it to a user (for the WebSocket feed).
   *
   * @param id The RFQ id.
   * @param viewer The user the message is for.
   * @returns The wire object, or undefined for an unknown RFQ.
   */
  rfqWire(id: string, viewer: string): Record<string, unknown> | undefined {
    const rfq: RfqRecord | undefined = this.rfqs.rfq(id);
    return rfq ? renderRfq(rfq, viewer, this.#ex.accounts) : undefined;
  }

  /**
   * A quote as the wire shows it to one of its parties (for the WebSocket feed).
   *
   * @param id The quote id.
   * @param viewer The user the message is for.
   * @returns The wire object, or undefined when unknown or not visible to `viewer`.
   */
  quoteWire(id: string, viewer: string): Record<string, unknown> | undefined {
    const q: QuoteRecord | undefined = this.rfqs.quote(id);
    if (!q || !this.rfqs.canSee(q, viewer)) return undefined;
    return renderQuote(q, this.rfqs.rfq(q.rfq_id)!, viewer, this.#ex.accounts);
  }

  /**
   * The WebSocket `communications` channel message a `communications` bus event becomes for one
   * subscriber.
   *
   * @param event The bus event.
   * @param viewer The subscriber's user id.
   * @returns `{type, msg}` (add `sid` and `seq`), or undefined when the event is not for them.
   */
  wsMessage(
    event: CommsEvent,
    viewer: string,
  ): { type: CommsEvent["event_type"]; msg: Record<string, unknown> } | undefined {
    return commsWsMessage(this.rfqs, this.#ex.accounts, event, viewer);
  }
}

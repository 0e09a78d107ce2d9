/**
 * Simulated market makers for the RFQ flow: they quote every new RFQ of a real user a short,
 * deterministic time after it opens (two-sided, around the book mid or the market's fair value,
 * each a little wider than the last), and confirm their quotes as soon as they are accepted, so a
 * lone user can run the whole RFQ lifecycle against the simulator.
 *
 * @module
 */

import { type Price, roundToTick } from "../../money/mod.ts";
import type { UserRecord } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import type { Scheduler } from "./_scheduler.ts";
import type { QuoteRecord, RfqEngine, RfqRecord } from "./rfq.ts";

/** Number of simulated RFQ market makers. */
export const RFQ_BOT_COUNT = 2;

/** Cash of each simulated market maker, µ$ ($10 000 000). */
const BOT_CASH = 10_000_000 * 1_000_000;

/** The simulated RFQ market makers. */
export class RfqBots {
  /** Whether the bots quote new RFQs. */
  enabled = true;
  readonly #ex: Exchange;
  readonly #engine: RfqEngine;
  readonly #scheduler: Scheduler;
  #users: UserRecord[] | undefined;

  /**
   * Creates the bots and hooks them to the engine. Their users are registered on first use.
   *
   * @param ex The exchange.
   * @param engine The RFQ engine.
   * @param scheduler Where their delayed actions go.
   */
  constructor(ex: Exchange, engine: RfqEngine, scheduler: Scheduler) {
    this.#ex = ex;
    this.#engine = engine;
    this.#scheduler = scheduler;
    engine.onRfqCreated = (rfq) => this.#onRfq(rfq);
    engine.onQuoteAccepted = (q) => this.#onAccepted(q);
  }

  /** The bots' users (registered on first call). */
  users(): readonly UserRecord[] {
    this.#users ??= Array.from(
      { length: RFQ_BOT_COUNT },
      () => this.#ex.accounts.createUser({ tier: "prime", cash: BOT_CASH, isBot: true }),
    );
    return this.#users;
  }

  #onRfq(rfq: RfqRecord): void {
    if (!this.enabled || this.#ex.accounts.user(rfq.creator_user_id)?.is_bot) return;
    const t = this.#engine.timing;
    this.users().forEach((bot, i) => {
      this.#scheduler.at(
        rfq.created_ms + t.botQuoteDelayMs + i * t.botQuoteStepMs,
        () => this.#quote(bot, i, rfq),
      );
    });
  }

  #quote(bot: UserRecord, i: number, rfq: RfqRecord): void {
    if (rfq.status !== "open") return;
    const market = this.#ex.catalogue.market(rfq.market_ticker);
    if (!market || market.status !== "active") return;
    const top = this.#ex.trading.top(market.ticker);
    const mid = top.yes_bid !== undefined && top.yes_ask !== undefined
      ? Math.round((top.yes_bid + top.yes_ask) / 2)
      : market.fair;
    const spread = 200 + 100 * i;
    const bid = (p: number): Price => p <= 0 ? 0 : roundToTick(p, market.bands, "down") ?? 0;
    const yesBid = bid(mid - spread);
    const noBid = bid(10_000 - mid - spread);
    if (yesBid === 0 && noBid === 0) return;
    try {
      this.#engine.createQuote(bot, {
        rfq_id: rfq.id,
        subaccount: 0,
        yes_bid: yesBid,
        no_bid: noBid,
        rest_remainder: false,
        post_only: false,
      });
    } catch (e) {
      this.#ex.log("debug", `RFQ bot could not quote ${rfq.id}`, e);
    }
  }

  #onAccepted(q: QuoteRecord): void {
    const bot = this.#users?.find((u) => u.user_id === q.creator_user_id);
    if (!bot) return;
    this.#scheduler.at(q.accepted_ms! + this.#engine.timing.botConfirmDelayMs, () => {
      if (q.status !== "accepted") return;
      try {
        this.#engine.confirmQuote(bot, q.id);
      } catch (e) {
        this.#ex.log("debug", `RFQ bot could not confirm ${q.id}`, e);
      }
    });
  }
}

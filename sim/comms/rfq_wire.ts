/**
 * Wire rendering of RFQs and quotes for one viewer: private fields (user ids, order ids,
 * subaccounts) only for the party they belong to, and the RFQ creator's communications id hidden
 * from others while the RFQ is open.
 *
 * @module
 */

import { formatCount, formatPrice } from "../../money/mod.ts";
import type { Accounts } from "../accounts.ts";
import { dollars, iso } from "./_wire.ts";
import type { QuoteRecord, RfqRecord } from "./rfq.ts";

/** The communications id shown in place of a hidden one. */
export const HIDDEN_ID = "0";

function commsId(accounts: Accounts, userId: string): string {
  return accounts.user(userId)?.communications_id ?? HIDDEN_ID;
}

/**
 * An RFQ as `GET /communications/rfqs` shows it to `viewer`.
 *
 * @param rfq The RFQ.
 * @param viewer The caller's user id.
 * @param accounts Users, for communications ids.
 * @returns The wire object.
 */
export function renderRfq(
  rfq: RfqRecord,
  viewer: string,
  accounts: Accounts,
): Record<string, unknown> {
  const own = rfq.creator_user_id === viewer;
  const out: Record<string, unknown> = {
    id: rfq.id,
    creator_id: own || rfq.status !== "open" ? commsId(accounts, rfq.creator_user_id) : HIDDEN_ID,
    market_ticker: rfq.market_ticker,
    contracts_fp: formatCount(rfq.contracts ?? 0),
    status: rfq.status,
    created_ts: iso(rfq.created_ms),
    updated_ts: iso(rfq.updated_ms),
    rest_remainder: rfq.rest_remainder,
  };
  if (rfq.target_cost !== undefined) {
    out.target_cost_dollars = dollars(rfq.target_cost);
    out.target_cost_excludes_fees = rfq.target_cost_excludes_fees;
  }
  if (rfq.mve_collection_ticker) out.mve_collection_ticker = rfq.mve_collection_ticker;
  if (rfq.mve_selected_legs?.length) {
    out.mve_selected_legs = rfq.mve_selected_legs.map((l) => ({
      event_ticker: l.event_ticker,
      market_ticker: l.market_ticker,
      side: l.side,
    }));
  }
  if (rfq.cancelled_ms !== undefined) out.cancelled_ts = iso(rfq.cancelled_ms);
  if (rfq.cancellation_reason !== undefined) out.cancellation_reason = rfq.cancellation_reason;
  if (own) {
    out.creator_user_id = rfq.creator_user_id;
    out.creator_subaccount = rfq.creator_subaccount;
  }
  return out;
}

/**
 * A quote as its maker or the RFQ creator sees it.
 *
 * @param q The quote.
 * @param rfq Its RFQ.
 * @param viewer The caller's user id.
 * @param accounts Users, for communications ids.
 * @returns The wire object.
 */
export function renderQuote(
  q: QuoteRecord,
  rfq: RfqRecord,
  viewer: string,
  accounts: Accounts,
): Record<string, unknown> {
  const maker = q.creator_user_id === viewer;
  const requester = rfq.creator_user_id === viewer;
  const out: Record<string, unknown> = {
    id: q.id,
    rfq_id: q.rfq_id,
    creator_id: commsId(accounts, q.creator_user_id),
    rfq_creator_id: requester || rfq.status !== "open"
      ? commsId(accounts, rfq.creator_user_id)
      : HIDDEN_ID,
    market_ticker: q.market_ticker,
    contracts_fp: formatCount(rfq.contracts ?? Math.max(q.yes_contracts, q.no_contracts)),
    yes_bid_dollars: formatPrice(q.yes_bid),
    no_bid_dollars: formatPrice(q.no_bid),
    yes_contracts_fp: formatCount(q.yes_contracts),
    no_contracts_fp: formatCount(q.no_contracts),
    created_ts: iso(q.created_ms),
    updated_ts: iso(q.updated_ms),
    status: q.status,
    rest_remainder: q.rest_remainder,
  };
  if (rfq.target_cost !== undefined) {
    out.rfq_target_cost_dollars = dollars(rfq.target_cost);
    out.target_cost_excludes_fees = rfq.target_cost_excludes_fees;
  }
  if (q.accepted_side !== undefined) out.accepted_side = q.accepted_side;
  if (q.accepted_ms !== undefined) out.accepted_ts = iso(q.accepted_ms);
  if (q.confirmed_ms !== undefined) out.confirmed_ts = iso(q.confirmed_ms);
  if (q.executed_ms !== undefined) out.executed_ts = iso(q.executed_ms);
  if (q.cancelled_ms !== undefined) out.cancelled_ts = iso(q.cancelled_ms);
  if (q.cancellation_reason !== undefined) out.cancellation_reason = q.cancellation_reason;
  if (maker) {
    out.creator_user_id = q.creator_user_id;
    out.creator_subaccount = q.creator_subaccount;
    out.post_only = q.post_only;
    if (q.creator_order_id !== undefined) out.creator_order_id = q.creator_order_id;
  }
  if (requester) {
    out.rfq_creator_user_id = rfq.creator_user_id;
    out.rfq_creator_subaccount = rfq.creator_subaccount;
    if (q.rfq_creator_order_id !== undefined) out.rfq_creator_order_id = q.rfq_creator_order_id;
  }
  return out;
}

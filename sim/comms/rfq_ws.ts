/**
 * The `msg` payloads of the WebSocket `communications` channel (`rfq_created`, `rfq_deleted`,
 * `quote_created`, `quote_accepted`, `quote_executed`) for one subscriber, built from the engine's
 * records when the bus publishes a `communications` event. Quote events reach only the quote's
 * maker and the RFQ's creator; each sees its own order and subaccount, never the other's.
 *
 * @module
 */

import { formatCount, formatPrice } from "../../money/mod.ts";
import type { Accounts } from "../accounts.ts";
import type { SimEvent } from "../types.ts";
import { dollars, iso } from "./_wire.ts";
import type { QuoteRecord, RfqEngine, RfqRecord } from "./rfq.ts";
import { HIDDEN_ID } from "./rfq_wire.ts";

/** A `communications` bus event. */
export type CommsEvent = Extract<SimEvent, { type: "communications" }>;

function creatorId(rfq: RfqRecord, viewer: string, accounts: Accounts): string {
  const own = rfq.creator_user_id === viewer;
  return own || rfq.status !== "open"
    ? accounts.user(rfq.creator_user_id)?.communications_id ?? HIDDEN_ID
    : HIDDEN_ID;
}

function rfqMsg(rfq: RfqRecord, viewer: string, accounts: Accounts): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: rfq.id,
    creator_id: creatorId(rfq, viewer, accounts),
    market_ticker: rfq.market_ticker,
    event_ticker: rfq.event_ticker,
  };
  if (rfq.contracts !== undefined) out.contracts_fp = formatCount(rfq.contracts);
  if (rfq.target_cost !== undefined) out.target_cost_dollars = dollars(rfq.target_cost);
  return out;
}

function quoteMsg(
  q: QuoteRecord,
  rfq: RfqRecord,
  viewer: string,
  accounts: Accounts,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    quote_id: q.id,
    rfq_id: q.rfq_id,
    quote_creator_id: accounts.user(q.creator_user_id)?.communications_id ?? HIDDEN_ID,
    rfq_creator_id: creatorId(rfq, viewer, accounts),
    market_ticker: q.market_ticker,
    event_ticker: q.event_ticker,
  };
  return out;
}

function ownSubaccount(q: QuoteRecord, rfq: RfqRecord, viewer: string): number | undefined {
  const sub = viewer === q.creator_user_id
    ? q.creator_subaccount
    : viewer === rfq.creator_user_id
    ? rfq.creator_subaccount
    : 0;
  return sub > 0 ? sub : undefined;
}

/**
 * The channel message for one subscriber, or undefined when the event is not for them.
 *
 * @param engine The RFQ engine.
 * @param accounts Users, for communications ids.
 * @param event The bus event.
 * @param viewer The subscriber's user id.
 * @returns `{type, msg}` for the WebSocket envelope (the server adds `sid` and `seq`).
 */
export function commsWsMessage(
  engine: RfqEngine,
  accounts: Accounts,
  event: CommsEvent,
  viewer: string,
): { type: CommsEvent["event_type"]; msg: Record<string, unknown> } | undefined {
  if (event.audience && !event.audience.includes(viewer)) return undefined;
  const rfq = engine.rfq(event.rfq_id);
  if (!rfq) return undefined;
  const type = event.event_type;
  if (type === "rfq_created" || type === "rfq_deleted") {
    const msg = rfqMsg(rfq, viewer, accounts);
    if (type === "rfq_created") {
      msg.created_ts = iso(rfq.created_ms);
      if (rfq.mve_collection_ticker) msg.mve_collection_ticker = rfq.mve_collection_ticker;
      if (rfq.mve_selected_legs?.length) {
        msg.mve_selected_legs = rfq.mve_selected_legs.map((l) => ({ ...l }));
      }
    } else {
      msg.deleted_ts = iso(event.ts_ms);
    }
    return { type, msg };
  }
  const q = event.quote_id === undefined ? undefined : engine.quote(event.quote_id);
  if (!q || !engine.canSee(q, viewer)) return undefined;
  const msg = quoteMsg(q, rfq, viewer, accounts);
  if (type === "quote_executed") {
    const maker = viewer === q.creator_user_id;
    msg.order_id = (maker ? q.creator_order_id : q.rfq_creator_order_id) ?? "";
    msg.client_order_id = (maker ? q.creator_client_order_id : q.rfq_creator_client_order_id) ??
      "";
    msg.executed_ts = iso(q.executed_ms ?? event.ts_ms);
  } else {
    msg.yes_bid_dollars = formatPrice(q.yes_bid);
    msg.no_bid_dollars = formatPrice(q.no_bid);
    msg.yes_contracts_offered_fp = formatCount(q.yes_contracts);
    msg.no_contracts_offered_fp = formatCount(q.no_contracts);
    if (rfq.target_cost !== undefined) msg.rfq_target_cost_dollars = dollars(rfq.target_cost);
    if (type === "quote_created") msg.created_ts = iso(q.created_ms);
    else if (q.accepted_side !== undefined) {
      msg.accepted_side = q.accepted_side;
      msg.contracts_accepted_fp = formatCount(
        q.accepted_side === "yes" ? q.yes_contracts : q.no_contracts,
      );
    }
  }
  const sub = ownSubaccount(q, rfq, viewer);
  if (sub !== undefined) msg.subaccount = sub;
  return { type, msg };
}

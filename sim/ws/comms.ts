/**
 * Payloads of the `communications` channel (`rfq_created`, `rfq_deleted`, `quote_created`,
 * `quote_accepted`, `quote_executed`) for one recipient. The communications part renders them,
 * from the first source it offers: {@linkcode CommsWsSource.wsMessage}, else its REST-shaped
 * `rfqWire()` / `quoteWire()` objects converted here, else a minimal schema-valid payload.
 *
 * @module
 */

import type { Exchange } from "../exchange.ts";
import type { SimEvent } from "../types.ts";

/** A `communications` event. */
export type CommunicationsEvent = Extract<SimEvent, { type: "communications" }>;

/** Who a message is rendered for. */
export interface CommsViewer {
  user_id: string;
  /** Set when the connection's key is restricted to one subaccount. */
  subaccount?: number;
}

/** What a communications part may implement to render RFQ/quote messages itself. */
export interface CommsWsSource {
  /**
   * The `msg` of a communications event as one recipient sees it.
   *
   * @param event The event.
   * @param viewer The recipient.
   * @returns The payload, or undefined to withhold it from this recipient.
   */
  wsMessage(event: CommunicationsEvent, viewer: CommsViewer): Record<string, unknown> | undefined;
}

/** The REST-shaped views the communications part offers (`Comms.rfqWire` / `quoteWire`). */
interface WireSource {
  rfqWire(id: string, viewer: string): Record<string, unknown> | undefined;
  quoteWire(id: string, viewer: string): Record<string, unknown> | undefined;
}

type Wire = Record<string, unknown>;

function pick(from: Wire, into: Wire, keys: [string, string][]): void {
  for (const [src, dst] of keys) if (from[src] !== undefined) into[dst] = from[src];
}

/**
 * The `msg` of a communications event for one recipient.
 *
 * @param ex The exchange.
 * @param ev The event.
 * @param viewer The recipient.
 * @returns The payload, or undefined when the recipient may not see it.
 */
export function communicationsMsg(
  ex: Exchange,
  ev: CommunicationsEvent,
  viewer: CommsViewer,
): Wire | undefined {
  const comms = ex.comms as Partial<CommsWsSource & WireSource> | undefined;
  if (typeof comms?.wsMessage === "function") return comms.wsMessage(ev, viewer);
  if (typeof comms?.rfqWire !== "function" || typeof comms.quoteWire !== "function") {
    return fallback(ev);
  }
  const ts = new Date(ev.ts_ms).toISOString();
  const rfq = comms.rfqWire(ev.rfq_id, viewer.user_id);
  if (!rfq) return undefined;
  const eventTicker = (ticker: unknown) =>
    typeof ticker === "string" ? ex.catalogue.market(ticker)?.event_ticker : undefined;
  if (ev.event_type === "rfq_created" || ev.event_type === "rfq_deleted") {
    const out: Wire = { id: rfq.id, creator_id: rfq.creator_id, market_ticker: rfq.market_ticker };
    const et = eventTicker(rfq.market_ticker);
    if (et) out.event_ticker = et;
    pick(rfq, out, [["contracts_fp", "contracts_fp"], ["target_cost_dollars", "target_cost_dollars"]]);
    if (ev.event_type === "rfq_created") {
      out.created_ts = rfq.created_ts ?? ts;
      pick(rfq, out, [
        ["mve_collection_ticker", "mve_collection_ticker"],
        ["mve_selected_legs", "mve_selected_legs"],
      ]);
    } else {
      out.deleted_ts = rfq.cancelled_ts ?? ts;
    }
    return out;
  }
  if (ev.quote_id === undefined) return undefined;
  const q = comms.quoteWire(ev.quote_id, viewer.user_id);
  if (!q) return undefined;
  const maker = q.creator_user_id === viewer.user_id;
  const subaccount = maker ? q.creator_subaccount : q.rfq_creator_subaccount;
  const out: Wire = {
    quote_id: q.id,
    rfq_id: q.rfq_id,
    quote_creator_id: q.creator_id,
    rfq_creator_id: q.rfq_creator_id,
  };
  if (ev.event_type === "quote_executed") {
    out.order_id = (maker ? q.creator_order_id : q.rfq_creator_order_id) ?? "";
    out.client_order_id = (maker ? q.creator_client_order_id : q.rfq_creator_client_order_id) ??
      "";
    out.market_ticker = q.market_ticker;
    out.executed_ts = q.executed_ts ?? ts;
  } else {
    out.market_ticker = q.market_ticker;
    const et = eventTicker(q.market_ticker);
    if (et) out.event_ticker = et;
    pick(q, out, [
      ["yes_bid_dollars", "yes_bid_dollars"],
      ["no_bid_dollars", "no_bid_dollars"],
    ]);
    if (ev.event_type === "quote_accepted") {
      pick(q, out, [["accepted_side", "accepted_side"], ["contracts_fp", "contracts_accepted_fp"]]);
    }
    pick(q, out, [
      ["yes_contracts_fp", "yes_contracts_offered_fp"],
      ["no_contracts_fp", "no_contracts_offered_fp"],
      ["rfq_target_cost_dollars", "rfq_target_cost_dollars"],
    ]);
    if (ev.event_type === "quote_created") out.created_ts = q.created_ts ?? ts;
  }
  if (typeof subaccount === "number" && subaccount > 0) out.subaccount = subaccount;
  return out;
}

/** A minimal, schema-valid payload for a communications part that renders nothing. */
function fallback(ev: CommunicationsEvent): Wire {
  const ts = new Date(ev.ts_ms).toISOString();
  const ids = { quote_id: ev.quote_id ?? "", rfq_id: ev.rfq_id };
  const creators = { quote_creator_id: "0", rfq_creator_id: "0" };
  switch (ev.event_type) {
    case "rfq_created":
      return { id: ev.rfq_id, creator_id: "0", market_ticker: "", created_ts: ts };
    case "rfq_deleted":
      return { id: ev.rfq_id, creator_id: "0", market_ticker: "", deleted_ts: ts };
    case "quote_executed":
      return {
        ...ids,
        ...creators,
        order_id: "",
        client_order_id: "",
        market_ticker: "",
        executed_ts: ts,
      };
    default:
      return {
        ...ids,
        ...creators,
        market_ticker: "",
        yes_bid_dollars: "0.0000",
        no_bid_dollars: "0.0000",
        created_ts: ts,
      };
  }
}

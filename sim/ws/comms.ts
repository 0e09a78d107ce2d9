/**
 * Payloads of the `communications` channel (`rfq_created`, `rfq_deleted`, `quote_created`,
 * `quote_accepted`, `quote_executed`) for one recipient. The communications part renders them
 * ({@linkcode CommsWsSource.wsMessage}, which also decides who may see what); an exchange whose
 * communications part renders nothing gets a minimal schema-valid payload.
 *
 * @module
 */

import type { Exchange } from "../exchange.ts";
import type { SimEvent } from "../types.ts";

/** A `communications` event. */
export type CommunicationsEvent = Extract<SimEvent, { type: "communications" }>;

/** What the communications part implements to render RFQ/quote messages (`Comms.wsMessage`). */
export interface CommsWsSource {
  /**
   * The message a communications event becomes for one subscriber.
   *
   * @param event The event.
   * @param viewer The subscriber's user id.
   * @returns `{type, msg}`, or undefined when the event is not for them.
   */
  wsMessage(
    event: CommunicationsEvent,
    viewer: string,
  ): { type: string; msg: Record<string, unknown> } | undefined;
}

/**
 * The `msg` of a communications event for one recipient.
 *
 * @param ex The exchange.
 * @param ev The event.
 * @param viewer The recipient's user id.
 * @returns The payload, or undefined when the recipient may not see it.
 */
export function communicationsMsg(
  ex: Exchange,
  ev: CommunicationsEvent,
  viewer: string,
): Record<string, unknown> | undefined {
  if (ev.audience && !ev.audience.includes(viewer)) return undefined;
  const comms = ex.comms as Partial<CommsWsSource> | undefined;
  if (typeof comms?.wsMessage === "function") return comms.wsMessage(ev, viewer)?.msg;
  return fallback(ev);
}

/** A minimal, schema-valid payload for a communications part that renders nothing. */
function fallback(ev: CommunicationsEvent): Record<string, unknown> {
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

/**
 * Per-operation facts the client needs beyond the generated table: auth mode, repeated query
 * keys, list item fields, retry safety and deprecation replacements.
 *
 * @module
 */

import type { ListItemKeys, ListOperationId } from "./call.ts";
import { type OperationId, type OperationInfo, OPERATIONS } from "./types/operations.ts";

const BY_ID: ReadonlyMap<string, OperationInfo> = new Map(
  OPERATIONS.map((o) => [o.operationId, o]),
);

/**
 * The generated facts of an operation.
 *
 * @param op Operation id.
 * @returns Its method, path, tag, auth and status, or undefined when unknown.
 */
export function operationInfo(op: string): OperationInfo | undefined {
  return BY_ID.get(op);
}

/**
 * Public in the guides although the spec declares security: signed when credentials exist,
 * anonymous otherwise.
 */
const AUTH_OPTIONAL: ReadonlySet<string> = new Set(["GetMarketOrderbook", "GetMarketOrderbooks"]);
/** No security in the spec but user-scoped: signed when credentials exist. */
const AUTH_WHEN_POSSIBLE: ReadonlySet<string> = new Set(["GetUserDataTimestamp"]);

/**
 * How the transport treats credentials for an operation.
 *
 * @param info The operation.
 * @returns `required`, `optional` (sign when possible) or `none`.
 */
export function authMode(info: OperationInfo): "required" | "optional" | "none" {
  if (AUTH_OPTIONAL.has(info.operationId) || AUTH_WHEN_POSSIBLE.has(info.operationId)) {
    return "optional";
  }
  return info.auth ? "required" : "none";
}

/** Query parameters sent as repeated keys (`explode: true` arrays in the spec). */
export const REPEATED_QUERY: Readonly<Partial<Record<OperationId, readonly string[]>>> = {
  GetMarketOrderbooks: ["tickers"],
  GetStructuredTargets: ["ids"],
  GetLiveDatas: ["milestone_ids"],
  GetEventForecastPercentilesHistory: ["percentiles"],
};

/** Response field holding the items of each list operation. */
export const LIST_ITEMS: { readonly [K in ListOperationId]: ListItemKeys[K] } = {
  GetMarkets: "markets",
  GetTrades: "trades",
  GetEvents: "events",
  GetMultivariateEvents: "events",
  GetEventFeeChanges: "event_fee_changes",
  GetMilestones: "milestones",
  GetStructuredTargets: "structured_targets",
  GetIncentivePrograms: "incentive_programs",
  GetMultivariateEventCollections: "multivariate_contracts",
  GetHistoricalMarkets: "markets",
  GetTradesHistorical: "trades",
  GetFillsHistorical: "fills",
  GetHistoricalOrders: "orders",
  GetHistoricalPositions: "market_positions",
  GetOrders: "orders",
  GetFills: "fills",
  GetPositions: "market_positions",
  GetSettlements: "settlements",
  GetDeposits: "deposits",
  GetWithdrawals: "withdrawals",
  GetIntraExchangeInstanceTransfers: "transfers",
  GetSubaccountTransfers: "transfers",
  GetRFQs: "rfqs",
  GetQuotes: "quotes",
  GetBlockTradeProposals: "block_trade_proposals",
  GetFCMOrders: "orders",
  GetFCMPositions: "market_positions",
};

/** Order writes that carry `client_order_id` (Kalshi's idempotency key). */
const ORDER_CREATES: ReadonlySet<string> = new Set(["CreateOrderV2", "CreateOrder"]);
const ORDER_BATCH_CREATES: ReadonlySet<string> = new Set([
  "BatchCreateOrdersV2",
  "BatchCreateOrders",
]);

/**
 * Whether a request may be retried after an attempt with an unknown outcome: reads, and order
 * creates whose every order carries a `client_order_id`.
 *
 * @param info The operation.
 * @param body The request body.
 * @returns True when retrying cannot duplicate an effect.
 */
export function isRetrySafe(info: OperationInfo, body: unknown): boolean {
  if (info.method === "GET") return true;
  if (ORDER_CREATES.has(info.operationId)) return hasClientOrderId(body);
  if (ORDER_BATCH_CREATES.has(info.operationId)) {
    const orders = (body as { orders?: unknown } | undefined)?.orders;
    return Array.isArray(orders) && orders.length > 0 && orders.every(hasClientOrderId);
  }
  return false;
}

function hasClientOrderId(v: unknown): boolean {
  const id = (v as { client_order_id?: unknown } | null | undefined)?.client_order_id;
  return typeof id === "string" && id !== "";
}

/** Number of items of a batch request (for per-item rate-limit costs). */
export function batchSize(body: unknown): number | undefined {
  const list = (body as { orders?: unknown } | undefined)?.orders;
  return Array.isArray(list) ? list.length : undefined;
}

/** What replaces each deprecated or removed operation, for warnings and docs. */
export const REPLACEMENTS: Readonly<Partial<Record<OperationId, string>>> = {
  GetExchangeAnnouncements:
    "there is no replacement; follow exchange.status() and exchange.schedule()",
  GetMultivariateEventCollectionLookupHistory:
    "use multivariate.createMarket(), which resolves a leg combination",
  LookupTickersForMarketInMultivariateEventCollection:
    "use multivariate.createMarket(), which returns the market's tickers",
  CreateOrder: "use orders.create() (CreateOrderV2, POST /portfolio/events/orders)",
  BatchCreateOrders: "use orders.batchCreate() (BatchCreateOrdersV2)",
  CancelOrder: "use orders.cancel() (CancelOrderV2)",
  BatchCancelOrders: "use orders.batchCancel() (BatchCancelOrdersV2)",
  AmendOrder: "use orders.amend() (AmendOrderV2)",
  DecreaseOrder: "use orders.decrease() (DecreaseOrderV2)",
  GetQuote: "use communications.rfqs.getQuote() (GetRFQQuote)",
  DeleteQuote: "use communications.rfqs.deleteQuote() (DeleteRFQQuote)",
  AcceptQuote: "use communications.rfqs.acceptQuote() (AcceptRFQQuote)",
  ConfirmQuote: "use communications.rfqs.confirmQuote() (ConfirmRFQQuote)",
};

const warned = new Set<string>();

/**
 * Emits a warning once per process for a key.
 *
 * @param key Deduplication key (an operation id).
 * @param message The warning.
 * @param onWarning The receiver; nothing happens without one.
 */
export function warnOnce(
  key: string,
  message: string,
  onWarning: ((message: string) => void) | undefined,
): void {
  if (!onWarning || warned.has(key)) return;
  warned.add(key);
  onWarning(message);
}

/** Forgets which warnings were emitted (tests only). */
export function _resetWarnings(): void {
  warned.clear();
}

/**
 * The once-per-process warning for a deprecated operation, or undefined when it is not.
 *
 * @param info The operation.
 * @returns The warning text.
 */
export function deprecationMessage(info: OperationInfo): string | undefined {
  const replacement = REPLACEMENTS[info.operationId];
  if (!info.deprecated && info.status !== "removed" && replacement === undefined) return undefined;
  const what = info.status === "removed" ? "was removed from Kalshi's API" : "is deprecated";
  return `${info.operationId} (${info.method} ${info.path}) ${what}${
    replacement ? `: ${replacement}` : ""
  }`;
}

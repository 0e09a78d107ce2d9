/**
 * Types that tie every operation id to its wire shapes, read from the generated OpenAPI types
 * (`rest/types/openapi.ts`): path parameters, query parameters, JSON body and success response.
 *
 * @module
 */

import type { operations } from "./types/openapi.ts";
import type { OperationId } from "./types/operations.ts";

/** The path parameters of an operation (`never` when it has none). */
export type PathParams<K extends OperationId> = NonNullable<operations[K]["parameters"]["path"]>;

/** The query parameters of an operation (`never` when it has none). */
export type QueryParams<K extends OperationId> = NonNullable<operations[K]["parameters"]["query"]>;

/** The JSON request body of an operation (`never` when it takes none). */
export type RequestBody<K extends OperationId> = [NonNullable<operations[K]["requestBody"]>] extends
  [never] ? never
  : NonNullable<operations[K]["requestBody"]> extends { content: { "application/json": infer B } }
    ? B
  : never;

/** The parsed success response of an operation (`void` for an empty 204 answer). */
export type ResponseBody<K extends OperationId> = (
  operations[K]["responses"] extends { 200: infer S } ? S
    : operations[K]["responses"] extends { 201: infer S } ? S
    : operations[K]["responses"] extends { 204: infer S } ? S
    : never
) extends { content: { "application/json": infer B } } ? B
  : void;

/** The arguments of `KalshiClient.call()` for one operation: `{ path, query, body }`. */
export type CallArgs<K extends OperationId> =
  & ([PathParams<K>] extends [never] ? { path?: undefined } : { path: PathParams<K> })
  & (
    [QueryParams<K>] extends [never] ? { query?: undefined }
      : undefined extends operations[K]["parameters"]["query"]
        ? { query?: QueryParams<K> | undefined }
      : { query: QueryParams<K> }
  )
  & (
    [RequestBody<K>] extends [never] ? { body?: undefined }
      : undefined extends operations[K]["requestBody"] ? { body?: RequestBody<K> | undefined }
      : { body: RequestBody<K> }
  );

/** Whether every field of {@linkcode CallArgs} is optional (then the argument may be left out). */
export type CallArgsOptional<K extends OperationId> = Record<never, never> extends CallArgs<K>
  ? true
  : false;

/**
 * The arguments after the operation id of `KalshiClient.call()`: the call arguments (optional
 * when the operation needs none), then the request options.
 */
export type CallParameters<K extends OperationId> = CallArgsOptional<K> extends true
  ? [args?: CallArgs<K>, options?: RequestOptions]
  : [args: CallArgs<K>, options?: RequestOptions];

/** Options accepted by every network call of the client (the last argument). */
export interface RequestOptions {
  /** Aborts the call (waits, retries and the request itself); rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /**
   * Time limit of one attempt in milliseconds (the client's `timeout` when unset).
   *
   * @default {client timeout}
   */
  timeout?: number | undefined;
  /**
   * Retries after the first attempt, for calls that may be retried (the client's `maxRetries`
   * when unset).
   *
   * @default {client maxRetries}
   */
  maxRetries?: number | undefined;
}

/**
 * The list operations and the response field that holds their items (what `iterate()` yields).
 * Every one of them pages with a `cursor` query parameter.
 */
export interface ListItemKeys {
  /** `GET /markets`. */
  GetMarkets: "markets";
  /** `GET /markets/trades`. */
  GetTrades: "trades";
  /** `GET /events`. */
  GetEvents: "events";
  /** `GET /events/multivariate`. */
  GetMultivariateEvents: "events";
  /** `GET /events/fee_changes`. */
  GetEventFeeChanges: "event_fee_changes";
  /** `GET /milestones`. */
  GetMilestones: "milestones";
  /** `GET /structured_targets`. */
  GetStructuredTargets: "structured_targets";
  /** `GET /incentive_programs` (its cursor comes back as `next_cursor`). */
  GetIncentivePrograms: "incentive_programs";
  /** `GET /multivariate_event_collections`. */
  GetMultivariateEventCollections: "multivariate_contracts";
  /** `GET /historical/markets`. */
  GetHistoricalMarkets: "markets";
  /** `GET /historical/trades`. */
  GetTradesHistorical: "trades";
  /** `GET /historical/fills`. */
  GetFillsHistorical: "fills";
  /** `GET /historical/orders`. */
  GetHistoricalOrders: "orders";
  /** `GET /historical/positions` (market positions). */
  GetHistoricalPositions: "market_positions";
  /** `GET /portfolio/orders`. */
  GetOrders: "orders";
  /** `GET /portfolio/fills`. */
  GetFills: "fills";
  /** `GET /portfolio/positions` (market positions). */
  GetPositions: "market_positions";
  /** `GET /portfolio/settlements`. */
  GetSettlements: "settlements";
  /** `GET /portfolio/deposits`. */
  GetDeposits: "deposits";
  /** `GET /portfolio/withdrawals`. */
  GetWithdrawals: "withdrawals";
  /** `GET /portfolio/intra_exchange_instance_transfers`. */
  GetIntraExchangeInstanceTransfers: "transfers";
  /** `GET /portfolio/subaccounts/transfers`. */
  GetSubaccountTransfers: "transfers";
  /** `GET /communications/rfqs`. */
  GetRFQs: "rfqs";
  /** `GET /communications/quotes`. */
  GetQuotes: "quotes";
  /** `GET /communications/block-trade-proposals`. */
  GetBlockTradeProposals: "block_trade_proposals";
  /** `GET /fcm/orders`. */
  GetFCMOrders: "orders";
  /** `GET /fcm/positions` (market positions). */
  GetFCMPositions: "market_positions";
}

/** An operation that returns a cursor-paginated list. */
export type ListOperationId = keyof ListItemKeys;

/** One item of a list operation's page. */
export type ListItem<K extends ListOperationId> = NonNullable<
  ResponseBody<K>[ListItemKeys[K] & keyof ResponseBody<K>]
> extends readonly (infer I)[] ? I
  : never;

/** Query parameters of a list operation, without the `cursor` (the iterator owns it). */
export type ListParams<K extends ListOperationId> = Omit<QueryParams<K>, "cursor">;

/** Options of the `iterate()` methods. */
export interface IterateOptions extends RequestOptions {
  /**
   * Stop after this many items.
   *
   * @default {Infinity}
   */
  maxItems?: number | undefined;
  /**
   * Stop after this many pages.
   *
   * @default {Infinity}
   */
  maxPages?: number | undefined;
  /**
   * Cursor to resume from.
   *
   * @default {undefined}
   */
  cursor?: string | undefined;
}

/**
 * Orders (V2 writes, reads, queue positions, the deprecated V1 writes) and order groups.
 *
 * Order writes take prices and counts as `money/` integers ({@linkcode Price}, {@linkcode Count})
 * or as wire strings (`"0.5600"`, `"10"`), and send Kalshi's canonical strings. `create()` fills
 * in a `client_order_id` when none is given, so a retry after a lost answer can never create a
 * second order: a 409 on the retry is resolved by looking the order up.
 *
 * @module
 */

import {
  KalshiConfigError,
  KalshiMoneyError,
  type KalshiRequestInfo,
  KalshiUnknownOutcomeError,
} from "../errors.ts";
import {
  type Count,
  formatCount,
  formatPrice,
  parseCount,
  parsePrice,
  type Price,
} from "../money/mod.ts";
import { type Caller, callerOf, pick } from "./_caller.ts";
import type {
  IterateOptions,
  ListItem,
  ListParams,
  QueryParams,
  RequestBody,
  RequestOptions,
  ResponseBody,
} from "./call.ts";
import type { KalshiClient } from "./client.ts";
import { delay } from "./rate_limit.ts";
import type { components } from "./types/openapi.ts";

/** A price as order helpers take it: a `money/` {@linkcode Price} ($0.0001 units) or a dollar string. */
export type PriceInput = Price | string;
/** A count as order helpers take it: a `money/` {@linkcode Count} (0.01 contracts) or a count string. */
export type CountInput = Count | string;

/** An order as `GET /portfolio/orders` returns it. */
export type Order = components["schemas"]["Order"];

/**
 * Parameters of {@linkcode OrdersApi.create}: the `CreateOrderV2Request` wire body, with `price`
 * and `count` also accepted as `money/` integers and `client_order_id` optional (a UUID is
 * generated when it is missing).
 */
export interface CreateOrderParams
  extends
    Omit<components["schemas"]["CreateOrderV2Request"], "price" | "count" | "client_order_id"> {
  /** YES-leg limit price: a {@linkcode Price} (e.g. `5600`) or a dollar string (`"0.5600"`). */
  price: PriceInput;
  /** Contracts: a {@linkcode Count} (e.g. `1000` = 10 contracts) or a string (`"10"`, `"10.00"`). */
  count: CountInput;
  /** Idempotency key; generated (a UUID) when absent. */
  client_order_id?: string | undefined;
}

/** Parameters of {@linkcode OrdersApi.batchCreate}. */
export interface BatchCreateOrdersParams {
  /** The orders, each like {@linkcode OrdersApi.create}'s parameters. */
  orders: CreateOrderParams[];
}

/** Parameters of {@linkcode OrdersApi.amend}: the `AmendOrderV2Request` body and the query. */
export interface AmendOrderParams
  extends
    Omit<components["schemas"]["AmendOrderV2Request"], "price" | "count">,
    QueryParams<"AmendOrderV2"> {
  /** New YES-leg price. */
  price: PriceInput;
  /** New total count (filled plus remaining), not a delta. */
  count: CountInput;
}

/** Parameters of {@linkcode OrdersApi.decrease}: exactly one of `reduce_by` and `reduce_to`. */
export interface DecreaseOrderParams
  extends
    Omit<components["schemas"]["DecreaseOrderV2Request"], "reduce_by" | "reduce_to">,
    QueryParams<"DecreaseOrderV2"> {
  /** Contracts to take off the remaining count. */
  reduce_by?: CountInput | undefined;
  /** Remaining count to leave. */
  reduce_to?: CountInput | undefined;
}

/** Options of {@linkcode OrdersApi.findByClientOrderId}. */
export interface FindOrderOptions extends RequestOptions {
  /** Market ticker to search (recommended: without it every order is scanned). */
  ticker?: string | undefined;
  /** Subaccount; all subaccounts when unset. */
  subaccount?: number | undefined;
  /** Only orders updated after this Unix time in seconds. */
  min_ts?: number | undefined;
}

/**
 * Writes a price the way order endpoints take it (`"0.5600"`).
 *
 * @param value A {@linkcode Price} or a dollar string.
 * @param field Field name for errors.
 * @returns The dollar string with four decimals.
 * @throws {KalshiMoneyError} When it is not a valid price strictly between 0 and 1.
 */
export function toWirePrice(value: PriceInput, field = "price"): string {
  const p = typeof value === "string" ? parsePrice(value, { field }) : value;
  const text = formatPrice(p, { field });
  if (p <= 0 || p >= 10_000) {
    throw new KalshiMoneyError(field, value, "an order price must be between 0 and 1, exclusive");
  }
  return text;
}

/**
 * Writes a count the way order endpoints take it (`"10.00"`).
 *
 * @param value A {@linkcode Count} or a count string.
 * @param field Field name for errors.
 * @returns The count string with two decimals.
 * @throws {KalshiMoneyError} When it is not a valid positive count.
 */
export function toWireCount(value: CountInput, field = "count"): string {
  const c = typeof value === "string" ? parseCount(value, { field }) : value;
  const text = formatCount(c, { field });
  if (c <= 0) throw new KalshiMoneyError(field, value, "must be greater than 0");
  return text;
}

function createBody(params: CreateOrderParams): components["schemas"]["CreateOrderV2Request"] {
  if (!params || typeof params !== "object") {
    throw new KalshiConfigError("Cannot create an order: parameters must be an object");
  }
  return {
    ...params,
    price: toWirePrice(params.price),
    count: toWireCount(params.count),
    client_order_id: params.client_order_id ?? crypto.randomUUID(),
  };
}

/**
 * The create response an order stands for (when the create's own answer was lost).
 *
 * @param order The order.
 * @returns A `CreateOrderV2Response` describing it.
 */
export function orderToCreateResponse(
  order: Order,
): components["schemas"]["CreateOrderV2Response"] {
  const ts = Date.parse(order.last_update_time ?? order.created_time ?? "");
  return {
    order_id: order.order_id,
    client_order_id: order.client_order_id,
    fill_count: order.fill_count_fp,
    remaining_count: order.remaining_count_fp,
    ts_ms: Number.isNaN(ts) ? Date.now() : ts,
  };
}

/** Orders: V2 writes, reads and queue positions. */
export class OrdersApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.orders`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Places an order (`POST /portfolio/events/orders`, V2). A `client_order_id` is generated when
   * absent, which makes the call safe to retry: after a lost answer (timeout, 5xx, dropped
   * connection) it is retried, and a 409 duplicate on the retry is resolved by fetching the
   * order that the lost attempt created, so exactly one order exists.
   *
   * @example
   * ```ts
   * import { KalshiClient } from "@kalshikit/kalshi/rest";
   * import { startSim } from "@kalshikit/kalshi/sim";
   * import assert from "node:assert/strict";
   *
   * await using sim = await startSim({ markets: 50 });
   * await using client = await KalshiClient.create({
   *   env: { restUrl: sim.restUrl },
   *   keyId: sim.keyId,
   *   privateKey: sim.privateKeyPem,
   * });
   * const [market] = (await client.markets.list({ status: "open", limit: 1 })).markets;
   * const placed = await client.orders.create({
   *   ticker: market!.ticker,
   *   side: "bid",
   *   price: 100, // $0.0100
   *   count: "1",
   *   time_in_force: "good_till_canceled",
   *   self_trade_prevention_type: "taker_at_cross",
   * });
   * assert.equal(placed.remaining_count, "1.00");
   * ```
   *
   * @param params The order; `price`/`count` as `money/` integers or wire strings.
   * @param options Signal, timeout, retries.
   * @returns Kalshi's create response (or, after a recovered duplicate, one built from the order).
   * @throws {KalshiUnknownOutcomeError} When the outcome stays unknown after every retry.
   */
  async create(
    params: CreateOrderParams,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateOrderV2">> {
    const body = createBody(params);
    const find = this.#finder(body, options);
    return await this.#c.send("CreateOrderV2", { body }, options, {
      onDuplicate: async (cause) => {
        const order = await find();
        if (order) return orderToCreateResponse(order);
        throw unknown(body.client_order_id!, cause.request, cause);
      },
      onUnknown: async () => {
        const order = await find().catch(rethrowAbort(options.signal));
        return order ? orderToCreateResponse(order) : undefined;
      },
    });
  }

  /**
   * Places several orders at once (`POST /portfolio/events/orders/batched`); each item answers
   * on its own (`error` per item). Missing `client_order_id`s are generated, so the batch is
   * retried safely; after a lost answer, items reported `order_already_exists` are replaced by
   * the orders the lost attempt created.
   *
   * @param params `{ orders }`, each like {@linkcode OrdersApi.create}'s parameters.
   * @param options Signal, timeout, retries.
   * @returns One result per order, in order.
   */
  async batchCreate(
    params: BatchCreateOrdersParams,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"BatchCreateOrdersV2">> {
    const orders = params.orders.map(createBody);
    type Result = ResponseBody<"BatchCreateOrdersV2">;
    const resolveItem = async (body: components["schemas"]["CreateOrderV2Request"]) => {
      const order = await this.#finder(body, options)();
      return order ? orderToCreateResponse(order) : undefined;
    };
    return await this.#c.send("BatchCreateOrdersV2", { body: { orders } }, options, {
      onRecovered: async (result: Result) => {
        const items = await Promise.all(result.orders.map(async (item, i) => {
          if (item.error?.code !== "order_already_exists" || !orders[i]) return item;
          return (await resolveItem(orders[i]!)) ?? item;
        }));
        return { ...result, orders: items };
      },
      onUnknown: async () => {
        const found = await Promise.all(orders.map(resolveItem)).catch(
          rethrowAbort(options.signal),
        );
        if (!found || found.some((f) => f === undefined)) return undefined;
        return { orders: found as components["schemas"]["CreateOrderV2Response"][] };
      },
    });
  }

  /**
   * Cancels an order (`DELETE /portfolio/events/orders/{order_id}`): it reduces the remaining
   * count to zero.
   *
   * @param orderId The order id.
   * @param params Subaccount, shard, market ticker.
   * @param options Signal and timeout.
   * @returns The order id and how much was cancelled.
   */
  cancel(
    orderId: string,
    params: QueryParams<"CancelOrderV2"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CancelOrderV2">> {
    return this.#c.send("CancelOrderV2", { path: { order_id: orderId }, query: params }, options);
  }

  /**
   * Cancels several orders (`DELETE /portfolio/events/orders/batched`).
   *
   * @param params `{ orders: [{ order_id, subaccount?, exchange_index?, market_ticker? }] }`.
   * @param options Signal and timeout.
   * @returns One result per order.
   */
  batchCancel(
    params: RequestBody<"BatchCancelOrdersV2">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"BatchCancelOrdersV2">> {
    return this.#c.send("BatchCancelOrdersV2", { body: params }, options);
  }

  /**
   * Amends an order's price and total count (`POST /portfolio/events/orders/{order_id}/amend`).
   *
   * @param orderId The order id.
   * @param params Ticker, side, new price and new total count; `subaccount` goes in the query.
   * @param options Signal and timeout.
   * @returns The amended order's counts.
   */
  async amend(
    orderId: string,
    params: AmendOrderParams,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"AmendOrderV2">> {
    const { taken, rest } = pick(params as unknown as Record<string, unknown>, ["subaccount"]);
    const body = {
      ...rest,
      price: toWirePrice(params.price),
      count: toWireCount(params.count),
    } as RequestBody<"AmendOrderV2">;
    return await this.#c.send("AmendOrderV2", {
      path: { order_id: orderId },
      query: taken as QueryParams<"AmendOrderV2">,
      body,
    }, options);
  }

  /**
   * Decreases an order's remaining count (`POST /portfolio/events/orders/{order_id}/decrease`).
   *
   * @param orderId The order id.
   * @param params `reduce_by` or `reduce_to`; `subaccount` goes in the query.
   * @param options Signal and timeout.
   * @returns The remaining count.
   */
  async decrease(
    orderId: string,
    params: DecreaseOrderParams,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"DecreaseOrderV2">> {
    const { taken, rest } = pick(params as unknown as Record<string, unknown>, ["subaccount"]);
    const body = { ...rest } as RequestBody<"DecreaseOrderV2">;
    if (params.reduce_by !== undefined) body.reduce_by = toWireCount(params.reduce_by, "reduce_by");
    if (params.reduce_to !== undefined) {
      body.reduce_to = formatCount(
        typeof params.reduce_to === "string"
          ? parseCount(params.reduce_to, { field: "reduce_to" })
          : params.reduce_to,
        { field: "reduce_to" },
      );
    }
    return await this.#c.send("DecreaseOrderV2", {
      path: { order_id: orderId },
      query: taken as QueryParams<"DecreaseOrderV2">,
      body,
    }, options);
  }

  /**
   * Cancels every resting order (`DELETE /portfolio/events/orders`).
   *
   * @param params Subaccount.
   * @param options Signal and timeout.
   */
  async cancelAll(
    params: QueryParams<"CancelAllOrders"> = {},
    options: RequestOptions = {},
  ): Promise<void> {
    await this.#c.send("CancelAllOrders", { query: params }, options);
  }

  /**
   * Lists orders, one page (`GET /portfolio/orders`).
   *
   * @param params Filters, `limit`, `cursor`.
   * @param options Signal and timeout.
   * @returns A page of orders and the next cursor.
   */
  list(
    params: QueryParams<"GetOrders"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetOrders">> {
    return this.#c.send("GetOrders", { query: params }, options);
  }

  /**
   * Iterates over every order matching the filters (`GET /portfolio/orders`, all pages).
   *
   * @param params Filters and page size.
   * @param options Signal, timeout, item and page limits.
   * @returns The orders.
   */
  iterate(
    params: ListParams<"GetOrders"> = {},
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<"GetOrders">, void, undefined> {
    return this.#c.iterate("GetOrders", { query: params }, options);
  }

  /**
   * Gets one order (`GET /portfolio/orders/{order_id}`).
   *
   * @param orderId The order id.
   * @param options Signal and timeout.
   * @returns `{ order }`.
   */
  get(orderId: string, options: RequestOptions = {}): Promise<ResponseBody<"GetOrder">> {
    return this.#c.send("GetOrder", { path: { order_id: orderId } }, options);
  }

  /**
   * Finds an order by its `client_order_id` (Kalshi has no direct lookup: this scans
   * `GET /portfolio/orders`, narrowed by ticker and time when given).
   *
   * @param clientOrderId The client order id.
   * @param options Ticker, subaccount, time bound, signal.
   * @returns The order, or undefined when none has this id.
   */
  async findByClientOrderId(
    clientOrderId: string,
    options: FindOrderOptions = {},
  ): Promise<Order | undefined> {
    const { ticker, subaccount, min_ts, ...request } = options;
    const query: ListParams<"GetOrders"> = { limit: 1000 };
    if (ticker !== undefined) query.ticker = ticker;
    if (subaccount !== undefined) query.subaccount = subaccount;
    if (min_ts !== undefined) query.min_ts = min_ts;
    for await (const order of this.iterate(query, request)) {
      if (order.client_order_id === clientOrderId) return order;
    }
    return undefined;
  }

  /**
   * Gets an order's place in the queue at its price (`GET /portfolio/orders/{order_id}/queue_position`).
   *
   * @param orderId The order id.
   * @param options Signal and timeout.
   * @returns The queue position (contracts ahead).
   */
  queuePosition(
    orderId: string,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetOrderQueuePosition">> {
    return this.#c.send("GetOrderQueuePosition", { path: { order_id: orderId } }, options);
  }

  /**
   * Gets the queue positions of resting orders (`GET /portfolio/orders/queue_positions`).
   *
   * @param params `market_tickers` (comma list) or `event_ticker`, subaccount.
   * @param options Signal and timeout.
   * @returns The queue positions.
   */
  queuePositions(
    params: QueryParams<"GetOrderQueuePositions"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetOrderQueuePositions">> {
    return this.#c.send("GetOrderQueuePositions", { query: params }, options);
  }

  /**
   * Places an order through the legacy V1 endpoint (`POST /portfolio/orders`). A
   * `client_order_id` is generated when absent.
   *
   * @deprecated Kalshi removed the V1 order writes (June 2026). Use {@linkcode OrdersApi.create}.
   *
   * @param params The V1 body (`side` yes/no, `action` buy/sell, `*_price_dollars`, `count_fp`).
   * @param options Signal, timeout, retries.
   * @returns `{ order }`.
   */
  async createV1(
    params: RequestBody<"CreateOrder">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateOrder">> {
    const body = { ...params, client_order_id: params.client_order_id ?? crypto.randomUUID() };
    const find = this.#finder(body, options);
    return await this.#c.send("CreateOrder", { body }, options, {
      onDuplicate: async (cause) => {
        const order = await find();
        if (order) return { order };
        throw unknown(body.client_order_id, cause.request, cause);
      },
      onUnknown: async () => {
        const order = await find().catch(rethrowAbort(options.signal));
        return order ? { order } : undefined;
      },
    });
  }

  /**
   * Places several orders through the legacy V1 batch endpoint (`POST /portfolio/orders/batched`).
   *
   * @deprecated Kalshi removed the V1 order writes (June 2026). Use {@linkcode OrdersApi.batchCreate}.
   *
   * @param params `{ orders }` in the V1 shape.
   * @param options Signal and timeout.
   * @returns One result per order.
   */
  async batchCreateV1(
    params: RequestBody<"BatchCreateOrders">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"BatchCreateOrders">> {
    const body = {
      ...params,
      orders: params.orders.map((o) => ({
        ...o,
        client_order_id: o.client_order_id ?? crypto.randomUUID(),
      })),
    };
    return await this.#c.send("BatchCreateOrders", { body }, options);
  }

  /**
   * Cancels an order through the legacy V1 endpoint (`DELETE /portfolio/orders/{order_id}`).
   *
   * @deprecated Kalshi removed the V1 order writes (June 2026). Use {@linkcode OrdersApi.cancel}.
   *
   * @param orderId The order id.
   * @param params Subaccount.
   * @param options Signal and timeout.
   * @returns `{ order, reduced_by }`.
   */
  cancelV1(
    orderId: string,
    params: QueryParams<"CancelOrder"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CancelOrder">> {
    return this.#c.send("CancelOrder", { path: { order_id: orderId }, query: params }, options);
  }

  /**
   * Cancels several orders through the legacy V1 endpoint (`DELETE /portfolio/orders/batched`).
   *
   * @deprecated Kalshi removed the V1 order writes (June 2026). Use {@linkcode OrdersApi.batchCancel}.
   *
   * @param params `{ ids }` or `{ orders }` in the V1 shape.
   * @param options Signal and timeout.
   * @returns One result per order.
   */
  batchCancelV1(
    params: RequestBody<"BatchCancelOrders">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"BatchCancelOrders">> {
    return this.#c.send("BatchCancelOrders", { body: params }, options);
  }

  /**
   * Amends an order through the legacy V1 endpoint (`POST /portfolio/orders/{order_id}/amend`).
   *
   * @deprecated Kalshi removed the V1 order writes (June 2026). Use {@linkcode OrdersApi.amend}.
   *
   * @param orderId The order id.
   * @param params The V1 amend body.
   * @param options Signal and timeout.
   * @returns The old and new order.
   */
  amendV1(
    orderId: string,
    params: RequestBody<"AmendOrder">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"AmendOrder">> {
    return this.#c.send("AmendOrder", { path: { order_id: orderId }, body: params }, options);
  }

  /**
   * Decreases an order through the legacy V1 endpoint (`POST /portfolio/orders/{order_id}/decrease`).
   *
   * @deprecated Kalshi removed the V1 order writes (June 2026). Use {@linkcode OrdersApi.decrease}.
   *
   * @param orderId The order id.
   * @param params `reduce_by` or `reduce_to` (V1 shape).
   * @param options Signal and timeout.
   * @returns `{ order }`.
   */
  decreaseV1(
    orderId: string,
    params: RequestBody<"DecreaseOrder">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"DecreaseOrder">> {
    return this.#c.send("DecreaseOrder", { path: { order_id: orderId }, body: params }, options);
  }

  /** Looks an order up by client order id, retrying briefly (reads are eventually consistent). */
  #finder(
    body: { client_order_id?: string | undefined; ticker: string; subaccount?: number | undefined },
    options: RequestOptions,
  ): () => Promise<Order | undefined> {
    const since = Math.floor(Date.now() / 1000) - 60;
    return async () => {
      for (let attempt = 0;; attempt++) {
        const order = await this.findByClientOrderId(body.client_order_id!, {
          ticker: body.ticker,
          subaccount: body.subaccount,
          min_ts: since,
          signal: options.signal,
          timeout: options.timeout,
        });
        if (order || attempt === 2) return order;
        await delay(150 * 2 ** attempt, options.signal);
      }
    };
  }
}

function unknown(
  clientOrderId: string,
  request: KalshiRequestInfo,
  cause: unknown,
): KalshiUnknownOutcomeError {
  return new KalshiUnknownOutcomeError(
    `${request.method} ${request.path} answered 409 on a retry, but no order with client_order_id "${clientOrderId}" could be found`,
    request,
    { cause },
  );
}

function rethrowAbort(signal: AbortSignal | undefined): (e: unknown) => undefined {
  return (e) => {
    if (signal?.aborted) throw signal.reason;
    void e;
    return undefined;
  };
}

/** Order groups: a contract limit over a rolling window that cancels every order in the group. */
export class OrderGroupsApi {
  readonly #c: Caller;

  /**
   * Binds the resource to a client (the client creates it as `client.orderGroups`).
   *
   * @param client The client.
   */
  constructor(client: KalshiClient) {
    this.#c = callerOf(client);
  }

  /**
   * Lists order groups (`GET /portfolio/order_groups`).
   *
   * @param params Subaccount.
   * @param options Signal and timeout.
   * @returns The groups.
   */
  list(
    params: QueryParams<"GetOrderGroups"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetOrderGroups">> {
    return this.#c.send("GetOrderGroups", { query: params }, options);
  }

  /**
   * Creates an order group (`POST /portfolio/order_groups/create`).
   *
   * @param params `contracts_limit_fp` (or `contracts_limit`), subaccount, shard.
   * @param options Signal and timeout.
   * @returns `{ order_group_id }`.
   */
  create(
    params: RequestBody<"CreateOrderGroup">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"CreateOrderGroup">> {
    return this.#c.send("CreateOrderGroup", { body: params }, options);
  }

  /**
   * Gets an order group and its orders (`GET /portfolio/order_groups/{order_group_id}`).
   *
   * @param orderGroupId The group id.
   * @param params Subaccount.
   * @param options Signal and timeout.
   * @returns The group.
   */
  get(
    orderGroupId: string,
    params: QueryParams<"GetOrderGroup"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"GetOrderGroup">> {
    return this.#c.send("GetOrderGroup", {
      path: { order_group_id: orderGroupId },
      query: params,
    }, options);
  }

  /**
   * Deletes an order group and cancels its orders (`DELETE /portfolio/order_groups/{order_group_id}`).
   *
   * @param orderGroupId The group id.
   * @param params Subaccount, shard.
   * @param options Signal and timeout.
   * @returns An empty object.
   */
  delete(
    orderGroupId: string,
    params: QueryParams<"DeleteOrderGroup"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"DeleteOrderGroup">> {
    return this.#c.send("DeleteOrderGroup", {
      path: { order_group_id: orderGroupId },
      query: params,
    }, options);
  }

  /**
   * Resets a triggered group so its orders may trade again (`PUT …/{order_group_id}/reset`).
   *
   * @param orderGroupId The group id.
   * @param params Subaccount, shard.
   * @param options Signal and timeout.
   * @returns An empty object.
   */
  reset(
    orderGroupId: string,
    params: QueryParams<"ResetOrderGroup"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"ResetOrderGroup">> {
    return this.#c.send("ResetOrderGroup", {
      path: { order_group_id: orderGroupId },
      query: params,
      body: {},
    }, options);
  }

  /**
   * Triggers a group by hand: cancels its orders and blocks new ones (`PUT …/{order_group_id}/trigger`).
   *
   * @param orderGroupId The group id.
   * @param params Subaccount, shard.
   * @param options Signal and timeout.
   * @returns An empty object.
   */
  trigger(
    orderGroupId: string,
    params: QueryParams<"TriggerOrderGroup"> = {},
    options: RequestOptions = {},
  ): Promise<ResponseBody<"TriggerOrderGroup">> {
    return this.#c.send("TriggerOrderGroup", {
      path: { order_group_id: orderGroupId },
      query: params,
      body: {},
    }, options);
  }

  /**
   * Changes a group's contract limit (`PUT …/{order_group_id}/limit`).
   *
   * @param orderGroupId The group id.
   * @param params `contracts_limit_fp` (or `contracts_limit`); `subaccount`, `exchange_index` go
   * in the query.
   * @param options Signal and timeout.
   * @returns An empty object.
   */
  updateLimit(
    orderGroupId: string,
    params: RequestBody<"UpdateOrderGroupLimit"> & QueryParams<"UpdateOrderGroupLimit">,
    options: RequestOptions = {},
  ): Promise<ResponseBody<"UpdateOrderGroupLimit">> {
    const { taken, rest } = pick(params as Record<string, unknown>, [
      "subaccount",
      "exchange_index",
    ]);
    return this.#c.send("UpdateOrderGroupLimit", {
      path: { order_group_id: orderGroupId },
      query: taken as QueryParams<"UpdateOrderGroupLimit">,
      body: rest as RequestBody<"UpdateOrderGroupLimit">,
    }, options);
  }
}

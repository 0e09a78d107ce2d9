/**
 * Request bodies of the order endpoints (V2 and legacy V1), parsed into engine intents with
 * Kalshi's 400 answers for anything malformed.
 *
 * @module
 */

import {
  amountFromCents,
  type Count,
  parseCount,
  parsePrice,
  type Price,
  priceFromCents,
  roundToTick,
} from "../../money/mod.ts";
import { type BodyReader, invalidParameters } from "../_http.ts";
import { badPrice, invalidSize } from "./errors.ts";
import type { BookSide, MarketRecord } from "../types.ts";
import type { OrderIntent, StpType, TimeInForce } from "./model.ts";

/** Allowed `time_in_force` values. */
export const TIME_IN_FORCE: readonly TimeInForce[] = [
  "fill_or_kill",
  "good_till_canceled",
  "immediate_or_cancel",
];

/** Allowed `self_trade_prevention_type` values. */
export const STP_TYPES: readonly StpType[] = ["taker_at_cross", "maker"];

const CLIENT_ID = /^[\-\w:+=/]*$/;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A fixed-point count field sent as a string (`"10"`, `"10.00"`); JSON numbers are decoder
 * errors.
 *
 * @param r The body.
 * @param name Field name.
 * @param options Whether it is required and whether zero is allowed.
 * @returns The count, or undefined when absent.
 */
export function readCount(
  r: BodyReader,
  name: string,
  options: { required?: boolean; allowZero?: boolean } = {},
): Count | undefined {
  const text = r.str(name, { required: options.required ?? false });
  if (text === undefined) return undefined;
  let c: Count;
  try {
    c = parseCount(text, { field: name });
  } catch (e) {
    throw invalidSize(message(e));
  }
  if (c === 0 && !options.allowZero) throw invalidSize(`${name} must be greater than zero`);
  return c;
}

/**
 * A fixed-point dollar price field sent as a string.
 *
 * @param r The body.
 * @param name Field name.
 * @param options Whether it is required.
 * @returns The price, or undefined when absent.
 */
export function readPrice(
  r: BodyReader,
  name: string,
  options: { required?: boolean } = {},
): Price | undefined {
  const text = r.str(name, { required: options.required ?? false });
  if (text === undefined) return undefined;
  try {
    return parsePrice(text, { field: name });
  } catch (e) {
    throw badPrice(message(e));
  }
}

/**
 * A client order id: at most 64 characters of `[A-Za-z0-9_\-:+=/]`.
 *
 * @param r The body.
 * @param name Field name.
 * @returns The id, or undefined when absent.
 */
export function readClientId(r: BodyReader, name: string): string | undefined {
  const v = r.str(name, { maxLength: 64 });
  if (v !== undefined && !CLIENT_ID.test(v)) {
    throw invalidParameters(`${name} may only contain letters, digits and _-:+=/`);
  }
  return v;
}

/** What parsing needs from the route: subaccount resolution and the clock. */
export interface ParseContext {
  /** Resolves a requested subaccount against the key and the user. */
  subaccount(given: number | undefined): number;
  /** The signed-in user. */
  userId: string;
  /** The clock, epoch ms. */
  now: number;
  /** Market lookup (for V1 market orders, which take the worst tick). */
  market(ticker: string): MarketRecord | undefined;
}

/**
 * Parses a `CreateOrderV2Request`.
 *
 * @param r The body (or one batch item).
 * @param ctx Route context.
 * @returns The intent.
 */
export function parseCreateV2(r: BodyReader, ctx: ParseContext): OrderIntent {
  const ticker = r.str("ticker", { required: true })!;
  const clientId = readClientId(r, "client_order_id");
  const side = r.str("side", { required: true, oneOf: ["bid", "ask"] }) as BookSide;
  const count = readCount(r, "count", { required: true })!;
  const price = readPrice(r, "price", { required: true })!;
  const tif = r.str("time_in_force", { required: true, oneOf: TIME_IN_FORCE }) as TimeInForce;
  const stp = r.str("self_trade_prevention_type", {
    required: true,
    oneOf: STP_TYPES,
  }) as StpType;
  const expiration = r.int("expiration_time", { min: 0 });
  const postOnly = r.bool("post_only");
  const reduceOnly = r.bool("reduce_only");
  const cancelOnPause = r.bool("cancel_order_on_pause");
  const sub = r.int("subaccount", { min: 0, max: 63 });
  const group = r.str("order_group_id");
  r.int("exchange_index", { min: -1 });
  const intent: OrderIntent = {
    trader: { user_id: ctx.userId, subaccount: ctx.subaccount(sub) },
    ticker,
    book_side: side,
    price,
    count,
    time_in_force: tif,
    self_trade_prevention_type: stp,
    post_only: postOnly ?? false,
    reduce_only: reduceOnly ?? false,
    cancel_order_on_pause: cancelOnPause ?? false,
    source: "v2",
  };
  if (clientId !== undefined) intent.client_order_id = clientId;
  if (group !== undefined) intent.order_group_id = group;
  if (expiration !== undefined) intent.expiration_ms = expiration * 1000;
  return intent;
}

/**
 * Reads V1's price fields: exactly one of `yes_price`, `no_price` (cents), `yes_price_dollars`,
 * `no_price_dollars`, as a YES price.
 *
 * @param r The body.
 * @param required Whether a price must be given.
 * @returns The YES price, or undefined.
 */
export function readV1Price(r: BodyReader, required: boolean): Price | undefined {
  const which = r.oneOf(["yes_price", "no_price", "yes_price_dollars", "no_price_dollars"], {
    required,
  });
  if (which === undefined) return undefined;
  let p: Price;
  if (which === "yes_price" || which === "no_price") {
    const cents = r.int(which, { min: 1, max: 99 })!;
    p = priceFromCents(cents);
  } else {
    p = readPrice(r, which)!;
  }
  if (p <= 0 || p >= 10_000) throw badPrice(`${which} must be strictly between 0 and 1`);
  return which.startsWith("no_") ? 10_000 - p : p;
}

/**
 * Reads V1's count fields (`count` integer or `count_fp` string; equal when both are given).
 *
 * @param r The body.
 * @param names The integer and fixed-point field names.
 * @param options Whether one is required and whether zero is allowed.
 * @returns The count, or undefined.
 */
export function readV1Count(
  r: BodyReader,
  names: [string, string],
  options: { required?: boolean; allowZero?: boolean } = {},
): Count | undefined {
  const whole = r.int(names[0], { min: options.allowZero ? 0 : 1 });
  const fixed = readCount(r, names[1], { allowZero: options.allowZero ?? false });
  if (whole !== undefined && fixed !== undefined && whole * 100 !== fixed) {
    throw invalidParameters(`${names[0]} and ${names[1]} must match`);
  }
  const c = fixed ?? (whole === undefined ? undefined : whole * 100);
  if (c === undefined && options.required) {
    throw invalidParameters(`one of ${names[0]}, ${names[1]} is required`);
  }
  return c;
}

/**
 * The YES-leg book side of a V1 (side, action) pair: buying YES or selling NO bids; selling YES
 * or buying NO asks.
 *
 * @param side `yes` or `no`.
 * @param action `buy` or `sell`.
 * @returns The book side.
 */
export function v1BookSide(side: "yes" | "no", action: "buy" | "sell"): BookSide {
  return (side === "yes") === (action === "buy") ? "bid" : "ask";
}

/**
 * Parses a V1 `CreateOrderRequest`.
 *
 * @param r The body (or one batch item).
 * @param ctx Route context.
 * @returns The intent.
 */
export function parseCreateV1(r: BodyReader, ctx: ParseContext): OrderIntent {
  const ticker = r.str("ticker", { required: true })!;
  const clientId = readClientId(r, "client_order_id");
  const side = r.str("side", { required: true, oneOf: ["yes", "no"] }) as "yes" | "no";
  const action = r.str("action", { required: true, oneOf: ["buy", "sell"] }) as "buy" | "sell";
  const type = (r.str("type", { oneOf: ["limit", "market"] }) ?? "limit") as "limit" | "market";
  const count = readV1Count(r, ["count", "count_fp"], { required: true })!;
  let price = readV1Price(r, type === "limit");
  let tif = r.str("time_in_force", { oneOf: TIME_IN_FORCE }) as TimeInForce | undefined;
  const expiration = r.int("expiration_ts", { min: 0 });
  const maxCost = r.int("buy_max_cost", { min: 1 });
  const postOnly = r.bool("post_only");
  let reduceOnly = r.bool("reduce_only");
  const floor = r.int("sell_position_floor");
  if (floor !== undefined) {
    if (floor !== 0) throw invalidParameters("sell_position_floor only accepts 0");
    reduceOnly = true;
  }
  const stp = r.str("self_trade_prevention_type", { oneOf: STP_TYPES }) as StpType | undefined;
  const group = r.str("order_group_id");
  const cancelOnPause = r.bool("cancel_order_on_pause");
  const sub = r.int("subaccount", { min: 0, max: 63 });
  r.int("exchange_index", { min: -1 });
  const bookSide = v1BookSide(side, action);
  if (price === undefined) {
    // A market order takes any price: the best tick for its side.
    const m = ctx.market(ticker);
    const bands = m?.bands ?? [{ start: 0, end: 10_000, step: 100 }];
    price = bookSide === "bid" ? roundToTick(9_999, bands, "down")! : roundToTick(1, bands, "up")!;
  }
  if (type === "market" && tif === undefined) tif = "immediate_or_cancel";
  const intent: OrderIntent = {
    trader: { user_id: ctx.userId, subaccount: ctx.subaccount(sub) },
    ticker,
    book_side: bookSide,
    price,
    count,
    type,
    time_in_force: tif ?? "good_till_canceled",
    post_only: postOnly ?? false,
    reduce_only: reduceOnly ?? false,
    cancel_order_on_pause: cancelOnPause ?? false,
    source: "v1",
    v1: { side, action },
  };
  if (stp !== undefined) intent.self_trade_prevention_type = stp;
  if (clientId !== undefined) intent.client_order_id = clientId;
  if (group !== undefined) intent.order_group_id = group;
  if (expiration !== undefined) intent.expiration_ms = expiration * 1000;
  if (maxCost !== undefined) intent.buy_max_cost = amountFromCents(maxCost);
  return intent;
}

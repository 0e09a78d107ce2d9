/**
 * The generic (parsed JSON) decoding of orderbook messages. The fast scanner in `_scan.ts` must
 * give exactly what these functions give; it falls back to them for anything unusual.
 *
 * @module
 */

import { KalshiMoneyError, KalshiProtocolError } from "../errors.ts";
import { parseCount, parsePrice, priceFromCents } from "../money/mod.ts";
import type { BookDeltaFrame, BookFrame, BookSnapshotFrame, Side } from "./types.ts";

/** Error code of a malformed orderbook message. */
export const INVALID = "book_invalid_message";

/**
 * Builds the protocol error for a malformed message.
 *
 * @param what The message kind, e.g. `"orderbook_delta"`.
 * @param reason What is wrong.
 * @param cause The underlying error, if any.
 * @returns The error.
 */
export function invalid(what: string, reason: string, cause?: unknown): KalshiProtocolError {
  return new KalshiProtocolError(
    `Cannot decode ${what}: ${reason}`,
    INVALID,
    cause === undefined ? {} : { cause },
  );
}

type Json = Record<string, unknown>;

function asObject(v: unknown): Json | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v as Json : undefined;
}

function money<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof KalshiMoneyError) throw invalid(what, e.message, e);
    throw e;
  }
}

/** How the levels of a side are written. */
export type LevelKind = "fp" | "dollars" | "cents";

/**
 * Reads a `[[price, count], …]` array into flat pairs.
 *
 * @param value The array (null or undefined: empty).
 * @param kind `fp`: `["0.5600", "10.00"]`; `dollars`: `["0.560", 10]`; `cents`: `[56, 10]`.
 * @param field Field name for errors.
 * @param what Message kind for errors.
 * @returns Flat `[price, count, …]`.
 */
export function readLevels(value: unknown, kind: LevelKind, field: string, what: string): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(what, `"${field}" must be an array`);
  const out = new Array<number>(value.length * 2);
  const options = { field };
  try {
    for (let i = 0; i < value.length; i++) {
      const level: unknown = value[i];
      if (!Array.isArray(level) || level.length !== 2) {
        throw invalid(what, `"${field}" levels must be [price, count] pairs`);
      }
      out[2 * i] = kind === "cents"
        ? priceFromCents(level[0], options)
        : parsePrice(level[0], options);
      out[2 * i + 1] = parseCount(level[1], options);
    }
  } catch (e) {
    if (e instanceof KalshiMoneyError) throw invalid(what, e.message, e);
    throw e;
  }
  return out;
}

const SIDES: Record<Side, [fp: string, dollars: string, cents: string]> = {
  yes: ["yes_dollars_fp", "yes_dollars", "yes"],
  no: ["no_dollars_fp", "no_dollars", "no"],
};

function sideLevels(m: Json, side: Side, what: string): number[] {
  const [fp, dollars, cents] = SIDES[side];
  if (m[fp] !== undefined && m[fp] !== null) return readLevels(m[fp], "fp", fp, what);
  if (m[dollars] !== undefined && m[dollars] !== null) {
    return readLevels(m[dollars], "dollars", dollars, what);
  }
  return readLevels(m[cents], "cents", cents, what);
}

function ticker(m: Json, what: string): string {
  const t = m.market_ticker;
  if (typeof t !== "string") throw invalid(what, `"market_ticker" must be a string`);
  return t;
}

/**
 * Unwraps a whole frame (`{type, msg}`) to its payload; anything else is taken as the payload.
 *
 * @param value Frame or payload.
 * @returns The payload.
 */
export function payloadOf(value: unknown): unknown {
  const o = asObject(value);
  if (o !== undefined && typeof o.type === "string" && asObject(o.msg) !== undefined) return o.msg;
  return value;
}

/**
 * Decodes an `orderbook_snapshot` payload.
 *
 * @param msg The payload.
 * @returns Ticker and flat levels.
 */
export function snapshotFromMsg(msg: unknown): BookSnapshotFrame {
  const what = "orderbook_snapshot";
  const m = asObject(msg);
  if (m === undefined) throw invalid(what, `"msg" must be an object`);
  const t = ticker(m, what);
  return { type: what, ticker: t, yes: sideLevels(m, "yes", what), no: sideLevels(m, "no", what) };
}

function safeUint(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Decodes an `orderbook_delta` payload.
 *
 * @param msg The payload.
 * @returns The delta.
 */
export function deltaFromMsg(msg: unknown): BookDeltaFrame {
  const what = "orderbook_delta";
  const m = asObject(msg);
  if (m === undefined) throw invalid(what, `"msg" must be an object`);
  const t = ticker(m, what);
  let price: number;
  if (m.price_dollars !== undefined && m.price_dollars !== null) {
    price = money(what, () => parsePrice(m.price_dollars as string, { field: "price_dollars" }));
  } else if (m.price !== undefined && m.price !== null) {
    price = money(what, () => priceFromCents(m.price as number, { field: "price" }));
  } else {
    throw invalid(what, `"price_dollars" is missing`);
  }
  let delta: number;
  if (m.delta_fp !== undefined && m.delta_fp !== null) {
    delta = money(
      what,
      () => parseCount(m.delta_fp as string, { field: "delta_fp", signed: true }),
    );
  } else if (m.delta !== undefined && m.delta !== null) {
    delta = money(what, () => parseCount(m.delta as number, { field: "delta", signed: true }));
  } else {
    throw invalid(what, `"delta_fp" is missing`);
  }
  const side = m.side;
  if (side !== "yes" && side !== "no") {
    throw invalid(what, `"side" must be "yes" or "no"`);
  }
  const frame: BookDeltaFrame = { type: what, ticker: t, side, price, delta };
  if (safeUint(m.ts_ms)) frame.tsMs = m.ts_ms;
  if (typeof m.client_order_id === "string") frame.clientOrderId = m.client_order_id;
  if (safeUint(m.subaccount)) frame.subaccount = m.subaccount;
  return frame;
}

/**
 * Decodes a parsed WebSocket frame when it is an orderbook frame.
 *
 * @param value The parsed frame.
 * @returns The frame, or `undefined` for another type.
 */
export function frameFromJson(value: unknown): BookFrame | undefined {
  const o = asObject(value);
  if (o === undefined) throw invalid("frame", "must be a JSON object");
  const type = o.type;
  if (type !== "orderbook_snapshot" && type !== "orderbook_delta") return undefined;
  const frame = type === "orderbook_delta" ? deltaFromMsg(o.msg) : snapshotFromMsg(o.msg);
  for (const k of ["sid", "seq", "id"] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (!safeUint(v)) throw invalid(type, `"${k}" must be a non-negative integer`);
    frame[k] = v;
  }
  return frame;
}

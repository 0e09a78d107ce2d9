/**
 * Decoding orderbook WebSocket frames: a fast scanner with a `JSON.parse` fallback.
 *
 * @module
 */

import { frameFromJson, invalid } from "./_json.ts";
import { FALLBACK, scanBookFrame } from "./_scan.ts";
import type { BookFrame } from "./types.ts";

/**
 * Decodes the text of a WebSocket frame when it is an `orderbook_snapshot` or `orderbook_delta`.
 *
 * A hand-written scanner reads the common shapes without `JSON.parse` (prices and counts straight
 * from their digits); anything unusual — legacy fields, escapes, duplicate keys, other number
 * shapes — falls back to `JSON.parse` + {@linkcode toBookFrame}, so the result (or the error) is
 * the same either way.
 *
 * @example
 * ```ts
 * import { decodeBookFrame } from "@kalshikit/kalshi/book";
 * import assert from "node:assert/strict";
 *
 * const frame = decodeBookFrame(
 *   `{"type":"orderbook_delta","sid":2,"seq":3,"msg":{"market_ticker":"FED-23DEC-T3.00",` +
 *     `"price_dollars":"0.9600","delta_fp":"-54.00","side":"yes"}}`,
 * );
 * assert.deepEqual(frame, {
 *   type: "orderbook_delta",
 *   ticker: "FED-23DEC-T3.00",
 *   side: "yes",
 *   price: 9600,
 *   delta: -5400,
 *   sid: 2,
 *   seq: 3,
 * });
 * assert.equal(decodeBookFrame(`{"type":"ticker","sid":1,"msg":{}}`), undefined);
 * ```
 *
 * @param text The frame text.
 * @returns The decoded frame, or `undefined` when the frame is of another type.
 * @throws {KalshiProtocolError} When the text is not JSON, or an orderbook frame is malformed.
 */
export function decodeBookFrame(text: string): BookFrame | undefined {
  const r = scanBookFrame(text);
  if (r !== FALLBACK) return r;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalid("frame", "not valid JSON", e);
  }
  return frameFromJson(value);
}

/**
 * Decodes an already parsed WebSocket frame when it is an `orderbook_snapshot` or
 * `orderbook_delta`; legacy shapes (integer cents, `yes_dollars`) are accepted.
 *
 * @param value The parsed frame.
 * @returns The decoded frame, or `undefined` when the frame is of another type.
 * @throws {KalshiProtocolError} When the value is not an object, or an orderbook frame is
 * malformed.
 */
export function toBookFrame(value: unknown): BookFrame | undefined {
  return frameFromJson(value);
}

/**
 * Helpers shared by the trading routes.
 *
 * @module
 */

import { SimHttpError } from "../_http.ts";
import type { SimRequest } from "../router.ts";
import type { ParseContext } from "./parse.ts";

/** The largest sequence number a list key can hold. */
const SEQ_MAX = 1e15;

/**
 * A pagination key that ascends as `seq` descends (lists sorted newest first).
 *
 * @param seq A sequence number.
 * @returns The key.
 */
export function newestFirstKey(seq: number): string {
  return String(SEQ_MAX - seq).padStart(16, "0");
}

/**
 * The subaccount filter of a read: the key's restriction, the requested one, or every
 * subaccount (undefined) when none was asked for.
 *
 * @param req The request.
 * @param given The `subaccount` parameter.
 * @returns The subaccount, or undefined for all.
 */
export function subaccountFilter(req: SimRequest, given: number | undefined): number | undefined {
  if (given === undefined && req.key?.subaccount === undefined) return undefined;
  return req.subaccount(given);
}

/**
 * The parse context of an authenticated request.
 *
 * @param req The request.
 * @returns The context.
 */
export function parseContext(req: SimRequest): ParseContext {
  const me = req.me;
  return {
    userId: me.user_id,
    subaccount: (given) => req.subaccount(given),
    now: req.ex.clock.now(),
    market: (t) => req.ex.catalogue.market(t),
  };
}

/** Kalshi's `ErrorResponse` as it appears per item in batch answers. */
export interface ItemError {
  code: string;
  message: string;
  details?: string;
}

/**
 * Turns a failure into a batch item's `error`.
 *
 * @param e The failure.
 * @returns The error object.
 */
export function itemError(e: unknown): ItemError {
  if (e instanceof SimHttpError) {
    const b = e.body as Record<string, unknown> | undefined;
    const nested = b?.error;
    if (nested && typeof nested === "object") return nested as ItemError;
    if (b && typeof b.code === "string") {
      const out: ItemError = { code: b.code, message: String(b.message ?? b.code) };
      if (typeof b.details === "string") out.details = b.details;
      return out;
    }
    if (b && typeof b.msg === "string") {
      return { code: "invalid_parameters", message: "invalid parameters", details: b.msg };
    }
    if (b && typeof nested === "string") return { code: "too_many_requests", message: nested };
  }
  return { code: "internal_server_error", message: "internal server error" };
}

/**
 * Reads `min_ts`/`max_ts` (Unix seconds) as an inclusive millisecond window.
 *
 * @param req The request.
 * @returns The bounds.
 */
export function timeWindow(req: SimRequest): { min: number; max: number } {
  const min = req.query.int("min_ts");
  const max = req.query.int("max_ts");
  return {
    min: min === undefined ? -Infinity : min * 1000,
    max: max === undefined ? Infinity : max * 1000 + 999,
  };
}

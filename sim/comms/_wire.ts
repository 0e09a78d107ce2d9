/**
 * Small wire helpers shared by the communications and account routes: timestamps, list keys for
 * newest-first pagination, id checks and Kalshi's error bodies for this part.
 *
 * @module
 */

import { formatAmount } from "../../money/mod.ts";
import type { Amount } from "../../money/mod.ts";
import { apiError, invalidParameters, type SimHttpError } from "../_http.ts";
import type { SimRequest } from "../router.ts";

/** RFC 3339 text of an epoch-millisecond time. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole Unix seconds of an epoch-millisecond time. */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

const DESC_BASE = 1e15;

/**
 * A list key that ascends while `seq` descends, for newest-first keyset pagination.
 *
 * @param seq Creation sequence number (higher = newer).
 * @returns A fixed-width key.
 */
export function descKey(seq: number): string {
  return String(DESC_BASE - seq).padStart(16, "0");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a string is a UUID.
 *
 * @param text The text.
 * @returns True for `8-4-4-4-12` hex.
 */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * A UUID path parameter, or Kalshi's 400 for a malformed one.
 *
 * @param req The request.
 * @param name Parameter name.
 * @returns The id.
 */
export function uuidParam(req: SimRequest, name: string): string {
  const v = req.param(name);
  if (!isUuid(v)) throw invalidParameters(`${name} must be a valid UUID: got ${JSON.stringify(v)}`);
  return v;
}

/**
 * A dollar string for a balance-like amount: four decimals when exact, six otherwise.
 *
 * @param amount Amount in µ$.
 * @returns The dollar string.
 */
export function dollars(amount: Amount): string {
  return amount % 100 === 0 ? formatAmount(amount, { decimals: 4 }) : formatAmount(amount);
}

/**
 * 400 for a request in the wrong state, with a Kalshi-style code.
 *
 * @param code Error code.
 * @param message Message.
 * @param details Optional details.
 * @returns The error to throw.
 */
export function stateError(code: string, message: string, details?: string): SimHttpError {
  return apiError(400, code, message, details);
}

/**
 * 403 for an action the caller may not take.
 *
 * @param code Error code.
 * @param message Message.
 * @returns The error to throw.
 */
export function forbidden(code: string, message: string): SimHttpError {
  return apiError(403, code, message);
}

/**
 * Rejects callers whose API key is restricted to one subaccount (account-wide actions).
 *
 * @param req The request.
 */
export function requireUnrestrictedKey(req: SimRequest): void {
  if (req.key?.subaccount !== undefined) {
    throw forbidden("subaccount_restricted", "this API key is restricted to one subaccount");
  }
}

/**
 * Runs a money parser and turns its error into Kalshi's `invalid_parameters` 400.
 *
 * @param field Field name for the message.
 * @param parse The parser call.
 * @returns The parsed value.
 */
export function parseField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw invalidParameters(`${field}: ${(e as Error).message}`);
  }
}

/** A list limit from the query, with the spec's bounds and default. */
export function limitParam(req: SimRequest, max: number | undefined, fallback: number): number {
  return req.query.int("limit", max === undefined ? { min: 1 } : { min: 1, max }) ?? fallback;
}

/**
 * Kalshi's token-bucket rate limits (live since Apr 23 2026), as the simulator enforces them.
 *
 * Each user has a read and a write bucket sized by usage tier. Every request costs tokens (10 by
 * default, less or more for some endpoints, per item for batches); a request that does not fit
 * gets 429 `{"error": "too many requests"}` with no `Retry-After`, as on Kalshi.
 *
 * @module
 */

import type { Tier } from "./accounts.ts";
import type { SimClock } from "./types.ts";

/** Refill rate (tokens/s) and capacity of one bucket. */
export interface BucketLimit {
  refill_rate: number;
  bucket_capacity: number;
}

/** Read and write limits of each tier (notes/rest.md §8.2; Basic as observed on demo). */
export const TIER_LIMITS: Readonly<Record<Tier, { read: BucketLimit; write: BucketLimit }>> = {
  basic: { read: lim(200, 200), write: lim(100, 100) },
  advanced: { read: lim(300, 600), write: lim(300, 600) },
  expert: { read: lim(600, 600), write: lim(600, 1200) },
  premier: { read: lim(1000, 1000), write: lim(1000, 2000) },
  paragon: { read: lim(2000, 2000), write: lim(2000, 4000) },
  prime: { read: lim(4000, 4000), write: lim(4000, 8000) },
  prestige: { read: lim(10000, 10000), write: lim(8000, 16000) },
};

function lim(refill_rate: number, bucket_capacity: number): BucketLimit {
  return { refill_rate, bucket_capacity };
}

/** Tokens a request costs when no other cost is listed. */
export const DEFAULT_COST = 10;

/** Which bucket an operation draws from, and its cost per request (or per batch item). */
export interface EndpointCost {
  bucket: "read" | "write";
  cost: number;
  /** For batches: the cost is charged per item. */
  perItem?: boolean;
}

const WRITE: Readonly<Record<string, number>> = {
  CreateOrderV2: 10,
  AmendOrderV2: 10,
  DecreaseOrderV2: 10,
  CancelOrderV2: 2,
  CancelAllOrders: 10,
  BatchCreateOrdersV2: 10,
  BatchCancelOrdersV2: 2,
  // Legacy writes were re-priced to push users to V2 (Jun 11 2026).
  CreateOrder: 100,
  AmendOrder: 100,
  DecreaseOrder: 100,
  BatchCreateOrders: 100,
  CancelOrder: 20,
  BatchCancelOrders: 20,
  CreateOrderGroup: 10,
  DeleteOrderGroup: 10,
  ResetOrderGroup: 10,
  TriggerOrderGroup: 10,
  UpdateOrderGroupLimit: 10,
  CreateQuote: 2,
  DeleteQuote: 2,
  DeleteRFQQuote: 2,
  AcceptQuote: 10,
  AcceptRFQQuote: 10,
  ConfirmQuote: 10,
  ConfirmRFQQuote: 10,
  CreateRFQ: 10,
  DeleteRFQ: 10,
  AcceptBlockTradeProposal: 10,
  // The spec bills the self-serve upgrade to the write bucket.
  UpgradeAccountApiUsageLevel: 30,
};

const READ: Readonly<Record<string, number>> = {
  GetOrder: 2,
  GetQuote: 2,
  GetRFQQuote: 2,
};

const PER_ITEM = new Set([
  "BatchCreateOrdersV2",
  "BatchCancelOrdersV2",
  "BatchCreateOrders",
  "BatchCancelOrders",
]);

/**
 * The bucket and cost of an operation.
 *
 * @param operationId Kalshi's operation id.
 * @returns Its bucket and cost.
 */
export function endpointCost(operationId: string): EndpointCost {
  const w = WRITE[operationId];
  if (w !== undefined) {
    return PER_ITEM.has(operationId)
      ? { bucket: "write", cost: w, perItem: true }
      : { bucket: "write", cost: w };
  }
  return { bucket: "read", cost: READ[operationId] ?? DEFAULT_COST };
}

/**
 * Every non-default cost, as `GET /account/endpoint_costs` lists them.
 *
 * @param operations Method and path of each operation id.
 * @returns The listed costs.
 */
export function listedCosts(
  operations: ReadonlyMap<string, { method: string; path: string }>,
): { method: string; path: string; cost: number }[] {
  const out: { method: string; path: string; cost: number }[] = [];
  for (const [op, where] of operations) {
    const c = endpointCost(op).cost;
    if (c !== DEFAULT_COST) out.push({ method: where.method, path: where.path, cost: c });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

class Bucket {
  tokens: number;
  updated: number;
  constructor(readonly limit: BucketLimit, now: number) {
    this.tokens = limit.bucket_capacity;
    this.updated = now;
  }
  take(cost: number, now: number): boolean {
    const elapsed = Math.max(0, now - this.updated) / 1000;
    this.tokens = Math.min(
      this.limit.bucket_capacity,
      this.tokens + elapsed * this.limit.refill_rate,
    );
    this.updated = now;
    if (cost > this.tokens) return false;
    this.tokens -= cost;
    return true;
  }
}

/** Per-user token buckets. */
export class RateLimiter {
  readonly #clock: SimClock;
  readonly #buckets = new Map<string, Bucket>();
  /** When false, nothing is limited (for load tests that are not about limits). */
  enabled: boolean;

  /**
   * Creates a limiter.
   *
   * @param clock The exchange clock.
   * @param options Whether limits are enforced (default true).
   */
  constructor(clock: SimClock, options: { enabled?: boolean } = {}) {
    this.#clock = clock;
    this.enabled = options.enabled ?? true;
  }

  /**
   * Takes tokens for a request, or refuses.
   *
   * @param userId The user.
   * @param tier The user's tier.
   * @param operationId The operation.
   * @param items Number of batch items (1 for single requests).
   * @returns Whether the request may proceed.
   */
  take(userId: string, tier: Tier, operationId: string, items = 1): boolean {
    if (!this.enabled) return true;
    const { bucket, cost, perItem } = endpointCost(operationId);
    const key = `${userId}/${bucket}`;
    const limit = TIER_LIMITS[tier][bucket];
    let b = this.#buckets.get(key);
    if (!b || b.limit !== limit) {
      b = new Bucket(limit, this.#clock.now());
      this.#buckets.set(key, b);
    }
    return b.take(perItem ? cost * Math.max(1, items) : cost, this.#clock.now());
  }

  /**
   * Forgets a user's buckets (e.g. after a tier change), refilling them.
   *
   * @param userId The user.
   */
  reset(userId: string): void {
    this.#buckets.delete(`${userId}/read`);
    this.#buckets.delete(`${userId}/write`);
  }
}

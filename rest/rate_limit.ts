/**
 * Client-side token buckets that mirror Kalshi's limits, so a program never causes a 429 on its
 * own: every request waits for its tokens before it is sent.
 *
 * Kalshi (since Apr 23 2026) keeps a read and a write bucket per account, sized by usage tier;
 * each request costs tokens (10 by default, some endpoints less or more, batches per item). The
 * limiter starts from the documented tier table and can be synced with the account's real limits
 * and endpoint costs (`GET /account/limits`, `GET /account/endpoint_costs`).
 *
 * @module
 */

import { KalshiConfigError, KalshiError } from "../errors.ts";

/** Kalshi's API usage tiers, lowest first. */
export type UsageTier =
  | "basic"
  | "advanced"
  | "expert"
  | "premier"
  | "paragon"
  | "prime"
  | "prestige";

/** A bucket's refill rate (tokens per second) and capacity, as `GET /account/limits` reports. */
export interface BucketLimits {
  /** Tokens added per second. */
  refill_rate: number;
  /** Maximum tokens held. */
  bucket_capacity: number;
}

/** Documented read and write bucket sizes per tier (Basic as reported by the API on demo). */
export const DOCUMENTED_TIER_LIMITS: Readonly<
  Record<UsageTier, { read: BucketLimits; write: BucketLimits }>
> = {
  basic: {
    read: { refill_rate: 200, bucket_capacity: 200 },
    write: { refill_rate: 100, bucket_capacity: 100 },
  },
  advanced: {
    read: { refill_rate: 300, bucket_capacity: 600 },
    write: { refill_rate: 300, bucket_capacity: 600 },
  },
  expert: {
    read: { refill_rate: 600, bucket_capacity: 600 },
    write: { refill_rate: 600, bucket_capacity: 1200 },
  },
  premier: {
    read: { refill_rate: 1000, bucket_capacity: 1000 },
    write: { refill_rate: 1000, bucket_capacity: 2000 },
  },
  paragon: {
    read: { refill_rate: 2000, bucket_capacity: 2000 },
    write: { refill_rate: 2000, bucket_capacity: 4000 },
  },
  prime: {
    read: { refill_rate: 4000, bucket_capacity: 4000 },
    write: { refill_rate: 4000, bucket_capacity: 8000 },
  },
  prestige: {
    read: { refill_rate: 6000, bucket_capacity: 6000 },
    write: { refill_rate: 8000, bucket_capacity: 16000 },
  },
};

/** Operations billed to the write bucket (order writes, order groups, the RFQ quote flow). */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  "CreateOrderV2",
  "AmendOrderV2",
  "DecreaseOrderV2",
  "CancelOrderV2",
  "CancelAllOrders",
  "BatchCreateOrdersV2",
  "BatchCancelOrdersV2",
  "CreateOrder",
  "AmendOrder",
  "DecreaseOrder",
  "CancelOrder",
  "BatchCreateOrders",
  "BatchCancelOrders",
  "CreateOrderGroup",
  "DeleteOrderGroup",
  "ResetOrderGroup",
  "TriggerOrderGroup",
  "UpdateOrderGroupLimit",
  "CreateRFQ",
  "DeleteRFQ",
  "CreateQuote",
  "DeleteQuote",
  "DeleteRFQQuote",
  "AcceptQuote",
  "AcceptRFQQuote",
  "ConfirmQuote",
  "ConfirmRFQQuote",
  "AcceptBlockTradeProposal",
]);

/** Costs Kalshi documents that differ from the default, by `METHOD path-template`. */
export const DOCUMENTED_COSTS: Readonly<Record<string, number>> = {
  "DELETE /portfolio/events/orders/{order_id}": 2,
  "DELETE /portfolio/events/orders/batched": 2,
  "GET /portfolio/orders/{order_id}": 2,
  "POST /communications/quotes": 2,
  "DELETE /communications/quotes/{quote_id}": 2,
  "DELETE /communications/rfqs/{rfq_id}/quotes/{quote_id}": 2,
  "GET /communications/quotes/{quote_id}": 2,
  "GET /communications/rfqs/{rfq_id}/quotes/{quote_id}": 2,
  "POST /account/api_usage_level/upgrade": 30,
  "POST /portfolio/orders": 100,
  "POST /portfolio/orders/batched": 100,
  "POST /portfolio/orders/{order_id}/amend": 100,
  "POST /portfolio/orders/{order_id}/decrease": 100,
  "DELETE /portfolio/orders/{order_id}": 20,
  "DELETE /portfolio/orders/batched": 20,
};

/** Operations whose cost is charged per item of the batch. */
const PER_ITEM: ReadonlySet<string> = new Set([
  "BatchCreateOrdersV2",
  "BatchCancelOrdersV2",
  "BatchCreateOrders",
  "BatchCancelOrders",
]);

/** Options of {@linkcode TokenBucket.take}. */
export interface TakeOptions {
  /** Aborts the wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** A token bucket with a FIFO wait queue, so a large request is not starved by small ones. */
export class TokenBucket {
  #limits: BucketLimits;
  #tokens: number;
  #updated: number;
  readonly #now: () => number;
  readonly #headroomMs: number;
  #queue: Promise<void> = Promise.resolve();

  /**
   * Creates a full bucket.
   *
   * @param limits Refill rate and capacity.
   * @param options `headroomMs`: refill time kept in the bucket after each take, as a margin for
   * the server's bucket, which sees requests a little later and less evenly than they were sent
   * (default 0); and a clock in milliseconds (for tests).
   */
  constructor(
    limits: BucketLimits,
    options: { now?: (() => number) | undefined; headroomMs?: number | undefined } = {},
  ) {
    checkLimits(limits);
    this.#limits = { ...limits };
    this.#headroomMs = Math.max(0, options.headroomMs ?? 0);
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = limits.bucket_capacity;
    this.#updated = this.#now();
  }

  /** Current limits. */
  get limits(): BucketLimits {
    return { ...this.#limits };
  }

  /**
   * Changes the limits; the tokens held are kept but capped at the new capacity.
   *
   * @param limits New limits.
   */
  setLimits(limits: BucketLimits): void {
    checkLimits(limits);
    this.#refill();
    this.#limits = { ...limits };
    this.#tokens = Math.min(this.#tokens, limits.bucket_capacity);
  }

  /** Tokens available now. */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /**
   * Empties the bucket (after the server said 429, it knows better than we do).
   */
  drain(): void {
    this.#refill();
    this.#tokens = 0;
  }

  /**
   * Waits until `cost` tokens are available, then takes them. Requests are served in order.
   *
   * @param cost Tokens; more than the capacity is capped to the capacity (a batch that exactly
   *   fills the bucket must still pass).
   * @param options Abort signal.
   */
  take(cost: number, options: TakeOptions = {}): Promise<void> {
    const turn = this.#queue.then(() => this.#wait(cost, options.signal));
    // The next request waits for this one, whether it succeeded or was aborted.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  async #wait(cost: number, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.#refill();
      const take = Math.min(cost, this.#limits.bucket_capacity);
      const headroom = (this.#limits.refill_rate * this.#headroomMs) / 1000;
      const need = Math.min(take + headroom, this.#limits.bucket_capacity);
      if (this.#tokens >= need) {
        this.#tokens -= take;
        return;
      }
      const ms = Math.ceil(((need - this.#tokens) / this.#limits.refill_rate) * 1000);
      await delay(Math.max(1, ms), signal);
    }
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updated) / 1000;
    this.#tokens = Math.min(
      this.#limits.bucket_capacity,
      this.#tokens + elapsed * this.#limits.refill_rate,
    );
    this.#updated = now;
  }
}

function checkLimits(l: BucketLimits): void {
  if (!(l.refill_rate > 0) || !(l.bucket_capacity > 0)) {
    throw new KalshiConfigError(
      `Cannot use bucket limits ${
        JSON.stringify(l)
      }: refill_rate and bucket_capacity must be positive`,
    );
  }
}

/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason when it aborts.
 *
 * @param ms Delay.
 * @param signal Abort signal.
 * @returns A promise.
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(id);
      reject(signal!.reason);
    };
    const id = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Options of {@linkcode RateLimiter}. */
export interface RateLimiterOptions {
  /** The account's tier. @default {"basic"} */
  tier?: UsageTier | undefined;
  /** Explicit bucket sizes (override the tier's documented sizes). */
  limits?: { read: BucketLimits; write: BucketLimits } | undefined;
  /** Tokens per request when no cost is listed. @default {10} */
  defaultCost?: number | undefined;
  /** Clock in milliseconds (for tests). */
  now?: (() => number) | undefined;
  /**
   * Refill time (ms) kept in each bucket after every request, as a margin for the server's
   * buckets, which see requests a little later and less evenly than they were sent (signing,
   * network and server queues). It trims bursts, not the sustained rate.
   *
   * @default {100}
   */
  headroomMs?: number | undefined;
}

/** The response shape of `GET /account/endpoint_costs`. */
export interface EndpointCostsWire {
  /** Tokens per request when no cost is listed. */
  default_cost?: number;
  /** Costs that differ from the default, by method and path template. */
  endpoint_costs?: { method: string; path: string; cost: number }[];
}

/** A read and a write bucket with per-endpoint costs. */
export class RateLimiter {
  /** The read bucket (GETs and every operation not in {@linkcode WRITE_OPERATIONS}). */
  readonly read: TokenBucket;
  /** The write bucket (order writes, order groups, the quote flow). */
  readonly write: TokenBucket;
  #defaultCost: number;
  #costs: Map<string, number>;

  /**
   * Creates a limiter.
   *
   * @param options Tier or explicit limits, default cost.
   */
  constructor(options: RateLimiterOptions = {}) {
    const limits = options.limits ?? DOCUMENTED_TIER_LIMITS[options.tier ?? "basic"];
    if (!limits) {
      throw new KalshiConfigError(`Cannot use tier ${JSON.stringify(options.tier)}: unknown tier`);
    }
    const bucketOptions = { now: options.now, headroomMs: options.headroomMs ?? 100 };
    this.read = new TokenBucket(limits.read, bucketOptions);
    this.write = new TokenBucket(limits.write, bucketOptions);
    this.#defaultCost = options.defaultCost ?? 10;
    this.#costs = new Map(Object.entries(DOCUMENTED_COSTS));
  }

  /**
   * Applies the limits reported by `GET /account/limits`.
   *
   * @param limits Read and write bucket sizes.
   */
  setLimits(limits: { read: BucketLimits; write: BucketLimits }): void {
    this.read.setLimits(limits.read);
    this.write.setLimits(limits.write);
  }

  /**
   * Applies the costs reported by `GET /account/endpoint_costs`.
   *
   * @param wire The response body.
   */
  setCosts(wire: EndpointCostsWire): void {
    if (typeof wire.default_cost === "number" && wire.default_cost > 0) {
      this.#defaultCost = wire.default_cost;
    }
    for (const c of wire.endpoint_costs ?? []) {
      if (typeof c.cost === "number" && c.cost >= 0) {
        this.#costs.set(`${c.method.toUpperCase()} ${c.path}`, c.cost);
      }
    }
  }

  /**
   * The bucket and token cost of a request.
   *
   * @param operationId Operation id.
   * @param method HTTP method.
   * @param pathTemplate Path template, e.g. `/markets/{ticker}`.
   * @param items Batch size (1 for single requests).
   * @returns Bucket name and cost.
   */
  costOf(
    operationId: string,
    method: string,
    pathTemplate: string,
    items = 1,
  ): { bucket: "read" | "write"; cost: number } {
    const per = this.#costs.get(`${method.toUpperCase()} ${pathTemplate}`) ?? this.#defaultCost;
    const bucket = WRITE_OPERATIONS.has(operationId) ? "write" : "read";
    return { bucket, cost: PER_ITEM.has(operationId) ? per * Math.max(1, items) : per };
  }

  /**
   * Empties the bucket an operation draws from, after the server answered 429 (it knows better).
   *
   * @param operationId Operation id.
   */
  penalize(operationId: string): void {
    (WRITE_OPERATIONS.has(operationId) ? this.write : this.read).drain();
  }

  /**
   * Waits for the tokens of a request.
   *
   * @param operationId Operation id.
   * @param method HTTP method.
   * @param pathTemplate Path template.
   * @param options Batch size and abort signal.
   */
  async acquire(
    operationId: string,
    method: string,
    pathTemplate: string,
    options: { items?: number | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<void> {
    const { bucket, cost } = this.costOf(operationId, method, pathTemplate, options.items);
    if (cost <= 0) return;
    const b = bucket === "write" ? this.write : this.read;
    // Kalshi rejects a batch its bucket cannot cover at once (429, every time): refuse it here.
    const capacity = b.limits.bucket_capacity;
    if ((options.items ?? 1) > 1 && cost > capacity) {
      throw new KalshiError(
        `Cannot send ${operationId} with ${options.items} items: it costs ${cost} tokens, more than the ${bucket} bucket holds (${capacity}); split the batch`,
        "batch_too_large",
      );
    }
    await b.take(cost, { signal: options.signal });
  }
}

/**
 * {@linkcode KalshiClient}: the typed client of every Kalshi REST operation.
 *
 * @module
 */

import {
  KalshiAuth,
  type PrivateKeyInput,
  resolvePrivateKey,
  type SignerBackend,
} from "../auth/mod.ts";
import { KalshiConfigError, KalshiError } from "../errors.ts";
import type {
  CallArgs,
  CallParameters,
  IterateOptions,
  ListItem,
  ListOperationId,
  ListParams,
  RequestOptions,
  ResponseBody,
} from "./call.ts";
import { bindCaller, type Caller, type WriteHooks } from "./_caller.ts";
import { type RetryOptions, Transport } from "./_http.ts";
import {
  authMode,
  batchSize,
  deprecationMessage,
  isRetrySafe,
  LIST_ITEMS,
  operationInfo,
  REPEATED_QUERY,
  warnOnce,
} from "./_ops.ts";
import {
  type EnvironmentInput,
  type KalshiEnvironment,
  resolveEnvironment,
} from "./environments.ts";
import { paginate } from "./paginate.ts";
import { type BucketLimits, RateLimiter, type UsageTier } from "./rate_limit.ts";
import type { OperationId } from "./types/operations.ts";
import { CommunicationsApi } from "./communications.ts";
import {
  EventsApi,
  ExchangeApi,
  HistoricalApi,
  IncentiveProgramsApi,
  LiveDataApi,
  MarketsApi,
  MilestonesApi,
  MultivariateApi,
  SearchApi,
  SeriesApi,
  StructuredTargetsApi,
} from "./market_data.ts";
import { OrderGroupsApi, OrdersApi } from "./orders.ts";
import { AccountApi, ApiKeysApi, FcmApi, PortfolioApi, SubaccountsApi } from "./portfolio.ts";

/** Options of {@linkcode KalshiClient.create}. */
export interface KalshiClientOptions {
  /**
   * Where to connect: `"demo"`, `"prod"`, or custom URLs such as a simulator's
   * (`{ restUrl: sim.restUrl }`).
   *
   * @default {"demo"}
   */
  env?: EnvironmentInput | undefined;
  /**
   * API key id (`KALSHI-ACCESS-KEY`). Without it (and `privateKey`) only public operations work.
   *
   * @default {undefined}
   */
  keyId?: string | undefined;
  /**
   * The private key: PEM text, a parsed {@linkcode PrivateKey}, or `{ path }` / `{ env }` /
   * `{ pem }` to load it.
   *
   * @default {undefined}
   */
  privateKey?: PrivateKeyInput | undefined;
  /**
   * RSA-PSS signing backend (`"ffi"` needs `--allow-ffi`).
   *
   * @default {"auto"}
   */
  signerBackend?: "auto" | SignerBackend | undefined;
  /**
   * The account's usage tier, which sizes the client-side rate limiter.
   *
   * @default {"basic"}
   */
  tier?: UsageTier | undefined;
  /**
   * Client-side rate limiting; `false` sends requests as fast as they come (Kalshi may answer
   * 429, which is retried). An object sets explicit bucket sizes.
   *
   * @default {true}
   */
  rateLimit?: boolean | { read: BucketLimits; write: BucketLimits } | undefined;
  /**
   * Time limit of one attempt, in milliseconds.
   *
   * @default {10000}
   */
  timeout?: number | undefined;
  /**
   * Retries after the first attempt for calls that may be retried (reads, order creates with a
   * `client_order_id`, and any call answered 429).
   *
   * @default {3}
   */
  maxRetries?: number | undefined;
  /**
   * Backoff settings: `baseDelayMs` (250), `maxDelayMs` (8000), `maxRetryAfterMs` (60000).
   *
   * @default {{}}
   */
  retry?: Omit<RetryOptions, "maxRetries"> | undefined;
  /**
   * The `fetch` to use (tests, proxies).
   *
   * @default {globalThis.fetch}
   */
  fetch?: typeof fetch | undefined;
  /**
   * Receives warnings, such as the use of a deprecated operation (once per operation per
   * process). The library never prints.
   *
   * @default {undefined}
   */
  onWarning?: ((message: string) => void) | undefined;
  /**
   * Extra headers sent with every request (e.g. `Accept-Language`).
   *
   * @default {{}}
   */
  headers?: Record<string, string> | undefined;
}

/** Options of {@linkcode KalshiClient.create} besides the client options. */
export interface CreateClientOptions {
  /** Aborts reading a key file. */
  signal?: AbortSignal | undefined;
}

/**
 * The Kalshi REST client: every operation of the API, typed from the official spec, as methods
 * on resources (`client.markets.list()`, `client.orders.create()`, …), with request signing,
 * client-side rate limiting, retries that never duplicate an order, and cursor iteration.
 *
 * @example Public market data from a local simulator
 * ```ts
 * import { KalshiClient } from "@kalshikit/kalshi/rest";
 * import { startSim } from "@kalshikit/kalshi/sim";
 * import assert from "node:assert/strict";
 *
 * await using sim = await startSim({ markets: 50 });
 * await using client = await KalshiClient.create({ env: { restUrl: sim.restUrl } });
 * const { exchange_active } = await client.exchange.status();
 * assert.equal(typeof exchange_active, "boolean");
 * ```
 */
export class KalshiClient implements AsyncDisposable, Disposable {
  /** The environment this client talks to. */
  readonly environment: KalshiEnvironment;
  /** The client-side rate limiter, when enabled. */
  readonly rateLimiter: RateLimiter | undefined;
  /** Exchange status, schedule and announcements. */
  readonly exchange: ExchangeApi;
  /** Markets, order books, candlesticks and trades. */
  readonly markets: MarketsApi;
  /** Events, event candlesticks and forecasts. */
  readonly events: EventsApi;
  /** Series and series fee changes. */
  readonly series: SeriesApi;
  /** Order writes (V2) and order reads. */
  readonly orders: OrdersApi;
  /** Order groups. */
  readonly orderGroups: OrderGroupsApi;
  /** Balance, positions, fills, settlements, transfers. */
  readonly portfolio: PortfolioApi;
  /** Subaccounts: creation, transfers, balances, netting. */
  readonly subaccounts: SubaccountsApi;
  /** RFQs, quotes and block trades. */
  readonly communications: CommunicationsApi;
  /** API keys. */
  readonly apiKeys: ApiKeysApi;
  /** Rate-limit tier, endpoint costs and usage level. */
  readonly account: AccountApi;
  /** Milestones. */
  readonly milestones: MilestonesApi;
  /** Structured targets. */
  readonly structuredTargets: StructuredTargetsApi;
  /** Live data (scores, weather). */
  readonly liveData: LiveDataApi;
  /** Search filters and tags. */
  readonly search: SearchApi;
  /** Incentive programs. */
  readonly incentivePrograms: IncentiveProgramsApi;
  /** Multivariate event collections. */
  readonly multivariate: MultivariateApi;
  /** Historical (archived) data. */
  readonly historical: HistoricalApi;
  /** FCM (futures commission merchant) endpoints. */
  readonly fcm: FcmApi;

  readonly #transport: Transport;
  readonly #auth: KalshiAuth | undefined;
  readonly #closed = new AbortController();
  readonly #onWarning: ((message: string) => void) | undefined;

  private constructor(
    options: KalshiClientOptions,
    env: KalshiEnvironment,
    auth: KalshiAuth | undefined,
  ) {
    this.environment = env;
    this.#auth = auth;
    this.#onWarning = options.onWarning;
    const rl = options.rateLimit ?? true;
    this.rateLimiter = rl === false
      ? undefined
      : new RateLimiter(rl === true ? { tier: options.tier } : { limits: rl });
    this.#transport = new Transport({
      baseUrl: env.restUrl,
      signer: auth,
      limiter: this.rateLimiter,
      fetch: options.fetch,
      timeout: options.timeout ?? 10_000,
      retry: { ...options.retry, maxRetries: options.maxRetries ?? 3 },
      headers: options.headers,
      onWarning: options.onWarning,
      closed: this.#closed.signal,
    });
    bindCaller(this, this.#caller());
    this.exchange = new ExchangeApi(this);
    this.markets = new MarketsApi(this);
    this.events = new EventsApi(this);
    this.series = new SeriesApi(this);
    this.orders = new OrdersApi(this);
    this.orderGroups = new OrderGroupsApi(this);
    this.portfolio = new PortfolioApi(this);
    this.subaccounts = new SubaccountsApi(this);
    this.communications = new CommunicationsApi(this);
    this.apiKeys = new ApiKeysApi(this);
    this.account = new AccountApi(this);
    this.milestones = new MilestonesApi(this);
    this.structuredTargets = new StructuredTargetsApi(this);
    this.liveData = new LiveDataApi(this);
    this.search = new SearchApi(this);
    this.incentivePrograms = new IncentiveProgramsApi(this);
    this.multivariate = new MultivariateApi(this);
    this.historical = new HistoricalApi(this);
    this.fcm = new FcmApi(this);
  }

  /**
   * Creates a client: resolves the environment, loads the key and opens the signer.
   *
   * @example Authenticated client
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
   * assert.ok(client.authenticated);
   * ```
   *
   * @param options Environment, credentials, limits and retry settings.
   * @param createOptions Abort signal for loading the key.
   * @returns The client; close it (or use `await using`) when done.
   * @throws {KalshiConfigError} When only one of `keyId` and `privateKey` is given, or an option
   * is invalid.
   * @throws {KalshiKeyError} When the private key cannot be loaded.
   */
  static async create(
    options: KalshiClientOptions = {},
    createOptions: CreateClientOptions = {},
  ): Promise<KalshiClient> {
    const env = resolveEnvironment(options.env ?? "demo");
    if ((options.keyId === undefined) !== (options.privateKey === undefined)) {
      throw new KalshiConfigError(
        "Cannot create a client: keyId and privateKey must be given together",
      );
    }
    for (const name of ["timeout", "maxRetries"] as const) {
      const v = options[name];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
        throw new KalshiConfigError(
          `Invalid ${name} ${JSON.stringify(v)}: must be a non-negative number`,
        );
      }
    }
    let auth: KalshiAuth | undefined;
    if (options.keyId !== undefined && options.privateKey !== undefined) {
      const key = await resolvePrivateKey(
        options.privateKey,
        createOptions.signal ? { signal: createOptions.signal } : {},
      );
      auth = await KalshiAuth.create({
        keyId: options.keyId,
        privateKey: key,
        ...(options.signerBackend ? { backend: options.signerBackend } : {}),
      });
    }
    return new KalshiClient(options, env, auth);
  }

  /** Whether requests are signed (a key was given). */
  get authenticated(): boolean {
    return this.#auth !== undefined;
  }

  /** The API key id, when authenticated. */
  get keyId(): string | undefined {
    return this.#auth?.keyId;
  }

  /** The signing backend in use, when authenticated. */
  get signerBackend(): SignerBackend | undefined {
    return this.#auth?.backend;
  }

  /**
   * Calls any operation by id: the typed escape hatch under every resource method. Path
   * parameters, query and body are the spec's wire shapes. Reads are retried; an order create
   * is retried only when its body carries a `client_order_id`, and a duplicate met after a lost
   * answer surfaces as `KalshiUnknownOutcomeError` (use `orders.create()`, which looks the order
   * up, to have it resolved).
   *
   * @example
   * ```ts
   * import { KalshiClient } from "@kalshikit/kalshi/rest";
   * import { startSim } from "@kalshikit/kalshi/sim";
   * import assert from "node:assert/strict";
   *
   * await using sim = await startSim({ markets: 50 });
   * await using client = await KalshiClient.create({ env: { restUrl: sim.restUrl } });
   * const page = await client.call("GetMarkets", { query: { limit: 2 } });
   * assert.equal(page.markets.length, 2);
   * ```
   *
   * @typeParam K The operation id.
   * @param op The operation id, e.g. `"GetMarkets"`.
   * @param rest `{ path, query, body }` (optional when the operation needs none), then the
   * request options.
   * @returns The parsed success body (undefined for an empty answer).
   */
  call<K extends OperationId>(op: K, ...rest: CallParameters<K>): Promise<ResponseBody<K>> {
    const [args, options] = rest as [CallArgs<K> | undefined, RequestOptions | undefined];
    return this.#send(op, args ?? ({} as CallArgs<K>), options ?? {}, {});
  }

  /**
   * Walks any cursor-paginated list operation item by item; it stops on an empty cursor and
   * throws a `KalshiProtocolError` if the server repeats a cursor.
   *
   * @example
   * ```ts
   * import { KalshiClient } from "@kalshikit/kalshi/rest";
   * import { startSim } from "@kalshikit/kalshi/sim";
   * import assert from "node:assert/strict";
   *
   * await using sim = await startSim({ markets: 50 });
   * await using client = await KalshiClient.create({ env: { restUrl: sim.restUrl } });
   * const markets = await Array.fromAsync(client.paginate("GetMarkets", { limit: 20 }, { maxItems: 30 }));
   * assert.equal(markets.length, 30);
   * ```
   *
   * @typeParam K The list operation id.
   * @param op The operation id, e.g. `"GetMarkets"`.
   * @param params Query parameters except `cursor`.
   * @param options Signal, timeout, item and page limits, starting cursor.
   * @returns The items.
   */
  paginate<K extends ListOperationId>(
    op: K,
    params: ListParams<K>,
    options: IterateOptions = {},
  ): AsyncGenerator<ListItem<K>, void, undefined> {
    return this.#iterate(op, { query: params }, options);
  }

  /**
   * Sizes the rate limiter from the account's real limits (`GET /account/limits`) and endpoint
   * costs (`GET /account/endpoint_costs`).
   *
   * @param options Signal and timeout.
   * @returns The limits reported by Kalshi.
   */
  async syncRateLimits(options: RequestOptions = {}): Promise<ResponseBody<"GetAccountApiLimits">> {
    const limits = await this.account.limits(options);
    const costs = await this.account.endpointCosts(options);
    const read = limits.read ?? bucketOf(limits.read_limit);
    const write = limits.write ?? bucketOf(limits.write_limit);
    if (read && write) this.rateLimiter?.setLimits({ read, write });
    this.rateLimiter?.setCosts(costs);
    return limits;
  }

  /** Closes the client: in-flight calls reject, and the signer is released. Idempotent. */
  close(): Promise<void> {
    this[Symbol.dispose]();
    return Promise.resolve();
  }

  /** Closes the client (for `using`). */
  [Symbol.dispose](): void {
    if (this.#closed.signal.aborted) return;
    this.#closed.abort(new KalshiError("Cannot use the client: it was closed", "client_closed"));
    this.#auth?.[Symbol.dispose]();
  }

  /** Closes the client (for `await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * What `Deno.inspect` shows: environment and key id, never key material.
   *
   * @returns A one-line description.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return `KalshiClient { env: ${JSON.stringify(this.environment.name)}, restUrl: ${
      JSON.stringify(this.environment.restUrl)
    }, keyId: ${JSON.stringify(this.keyId ?? null)} }`;
  }

  #caller(): Caller {
    return {
      send: (op, args, options, hooks) => this.#send(op, args, options ?? {}, hooks ?? {}),
      iterate: (op, args, options) => this.#iterate(op, args, options ?? {}),
      warn: (key, message) => warnOnce(key, message, this.#onWarning),
    };
  }

  #send<K extends OperationId>(
    op: K,
    args: CallArgs<K>,
    options: RequestOptions,
    hooks: WriteHooks<ResponseBody<K>>,
  ): Promise<ResponseBody<K>> {
    const info = operationInfo(op);
    if (!info) {
      return Promise.reject(
        new KalshiConfigError(`Cannot call operation ${JSON.stringify(op)}: unknown operation id`),
      );
    }
    const warning = deprecationMessage(info);
    if (warning) warnOnce(op, warning, this.#onWarning);
    const a = args as { path?: object; query?: object; body?: unknown };
    // Body-less POST/PUTs still need a JSON body on Kalshi.
    const body = a.body ?? (info.method === "POST" || info.method === "PUT" ? {} : undefined);
    return this.#transport.request<ResponseBody<K>>({
      op,
      method: info.method,
      path: info.path,
      params: a.path as Record<string, string | number> | undefined,
      query: a.query as Record<string, never> | undefined,
      repeated: REPEATED_QUERY[op],
      body,
      auth: authMode(info),
      retry: isRetrySafe(info, body),
      items: batchSize(body),
      signal: options.signal,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      onDuplicate: hooks.onDuplicate,
      onUnknown: hooks.onUnknown,
      onRecovered: hooks.onRecovered,
    });
  }

  #iterate<K extends ListOperationId>(
    op: K,
    args: { path?: Record<string, string | number> | undefined; query?: object | undefined },
    options: IterateOptions,
  ): AsyncGenerator<ListItem<K>, void, undefined> {
    const key = LIST_ITEMS[op];
    type Page = Record<string, unknown>;
    return paginate<Page, ListItem<K>>({
      fetchPage: (cursor, signal) =>
        this.#send(
          op,
          {
            path: args.path,
            query: { ...args.query, ...(cursor ? { cursor } : {}) },
          } as unknown as CallArgs<K>,
          { signal, timeout: options.timeout, maxRetries: options.maxRetries },
          {},
        ) as Promise<Page>,
      items: (page) => page?.[key] as ListItem<K>[] | undefined,
      cursor: (page) => (page?.cursor ?? page?.next_cursor) as string | undefined,
    }, {
      signal: options.signal,
      maxItems: options.maxItems,
      maxPages: options.maxPages,
      cursor: options.cursor,
    });
  }
}

function bucketOf(perSecond: number | undefined): BucketLimits | undefined {
  return perSecond && perSecond > 0
    ? { refill_rate: perSecond, bucket_capacity: perSecond }
    : undefined;
}

/**
 * The simulated exchange: the container that owns the clock, the event bus, accounts, rate limits
 * and faults, and wires the catalogue, trading and communications parts together.
 *
 * @module
 */

import type { Amount } from "../money/mod.ts";
import { Accounts, type Tier } from "./accounts.ts";
import { type FaultRule, Faults } from "./faults.ts";
import { RateLimiter } from "./rate_limit.ts";
import { Rng } from "./_rng.ts";
import type { SimRouter } from "./router.ts";
import { type CatalogueApi, SimBus, type SimClock, type TradingApi } from "./types.ts";

/** How the simulator treats the legacy `/portfolio/orders` write endpoints. */
export type LegacyOrderMode = "serve" | "reject";

/** Log levels of the simulator's logger. */
export type SimLogLevel = "debug" | "info" | "warn" | "error";

/** Options of a simulated exchange. Every field has a default. */
export interface ExchangeOptions {
  /** Seed of every random choice (catalogue, ids, bots, faults). @default {1} */
  seed?: number | string | undefined;
  /** Number of markets in the catalogue (at least 50). @default {3000} */
  markets?: number | undefined;
  /** Background trades per second from simulated participants; 0 disables. @default {0} */
  activity?: number | undefined;
  /** Usage tier of the demo account. @default {"basic"} */
  tier?: Tier | undefined;
  /** Enforce token-bucket rate limits. @default {true} */
  rateLimits?: boolean | undefined;
  /** Initial fault rules. @default {[]} */
  faults?: FaultRule[] | undefined;
  /** Legacy order writes: served with deprecation headers, or rejected as today's Kalshi does. @default {"serve"} */
  legacyOrders?: LegacyOrderMode | undefined;
  /** Cash of the demo account in µ$. @default {10_000 dollars} */
  startingCash?: Amount | undefined;
  /** Clock; tests may pass a controllable one. @default {Date.now} */
  clock?: SimClock | undefined;
  /** Receives log lines; the simulator never prints. @default {no-op} */
  logger?: ((level: SimLogLevel, message: string, error?: unknown) => void) | undefined;
}

/** A part of the exchange: it declares its routes and may run background work. */
export interface SimPart {
  /** Declares the part's REST routes. */
  register(router: SimRouter): void;
  /** Starts background work (timers). */
  start?(): void;
  /** Stops background work. */
  close?(): void;
}

/** The simulated exchange. */
export class Exchange {
  /** Options with defaults applied. */
  readonly options: Readonly<{
    seed: number | string;
    markets: number;
    activity: number;
    tier: Tier;
    legacyOrders: LegacyOrderMode;
    startingCash: Amount;
  }>;
  /** The clock. */
  readonly clock: SimClock;
  /** Everything that happens, for the WebSocket feed. */
  readonly bus: SimBus = new SimBus();
  /** Users, keys and cash. */
  readonly accounts: Accounts;
  /** Token buckets. */
  readonly limits: RateLimiter;
  /** Injected faults. */
  readonly faults: Faults;
  /** Series, events, markets and reference data. Set by {@linkcode Exchange.attach}. */
  catalogue!: CatalogueApi & SimPart;
  /** Books, orders, positions. Set by {@linkcode Exchange.attach}. */
  trading!: TradingApi & SimPart;
  /** RFQs, quotes, block trades, and the account-level endpoints. */
  comms!: SimPart;
  readonly #log: (level: SimLogLevel, message: string, error?: unknown) => void;
  readonly #timers = new Set<ReturnType<typeof setInterval>>();
  #closed = false;

  /**
   * Creates the container. Use `createExchange()` to get a fully wired exchange.
   *
   * @param options Exchange options.
   */
  constructor(options: ExchangeOptions = {}) {
    this.options = {
      seed: options.seed ?? 1,
      markets: Math.max(50, options.markets ?? 3000),
      activity: Math.max(0, options.activity ?? 0),
      tier: options.tier ?? "basic",
      legacyOrders: options.legacyOrders ?? "serve",
      startingCash: options.startingCash ?? 10_000 * 1_000_000,
    };
    this.clock = options.clock ?? { now: () => Date.now() };
    this.#log = options.logger ?? (() => {});
    this.accounts = new Accounts(this.rng("accounts"), this.clock);
    this.limits = new RateLimiter(this.clock, { enabled: options.rateLimits ?? true });
    this.faults = new Faults(this.options.seed, options.faults ?? []);
  }

  /**
   * A random generator for one purpose, derived from the seed.
   *
   * @param label What it is for; equal labels give equal sequences.
   * @returns A generator.
   */
  rng(label: string): Rng {
    return Rng.derive(this.options.seed, label);
  }

  /**
   * Attaches the parts (in dependency order: catalogue, trading, communications).
   *
   * @param parts The parts.
   */
  attach(parts: {
    catalogue: CatalogueApi & SimPart;
    trading: TradingApi & SimPart;
    comms: SimPart;
  }): void {
    this.catalogue = parts.catalogue;
    this.trading = parts.trading;
    this.comms = parts.comms;
  }

  /**
   * Writes a log line through the configured logger.
   *
   * @param level Level.
   * @param message Message.
   * @param error Optional error.
   */
  log(level: SimLogLevel, message: string, error?: unknown): void {
    this.#log(level, message, error);
  }

  /**
   * Runs a task every `ms` milliseconds until the exchange closes. A throwing task is logged and
   * keeps its schedule.
   *
   * @param ms Interval.
   * @param task The task.
   */
  every(ms: number, task: () => void): void {
    if (this.#closed) return;
    const id = setInterval(() => {
      try {
        task();
      } catch (e) {
        this.log("error", "background task failed", e);
      }
    }, ms);
    this.#timers.add(id);
  }

  /** Starts every part's background work. */
  start(): void {
    this.catalogue.start?.();
    this.trading.start?.();
    this.comms.start?.();
  }

  /** Stops background work. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of this.#timers) clearInterval(id);
    this.#timers.clear();
    this.comms?.close?.();
    this.trading?.close?.();
    this.catalogue?.close?.();
  }
}

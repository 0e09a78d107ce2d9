/**
 * Users, API keys, usage tiers and cash of the simulated exchange.
 *
 * Cash is kept per user and subaccount (0 = primary, 1–63) in integer micro-dollars; every change
 * goes through {@linkcode Accounts.adjustCash}, which refuses to go below zero unless told to.
 *
 * @module
 */

import { parsePublicKey, type PublicKey } from "../auth/mod.ts";
import type { Amount } from "../money/mod.ts";
import { apiError } from "./_http.ts";
import type { Rng } from "./_rng.ts";
import type { SimClock } from "./types.ts";

/** Kalshi's API usage tiers, lowest first. */
export const TIERS = [
  "basic",
  "advanced",
  "expert",
  "premier",
  "paragon",
  "prime",
  "prestige",
] as const;

/** One of {@linkcode TIERS}. */
export type Tier = typeof TIERS[number];

/** A user of the simulated exchange (a person, or one of the simulated market makers). */
export interface UserRecord {
  /** User id (a UUID unless one was given). */
  user_id: string;
  /** Public, anonymised id used on RFQs and quotes. */
  communications_id: string;
  /** API usage tier, which sizes the user's rate-limit buckets. */
  tier: Tier;
  /** Cash per subaccount number, µ$. Subaccount 0 always exists. */
  cash: Map<number, Amount>;
  /** Subaccount netting setting per subaccount number. */
  netting: Map<number, boolean>;
  /** Whether the user is one of the simulator's own participants (market makers, RFQ bots). */
  is_bot: boolean;
  /** When the user was created, epoch ms. */
  created_ms: number;
}

/** An API key registered for a user. */
export interface ApiKeyRecord {
  /** Key id, sent as `KALSHI-ACCESS-KEY`. */
  api_key_id: string;
  /** Owner's user id. */
  user_id: string;
  /** Name the owner gave the key. */
  name: string;
  /** The RSA public key that verifies the key's signatures. */
  public_key: PublicKey;
  /** Granted scopes (`read`, `write`, `write::trade`, …); the default is `read` and `write`. */
  scopes: string[];
  /** When set, the key may act only on this subaccount. */
  subaccount?: number;
  /** When the key was registered, epoch ms. */
  created_ms: number;
}

/** The highest subaccount number. */
export const MAX_SUBACCOUNT = 63;

/** Cash entering an account from outside the exchange. */
export interface FundingEvent {
  /** The credited user. */
  user_id: string;
  /** The credited subaccount. */
  subaccount: number;
  /** Amount in µ$ (positive). */
  amount: Amount;
  /** `opening_balance` for a new user's starting cash, `deposit` for a later deposit. */
  reason: "opening_balance" | "deposit";
  /** When the cash was credited, epoch ms. */
  ts_ms: number;
}

/** The registry of users, keys and cash. */
export class Accounts {
  readonly #users = new Map<string, UserRecord>();
  readonly #keys = new Map<string, ApiKeyRecord>();
  readonly #cashUpdated = new Map<string, number>();
  readonly #fundingListeners = new Set<(event: FundingEvent) => void>();
  readonly #rng: Rng;
  readonly #clock: SimClock;

  /**
   * Creates an empty registry.
   *
   * @param rng Source of ids.
   * @param clock The exchange clock.
   */
  constructor(rng: Rng, clock: SimClock) {
    this.#rng = rng;
    this.#clock = clock;
  }

  /**
   * Registers a user.
   *
   * @param options Tier, starting cash (µ$) and whether it is a simulated participant.
   * @returns The user.
   */
  createUser(
    options: { tier?: Tier; cash?: Amount; isBot?: boolean; userId?: string } = {},
  ): UserRecord {
    const user: UserRecord = {
      user_id: options.userId ?? this.#rng.uuid(),
      communications_id: this.#rng.uuid().replaceAll("-", "").slice(0, 16),
      tier: options.tier ?? "basic",
      cash: new Map([[0, options.cash ?? 0]]),
      netting: new Map([[0, true]]),
      is_bot: options.isBot ?? false,
      created_ms: this.#clock.now(),
    };
    this.#users.set(user.user_id, user);
    this.#cashUpdated.set(`${user.user_id}/0`, user.created_ms);
    if ((options.cash ?? 0) > 0) {
      this.#notifyFunding({
        user_id: user.user_id,
        subaccount: 0,
        amount: options.cash!,
        reason: "opening_balance",
        ts_ms: user.created_ms,
      });
    }
    return user;
  }

  /**
   * Subscribes to cash entering accounts from outside (opening balances and deposits).
   *
   * @param listener Called synchronously after the cash is credited.
   * @returns A function that unsubscribes.
   */
  onFunding(listener: (event: FundingEvent) => void): () => void {
    this.#fundingListeners.add(listener);
    return () => this.#fundingListeners.delete(listener);
  }

  #notifyFunding(event: FundingEvent): void {
    for (const l of this.#fundingListeners) {
      try {
        l(event);
      } catch {
        // A faulty listener must not break the ledger.
      }
    }
  }

  /**
   * Credits a deposit from outside the exchange and tells the funding listeners.
   *
   * @param userId The owner.
   * @param subaccount The subaccount.
   * @param amount Amount in µ$ (positive).
   * @returns The new cash.
   */
  deposit(userId: string, subaccount: number, amount: Amount): Amount {
    const cash = this.adjustCash(userId, subaccount, amount);
    this.#notifyFunding({
      user_id: userId,
      subaccount,
      amount,
      reason: "deposit",
      ts_ms: this.#clock.now(),
    });
    return cash;
  }

  /**
   * When a subaccount's cash last changed.
   *
   * @param userId The owner.
   * @param subaccount The subaccount.
   * @returns Epoch ms, or undefined for an unknown subaccount.
   */
  cashUpdatedMs(userId: string, subaccount: number): number | undefined {
    return this.#cashUpdated.get(`${userId}/${subaccount}`);
  }

  /**
   * A user by id.
   *
   * @param userId The id.
   * @returns The user, or undefined.
   */
  user(userId: string): UserRecord | undefined {
    return this.#users.get(userId);
  }

  /** Every user (including simulated participants). */
  users(): IterableIterator<UserRecord> {
    return this.#users.values();
  }

  /**
   * A user by id, or a 404 naming it.
   *
   * @param userId The id.
   * @returns The user.
   */
  requireUser(userId: string): UserRecord {
    const u = this.#users.get(userId);
    if (!u) throw apiError(404, "user_not_found", "user not found");
    return u;
  }

  /**
   * Registers an API key for a user from an RSA public key in PEM form.
   *
   * @param userId The owner.
   * @param options Name, public key PEM, scopes and an optional subaccount restriction.
   * @returns The key record.
   */
  addKey(
    userId: string,
    options: {
      name: string;
      publicKeyPem: string;
      scopes?: string[];
      subaccount?: number | undefined;
      apiKeyId?: string;
    },
  ): ApiKeyRecord {
    this.requireUser(userId);
    let publicKey: PublicKey;
    try {
      publicKey = parsePublicKey(options.publicKeyPem);
    } catch (e) {
      throw apiError(400, "invalid_public_key", "invalid public key", (e as Error).message);
    }
    const key: ApiKeyRecord = {
      api_key_id: options.apiKeyId ?? this.#rng.uuid(),
      user_id: userId,
      name: options.name,
      public_key: publicKey,
      scopes: options.scopes ?? ["read", "write"],
      created_ms: this.#clock.now(),
    };
    if (options.subaccount !== undefined) key.subaccount = options.subaccount;
    this.#keys.set(key.api_key_id, key);
    return key;
  }

  /**
   * An API key by id.
   *
   * @param apiKeyId The key id.
   * @returns The key, or undefined.
   */
  key(apiKeyId: string): ApiKeyRecord | undefined {
    return this.#keys.get(apiKeyId);
  }

  /**
   * The keys of a user, oldest first.
   *
   * @param userId The owner.
   * @returns The keys.
   */
  keysOf(userId: string): ApiKeyRecord[] {
    return [...this.#keys.values()].filter((k) => k.user_id === userId);
  }

  /**
   * Deletes a key of a user.
   *
   * @param userId The owner.
   * @param apiKeyId The key id.
   * @returns Whether the key existed and belonged to the user.
   */
  deleteKey(userId: string, apiKeyId: string): boolean {
    const k = this.#keys.get(apiKeyId);
    if (!k || k.user_id !== userId) return false;
    return this.#keys.delete(apiKeyId);
  }

  /**
   * Creates the next free subaccount of a user.
   *
   * @param userId The owner.
   * @returns The new subaccount number.
   */
  createSubaccount(userId: string): number {
    const u = this.requireUser(userId);
    for (let n = 1; n <= MAX_SUBACCOUNT; n++) {
      if (!u.cash.has(n)) {
        u.cash.set(n, 0);
        u.netting.set(n, true);
        this.#cashUpdated.set(`${userId}/${n}`, this.#clock.now());
        return n;
      }
    }
    throw apiError(
      400,
      "subaccount_limit_reached",
      "subaccount limit reached",
      `at most ${MAX_SUBACCOUNT}`,
    );
  }

  /**
   * Checks that a subaccount exists.
   *
   * @param userId The owner.
   * @param subaccount The subaccount number.
   * @returns The user.
   */
  requireSubaccount(userId: string, subaccount: number): UserRecord {
    const u = this.requireUser(userId);
    if (!u.cash.has(subaccount)) {
      throw apiError(
        400,
        "invalid_subaccount",
        "invalid subaccount",
        `subaccount ${subaccount} does not exist`,
      );
    }
    return u;
  }

  /**
   * Cash of a subaccount, µ$.
   *
   * @param userId The owner.
   * @param subaccount The subaccount (default 0).
   * @returns The cash.
   */
  cash(userId: string, subaccount = 0): Amount {
    return this.#users.get(userId)?.cash.get(subaccount) ?? 0;
  }

  /**
   * Adds (or, with a negative delta, removes) cash.
   *
   * @param userId The owner.
   * @param subaccount The subaccount.
   * @param delta Change in µ$.
   * @param options `allowNegative` lets the balance go below zero (fee rounding, settlement).
   * @returns The new cash.
   */
  adjustCash(
    userId: string,
    subaccount: number,
    delta: Amount,
    options: { allowNegative?: boolean } = {},
  ): Amount {
    const u = this.requireSubaccount(userId, subaccount);
    const next = (u.cash.get(subaccount) ?? 0) + delta;
    if (next < 0 && !options.allowNegative) {
      throw apiError(400, "insufficient_balance", "insufficient balance");
    }
    u.cash.set(subaccount, next);
    this.#cashUpdated.set(`${userId}/${subaccount}`, this.#clock.now());
    return next;
  }
}

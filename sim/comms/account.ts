/**
 * Account-level API endpoints: the caller's rate-limit tier and buckets, the non-default
 * endpoint costs, trading-volume progress toward the volume-based tiers, and the self-serve
 * upgrade.
 *
 * The upgrade follows Kalshi: it grants a permanent Advanced level (`source: "manual"`) when at
 * least one of the user's orders was created through the API, and — in the simulator, where the
 * daily volume review is not scheduled — also grants every volume-based level whose earn goal the
 * trailing 30-day volume meets (`source: "volume"`, for 30 days). The user's tier becomes the
 * highest level held; nothing qualifying answers 403.
 *
 * @module
 */

import { type Count, formatCount } from "../../money/mod.ts";
import { apiError } from "../_http.ts";
import { type Tier, TIERS } from "../accounts.ts";
import type { Exchange } from "../exchange.ts";
import { DEFAULT_COST, listedCosts, TIER_LIMITS } from "../rate_limit.ts";
import { reply, type SimRouter } from "../router.ts";
import { unixSeconds } from "./_wire.ts";

const DAY = 86_400_000;
const WINDOW_DAYS = 30;

/** Volume goals (contracts over 30 days) of the volume-based tiers, earn and keep. */
export const VOLUME_GOALS: readonly { level: Tier; earn: Count; keep: Count }[] = [
  { level: "expert", earn: 75_000_00, keep: 50_000_00 },
  { level: "premier", earn: 125_000_00, keep: 100_000_00 },
  { level: "paragon", earn: 250_000_00, keep: 200_000_00 },
  { level: "prime", earn: 500_000_00, keep: 400_000_00 },
  { level: "prestige", earn: 1_000_000_00, keep: 800_000_00 },
];

/** A usage-level grant. */
export interface GrantRecord {
  exchange_instance: "event_contract" | "margined";
  level: Tier;
  source: "volume" | "manual";
  expires_ms?: number;
}

/** Usage tiers, grants and the volume they are earned by. */
export class AccountLevels {
  readonly #ex: Exchange;
  readonly #grants = new Map<string, GrantRecord[]>();
  /** Contracts traded per user per day index. */
  readonly #volume = new Map<string, Map<number, Count>>();
  readonly #apiOrderUsers = new Set<string>();
  readonly #unsubscribe: () => void;
  #router: SimRouter | undefined;

  /**
   * Starts tracking fills (volume) and API-created orders from the bus.
   *
   * @param ex The exchange.
   */
  constructor(ex: Exchange) {
    this.#ex = ex;
    this.#unsubscribe = ex.bus.on((e) => {
      if (e.type === "fill") this.#addVolume(e.fill.user_id, e.fill.created_ms, e.fill.count);
      else if (e.type === "order" && ["v2", "v1", "fix"].includes(e.order.source)) {
        this.#apiOrderUsers.add(e.order.user_id);
      }
    });
  }

  /** Stops tracking. */
  close(): void {
    this.#unsubscribe();
  }

  /**
   * Trailing 30-day volume of a user.
   *
   * @param userId The user.
   * @returns Contracts (0.01 units).
   */
  trailingVolume(userId: string): Count {
    const days = this.#volume.get(userId);
    if (!days) return 0;
    const today = Math.floor(this.#ex.clock.now() / DAY);
    let total = 0;
    for (const [day, count] of days) {
      if (day > today - WINDOW_DAYS) total += count;
    }
    return total;
  }

  /**
   * Active grants of a user.
   *
   * @param userId The user.
   * @returns The grants.
   */
  grants(userId: string): GrantRecord[] {
    const now = this.#ex.clock.now();
    return (this.#grants.get(userId) ?? []).filter((g) =>
      g.expires_ms === undefined || g.expires_ms > now
    );
  }

  /**
   * Declares the account routes.
   *
   * @param router The route table (kept to list endpoint costs).
   */
  register(router: SimRouter): void {
    this.#router = router;
    router.on("GET", "/account/limits", { op: "GetAccountApiLimits" }, (req) => {
      const tier = req.me.tier;
      const limits = TIER_LIMITS[tier];
      return {
        usage_tier: tier,
        read: { ...limits.read },
        write: { ...limits.write },
        grants: this.grants(req.me.user_id).map((g) => {
          const out: Record<string, unknown> = {
            exchange_instance: g.exchange_instance,
            level: g.level,
            source: g.source,
          };
          if (g.expires_ms !== undefined) out.expires_ts = unixSeconds(g.expires_ms);
          return out;
        }),
      };
    });

    router.on(
      "GET",
      "/account/endpoint_costs",
      { op: "GetAccountEndpointCosts", auth: "optional" },
      () => {
        const ops = new Map<string, { method: string; path: string }>();
        for (const r of this.#router?.routes ?? []) {
          ops.set(r.op, { method: r.method, path: r.path });
        }
        return { default_cost: DEFAULT_COST, endpoint_costs: listedCosts(ops) };
      },
    );

    router.on(
      "GET",
      "/account/api_usage_level/volume_progress",
      { op: "GetAccountApiUsageLevelVolumeProgress" },
      (req) => ({
        volume_progress: [{
          computed_ts: unixSeconds(this.#ex.clock.now()),
          trailing_30d_volume_fp: formatCount(this.trailingVolume(req.me.user_id)),
          goals: VOLUME_GOALS.map((g) => ({
            level: g.level,
            earn_volume_goal_fp: formatCount(g.earn),
            keep_volume_goal_fp: formatCount(g.keep),
          })),
        }],
      }),
    );

    router.on(
      "POST",
      "/account/api_usage_level/upgrade",
      { op: "UpgradeAccountApiUsageLevel" },
      (req) => {
        const user = req.me;
        const now = this.#ex.clock.now();
        const fresh: GrantRecord[] = [];
        if (this.#apiOrderUsers.has(user.user_id)) {
          fresh.push({ exchange_instance: "event_contract", level: "advanced", source: "manual" });
        }
        const volume = this.trailingVolume(user.user_id);
        for (const g of VOLUME_GOALS) {
          if (volume >= g.earn) {
            fresh.push({
              exchange_instance: "event_contract",
              level: g.level,
              source: "volume",
              expires_ms: now + WINDOW_DAYS * DAY,
            });
          }
        }
        if (fresh.length === 0) {
          throw apiError(
            403,
            "api_usage_level_upgrade_not_eligible",
            "No API-created order was found in the user's latest 100 Predictions orders",
          );
        }
        const kept = this.grants(user.user_id).filter((g) =>
          !fresh.some((f) => f.level === g.level && f.source === g.source)
        );
        const all = [...kept, ...fresh];
        this.#grants.set(user.user_id, all);
        const best = Math.max(TIERS.indexOf(user.tier), ...all.map((g) => TIERS.indexOf(g.level)));
        if (TIERS[best] !== user.tier) {
          user.tier = TIERS[best]!;
          this.#ex.limits.reset(user.user_id);
        }
        return reply(201);
      },
    );
  }

  #addVolume(userId: string, ms: number, count: Count): void {
    if (this.#ex.accounts.user(userId)?.is_bot !== false) return;
    let days = this.#volume.get(userId);
    if (!days) this.#volume.set(userId, days = new Map());
    const day = Math.floor(ms / DAY);
    days.set(day, (days.get(day) ?? 0) + count);
    for (const d of days.keys()) if (d <= day - WINDOW_DAYS) days.delete(d);
  }
}

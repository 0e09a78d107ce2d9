/**
 * Fault injection for the simulator's REST routes: latency, 5xx before or after the write
 * commits, connections dropped before or after the write commits, and bursts of 429s.
 *
 * Rules match by method and path template (`POST /portfolio/events/orders`, `*` for any); the
 * first matching rule applies. Decisions draw from a seeded generator, so a faulted run replays.
 *
 * @module
 */

import { KalshiConfigError } from "../errors.ts";
import { Rng } from "./_rng.ts";

/** One fault rule. Rates are probabilities in [0, 1]. */
export interface FaultRule {
  /** HTTP method, or undefined / `*` for any. */
  method?: string | undefined;
  /**
   * Path template relative to `/trade-api/v2` as the spec writes it
   * (`/portfolio/events/orders/{order_id}`), or a prefix ending in `*`, or undefined for any.
   */
  path?: string | undefined;
  /** Added latency in milliseconds. */
  latency_ms?: number | undefined;
  /** Extra random latency, uniform in [0, jitter_ms]. */
  jitter_ms?: number | undefined;
  /** Answer 5xx without running the handler. */
  error_rate?: number | undefined;
  /** Run the handler (the write commits), then answer 5xx. */
  error_after_commit_rate?: number | undefined;
  /** Drop the connection without running the handler. */
  drop_rate?: number | undefined;
  /** Run the handler (the write commits), then drop the connection mid-response. */
  drop_after_commit_rate?: number | undefined;
  /** The next N matching requests get 429. */
  burst_429?: number | undefined;
  /** Status for injected 5xx answers. @default {503} */
  status?: number | undefined;
}

/** What to do with one request. */
export interface FaultDecision {
  /** Latency to add before anything else, in milliseconds. */
  delayMs: number;
  /** Fault instead of running the handler: a 5xx, a dropped connection, or a 429. */
  before: "none" | "error" | "drop" | "429";
  /** Fault after the handler ran (the write committed): a 5xx or a dropped connection. */
  after: "none" | "error" | "drop";
  /** Status of an injected 5xx. */
  status: number;
}

const NONE: FaultDecision = { delayMs: 0, before: "none", after: "none", status: 503 };

/** The active fault rules. */
export class Faults {
  #rules: FaultRule[] = [];
  #rng: Rng;
  /** Number of faults injected so far, by kind. */
  readonly injected: Record<string, number> = {};

  /**
   * Creates an injector.
   *
   * @param seed Seed for fault decisions.
   * @param rules Initial rules.
   */
  constructor(seed: number | string, rules: FaultRule[] = []) {
    this.#rng = Rng.derive(seed, "faults");
    this.set(rules);
  }

  /** The rules in force. */
  get rules(): readonly FaultRule[] {
    return this.#rules;
  }

  /**
   * Replaces every rule.
   *
   * @param rules The new rules.
   */
  set(rules: FaultRule[]): void {
    this.#rules = rules.map((r) => ({ ...r }));
  }

  /**
   * Decides the faults for one request.
   *
   * @param method HTTP method.
   * @param template Path template relative to the API root.
   * @returns The decision.
   */
  decide(method: string, template: string): FaultDecision {
    const rule = this.#rules.find((r) => matches(r, method, template));
    if (!rule) return NONE;
    const rng = this.#rng;
    const delayMs = (rule.latency_ms ?? 0) + (rule.jitter_ms ? rng.next() * rule.jitter_ms : 0);
    let before: FaultDecision["before"] = "none";
    let after: FaultDecision["after"] = "none";
    if (rule.burst_429 && rule.burst_429 > 0) {
      rule.burst_429--;
      before = "429";
    } else if (rng.chance(rule.drop_rate ?? 0)) before = "drop";
    else if (rng.chance(rule.error_rate ?? 0)) before = "error";
    else if (rng.chance(rule.drop_after_commit_rate ?? 0)) after = "drop";
    else if (rng.chance(rule.error_after_commit_rate ?? 0)) after = "error";
    const kind = before !== "none" ? before : after !== "none" ? `${after}_after_commit` : "";
    if (kind) this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    return { delayMs, before, after, status: rule.status ?? 503 };
  }
}

function matches(rule: FaultRule, method: string, template: string): boolean {
  if (rule.method && rule.method !== "*" && rule.method.toUpperCase() !== method) return false;
  const p = rule.path;
  if (!p || p === "*") return true;
  return p.endsWith("*") ? template.startsWith(p.slice(0, -1)) : p === template;
}

/**
 * Parses a rule from the command-line form `"METHOD PATH key=value,key=value"`, e.g.
 * `"POST /portfolio/events/orders drop_after_commit_rate=0.05,error_after_commit_rate=0.05"`.
 * METHOD and PATH may be `*`.
 *
 * @param text The rule text.
 * @returns The rule.
 */
export function parseFaultRule(text: string): FaultRule {
  const [method, path, settings = ""] = text.trim().split(/\s+/, 3);
  if (!method || !path) {
    throw new KalshiConfigError(
      `Cannot parse fault rule ${JSON.stringify(text)}: expected "METHOD PATH key=value,…"`,
    );
  }
  const rule: FaultRule = { method, path };
  const numeric = new Set([
    "latency_ms",
    "jitter_ms",
    "error_rate",
    "error_after_commit_rate",
    "drop_rate",
    "drop_after_commit_rate",
    "burst_429",
    "status",
  ]);
  for (const kv of settings.split(",").filter(Boolean)) {
    const [k, v] = kv.split("=");
    if (!k || v === undefined || !numeric.has(k) || !Number.isFinite(Number(v))) {
      throw new KalshiConfigError(
        `Cannot parse fault setting ${JSON.stringify(kv)}: known keys are ${
          [...numeric].join(", ")
        }`,
      );
    }
    (rule as Record<string, number>)[k] = Number(v);
  }
  return rule;
}

/**
 * Fault injection for the WebSocket feed, so a client's gap detection and recovery can be
 * exercised: skipped `seq` (the message is lost), duplicated messages, two messages swapped,
 * delivery stalls, and dropped connections.
 *
 * Faults hit only data messages the exchange pushes on sequenced channels (deltas, trades,
 * lifecycle, communications, order groups, index values); command replies and the snapshots they
 * trigger are never lost, though a stall delays them like everything else. Each connection draws
 * from its own generator, derived from the seed and the connection's serial number since the
 * settings were last replaced, so the same settings, seed and traffic replay the same faults.
 *
 * @module
 */

import { KalshiConfigError } from "../../errors.ts";
import { Rng } from "../_rng.ts";
import { SEQUENCED_CHANNELS, type WsChannel } from "./protocol.ts";

/** Fault settings of the WebSocket feed. Rates are probabilities in [0, 1] per message. */
export interface WsFaultSettings {
  /** Probability that a new connection is subject to faults at all. @default {1} */
  connection_rate?: number | undefined;
  /** Drop the message; its `seq` is used up, so the client sees a gap. */
  skip_rate?: number | undefined;
  /** Send the message twice. */
  duplicate_rate?: number | undefined;
  /** Hold the message back and send it after the next one. */
  reorder_rate?: number | undefined;
  /** Pause all delivery on the connection for `stall_ms`, then send what queued up, in order. */
  stall_rate?: number | undefined;
  /** Length of a stall in milliseconds. @default {50} */
  stall_ms?: number | undefined;
  /** Close the connection (code 1001) instead of sending the message. */
  drop_rate?: number | undefined;
  /** Limit faults to these channels. @default {every sequenced channel} */
  channels?: string[] | undefined;
  /** Seed of the fault generators. @default {the exchange seed} */
  seed?: number | string | undefined;
}

/** What happens to one message. */
export type WsFaultKind = "none" | "skip" | "duplicate" | "reorder" | "stall" | "drop";

const RATE_KEYS = [
  "connection_rate",
  "skip_rate",
  "duplicate_rate",
  "reorder_rate",
  "stall_rate",
  "drop_rate",
] as const;

/**
 * Checks fault settings (from the admin API or a test).
 *
 * @param value Candidate settings.
 * @returns The settings.
 * @throws {KalshiConfigError} When a field has the wrong type or a rate is outside [0, 1].
 */
export function parseWsFaultSettings(value: unknown): WsFaultSettings {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new KalshiConfigError("Invalid WebSocket fault settings: expected an object");
  }
  const v = value as Record<string, unknown>;
  const known = new Set<string>([...RATE_KEYS, "stall_ms", "channels", "seed"]);
  for (const k of Object.keys(v)) {
    if (!known.has(k)) {
      throw new KalshiConfigError(
        `Invalid WebSocket fault setting "${k}": known keys are ${[...known].join(", ")}`,
      );
    }
  }
  const out: WsFaultSettings = {};
  for (const k of RATE_KEYS) {
    const r = v[k];
    if (r === undefined) continue;
    if (typeof r !== "number" || !(r >= 0 && r <= 1)) {
      throw new KalshiConfigError(
        `Invalid WebSocket fault setting "${k}": must be between 0 and 1`,
      );
    }
    out[k] = r;
  }
  if (v.stall_ms !== undefined) {
    if (typeof v.stall_ms !== "number" || !(v.stall_ms >= 0 && v.stall_ms <= 60_000)) {
      throw new KalshiConfigError(
        'Invalid WebSocket fault setting "stall_ms": must be between 0 and 60000',
      );
    }
    out.stall_ms = v.stall_ms;
  }
  if (v.channels !== undefined) {
    if (!Array.isArray(v.channels) || v.channels.some((c) => typeof c !== "string")) {
      throw new KalshiConfigError(
        'Invalid WebSocket fault setting "channels": expected an array of channel names',
      );
    }
    out.channels = [...v.channels as string[]];
  }
  if (v.seed !== undefined) {
    if (typeof v.seed !== "number" && typeof v.seed !== "string") {
      throw new KalshiConfigError(
        'Invalid WebSocket fault setting "seed": expected a number or text',
      );
    }
    out.seed = v.seed;
  }
  return out;
}

/** The fault settings of one feed and the count of faults injected. */
export class WsFaults {
  readonly #seed: number | string;
  #settings: WsFaultSettings = {};
  #serial = 0;
  /** Faults injected since the settings were last replaced, by kind. */
  injected: Record<Exclude<WsFaultKind, "none">, number> = fresh();

  /**
   * Creates the injector with no faults.
   *
   * @param seed The exchange seed.
   */
  constructor(seed: number | string) {
    this.#seed = seed;
  }

  /** The settings in force. */
  get settings(): Readonly<WsFaultSettings> {
    return this.#settings;
  }

  /** Total faults injected since the settings were last replaced. */
  get total(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0);
  }

  /**
   * Replaces the settings, resets the counters and restarts connection numbering, so the next
   * connections replay the same faults as after any earlier call with the same settings.
   *
   * @param settings The new settings; `{}` turns faults off.
   */
  set(settings: WsFaultSettings): void {
    this.#settings = parseWsFaultSettings(settings);
    this.#serial = 0;
    this.injected = fresh();
  }

  /**
   * The fault source of a new connection.
   *
   * @returns The connection's source, or undefined when it runs clean.
   */
  forConnection(): ConnectionFaults | undefined {
    const s = this.#settings;
    const rates = (s.skip_rate ?? 0) + (s.duplicate_rate ?? 0) + (s.reorder_rate ?? 0) +
      (s.stall_rate ?? 0) + (s.drop_rate ?? 0);
    const serial = ++this.#serial;
    if (rates <= 0) return undefined;
    const rng = Rng.derive(s.seed ?? this.#seed, `ws-faults/${serial}`);
    if (!rng.chance(s.connection_rate ?? 1)) return undefined;
    return new ConnectionFaults(s, rng, (kind) => this.injected[kind]++);
  }
}

function fresh(): Record<Exclude<WsFaultKind, "none">, number> {
  return { skip: 0, duplicate: 0, reorder: 0, stall: 0, drop: 0 };
}

/** The fault decisions of one connection. */
export class ConnectionFaults {
  readonly #s: WsFaultSettings;
  readonly #rng: Rng;
  readonly #count: (kind: Exclude<WsFaultKind, "none">) => void;
  readonly #channels: ReadonlySet<string>;

  /**
   * Creates a decision source.
   *
   * @param settings Fault settings.
   * @param rng The connection's generator.
   * @param count Called once per fault actually applied.
   */
  constructor(
    settings: WsFaultSettings,
    rng: Rng,
    count: (kind: Exclude<WsFaultKind, "none">) => void,
  ) {
    this.#s = settings;
    this.#rng = rng;
    this.#count = count;
    this.#channels = new Set(settings.channels ?? SEQUENCED_CHANNELS);
  }

  /** Length of a stall in milliseconds. */
  get stallMs(): number {
    return this.#s.stall_ms ?? 50;
  }

  /**
   * Draws the fate of one data message (one draw per message, so decisions replay).
   *
   * @param channel The message's channel.
   * @returns The fault to apply.
   */
  decide(channel: WsChannel): WsFaultKind {
    if (!this.#channels.has(channel)) return "none";
    let r = this.#rng.next();
    const s = this.#s;
    for (
      const [kind, rate] of [
        ["skip", s.skip_rate],
        ["duplicate", s.duplicate_rate],
        ["reorder", s.reorder_rate],
        ["stall", s.stall_rate],
        ["drop", s.drop_rate],
      ] as const
    ) {
      if (r < (rate ?? 0)) return kind;
      r -= rate ?? 0;
    }
    return "none";
  }

  /**
   * Records a fault that was applied.
   *
   * @param kind The fault.
   */
  applied(kind: Exclude<WsFaultKind, "none">): void {
    this.#count(kind);
  }
}

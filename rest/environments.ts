/**
 * Kalshi's environments (production and demo) and custom endpoints such as the simulator.
 *
 * @module
 */

import { KalshiConfigError } from "../errors.ts";

/** Where an environment's APIs live. */
export interface KalshiEnvironment {
  /** Short name: `prod`, `demo`, or `custom`. */
  readonly name: string;
  /** REST base URL, ending in `/trade-api/v2`. */
  readonly restUrl: string;
  /** WebSocket URL, ending in `/trade-api/ws/v2`. */
  readonly wsUrl: string;
}

/** Kalshi production (the `external-api` hosts, recommended since May 2026). */
export const PROD: KalshiEnvironment = {
  name: "prod",
  restUrl: "https://external-api.kalshi.com/trade-api/v2",
  wsUrl: "wss://external-api-ws.kalshi.com/trade-api/ws/v2",
};

/** Kalshi's demo environment (mock funds; separate keys). */
export const DEMO: KalshiEnvironment = {
  name: "demo",
  restUrl: "https://external-api.demo.kalshi.co/trade-api/v2",
  wsUrl: "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2",
};

/** What {@linkcode resolveEnvironment} accepts. */
export type EnvironmentInput =
  | "prod"
  | "demo"
  | KalshiEnvironment
  | { restUrl: string; wsUrl?: string | undefined };

/**
 * Resolves an environment name or custom URLs. For a custom REST URL without a WebSocket URL, the
 * WebSocket URL is derived (same host, `ws(s)://…/trade-api/ws/v2`).
 *
 * @example Usage
 * ```ts
 * import { resolveEnvironment } from "@kalshikit/kalshi/rest";
 * import assert from "node:assert/strict";
 *
 * const env = resolveEnvironment({ restUrl: "http://127.0.0.1:8080/trade-api/v2" });
 * assert.equal(env.wsUrl, "ws://127.0.0.1:8080/trade-api/ws/v2");
 * assert.equal(resolveEnvironment("demo").name, "demo");
 * ```
 *
 * @param input `"prod"`, `"demo"`, or custom URLs.
 * @returns The environment.
 */
export function resolveEnvironment(input: EnvironmentInput): KalshiEnvironment {
  if (input === "prod") return PROD;
  if (input === "demo") return DEMO;
  if (typeof input !== "object" || input === null || typeof input.restUrl !== "string") {
    throw new KalshiConfigError(
      `Cannot use environment ${JSON.stringify(input)}: expected "prod", "demo" or { restUrl }`,
    );
  }
  let rest: URL;
  try {
    rest = new URL(input.restUrl);
  } catch {
    throw new KalshiConfigError(`Cannot use restUrl ${JSON.stringify(input.restUrl)}: not a URL`);
  }
  if (rest.protocol !== "http:" && rest.protocol !== "https:") {
    throw new KalshiConfigError(
      `Cannot use restUrl ${JSON.stringify(input.restUrl)}: must be http(s)`,
    );
  }
  const restUrl = rest.href.replace(/\/+$/, "");
  const wsUrl = input.wsUrl ??
    `${rest.protocol === "https:" ? "wss" : "ws"}://${rest.host}/trade-api/ws/v2`;
  const name = "name" in input && typeof input.name === "string" ? input.name : "custom";
  return { name, restUrl, wsUrl };
}

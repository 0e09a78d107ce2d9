/**
 * Where a live command connects, from flags or the environment: Kalshi demo or prod with a key, a
 * running simulator (`--rest-url`/`--ws-url` from `kalshi sim --json`), or an embedded simulator
 * (`--sim`).
 *
 * @module
 */

import { loadPrivateKey, type PrivateKey } from "../auth/mod.ts";
import { startSim } from "../sim/server.ts";
import { KalshiWs } from "../ws/mod.ts";
import type { Options } from "./_args.ts";
import { type CliIo, UsageError } from "./_io.ts";

/** Flags every live command accepts. */
export const CONNECT_OPTIONS: Options = {
  env: { type: "string" },
  "key-id": { type: "string" },
  key: { type: "string" },
  "rest-url": { type: "string" },
  "ws-url": { type: "string" },
  sim: { type: "boolean", default: false },
  "sim-activity": { type: "string" },
};

/** Usage lines of {@linkcode CONNECT_OPTIONS}. */
export const CONNECT_USAGE = `  --env E           demo or prod (default: $KALSHI_ENV, else demo)
  --key-id ID       API key id (default: $KALSHI_API_KEY_ID)
  --key FILE        private key PEM (default: $KALSHI_PRIVATE_KEY_PATH, or PEM text in $KALSHI_PRIVATE_KEY)
  --rest-url URL    a custom REST base URL, e.g. a simulator's rest_url
  --ws-url URL      a custom WebSocket URL, e.g. a simulator's ws_url
  --sim             start an embedded simulator with background trading and use it
  --sim-activity N  trades per second on the embedded simulator (default 20)
`;

/** A resolved connection target. */
export interface Target extends AsyncDisposable {
  /** Name shown to the user. */
  name: string;
  /** REST base URL, or an environment name. */
  env: "demo" | "prod" | { restUrl: string; wsUrl: string };
  /** WebSocket URL, when custom. */
  wsUrl: string | undefined;
  keyId: string;
  privateKey: PrivateKey;
}

/**
 * Resolves the target from flags and environment variables, starting an embedded simulator for
 * `--sim`.
 *
 * @param values Parsed flags.
 * @param io Environment access.
 * @returns The target; dispose it to stop an embedded simulator.
 */
export async function resolveTarget(
  values: Record<string, unknown>,
  io: CliIo,
): Promise<Target> {
  if (values.sim === true) {
    const activity = values["sim-activity"] === undefined ? 20 : Number(values["sim-activity"]);
    if (!Number.isFinite(activity) || activity < 0) {
      throw new UsageError(`Invalid --sim-activity ${JSON.stringify(values["sim-activity"])}`);
    }
    const sim = await startSim({ markets: 200, activity });
    return {
      name: `embedded simulator ${sim.restUrl}`,
      env: { restUrl: sim.restUrl, wsUrl: sim.wsUrl },
      wsUrl: sim.wsUrl,
      keyId: sim.keyId,
      privateKey: await loadPrivateKey({ pem: sim.privateKeyPem }),
      [Symbol.asyncDispose]: () => sim.close(),
    };
  }
  const keyId = (values["key-id"] as string | undefined) ?? io.env("KALSHI_API_KEY_ID");
  if (!keyId) throw new UsageError("Missing --key-id (or KALSHI_API_KEY_ID), or use --sim");
  const keyPath = (values.key as string | undefined) ?? io.env("KALSHI_PRIVATE_KEY_PATH");
  const keyPem = io.env("KALSHI_PRIVATE_KEY");
  let privateKey: PrivateKey;
  if (keyPath) privateKey = await loadPrivateKey({ path: keyPath });
  else if (keyPem) privateKey = await loadPrivateKey({ pem: keyPem });
  else throw new UsageError("Missing --key (or KALSHI_PRIVATE_KEY_PATH / KALSHI_PRIVATE_KEY)");
  const restUrl = values["rest-url"] as string | undefined;
  const wsUrl = values["ws-url"] as string | undefined;
  const noop = () => Promise.resolve();
  if (restUrl || wsUrl) {
    if (!restUrl || !wsUrl) throw new UsageError("Give both --rest-url and --ws-url");
    return {
      name: restUrl,
      env: { restUrl, wsUrl },
      wsUrl,
      keyId,
      privateKey,
      [Symbol.asyncDispose]: noop,
    };
  }
  const env = (values.env as string | undefined) ?? io.env("KALSHI_ENV") ?? "demo";
  if (env !== "demo" && env !== "prod") {
    throw new UsageError(`Invalid --env ${JSON.stringify(env)}: expected demo or prod`);
  }
  return {
    name: `Kalshi ${env}`,
    env,
    wsUrl: undefined,
    keyId,
    privateKey,
    [Symbol.asyncDispose]: noop,
  };
}

/**
 * Opens a WebSocket connection to a target; errors the connection survives go to stderr.
 *
 * @param target The resolved target.
 * @param io Output and stop signal.
 * @returns The connected client.
 */
export function connectWs(target: Target, io: CliIo): Promise<KalshiWs> {
  return KalshiWs.connect({
    ...(target.wsUrl ? { url: target.wsUrl } : { env: target.env as "demo" | "prod" }),
    keyId: target.keyId,
    privateKey: target.privateKey,
    signal: io.signal,
    onError: (e) => io.err(`warning: ${e.message}\n`),
  });
}

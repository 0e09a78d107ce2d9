// deno-lint-ignore-file no-console
/**
 * Shared runner of the examples: by default each one starts the embedded simulator in-process;
 * with `--env demo|prod --key-id ID --key FILE` it runs against Kalshi.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { EnvironmentInput, PrivateKeyInput } from "../rest/mod.ts";
import { startSim } from "../sim/mod.ts";

/** What every example's `main()` takes. */
export interface ExampleOptions {
  /** Where to connect. */
  env: EnvironmentInput;
  /** API key id (authenticated examples need it). */
  keyId?: string | undefined;
  /** The private key. */
  privateKey?: PrivateKeyInput | undefined;
  /** Where the example writes its output. */
  log: (...args: unknown[]) => void;
  /** Whether the example may place real orders in production (`--live`). */
  live?: boolean | undefined;
}

/**
 * Runs an example from the command line.
 *
 * @param main The example.
 */
export async function runExample(main: (options: ExampleOptions) => Promise<void>): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      env: { type: "string" },
      "key-id": { type: "string" },
      key: { type: "string" },
      live: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: deno run -A examples/<name>.ts [--env demo|prod --key-id ID --key FILE] [--live]\n" +
        "Without --env the example runs against the embedded simulator.",
    );
    return;
  }
  if (values.env === undefined) {
    // Simulated traders keep the feeds moving, as on a live exchange.
    await using sim = await startSim({ markets: 200, activity: 10 });
    console.log(`(running against the embedded simulator at ${sim.restUrl})`);
    await main({
      env: { restUrl: sim.restUrl, wsUrl: sim.wsUrl },
      keyId: sim.keyId,
      privateKey: sim.privateKeyPem,
      log: console.log,
    });
    return;
  }
  if (values.env !== "demo" && values.env !== "prod") {
    console.error(`--env must be demo or prod, not ${JSON.stringify(values.env)}`);
    Deno.exit(2);
  }
  await main({
    env: values.env,
    keyId: values["key-id"],
    privateKey: values.key === undefined ? undefined : { path: values.key },
    log: console.log,
    live: values.live,
  });
}

/**
 * Fails with a helpful message when an authenticated example has no key.
 *
 * @param options The example options.
 * @returns The key id and private key.
 */
export function credentials(
  options: ExampleOptions,
): { keyId: string; privateKey: PrivateKeyInput } {
  if (options.keyId === undefined || options.privateKey === undefined) {
    throw new Error("This example needs an API key: pass --key-id ID --key FILE");
  }
  return { keyId: options.keyId, privateKey: options.privateKey };
}

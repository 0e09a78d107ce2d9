/**
 * `kalshi sim`: runs the local Kalshi-compatible exchange until interrupted.
 *
 * @module
 */

import { type Tier, TIERS } from "../sim/accounts.ts";
import { parseFaultRule } from "../sim/faults.ts";
import { startSim } from "../sim/server.ts";
import { integer, parse } from "./_args.ts";
import { type CliIo, UsageError } from "./_io.ts";

/** Usage text of `kalshi sim`. */
export const SIM_USAGE =
  `kalshi sim [--json] [--port N] [--host H] [--seed S] [--markets N] [--activity N]
           [--tier T] [--fault "METHOD PATH key=value,…"]… [--legacy-orders serve|reject]
           [--no-rate-limits] [--key-out FILE]

  Runs a local Kalshi-compatible exchange (REST, WebSocket and admin API on loopback) with a
  freshly registered, funded demo account, until interrupted.

  --json              print exactly one JSON line {rest_url, ws_url, fix, key_id, private_key_path}
  --port N            port (default 0: a free one)
  --host H            address to bind (default 127.0.0.1)
  --seed S            seed of the catalogue, ids and simulated traders (default 1)
  --markets N         markets in the catalogue (default 3000, at least 50)
  --activity N        background trades per second from simulated traders (default 0)
  --tier T            usage tier of the demo account: ${TIERS.join(", ")}
  --fault RULE        inject faults, e.g. "POST /portfolio/events/orders error_after_commit_rate=0.1"
  --legacy-orders M   serve legacy /portfolio/orders writes with deprecation headers, or reject them
  --no-rate-limits    turn token-bucket rate limiting off
  --key-out FILE      where to write the demo account's private key (default: a temporary file)
`;

/**
 * Runs `kalshi sim`.
 *
 * @param args Arguments after `sim`.
 * @param io Output and the stop signal.
 * @returns The exit code once stopped.
 */
export async function simCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    json: { type: "boolean", default: false },
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    markets: { type: "string" },
    activity: { type: "string" },
    tier: { type: "string", default: "basic" },
    fault: { type: "string", multiple: true },
    "legacy-orders": { type: "string", default: "serve" },
    "no-rate-limits": { type: "boolean", default: false },
    "key-out": { type: "string" },
  });
  const tier = String(values.tier);
  if (!(TIERS as readonly string[]).includes(tier)) {
    throw new UsageError(
      `Invalid --tier ${JSON.stringify(tier)}: expected one of ${TIERS.join(", ")}`,
    );
  }
  const legacy = String(values["legacy-orders"]);
  if (legacy !== "serve" && legacy !== "reject") {
    throw new UsageError(
      `Invalid --legacy-orders ${JSON.stringify(legacy)}: expected serve or reject`,
    );
  }
  const faults = ((values.fault as string[] | undefined) ?? []).map((f) => parseFaultRule(f));
  const seedText = values.seed as string | undefined;
  const seed = seedText === undefined ? 1 : /^\d+$/.test(seedText) ? Number(seedText) : seedText;
  await using sim = await startSim({
    port: integer(values, "port") ?? 0,
    hostname: String(values.host),
    seed,
    markets: integer(values, "markets", 50),
    activity: integer(values, "activity"),
    tier: tier as Tier,
    faults,
    legacyOrders: legacy,
    rateLimits: values["no-rate-limits"] !== true,
  });
  let keyPath = values["key-out"] as string | undefined;
  let tempDir: string | undefined;
  if (keyPath === undefined) {
    tempDir = await Deno.makeTempDir({ prefix: "kalshi-sim-" });
    keyPath = `${tempDir}/demo.pem`;
  }
  // The demo account's key is only good for this run: remove a temporary copy when stopping.
  await using _cleanup = {
    [Symbol.asyncDispose]: () =>
      tempDir === undefined
        ? Promise.resolve()
        : Deno.remove(tempDir, { recursive: true }).catch(() => {}),
  };
  await Deno.writeTextFile(keyPath, sim.privateKeyPem, { mode: 0o600 });
  await Deno.chmod(keyPath, 0o600);
  const info = {
    rest_url: sim.restUrl,
    ws_url: sim.wsUrl,
    // The FIX acceptor arrives with the FIX issue; until then there is no FIX endpoint.
    fix: null,
    admin_url: sim.adminUrl,
    key_id: sim.keyId,
    private_key_path: keyPath,
    user_id: sim.userId,
  };
  if (values.json) {
    io.out(JSON.stringify(info) + "\n");
  } else {
    io.out(
      `kalshi sim: ${sim.exchange.catalogue.allMarkets().length} markets, seed ${seed}\n` +
        `  REST       ${info.rest_url}\n  WebSocket  ${info.ws_url}\n  admin      ${info.admin_url}\n` +
        `  key id     ${info.key_id}\n  key file   ${info.private_key_path}\n` +
        `Press Ctrl-C to stop.\n`,
    );
  }
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  return 0;
}

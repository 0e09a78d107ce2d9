/**
 * The `kalshi` command line: sign requests, generate keys, run the simulator, and the demo.
 *
 * Run it as `deno run -A jsr:@kalshikit/kalshi/cli …`, from a clone as
 * `deno run -A cli/main.ts …`, or compile it to a single `kalshi` binary with `deno task compile`.
 * This is the only part of the toolkit that reads argv and the environment, prints, or exits.
 *
 * ```sh
 * kalshi auth sign --key key.pem --key-id KEY --method GET --path /trade-api/v2/portfolio/balance
 * kalshi keys generate --out ~/.kalshi
 * kalshi sim --json --port 0
 * ```
 *
 * @module
 */

import { KalshiError, redact } from "../errors.ts";
import { AUTH_USAGE, authCommand } from "./auth.ts";
import { BOOK_USAGE, bookCommand } from "./book.ts";
import { DEMO_USAGE, demoCommand } from "./demo.ts";
import { type CliIo, UsageError } from "./_io.ts";
import { KEYS_USAGE, keysCommand } from "./keys.ts";
import { SIM_USAGE, simCommand } from "./sim.ts";
import { WS_USAGE, wsCommand } from "./ws.ts";

/** Top-level usage text. */
export const USAGE = `kalshi — a toolkit for the Kalshi exchange

Usage: kalshi <command> [options]

Commands:
  auth sign      print the KALSHI-ACCESS-* headers and the exact signed string for a request
  keys generate  write a new RSA key pair for an API key
  sim            run the local Kalshi-compatible exchange
  ws tail        stream WebSocket channel messages as NDJSON
  book TICKER    print a market's ladder, or keep it live with --watch
  demo           list markets, show a book, trade, and summarise (on the simulator by default)
  help [CMD]     show help for a command

${AUTH_USAGE}
${KEYS_USAGE}
${SIM_USAGE}
${WS_USAGE}
${BOOK_USAGE}
${DEMO_USAGE}`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  auth: { run: authCommand, usage: AUTH_USAGE },
  keys: { run: keysCommand, usage: KEYS_USAGE },
  sim: { run: simCommand, usage: SIM_USAGE },
  demo: { run: demoCommand, usage: DEMO_USAGE },
  ws: { run: wsCommand, usage: WS_USAGE },
  book: { run: bookCommand, usage: BOOK_USAGE },
};

/**
 * Runs the CLI with the given arguments.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Output, environment and stop signal.
 * @returns The process exit code: 0 success, 1 failure, 2 usage error.
 */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" && rest[0] ? COMMANDS[rest[0]] : undefined;
    (name === undefined ? io.err : io.out)(topic ? topic.usage : USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kalshi ${name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    if (io.signal.aborted && e === io.signal.reason) return 130;
    const message = e instanceof KalshiError || e instanceof Error ? e.message : String(e);
    io.err(`kalshi ${name}: ${redact(message)}\n`);
    return 1;
  }
}

function processIo(): CliIo {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error("interrupted"));
  Deno.addSignalListener("SIGINT", stop);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
  const enc = new TextEncoder();
  const write = (fd: typeof Deno.stdout, text: string) => {
    const bytes = enc.encode(text);
    let off = 0;
    while (off < bytes.length) off += fd.writeSync(bytes.subarray(off));
  };
  return {
    out: (t) => write(Deno.stdout, t),
    err: (t) => write(Deno.stderr, t),
    env: (n) => Deno.env.get(n),
    signal: controller.signal,
    isTerminal: Deno.stdout.isTerminal(),
  };
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, processIo()));
}

/**
 * `kalshi ws tail`: streams WebSocket channel messages as NDJSON.
 *
 * @module
 */

import { WS_CHANNELS } from "../ws/mod.ts";
import type { SubscribeParams, WsChannel } from "../ws/mod.ts";
import { integer, parse } from "./_args.ts";
import { CONNECT_OPTIONS, CONNECT_USAGE, connectWs, resolveTarget } from "./_connect.ts";
import { type CliIo, UsageError } from "./_io.ts";

const CHANNELS = WS_CHANNELS;

/** Usage text of `kalshi ws`. */
export const WS_USAGE =
  `kalshi ws tail --channel C [--channel C]… [--market T]… [--count N] [connection]

  Subscribes to channels and prints every message as one JSON object per line (NDJSON), with
  stale/recovered status lines when a sequence gap is being repaired.

  --channel C       ${CHANNELS.join(", ")}
  --market T        market ticker (repeatable; required for orderbook_delta)
  --count N         stop after N messages
${CONNECT_USAGE}`;

/**
 * Runs `kalshi ws …`.
 *
 * @param args Arguments after `ws`.
 * @param io Output and stop signal.
 * @returns The exit code.
 */
export async function wsCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "tail") {
    io.err(WS_USAGE);
    return 2;
  }
  const { values } = parse(rest, {
    ...CONNECT_OPTIONS,
    channel: { type: "string", multiple: true },
    market: { type: "string", multiple: true },
    count: { type: "string" },
  });
  const channels = (values.channel as string[] | undefined) ?? [];
  if (channels.length === 0) throw new UsageError("Missing --channel");
  for (const c of channels) {
    if (!(CHANNELS as readonly string[]).includes(c)) {
      throw new UsageError(
        `Unknown channel ${JSON.stringify(c)}: expected one of ${CHANNELS.join(", ")}`,
      );
    }
  }
  const markets = (values.market as string[] | undefined) ?? [];
  const limit = integer(values, "count", 1);
  await using target = await resolveTarget(values, io);
  await using ws = await connectWs(target, io);
  const params: SubscribeParams = {
    channels: channels as WsChannel[],
    ...(markets.length > 0 ? { market_tickers: markets } : {}),
  };
  await using sub2 = await ws.subscribe(params, { signal: io.signal, overflow: "drop-oldest" });
  let n = 0;
  try {
    for await (const message of sub2) {
      io.out(JSON.stringify(message) + "\n");
      if (limit !== undefined && ++n >= limit) break;
    }
  } catch (e) {
    if (io.signal.aborted) return 0;
    throw e;
  }
  return 0;
}

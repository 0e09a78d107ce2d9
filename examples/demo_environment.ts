/**
 * Guide: "Test in the demo environment". Kalshi's demo exchange mirrors production with mock
 * funds and separate API keys (create them at demo.kalshi.co). Point the client at `"demo"`; the
 * code is otherwise identical to production. Without flags this example uses the embedded
 * simulator, which speaks the same wire format.
 *
 *     deno run -A examples/demo_environment.ts --env demo --key-id ID --key demo.key
 *
 * @module
 */

import { DEMO, KalshiClient, PROD } from "../rest/mod.ts";
import { type ExampleOptions, runExample } from "./_run.ts";

/**
 * Runs the example.
 *
 * @param options Environment, optional key, and output.
 */
export async function main(options: ExampleOptions): Promise<void> {
  options.log(`Demo REST: ${DEMO.restUrl}`);
  options.log(`Demo WebSocket: ${DEMO.wsUrl}`);
  options.log(`Production REST: ${PROD.restUrl} (different keys, real money)`);

  await using client = await KalshiClient.create({
    env: options.env,
    ...(options.keyId && options.privateKey
      ? { keyId: options.keyId, privateKey: options.privateKey }
      : {}),
  });
  options.log(`This run talks to ${client.environment.name}: ${client.environment.restUrl}`);

  const status = await client.exchange.status();
  options.log(`Exchange active: ${status.exchange_active}`);
  const { schedule } = await client.exchange.schedule();
  options.log(`Maintenance windows: ${schedule.maintenance_windows?.length ?? 0}`);

  if (client.authenticated) {
    const balance = await client.portfolio.balance();
    options.log(`Balance (mock funds on demo): ${balance.balance} cents`);
    const limits = await client.account.limits();
    options.log(`Usage tier: ${limits.usage_tier}`);
  } else {
    options.log("No key given: pass --key-id and --key to read the demo balance");
  }
}

if (import.meta.main) await runExample(main);

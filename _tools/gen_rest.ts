/**
 * `deno task gen:rest`: merges `rest/spec/openapi.yaml` (official Kalshi spec 3.13.0) with
 * `rest/spec/overlay.yaml` (kalshikit's 3.30.0 additions) and writes
 *
 * - `rest/spec/kalshi.json`, the merged spec;
 * - `rest/types/openapi.ts`, its types (openapi-typescript);
 * - `rest/types/operations.ts`, the `OPERATIONS` table.
 *
 * Pass `--check` to compare instead of writing (exit code 1 when a file is stale).
 *
 * @module
 */

import { FILES, generate, listOperations, readSources, repoRoot } from "./_rest_spec.ts";

function say(message: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(message + "\n"));
}

if (import.meta.main) {
  const root = repoRoot();
  const check = Deno.args.includes("--check");
  const out = await generate(readSources(root));
  const files: [string, string][] = [
    [FILES.merged, out.merged],
    [FILES.openapiTs, out.openapiTs],
    [FILES.operationsTs, out.operationsTs],
  ];
  let stale = 0;
  for (const [path, text] of files) {
    let old: string | undefined;
    try {
      old = Deno.readTextFileSync(root + path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    if (old === text) {
      say(`unchanged ${path}`);
    } else if (check) {
      say(`stale     ${path}`);
      stale++;
    } else {
      Deno.mkdirSync(new URL(".", `file://${root}${path}`), { recursive: true });
      Deno.writeTextFileSync(root + path, text);
      say(`wrote     ${path}`);
    }
  }
  const ops = listOperations(out.spec);
  say(
    `${ops.length} operations (${ops.filter((o) => o.deprecated).length} deprecated), ` +
      `${Object.keys(out.spec.components.schemas).length} schemas`,
  );
  if (stale) Deno.exit(1);
}

/**
 * `kalshi auth sign`: shows the headers and the exact string signed, for debugging a 401.
 *
 * @module
 */

import { KalshiAuth, loadPrivateKey } from "../auth/mod.ts";
import { integer, parse, required } from "./_args.ts";
import type { CliIo } from "./_io.ts";

/** Usage text of `kalshi auth`. */
export const AUTH_USAGE =
  `kalshi auth sign --key FILE --key-id ID --method M --path P [--timestamp MS] [-o json]

  Signs one request as Kalshi expects (RSA-PSS SHA-256 over timestamp + METHOD + path, the path
  from /trade-api/v2 without the query string) and prints the three KALSHI-ACCESS-* headers and
  the exact text that was signed.

  --key FILE        private key PEM (PKCS#1 or PKCS#8); or --key-env VAR to read it from a variable
  --key-id ID       API key id
  --method M        HTTP method (GET, POST, …)
  --path P          request path or URL, e.g. /trade-api/v2/portfolio/balance
  --timestamp MS    timestamp in milliseconds (default: now)
  -o, --output F    text (default) or json
`;

/**
 * Runs `kalshi auth …`.
 *
 * @param args Arguments after `auth`.
 * @param io Output and environment.
 * @returns The exit code.
 */
export async function authCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "sign") {
    io.err(AUTH_USAGE);
    return 2;
  }
  const { values } = parse(rest, {
    key: { type: "string" },
    "key-env": { type: "string" },
    "key-id": { type: "string" },
    method: { type: "string" },
    path: { type: "string" },
    timestamp: { type: "string" },
    output: { type: "string", short: "o", default: "text" },
  });
  const keyId = required(values, "key-id");
  const method = required(values, "method");
  const path = required(values, "path");
  const timestampMs = integer(values, "timestamp", 1);
  const output = String(values.output);
  if (output !== "text" && output !== "json") {
    io.err(`Invalid --output ${JSON.stringify(output)}: expected text or json\n`);
    return 2;
  }
  const privateKey = typeof values["key-env"] === "string"
    ? await loadPrivateKey({ env: values["key-env"] })
    : await loadPrivateKey({ path: required(values, "key") });
  using auth = await KalshiAuth.create({ keyId, privateKey });
  const { headers, signed } = await auth.signDetailed(
    method,
    path,
    timestampMs === undefined ? {} : { timestampMs },
  );
  if (output === "json") {
    io.out(JSON.stringify({ headers, signed }) + "\n");
  } else {
    io.out(
      Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\n") +
        `\n\nsigned (${auth.backend}): ${signed}\n`,
    );
  }
  return 0;
}

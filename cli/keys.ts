/**
 * `kalshi keys generate`: writes a new RSA key pair for registering an API key.
 *
 * @module
 */

import { generateKeyPair } from "../auth/mod.ts";
import { parse, required } from "./_args.ts";
import type { CliIo } from "./_io.ts";

/** Usage text of `kalshi keys`. */
export const KEYS_USAGE = `kalshi keys generate --out DIR [--name NAME] [--force]

  Writes a new RSA 2048 key pair: DIR/NAME.pem (PKCS#8 private key, mode 0600) and
  DIR/NAME.pub.pem (SPKI public key, to paste into Kalshi's API key page or POST /api_keys).

  --out DIR      directory to write to (created if missing)
  --name NAME    file name stem (default: kalshi)
  --force        overwrite existing files
`;

/**
 * Runs `kalshi keys …`.
 *
 * @param args Arguments after `keys`.
 * @param io Output.
 * @returns The exit code.
 */
export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "generate") {
    io.err(KEYS_USAGE);
    return 2;
  }
  const { values } = parse(rest, {
    out: { type: "string" },
    name: { type: "string", default: "kalshi" },
    force: { type: "boolean", default: false },
  });
  const dir = required(values, "out");
  const name = String(values.name);
  if (!/^[\w.-]+$/.test(name)) {
    io.err(`Invalid --name ${JSON.stringify(name)}: use letters, digits, ".", "-" and "_"\n`);
    return 2;
  }
  await Deno.mkdir(dir, { recursive: true });
  const privatePath = `${dir}/${name}.pem`;
  const publicPath = `${dir}/${name}.pub.pem`;
  const pair = await generateKeyPair();
  const createNew = values.force !== true;
  try {
    await Deno.writeTextFile(privatePath, pair.privateKeyPem, { mode: 0o600, createNew });
    await Deno.chmod(privatePath, 0o600);
    await Deno.writeTextFile(publicPath, pair.publicKeyPem, { mode: 0o644, createNew });
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) {
      io.err(
        `Refusing to overwrite existing key files in ${dir}: pass --force or another --name\n`,
      );
      return 1;
    }
    throw e;
  }
  io.out(`private key: ${privatePath} (mode 0600)\npublic key:  ${publicPath}\n`);
  return 0;
}

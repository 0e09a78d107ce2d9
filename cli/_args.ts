/**
 * Argument parsing on top of `node:util` `parseArgs`, turning its errors into usage errors.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./_io.ts";

/** Option declarations as `parseArgs` takes them. */
export type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a command's arguments strictly: unknown flags and missing values are usage errors.
 *
 * @param args The arguments after the command words.
 * @param options The accepted flags.
 * @param positionals How many positional arguments are allowed.
 * @returns Values by flag name and the positionals.
 */
export function parse(
  args: string[],
  options: Options,
  positionals = 0,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split("\n")[0]! : String(e));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`Unexpected argument ${JSON.stringify(parsed.positionals[positionals])}`);
  }
  return {
    values: parsed.values as Record<string, string | boolean | string[] | undefined>,
    positionals: parsed.positionals,
  };
}

/**
 * A required string flag.
 *
 * @param values Parsed values.
 * @param name Flag name.
 * @returns The value.
 */
export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`Missing required option --${name}`);
  return v;
}

/**
 * An optional integer flag.
 *
 * @param values Parsed values.
 * @param name Flag name.
 * @param min Smallest accepted value.
 * @returns The number, or undefined when absent.
 */
export function integer(
  values: Record<string, unknown>,
  name: string,
  min = 0,
): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`Invalid --${name} ${JSON.stringify(v)}: expected an integer ≥ ${min}`);
  }
  return n;
}

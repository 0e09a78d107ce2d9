/**
 * The private request surface the resource classes use: typed sends with write-recovery hooks,
 * list iteration, and merged-parameter splitting. Bound to each client through a WeakMap so none
 * of it is public API.
 *
 * @module
 */

import { KalshiConfigError } from "../errors.ts";
import type {
  CallArgs,
  IterateOptions,
  ListItem,
  ListOperationId,
  RequestOptions,
  ResponseBody,
} from "./call.ts";
import type { KalshiConflictError } from "../errors.ts";
import type { OperationId } from "./types/operations.ts";
import { operationInfo } from "./_ops.ts";

/** Recovery hooks of an order write (see `Transport.request`). */
export interface WriteHooks<T> {
  /** Resolves a 409 met after an attempt whose outcome was unknown. */
  onDuplicate?: ((cause: KalshiConflictError) => Promise<T>) | undefined;
  /** Looks for the effect of a write whose outcome stayed unknown. */
  onUnknown?: (() => Promise<T | undefined>) | undefined;
  /** Post-processes a success that followed an attempt whose outcome was unknown. */
  onRecovered?: ((value: T) => Promise<T>) | undefined;
}

/** What a resource needs from its client. */
export interface Caller {
  /** Sends one operation. */
  send<K extends OperationId>(
    op: K,
    args: CallArgs<K>,
    options?: RequestOptions,
    hooks?: WriteHooks<ResponseBody<K>>,
  ): Promise<ResponseBody<K>>;
  /** Walks a list operation item by item. */
  iterate<K extends ListOperationId>(
    op: K,
    args: { path?: Record<string, string | number> | undefined; query?: object | undefined },
    options?: IterateOptions,
  ): AsyncGenerator<ListItem<K>, void, undefined>;
  /** Receives warnings. */
  warn(key: string, message: string): void;
}

const callers = new WeakMap<object, Caller>();

/**
 * Binds a client to its private caller.
 *
 * @param client The client.
 * @param caller Its caller.
 */
export function bindCaller(client: object, caller: Caller): void {
  callers.set(client, caller);
}

/**
 * The private caller of a client.
 *
 * @param client The client.
 * @returns Its caller.
 */
export function callerOf(client: object): Caller {
  const c = callers.get(client);
  if (!c) {
    throw new KalshiConfigError(
      "Cannot create a resource: pass a client made by KalshiClient.create()",
    );
  }
  return c;
}

/**
 * Splits one merged parameter object into path parameters (the names in the operation's path
 * template) and the rest.
 *
 * @param op Operation id.
 * @param params The merged parameters.
 * @returns Path parameters and the remaining fields.
 */
export function splitPath(
  op: OperationId,
  params: object,
): { path: Record<string, string | number>; rest: Record<string, unknown> } {
  const template = operationInfo(op)?.path ?? "";
  const names = new Set([...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!));
  const path: Record<string, string | number> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (names.has(k)) path[k] = v as string | number;
    else rest[k] = v;
  }
  return { path, rest };
}

/**
 * Picks the named fields of an object into a new one (to move query fields out of a body).
 *
 * @param from The merged object.
 * @param names Field names to take.
 * @returns The taken fields and the rest.
 */
export function pick(
  from: Record<string, unknown>,
  names: readonly string[],
): { taken: Record<string, unknown>; rest: Record<string, unknown> } {
  const taken: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(from)) {
    if (names.includes(k)) taken[k] = v;
    else rest[k] = v;
  }
  return { taken, rest };
}

/**
 * Validates simulator responses against the response schemas of the merged official spec
 * (`rest/spec/kalshi.json`: spec 3.13 plus the kalshikit overlay), with Ajv.
 *
 * @module
 */

import { Ajv, type ValidateFunction } from "ajv";
import spec from "../rest/spec/kalshi.json" with { type: "json" };

type Json = Record<string, unknown>;
const SPEC = spec as unknown as { paths: Record<string, Record<string, Json>>; components: Json };

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: "kalshi", components: fixNullable(SPEC.components) }, "kalshi");
const cache = new Map<string, ValidateFunction | null>();

/** OpenAPI 3.0 `nullable` next to a `$ref` (no `type`) is not JSON Schema: allow null explicitly. */
function fixNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullable);
  if (node && typeof node === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = fixNullable(v);
    if (out.nullable === true && out.type === undefined) {
      const { nullable: _, ...rest } = out;
      return { anyOf: [rest, { type: "null" }] };
    }
    return out;
  }
  return node;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return fixNullable(node.map(rewriteRefs));
  if (node && typeof node === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#/")
        ? `kalshi${v}`
        : rewriteRefs(v);
    }
    return fixNullable(out);
  }
  return node;
}

/** The spec's path template matching a concrete API path (without `/trade-api/v2`). */
export function templateOf(method: string, path: string): string | undefined {
  const segs = path.split("?")[0]!.split("/");
  let best: string | undefined;
  let bestParams = Infinity;
  for (const [tpl, ops] of Object.entries(SPEC.paths)) {
    if (!ops[method.toLowerCase()]) continue;
    const t = tpl.split("/");
    if (t.length !== segs.length) continue;
    let params = 0;
    let ok = true;
    for (let i = 0; i < t.length; i++) {
      if (t[i]!.startsWith("{")) params++;
      else if (t[i] !== segs[i]) {
        ok = false;
        break;
      }
    }
    if (ok && params < bestParams) {
      best = tpl;
      bestParams = params;
    }
  }
  return best;
}

/**
 * Validates a response body against the spec's schema for the operation and status.
 *
 * @param method HTTP method.
 * @param path API path without the `/trade-api/v2` prefix (a query string is ignored).
 * @param status HTTP status of the response.
 * @param body Parsed JSON body.
 * @returns Error strings; empty when the body conforms (or the spec gives no schema).
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): string[] {
  const tpl = templateOf(method, path);
  if (!tpl) return [`no operation ${method} ${path} in the spec`];
  const key = `${method.toLowerCase()} ${tpl} ${status}`;
  let fn = cache.get(key);
  if (fn === undefined) {
    const op = SPEC.paths[tpl]![method.toLowerCase()] as Json;
    const responses = (op.responses ?? {}) as Record<string, Json>;
    const r = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    const schema = (r?.content as Record<string, Json> | undefined)?.["application/json"]?.schema;
    fn = schema ? ajv.compile(rewriteRefs(schema) as Json) : null;
    cache.set(key, fn);
  }
  if (!fn) return [];
  if (fn(body)) return [];
  return (fn.errors ?? []).map((e) =>
    `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`
  );
}

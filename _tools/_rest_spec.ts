/**
 * The REST spec pipeline shared by `deno task gen:rest` and `rest/spec/spec_test.ts`: merge the
 * official Kalshi spec with the kalshikit overlay, check the result, and generate the TypeScript
 * types in `rest/types/`.
 *
 * @module
 */

import { parse } from "yaml";
import openapiTS, { astToString } from "openapi-typescript";

/** A parsed JSON or YAML value (the specs are too dynamic for precise types here). */
// deno-lint-ignore no-explicit-any
export type Json = any;

/** Files of the pipeline, relative to the repository root. */
export const FILES = {
  spec: "rest/spec/openapi.yaml",
  overlay: "rest/spec/overlay.yaml",
  operations: "rest/spec/operations.tsv",
  merged: "rest/spec/kalshi.json",
  openapiTs: "rest/types/openapi.ts",
  operationsTs: "rest/types/operations.ts",
} as const;

/** HTTP methods that can hold an operation in an OpenAPI path item. */
export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
] as const;

/** Absolute path of the repository root (with a trailing slash). */
export function repoRoot(): string {
  return new URL("..", import.meta.url).pathname;
}

/**
 * Parses YAML as YAML 1.2 (core schema), so unquoted `yes`/`no` stay strings and dates stay
 * strings.
 */
export function loadYaml(text: string): Json {
  return parse(text, { version: "1.2", schema: "core", uniqueKeys: true, prettyErrors: true });
}

/** One row of `rest/spec/operations.tsv`. */
export interface OperationRow {
  /** Upper-case HTTP method. */
  method: string;
  /** Path relative to the REST base, e.g. `/portfolio/events/orders`. */
  path: string;
  /** The spec's `operationId`. */
  operationId: string;
  /** The spec's (first) tag. */
  tag: string;
  /** `current` (in client 3.30.0) or `removed` upstream. */
  status: "current" | "removed";
  /** Listed in the Aug 2025 docs index. */
  inDocsIndex: boolean;
  /** Present in the saved official spec 3.13.0. */
  inOpenapi313: boolean;
}

/** Parses `operations.tsv` (header row, tab-separated, seven columns). */
export function readOperationsTsv(text: string): OperationRow[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const header = lines.shift()?.split("\t") ?? [];
  const expected = [
    "method",
    "path",
    "operationId",
    "tag",
    "status",
    "in_docs_index",
    "in_openapi_3.13",
  ];
  if (header.join("\t") !== expected.join("\t")) {
    throw new Error(`Cannot read operations.tsv: unexpected header "${header.join(",")}"`);
  }
  return lines.map((line, i) => {
    const c = line.split("\t");
    const [method, path, operationId, tag, status, docs, spec] = c;
    if (c.length !== 7 || (status !== "current" && status !== "removed")) {
      throw new Error(`Cannot read operations.tsv: bad row ${i + 2} "${line}"`);
    }
    return {
      method: method!,
      path: path!,
      operationId: operationId!,
      tag: tag!,
      status,
      inDocsIndex: docs === "yes",
      inOpenapi313: spec === "yes",
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Merge

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fail(where: string, message: string): never {
  throw new Error(`Cannot merge overlay at ${where}: ${message}`);
}

function union(base: unknown[], extra: unknown[]): unknown[] {
  const out = [...base];
  for (const v of extra) if (!out.includes(v)) out.push(v);
  return out;
}

/**
 * Merges an overlay fragment into an existing schema, additively: new properties, new enum
 * values, `items`/`additionalProperties`/nested properties recursively, `nullable: true`,
 * `deprecated: true`, `x-*` annotations, and `required` only for properties the overlay itself
 * adds. The one relaxation is `x-kalshikit-optional: [names]`, which takes names off `required`
 * (fields the official spec requires that the current API no longer always sends). Anything else
 * (a changed type, a removed value) is an error, so the overlay cannot silently contradict the
 * official spec.
 */
export function mergeSchema(base: Json, overlay: Json, where: string): Json {
  if (!isObject(base) || !isObject(overlay)) fail(where, "schemas must be objects");
  const out: Json = { ...base };
  const addedProps = new Set<string>();
  for (const [key, value] of Object.entries(overlay)) {
    if (key === "properties") {
      if (!isObject(value)) fail(where, "properties must be an object");
      if (base.$ref || (base.type && base.type !== "object")) {
        fail(where, "cannot add properties here");
      }
      const props: Json = { ...(base.properties ?? {}) };
      for (const [name, schema] of Object.entries(value)) {
        if (name in props) props[name] = mergeSchema(props[name], schema, `${where}.${name}`);
        else {
          props[name] = schema;
          addedProps.add(name);
        }
      }
      out.properties = props;
    } else if (key === "enum") {
      if (!Array.isArray(base.enum) || !Array.isArray(value)) {
        fail(where, "enum additions need an enum");
      }
      out.enum = union(base.enum, value);
    } else if (key === "items" || key === "additionalProperties") {
      if (!isObject(base[key])) fail(where, `${key} is not a schema in the base`);
      out[key] = mergeSchema(base[key], value, `${where}.${key}`);
    } else if (key === "nullable" || key === "deprecated") {
      if (value !== true) fail(where, `${key} can only be set to true`);
      out[key] = true;
    } else if (key === "x-kalshikit-optional") {
      // Fields the official spec requires but the current API no longer always sends.
      if (!Array.isArray(value)) fail(where, `${key} must be an array`);
      for (const name of value) {
        if (!(base.required ?? []).includes(name)) fail(where, `${key}: "${name}" is not required`);
      }
      out[key] = value;
    } else if (key.startsWith("x-")) {
      out[key] = value;
    } else if (key !== "required") {
      if (JSON.stringify(base[key]) !== JSON.stringify(value)) {
        fail(where, `cannot change "${key}" of an existing schema`);
      }
    }
  }
  if ("required" in overlay) {
    const req = overlay.required;
    if (!Array.isArray(req)) fail(where, "required must be an array");
    for (const name of req) {
      if (!addedProps.has(name) && !(base.required ?? []).includes(name)) {
        fail(where, `cannot make existing property "${name}" required`);
      }
    }
    out.required = union(base.required ?? [], req);
  }
  if (Array.isArray(overlay["x-kalshikit-optional"])) {
    const relaxed: unknown[] = overlay["x-kalshikit-optional"];
    out.required = (out.required ?? []).filter((name: unknown) => !relaxed.includes(name));
    if (out.required.length === 0) delete out.required;
  }
  return out;
}

function paramKey(spec: Json, p: Json): string {
  const r = p.$ref ? spec.components?.parameters?.[p.$ref.split("/").pop()] : p;
  if (!r) throw new Error(`Cannot resolve parameter ${p.$ref}`);
  return `${r.in} ${r.name}`;
}

function mergeOperation(spec: Json, base: Json, overlay: Json, where: string): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(overlay as Record<string, Json>)) {
    if (key === "parameters") {
      const params = [...(base.parameters ?? [])];
      const seen = new Set(params.map((p) => paramKey(spec, p)));
      for (const p of value) {
        const k = paramKey(spec, p);
        if (seen.has(k)) fail(where, `parameter "${k}" already exists`);
        params.push(p);
        seen.add(k);
      }
      out.parameters = params;
    } else if (key === "responses") {
      const res = { ...base.responses };
      for (const [code, r] of Object.entries(value)) {
        if (code in res) fail(where, `response ${code} already exists`);
        res[code] = r;
      }
      out.responses = res;
    } else if (key === "deprecated") {
      if (value !== true) fail(where, "deprecated can only be set to true");
      out.deprecated = true;
    } else if (key.startsWith("x-")) {
      out[key] = value;
    } else {
      fail(where, `cannot change "${key}" of an existing operation`);
    }
  }
  return out;
}

function mergeNamed(
  base: Record<string, Json> | undefined,
  overlay: Record<string, Json> | undefined,
  where: string,
  mergeOne: (b: Json, o: Json, w: string) => Json,
): Record<string, Json> | undefined {
  if (!overlay) return base;
  const out: Record<string, Json> = { ...(base ?? {}) };
  for (const [name, value] of Object.entries(overlay)) {
    out[name] = name in out ? mergeOne(out[name], value, `${where}.${name}`) : value;
  }
  return out;
}

function mustEqual(b: Json, o: Json, where: string): Json {
  if (JSON.stringify(b) !== JSON.stringify(o)) fail(where, "already defined differently");
  return b;
}

function mergeParameter(b: Json, o: Json, where: string): Json {
  const { schema, ...rest } = o;
  mustEqual({ ...b, schema: undefined }, { ...b, ...rest, schema: undefined }, where);
  return schema ? { ...b, schema: mergeSchema(b.schema, schema, `${where}.schema`) } : b;
}

/**
 * Merges the overlay over the official spec: new paths and methods are added, existing
 * operations gain parameters, responses, `deprecated` and `x-*` notes; component schemas are
 * added or extended with {@linkcode mergeSchema}; parameters, responses and security schemes are
 * added (an existing one may only gain enum values). Servers and tags are appended when new. The
 * inputs are not modified.
 */
export function mergeSpecs(base: Json, overlay: Json): Json {
  const spec: Json = structuredClone(base);
  const ov: Json = structuredClone(overlay);
  if (ov.openapi !== spec.openapi) fail("openapi", `version ${ov.openapi} ≠ ${spec.openapi}`);
  spec.info = {
    ...spec.info,
    "x-kalshikit-overlay": { title: ov.info.title, version: ov.info.version },
  };
  for (const s of ov.servers ?? []) {
    spec.servers ??= [];
    if (!spec.servers.some((x: Json) => x.url === s.url)) spec.servers.push(s);
  }
  // Components first, so that operation parameters can resolve new component parameters.
  const comps: Json = { ...(spec.components ?? {}) };
  const oc = ov.components ?? {};
  comps.securitySchemes = mergeNamed(
    comps.securitySchemes,
    oc.securitySchemes,
    "securitySchemes",
    mustEqual,
  );
  comps.responses = mergeNamed(comps.responses, oc.responses, "responses", mustEqual);
  comps.parameters = mergeNamed(comps.parameters, oc.parameters, "parameters", mergeParameter);
  comps.schemas = mergeNamed(comps.schemas, oc.schemas, "schemas", mergeSchema);
  for (const key of Object.keys(oc)) {
    if (!["securitySchemes", "responses", "parameters", "schemas"].includes(key)) {
      comps[key] = mergeNamed(comps[key], oc[key], key, mustEqual);
    }
  }
  for (const key of Object.keys(comps)) if (comps[key] === undefined) delete comps[key];
  spec.components = comps;
  for (const [path, item] of Object.entries((ov.paths ?? {}) as Record<string, Json>)) {
    const where = `paths.${path}`;
    if (!(path in spec.paths)) {
      spec.paths[path] = item;
      continue;
    }
    const target = { ...spec.paths[path] };
    for (const [key, value] of Object.entries(item as Record<string, Json>)) {
      if ((HTTP_METHODS as readonly string[]).includes(key)) {
        target[key] = key in target
          ? mergeOperation(spec, target[key], value, `${where}.${key}`)
          : value;
      } else if (key === "parameters") {
        target.parameters = [...(target.parameters ?? []), ...value];
      } else fail(where, `cannot change "${key}" of a path item`);
    }
    spec.paths[path] = target;
  }
  for (const t of ov.tags ?? []) {
    spec.tags ??= [];
    if (!spec.tags.some((x: Json) => x.name === t.name)) spec.tags.push(t);
  }
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Reading and checking the merged spec

/** An operation of a spec, as listed by {@linkcode listOperations}. */
export interface SpecOperation {
  /** Upper-case HTTP method. */
  method: string;
  /** Path template. */
  path: string;
  /** The `operationId`. */
  operationId: string;
  /** First tag, or `""`. */
  tag: string;
  /** Whether any security requirement applies (operation-level, else spec-level). */
  auth: boolean;
  /** `deprecated: true` on the operation. */
  deprecated: boolean;
  /** The operation object itself. */
  op: Json;
}

/** Lists every operation of a spec in document order. */
export function listOperations(spec: Json): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op) continue;
      const security = op.security ?? spec.security ?? [];
      out.push({
        method: m.toUpperCase(),
        path,
        operationId: op.operationId ?? "",
        tag: op.tags?.[0] ?? "",
        auth: security.some((req: Json) => Object.keys(req).length > 0),
        deprecated: op.deprecated === true,
        op,
      });
    }
  }
  return out;
}

function pointer(spec: Json, ref: string): Json {
  if (!ref.startsWith("#/")) return undefined;
  let v: Json = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(v) && !Array.isArray(v)) return undefined;
    v = (v as Json)[key];
    if (v === undefined) return undefined;
  }
  return v;
}

/**
 * Structural checks of an OpenAPI 3.0 document; returns the problems found (none = valid): every
 * `$ref` is local and resolves, operationIds are unique, every path template parameter is declared
 * as a required path parameter and every declared path parameter is in the template, every
 * operation has a tag and a 2xx response, parameters have a schema, and security requirements name
 * known schemes.
 */
export function checkStructure(spec: Json): string[] {
  const problems: string[] = [];
  if (!/^3\.0\.\d+$/.test(String(spec.openapi))) {
    problems.push(`openapi: not 3.0.x: ${spec.openapi}`);
  }
  if (!spec.info?.title || !spec.info?.version) {
    problems.push("info: title and version are required");
  }
  if (!isObject(spec.paths)) problems.push("paths: missing");
  const walk = (v: Json, where: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref") {
          if (typeof x !== "string" || pointer(spec, x) === undefined) {
            problems.push(`${where}: unresolved $ref ${x}`);
          }
        } else if (k === "example" || k === "examples") continue;
        else walk(x, `${where}.${k}`);
      }
    }
  };
  walk(spec, "#");
  const resolveParam = (p: Json) => (p?.$ref ? pointer(spec, p.$ref) : p);
  const ids = new Map<string, string>();
  const schemes = spec.components?.securitySchemes ?? {};
  for (const o of listOperations(spec)) {
    const where = `${o.method} ${o.path}`;
    if (!o.operationId) problems.push(`${where}: no operationId`);
    else if (ids.has(o.operationId)) {
      problems.push(`${where}: operationId ${o.operationId} also on ${ids.get(o.operationId)}`);
    } else ids.set(o.operationId, where);
    if (!o.tag) problems.push(`${where}: no tag`);
    const params = [...(spec.paths[o.path].parameters ?? []), ...(o.op.parameters ?? [])].map(
      resolveParam,
    );
    const declared = new Set<string>();
    for (const p of params) {
      if (!p) continue; // reported as an unresolved $ref
      if (!["path", "query", "header", "cookie"].includes(p.in)) {
        problems.push(`${where}: parameter ${p.name}: bad "in"`);
      }
      if (!p.schema && !p.content) problems.push(`${where}: parameter ${p.name}: no schema`);
      if (p.in === "path") {
        declared.add(p.name);
        if (p.required !== true) {
          problems.push(`${where}: path parameter ${p.name} is not required`);
        }
      }
    }
    const inTemplate = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const name of inTemplate) {
      if (!declared.has(name)) problems.push(`${where}: path parameter ${name} not declared`);
    }
    for (const name of declared) {
      if (!inTemplate.includes(name)) {
        problems.push(`${where}: path parameter ${name} not in path`);
      }
    }
    const codes = Object.keys(o.op.responses ?? {});
    if (!codes.some((c) => /^2\d\d$/.test(c))) problems.push(`${where}: no 2xx response`);
    for (const req of o.op.security ?? []) {
      for (const name of Object.keys(req)) {
        if (!(name in schemes)) problems.push(`${where}: unknown security scheme ${name}`);
      }
    }
    if (o.op.requestBody && !o.op.requestBody.$ref && !isObject(o.op.requestBody.content)) {
      problems.push(`${where}: requestBody without content`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Generation

const GENERATED_HEADER = [
  "// Generated by `deno task gen:rest` (_tools/gen_rest.ts) from rest/spec/openapi.yaml and",
  "// rest/spec/overlay.yaml. Do not edit: change the overlay or the generator and regenerate.",
].join("\n");

/** The merged spec as written to `rest/spec/kalshi.json`. */
export function specToJson(spec: Json): string {
  return JSON.stringify(spec, null, 2) + "\n";
}

/** TypeScript types for the merged spec, with openapi-typescript (`rest/types/openapi.ts`). */
export async function generateOpenapiTs(spec: Json): Promise<string> {
  const ast = await openapiTS(structuredClone(spec), {
    silent: true,
    alphabetize: false,
    exportType: false,
    immutable: false,
    // A `default` documents server behaviour; it must not make a response field required.
    defaultNonNullable: false,
    additionalProperties: false,
    enum: false,
    excludeDeprecated: false,
    pathParamsAsTypes: false,
    rootTypes: false,
    arrayLength: false,
  });
  return `${GENERATED_HEADER}\n\n${documentTypes(astToString(ast), spec)}`;
}

const TOP_DOCS: Record<string, string> = {
  paths: "Every path of the merged spec, by template, with its operations.",
  components: "Reusable pieces of the merged spec: schemas, responses and parameters.",
  operations:
    "Every operation of the merged spec, by `operationId`: parameters, body and responses.",
};

const COMPONENT_DOCS: Record<string, string> = {
  schemas: "Wire schemas, by name (snake_case fields exactly as Kalshi sends them).",
  responses: "Shared responses (mostly errors).",
  parameters: "Shared parameters.",
  requestBodies: "Shared request bodies (none).",
  headers: "Shared headers (none).",
  pathItems: "Shared path items (none).",
};

/**
 * Adds the JSDoc that `deno doc --lint` asks for and openapi-typescript does not write: the
 * top-level interfaces, the `components` sections and every `operations` entry.
 */
function documentTypes(text: string, spec: Json): string {
  const where = new Map<string, string>();
  for (const op of listOperations(spec)) {
    where.set(op.operationId, `${op.method} ${op.path}`);
  }
  let block = "";
  return text.split("\n").map((line) => {
    const top = /^export (?:interface|type) (\w+)/.exec(line);
    if (top) {
      block = top[1]!;
      const doc = TOP_DOCS[block];
      return doc ? `/** ${doc} */\n${line}` : line;
    }
    const member = /^ {4}(\w+)\??: /.exec(line);
    if (!member) return line;
    const name = member[1]!;
    if (block === "components" && COMPONENT_DOCS[name]) {
      return `    /** ${COMPONENT_DOCS[name]} */\n${line}`;
    }
    if (block === "operations" && where.has(name)) {
      return `    /** \`${where.get(name)}\`. */\n${line}`;
    }
    return line;
  }).join("\n");
}

function tsString(s: string): string {
  return JSON.stringify(s);
}

/**
 * `rest/types/operations.ts`: the `OPERATIONS` table of every operation in the merged spec, with
 * the upstream status from `operations.tsv`.
 */
export function generateOperationsTs(spec: Json, rows: OperationRow[]): string {
  const ops = listOperations(spec);
  const status = new Map(rows.map((r) => [`${r.method} ${r.path}`, r]));
  const lines: string[] = [
    GENERATED_HEADER,
    "",
    "/**",
    " * Every operation of the Kalshi REST API known to kalshikit (official spec 3.13.0 merged with the",
    " * kalshikit overlay for client 3.30.0), with whether it needs request signing and whether it is",
    " * still served.",
    " *",
    " * @module",
    " */",
    "",
    "/** Upper-case HTTP method of a Kalshi REST operation. */",
    `export type OperationMethod = ${
      [...new Set(ops.map((o) => o.method))].sort().map(tsString).join(" | ")
    };`,
    "",
    "/**",
    " * Upstream status of an operation: `current` operations are served by the exchange (client",
    " * 3.30.0); `removed` ones were withdrawn upstream and are kept only to describe old data.",
    " */",
    'export type OperationStatus = "current" | "removed";',
    "",
    "/** The `operationId` of a Kalshi REST operation. */",
    "export type OperationId =",
    ...ops.map((o, i) => `  | ${tsString(o.operationId)}${i === ops.length - 1 ? ";" : ""}`),
    "",
    "/** One Kalshi REST operation. */",
    "export interface OperationInfo {",
    "  /** The spec's `operationId`, e.g. `CreateOrderV2`. */",
    "  readonly operationId: OperationId;",
    "  /** HTTP method. */",
    "  readonly method: OperationMethod;",
    "  /** Path template relative to the REST base (`/trade-api/v2`), e.g. `/markets/{ticker}`. */",
    "  readonly path: string;",
    "  /** The spec's tag (API area), e.g. `orders`. */",
    "  readonly tag: string;",
    "  /** Whether the request must be signed (the operation declares security requirements). */",
    "  readonly auth: boolean;",
    "  /** Whether the spec marks the operation deprecated (every removed operation is). */",
    "  readonly deprecated: boolean;",
    "  /** Upstream status, from `rest/spec/operations.tsv`. */",
    "  readonly status: OperationStatus;",
    "}",
    "",
    "/** Every operation of the merged spec, in spec order. */",
    "export const OPERATIONS: readonly OperationInfo[] = [",
  ];
  for (const o of ops) {
    const row = status.get(`${o.method} ${o.path}`);
    if (!row) throw new Error(`Operation ${o.method} ${o.path} is not in operations.tsv`);
    lines.push(
      "  {",
      `    operationId: ${tsString(o.operationId)},`,
      `    method: ${tsString(o.method)},`,
      `    path: ${tsString(o.path)},`,
      `    tag: ${tsString(o.tag)},`,
      `    auth: ${o.auth},`,
      `    deprecated: ${o.deprecated},`,
      `    status: ${tsString(row.status)},`,
      "  },",
    );
  }
  lines.push("];", "");
  return lines.join("\n");
}

/** The inputs of the pipeline, as text. */
export interface SpecSources {
  /** `rest/spec/openapi.yaml`. */
  spec: string;
  /** `rest/spec/overlay.yaml`. */
  overlay: string;
  /** `rest/spec/operations.tsv`. */
  operations: string;
}

/** The generated files, as text, plus the merged spec. */
export interface GeneratedFiles {
  /** The merged spec. */
  spec: Json;
  /** `rest/spec/kalshi.json`. */
  merged: string;
  /** `rest/types/openapi.ts`. */
  openapiTs: string;
  /** `rest/types/operations.ts`. */
  operationsTs: string;
}

/** Reads the pipeline's inputs from a checkout. */
export function readSources(root: string = repoRoot()): SpecSources {
  return {
    spec: Deno.readTextFileSync(root + FILES.spec),
    overlay: Deno.readTextFileSync(root + FILES.overlay),
    operations: Deno.readTextFileSync(root + FILES.operations),
  };
}

/** Runs the whole pipeline in memory; throws when the merged spec fails {@linkcode checkStructure}. */
export async function generate(sources: SpecSources): Promise<GeneratedFiles> {
  const spec = mergeSpecs(loadYaml(sources.spec), loadYaml(sources.overlay));
  const problems = checkStructure(spec);
  if (problems.length) throw new Error(`Merged spec is invalid:\n  ${problems.join("\n  ")}`);
  const rows = readOperationsTsv(sources.operations);
  return {
    spec,
    merged: specToJson(spec),
    openapiTs: await generateOpenapiTs(spec),
    operationsTs: generateOperationsTs(spec, rows),
  };
}

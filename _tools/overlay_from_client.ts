/**
 * Writes `rest/spec/overlay.yaml`: what the official generated client `kalshi-typescript` 3.30.0
 * knows about the Kalshi REST API that the saved official spec (3.13.0) does not.
 *
 * The client carries no OpenAPI document, only OpenAPI-generator output, so this script reads it
 * back: operations from `api/*-api.ts` (path, method, path/query parameters with their JSDoc, body
 * model, auth), status codes and return types from `docs/*Api.md`, and schemas from
 * `models/*.ts`. It then diffs that against `rest/spec/openapi.yaml` and emits
 *
 * - every current operation the spec lacks (rows of `rest/spec/operations.tsv` with
 *   `in_openapi_3.13=no`), with the schemas they need;
 * - query parameters that existing operations gained, and `deprecated` flags the client added;
 * - properties and enum values that existing schemas gained (additions only);
 * - `deprecated` + `x-kalshikit-removed` on the operations removed upstream.
 *
 * The generated TypeScript loses information (integer vs number, date-time formats, min/max of
 * query parameters, some enums), so the extraction is followed by the explicit corrections in
 * {@linkcode CORRECTIONS} and the heuristics in {@linkcode numberType}. The committed overlay is the
 * source of truth; re-running this script must reproduce it byte for byte.
 *
 * Usage: `deno run -A _tools/overlay_from_client.ts [CLIENT_DIR] [--out rest/spec/overlay.yaml]`
 * (CLIENT_DIR defaults to `/tmp/kts/package`, an unpacked `npm pack kalshi-typescript@3.30.0`).
 *
 * @module
 */

import { stringify } from "yaml";
import { loadYaml, readOperationsTsv } from "./_rest_spec.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;
const FIXED_POINT_DOLLARS_DOC = "Fixed-point US dollar string.";
const FIXED_POINT_COUNT_DOC = "Fixed-point contract count string";
const SECURITY = [{ kalshiAccessKey: [], kalshiAccessSignature: [], kalshiAccessTimestamp: [] }];

function log(message: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(message + "\n"));
}

// ---------------------------------------------------------------------------------------------
// Reading the generated TypeScript

type TsType =
  | { k: "prim"; name: "string" | "number" | "boolean" | "object" | "any" }
  | { k: "null" }
  | { k: "ref"; name: string }
  | { k: "array"; of: TsType }
  | { k: "map"; of: TsType }
  | { k: "union"; of: TsType[] };

interface TsProp {
  name: string;
  optional: boolean;
  type: TsType;
  doc: string;
  deprecated: boolean;
}

interface TsModel {
  name: string;
  kind: "interface" | "enum";
  props: TsProp[];
  values: (string | number)[];
  doc: string;
}

/** Parses a TypeScript type expression as emitted by openapi-generator. */
function parseType(src: string): TsType {
  let i = 0;
  const s = src.trim();
  const ws = () => {
    while (s[i] === " ") i++;
  };
  const expect = (t: string) => {
    ws();
    if (!s.startsWith(t, i)) throw new Error(`Cannot parse type "${src}": expected "${t}" at ${i}`);
    i += t.length;
  };
  const union = (): TsType => {
    const parts = [single()];
    ws();
    while (s[i] === "|") {
      i++;
      parts.push(single());
      ws();
    }
    return parts.length === 1 ? parts[0]! : { k: "union", of: parts };
  };
  const single = (): TsType => {
    ws();
    if (s.startsWith("{ [key: string]:", i)) {
      i += "{ [key: string]:".length;
      const of = union();
      expect(";");
      expect("}");
      return { k: "map", of };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (!m) throw new Error(`Cannot parse type "${src}" at ${i}`);
    i += m[0].length;
    const id = m[0];
    if (id === "Array") {
      expect("<");
      const of = union();
      expect(">");
      return { k: "array", of };
    }
    if (id === "null") return { k: "null" };
    if (["string", "number", "boolean", "object", "any"].includes(id)) {
      return { k: "prim", name: id as "string" };
    }
    return { k: "ref", name: id };
  };
  const t = union();
  ws();
  if (i !== s.length) throw new Error(`Cannot parse type "${src}": trailing text at ${i}`);
  return t;
}

function unescapeDoc(text: string): string {
  return text
    .replaceAll("&#x3D;", "=")
    .replaceAll(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replaceAll(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replaceAll("\\'", "'")
    .replaceAll('\\"', '"');
}

/** Text of a `/** … *\/` block given its inner lines; returns [text, tags]. */
function jsdoc(lines: string[]): { text: string; tags: string[] } {
  const body = lines.map((l) => l.replace(/^\s*\*( |$)/, ""));
  const tags = body.filter((l) => l.startsWith("@"));
  const text = body.filter((l) => !l.startsWith("@")).join("\n").trim();
  return { text: unescapeDoc(text), tags };
}

/** Reads `export const X = { A: 'a', … } as const;` blocks. */
function parseConstEnums(src: string): Map<string, (string | number)[]> {
  const out = new Map<string, (string | number)[]>();
  const re = /^export const (\w+) = \{\n([\s\S]*?)\n\} as const;/gm;
  for (const m of src.matchAll(re)) {
    const values = m[2]!.split("\n").map((line) => {
      const v = /^\s*\w+: (?:'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?))/.exec(line);
      if (!v) throw new Error(`Cannot parse enum member "${line}" of ${m[1]}`);
      return v[1] !== undefined ? unescapeDoc(v[1]) : Number(v[2]);
    });
    out.set(m[1]!, values);
  }
  return out;
}

function parseModels(
  dir: string,
): { models: Map<string, TsModel>; enums: Map<string, (string | number)[]> } {
  const models = new Map<string, TsModel>();
  const enums = new Map<string, (string | number)[]>();
  const files = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
    n.endsWith(".ts") && n !== "index.ts"
  ).sort();
  for (const file of files) {
    const src = Deno.readTextFileSync(`${dir}/${file}`);
    const consts = parseConstEnums(src);
    const iface = /^export interface (\w+) \{\n([\s\S]*?)^\}/m.exec(src);
    if (iface) {
      const name = iface[1]!;
      const props: TsProp[] = [];
      const lines = iface[2]!.split("\n");
      let doc: string[] = [];
      let inDoc = false;
      for (const line of lines) {
        if (line.trim() === "") continue;
        if (line.trim() === "/**") {
          inDoc = true;
          doc = [];
          continue;
        }
        if (inDoc) {
          if (line.trim() === "*/") inDoc = false;
          else doc.push(line);
          continue;
        }
        const p = /^ {4}'([^']+)'(\?)?: (.*);$/.exec(line);
        if (!p) throw new Error(`Cannot parse line of ${file}: "${line}"`);
        const d = jsdoc(doc);
        props.push({
          name: p[1]!,
          optional: p[2] === "?",
          type: parseType(p[3]!),
          doc: d.text,
          deprecated: d.tags.includes("@deprecated"),
        });
        doc = [];
      }
      // A doc block right before `export interface` that is not the licence header.
      const before = src.slice(0, iface.index);
      const block = /\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\s*$/.exec(before);
      const modelDoc = block && !block[1]!.includes("OpenAPI Generator")
        ? jsdoc(block[1]!.trimEnd().split("\n")).text
        : "";
      models.set(name, { name, kind: "interface", props, values: [], doc: modelDoc });
      for (const [k, v] of consts) enums.set(k, v);
    } else {
      const [first] = [...consts];
      if (!first) throw new Error(`No interface or enum in ${file}`);
      const [name, values] = first;
      models.set(name, { name, kind: "enum", props: [], values, doc: "" });
    }
  }
  return { models, enums };
}

interface ApiParam {
  name: string;
  arg: string;
  in: "path" | "query";
  required: boolean;
  type: string;
  doc: string;
  repeated: boolean;
  date: boolean;
}

interface ApiOperation {
  fn: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  deprecated: boolean;
  auth: boolean;
  params: ApiParam[];
  body?: { model: string; required: boolean };
  returns: string;
  responses: { code: string; description: string }[];
  enums: Map<string, (string | number)[]>;
}

function parseApis(dir: string): ApiOperation[] {
  const ops: ApiOperation[] = [];
  const files = [...Deno.readDirSync(`${dir}/api`)].map((e) => e.name).filter((n) =>
    n.endsWith("-api.ts")
  ).sort();
  for (const file of files) {
    const src = Deno.readTextFileSync(`${dir}/api/${file}`);
    const enums = parseConstEnums(src);
    const creator = src.slice(0, src.indexOf("FunctionalProgrammingInterface"));
    const docName = file.replace(/-api\.ts$/, "").split("-").map((w) =>
      w[0]!.toUpperCase() + w.slice(1)
    )
      .join("") + "Api.md";
    const md = Deno.readTextFileSync(`${dir}/docs/${docName}`);
    const re =
      /\/\*\*\n((?:\s+\*.*\n)+?)\s+\*\/\n\s+(\w+): async \(([^)]*)\): Promise<RequestArgs> => \{\n([\s\S]*?)\n {8}\},\n/g;
    for (const m of creator.matchAll(re)) {
      const fn = m[2]!;
      const d = jsdoc(m[1]!.trimEnd().split("\n"));
      const body = m[4]!;
      const summary = d.tags.find((t) => t.startsWith("@summary "))?.slice(9).trim() ?? "";
      const paramDocs = new Map<string, { type: string; optional: boolean; doc: string }>();
      for (const tag of d.tags) {
        const p = /^@param \{(.+?)\} (\[)?(\w+)\]? ?(.*)$/.exec(tag);
        if (p) {
          paramDocs.set(p[3]!, {
            type: p[1]!,
            optional: p[2] === "[",
            doc: unescapeDoc(p[4]!.trim()),
          });
        }
      }
      const path = /const localVarPath = `([^`]+)`/.exec(body)![1]!;
      const method = /method: '(\w+)'/.exec(body)![1]!.toLowerCase();
      const params: ApiParam[] = [];
      for (
        const r of body.matchAll(
          /\.replace\(`\{\$\{"(\w+)"\}\}`, encodeURIComponent\(String\((\w+)\)\)\)/g,
        )
      ) {
        const pd = paramDocs.get(r[2]!)!;
        params.push({
          name: r[1]!,
          arg: r[2]!,
          in: "path",
          required: true,
          type: pd.type,
          doc: pd.doc,
          repeated: false,
          date: false,
        });
      }
      for (
        const q of body.matchAll(
          /if \((\w+)(?: !== undefined)?\) \{\n\s+localVarQueryParameter\['(\w+)'\] = (\(\w+ as any instanceof Date\))?/g,
        )
      ) {
        const pd = paramDocs.get(q[1]!)!;
        params.push({
          name: q[2]!,
          arg: q[1]!,
          in: "query",
          required: !pd.optional,
          type: pd.type,
          doc: pd.doc,
          repeated: pd.type.startsWith("Array<"),
          date: q[3] !== undefined,
        });
      }
      const bodyArg = /serializeDataIfNeeded\((\w+),/.exec(body)?.[1];
      let bodyInfo: ApiOperation["body"];
      if (bodyArg) {
        const pd = paramDocs.get(bodyArg)!;
        bodyInfo = { model: pd.type, required: !pd.optional };
      }
      // Status codes and the return type from docs/*Api.md.
      const section = md.slice(md.indexOf(`# **${fn}**`));
      const end = section.indexOf("\n# **", 5);
      const sec = end < 0 ? section : section.slice(0, end);
      const sig = /^> (?:(\w+) )?\w+\(/m.exec(sec)!;
      const responses = [...sec.matchAll(/^\|\*\*(\d{3})\*\* \| (.*?) \| {1,2}- {1,2}\|$/gm)].map((
        r,
      ) => ({
        code: r[1]!,
        description: unescapeDoc(r[2]!.trim()),
      }));
      ops.push({
        fn,
        method,
        path,
        summary,
        description: d.text,
        deprecated: d.tags.includes("@deprecated"),
        auth: body.includes("authentication kalshiAccessKey required"),
        params,
        ...(bodyInfo ? { body: bodyInfo } : {}),
        returns: sig[1] ?? "void",
        responses,
        enums,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Hand corrections: what the generated TypeScript cannot say

interface Corrections {
  /** `Schema.property` → JSON schema fragment merged over the extracted property. */
  properties: Record<string, Json>;
  /** `OperationId.param` → schema fragment merged over the extracted parameter schema. */
  parameters: Record<string, Json>;
  /** Property names whose TS `number` is a JSON float, not an integer. */
  floats: string[];
  /** Property names (any schema) that carry RFC 3339 strings. */
  dateTimes: string[];
  /** Notes on removed operations, keyed by operationId. */
  removed: Record<string, string>;
}

const V2_WRITES = "Replaced by the V2 order endpoints under `/portfolio/events/orders`";

/** Explicit corrections applied after extraction (reviewed by hand against notes/rest.md). */
export const CORRECTIONS: Corrections = {
  // V2 order semantics the client's fixed-point $refs dropped (notes/rest.md §6.2).
  properties: {
    "CreateOrderV2Request.side": {
      description:
        "Book side on the YES leg: `bid` buys YES, `ask` sells YES (the same as buying NO at 1 - price).",
    },
    "CreateOrderV2Request.count": {
      description:
        "Contracts to buy or sell, as a fixed-point string with up to 2 decimals (JSON numbers are rejected).",
    },
    "CreateOrderV2Request.price": {
      description:
        "YES-leg limit price in dollars, as a fixed-point string with 2-4 decimals; must lie on the market's `price_ranges` grid.",
    },
    "CreateOrderV2Request.expiration_time": { format: "int64" },
    "AmendOrderV2Request.side": {
      description: "Book side on the YES leg (`bid` or `ask`); must match the order.",
    },
    "AmendOrderV2Request.count": {
      description:
        "New total (maximum fillable) count: already filled plus the desired resting remainder.",
    },
    "AmendOrderV2Request.price": { description: "New YES-leg limit price in dollars." },
    "DecreaseOrderV2Request.reduce_by": {
      description:
        "Contracts to cancel from the resting remainder. Exactly one of `reduce_by` and `reduce_to`.",
    },
    "DecreaseOrderV2Request.reduce_to": {
      description: "Resting remainder to keep. Exactly one of `reduce_by` and `reduce_to`.",
    },
    "CreateOrderV2Response.fill_count": { description: "Contracts filled immediately." },
    "CreateOrderV2Response.remaining_count": { description: "Contracts left resting." },
    "CreateOrderV2Response.average_fill_price": {
      description: "Average YES-leg fill price in dollars.",
    },
    "CreateOrderV2Response.average_fee_paid": {
      description: "Average fee per filled contract in dollars.",
    },
    "CancelOrderV2Response.reduced_by": { description: "Contracts cancelled by this request." },
    "BatchCancelOrdersV2ResponseOrdersInner.reduced_by": {
      description: "Contracts cancelled by this request.",
    },
    "CreateOrderV2Response.ts_ms": { format: "int64" },
    "AmendOrderV2Response.ts_ms": { format: "int64" },
    "DecreaseOrderV2Response.ts_ms": { format: "int64" },
    "CancelOrderV2Response.ts_ms": { format: "int64" },
    "BatchCreateOrdersV2ResponseOrdersInner.ts_ms": { format: "int64" },
    "BatchCancelOrdersV2ResponseOrdersInner.ts_ms": { format: "int64" },
  },
  // Page sizes (notes/rest.md §7; the client keeps only the prose), subaccount range (0-63),
  // Unix-time formats as in the official spec's MinTsQuery.
  parameters: {
    "GetBlockTradeProposals.limit": { minimum: 1, default: 100 },
    "GetEventFeeChanges.limit": { minimum: 1, default: 100 },
    "GetHistoricalPositions.limit": { format: "int64", minimum: 1, maximum: 1000, default: 100 },
    "GetDeposits.limit": { minimum: 1, maximum: 500, default: 100 },
    "GetWithdrawals.limit": { minimum: 1, maximum: 500, default: 100 },
    "GetIntraExchangeInstanceTransfers.limit": { minimum: 1, maximum: 500, default: 100 },
    "GetHistoricalPositions.subaccount": { minimum: 0, maximum: 63 },
    "AmendOrderV2.subaccount": { minimum: 0, maximum: 63 },
    "CancelOrderV2.subaccount": { minimum: 0, maximum: 63 },
    "DecreaseOrderV2.subaccount": { minimum: 0, maximum: 63 },
    "CancelAllOrders.subaccount": { minimum: 0, maximum: 63 },
    "CancelOrderV2.exchange_index": { minimum: -1 },
    "GetQuotes.min_ts": { format: "int64" },
    "GetQuotes.max_ts": { format: "int64" },
    "GetFillsHistorical.min_ts": { format: "int64" },
    "GetHistoricalOrders.min_ts": { format: "int64" },
    "GetWeatherIndex.from": { format: "int64" },
    "GetWeatherIndex.to": { format: "int64" },
  },
  floats: [
    "v",
    "temp_f",
    "city_reference_c",
    "weight",
    "offset_c",
    "fee_multiplier_override",
    "percent",
  ],
  dateTimes: [
    // BlockTradeProposal: strings in the client, like the RFC 3339 `*_ts` of RFQs and quotes.
    "expiration_ts",
    "created_ts",
    "updated_ts",
    "buyer_accepted_ts",
    "seller_accepted_ts",
    "market_positions_last_updated_ts",
  ],
  removed: {
    CreateOrder:
      `${V2_WRITES}: \`POST /portfolio/events/orders\` (CreateOrderV2). Legacy order writes were deprecated Jun 18–25 2026 and dropped from the spec in 3.22.0.`,
    CancelOrder: `${V2_WRITES}: \`DELETE /portfolio/events/orders/{order_id}\` (CancelOrderV2).`,
    AmendOrder: `${V2_WRITES}: \`POST /portfolio/events/orders/{order_id}/amend\` (AmendOrderV2).`,
    DecreaseOrder:
      `${V2_WRITES}: \`POST /portfolio/events/orders/{order_id}/decrease\` (DecreaseOrderV2).`,
    BatchCreateOrders:
      `${V2_WRITES}: \`POST /portfolio/events/orders/batched\` (BatchCreateOrdersV2).`,
    BatchCancelOrders:
      `${V2_WRITES}: \`DELETE /portfolio/events/orders/batched\` (BatchCancelOrdersV2).`,
    GetExchangeAnnouncements: "Removed Jul 4 2026 without a replacement.",
    GetMultivariateEventCollectionLookupHistory:
      "Fully deprecated Jul 2 2026 and gone from client 3.26.0: follow the `multivariate_market_lifecycle` WebSocket channel instead; create markets with `POST /multivariate_event_collections/{collection_ticker}`.",
    LookupTickersForMarketInMultivariateEventCollection:
      "Removed Aug 6 2026: use `POST /multivariate_event_collections/{collection_ticker}` (CreateMarketInMultivariateEventCollection), which returns the tickers of an existing combination, and the `multivariate_market_lifecycle` WebSocket channel.",
  },
};

// ---------------------------------------------------------------------------------------------
// Converting TS types to schemas

/** Property name → JSON schema `type`/`format` as used anywhere in the base spec. */
function baseHints(base: Json): Map<string, { type?: string; format?: string }> {
  const hints = new Map<string, { type?: string; format?: string }>();
  const conflicts = new Set<string>();
  const visit = (schema: Json) => {
    if (!schema || typeof schema !== "object") return;
    if (schema.properties) {
      for (const [name, prop] of Object.entries(schema.properties) as [string, Json][]) {
        if (prop.type && ["integer", "number", "string"].includes(prop.type)) {
          const h = { type: prop.type, format: prop.format };
          const old = hints.get(name);
          if (old && (old.type !== h.type || old.format !== h.format)) conflicts.add(name);
          else hints.set(name, h);
        }
        visit(prop);
      }
    }
    if (schema.items) visit(schema.items);
  };
  for (const s of Object.values(base.components.schemas)) visit(s);
  for (const c of conflicts) hints.delete(c);
  return hints;
}

let CLIENT_VERSION = "";
const usedCorrections = new Set<string>();
let HINTS = new Map<string, { type?: string; format?: string }>();
const numberDecisions: string[] = [];

/** `integer` or `number` for a TS `number` property. */
function numberType(owner: string, name: string): "integer" | "number" {
  if (CORRECTIONS.floats.includes(name)) return "number";
  const hint = HINTS.get(name)?.type;
  if (hint === "integer" || hint === "number") return hint;
  numberDecisions.push(`${owner}.${name}`);
  return "integer";
}

function shortDoc(doc: string): string {
  return doc.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, " ").trim();
}

class SchemaBuilder {
  needed = new Set<string>();
  constructor(
    readonly models: Map<string, TsModel>,
    readonly enums: Map<string, (string | number)[]>,
  ) {}

  /** Schema for a TS type; `doc` is the property's doc comment. */
  type(t: TsType, owner: string, name: string, doc: string): Json {
    switch (t.k) {
      case "prim":
        if (t.name === "string") {
          if (doc.startsWith(FIXED_POINT_DOLLARS_DOC)) {
            return { $ref: "#/components/schemas/FixedPointDollars" };
          }
          if (doc.startsWith(FIXED_POINT_COUNT_DOC)) {
            return { $ref: "#/components/schemas/FixedPointCount" };
          }
          const format = CORRECTIONS.dateTimes.includes(name)
            ? "date-time"
            : HINTS.get(name)?.format;
          return format && HINTS.get(name)?.type !== "integer"
            ? { type: "string", format }
            : { type: "string" };
        }
        if (t.name === "number") return { type: numberType(owner, name) };
        if (t.name === "boolean") return { type: "boolean" };
        if (t.name === "object") return { type: "object", additionalProperties: true };
        return {};
      case "null":
        throw new Error(`Bare null type on ${owner}.${name}`);
      case "array":
        return { type: "array", items: this.type(t.of, owner, name, "") };
      case "map":
        return {
          type: "object",
          additionalProperties: t.of.k === "prim" && t.of.name === "any"
            ? true
            : this.type(t.of, owner, name, ""),
        };
      case "union": {
        const nonNull = t.of.filter((x) => x.k !== "null");
        if (nonNull.length !== 1 || nonNull.length === t.of.length) {
          throw new Error(`Unsupported union on ${owner}.${name}`);
        }
        const inner = this.type(nonNull[0]!, owner, name, doc);
        if (inner.$ref) return { allOf: [inner], nullable: true };
        return { ...inner, nullable: true };
      }
      case "ref": {
        const inline = this.enums.get(t.name);
        if (inline) return enumSchema(inline);
        if (!this.models.has(t.name)) throw new Error(`Unknown type ${t.name} on ${owner}.${name}`);
        this.needed.add(t.name);
        return { $ref: `#/components/schemas/${t.name}` };
      }
    }
  }

  property(model: string, p: TsProp): Json {
    const schema = this.type(p.type, model, p.name, p.doc);
    const doc = p.doc.startsWith(FIXED_POINT_DOLLARS_DOC) || p.doc.startsWith(FIXED_POINT_COUNT_DOC)
      ? ""
      : shortDoc(p.doc);
    const out: Json = schema.$ref && (doc || p.deprecated) ? { allOf: [schema] } : { ...schema };
    if (doc) out.description = doc;
    if (p.deprecated) out.deprecated = true;
    const fix = CORRECTIONS.properties[`${model}.${p.name}`];
    if (!fix) return out;
    usedCorrections.add(`${model}.${p.name}`);
    if (out.$ref && fix.description) return { allOf: [{ $ref: out.$ref }], ...fix };
    return { ...out, ...fix };
  }

  model(name: string): Json {
    const m = this.models.get(name)!;
    if (m.kind === "enum") return enumSchema(m.values);
    const schema: Json = { type: "object" };
    if (m.doc) schema.description = shortDoc(m.doc);
    const required = m.props.filter((p) => !p.optional).map((p) => p.name);
    if (required.length) schema.required = required;
    schema.properties = {};
    for (const p of m.props) schema.properties[p.name] = this.property(name, p);
    return schema;
  }
}

function enumSchema(values: (string | number)[]): Json {
  return typeof values[0] === "number"
    ? { type: "integer", enum: values }
    : { type: "string", enum: values };
}

// ---------------------------------------------------------------------------------------------
// Diffing against the base spec

function resolve(base: Json, schema: Json): Json {
  let s = schema;
  while (s?.$ref) s = base.components.schemas[s.$ref.split("/").pop()];
  if (s?.allOf?.length === 1 && !s.properties) return resolve(base, s.allOf[0]);
  return s;
}

/**
 * The additive part of `next` over `prev`: new properties, new enum values, and `deprecated` on
 * existing properties. Returns undefined when nothing was added.
 */
/** Notes on differences the overlay cannot express additively (logged, for review). */
const differences: string[] = [];

/** A client-side schema with single-`allOf` wrappers and client enum models inlined. */
function clientView(b: SchemaBuilder, schema: Json): Json {
  let s = schema;
  if (s?.allOf?.length === 1) s = { ...s.allOf[0], ...(s.nullable ? { nullable: true } : {}) };
  const name = s?.$ref?.split("/").pop();
  const model = name ? b.models.get(name) : undefined;
  if (model?.kind === "enum") {
    return { ...enumSchema(model.values), ...(s.nullable ? { nullable: true } : {}) };
  }
  return s;
}

/**
 * The additive part of `next` (client) over `prev` (base spec): new properties, new enum values,
 * `nullable` and `deprecated` on existing properties. Returns undefined when nothing was added.
 */
function additions(
  base: Json,
  prev: Json,
  next: Json,
  b: SchemaBuilder,
  where: string,
): Json | undefined {
  const p = resolve(base, prev);
  const n = clientView(b, next);
  if (!p || !n) return undefined;
  const out: Json = {};
  const pIsRef = !!prev.$ref;
  if (Array.isArray(p.enum) && Array.isArray(n.enum)) {
    const added = n.enum.filter((v: unknown) => !p.enum.includes(v));
    if (added.length) out.enum = added;
  }
  if (n.nullable && !prev.nullable && !p.nullable) {
    if (pIsRef) differences.push(`${where}: nullable in the client, a plain $ref in the spec`);
    else out.nullable = true;
  }
  if (n.$ref || n.allOf) return Object.keys(out).length ? out : undefined;
  const pType = p.type ?? (p.properties ? "object" : undefined);
  const nType = n.type ?? (n.properties ? "object" : undefined);
  if (
    pType && nType && pType !== nType && !(pType === "number" && nType === "integer") &&
    !(pType === "integer" && nType === "number")
  ) {
    differences.push(`${where}: type ${pType} in the spec, ${nType} in the client`);
  }
  if (p.items && n.items) {
    const items = additions(base, p.items, n.items, b, `${where}[]`);
    if (items) out.items = items;
  }
  if (p.properties && n.properties) {
    const props: Json = {};
    for (const [k, v] of Object.entries(n.properties) as [string, Json][]) {
      if (!(k in p.properties)) {
        props[k] = v;
        continue;
      }
      const inner = additions(base, p.properties[k], v, b, `${where}.${k}`);
      const merged: Json = inner ?? {};
      if (v.deprecated && !p.properties[k].deprecated && !p.properties[k].$ref) {
        merged.deprecated = true;
      }
      if (Object.keys(merged).length) props[k] = merged;
    }
    const nReq = new Set<string>(n.required ?? []);
    // Required upstream in 3.13 but optional or gone in the client: relax (see README.md).
    const relaxed = (p.required ?? []).filter((r: string) => !nReq.has(r));
    if (relaxed.length) out["x-kalshikit-optional"] = relaxed;
    for (const k of Object.keys(p.properties)) {
      if (k in n.properties || p.properties[k].deprecated) continue;
      props[k] = {
        deprecated: true,
        "x-kalshikit-removed": `Absent from client ${CLIENT_VERSION}.`,
      };
    }
    if (Object.keys(props).length) out.properties = props;
    for (const r of nReq) {
      if (r in p.properties && !(p.required ?? []).includes(r)) {
        differences.push(`${where}.${r}: optional in the spec, required in the client`);
      }
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function paramSchema(op: ApiOperation, p: ApiParam, b: SchemaBuilder): Json {
  let schema: Json;
  const t = p.type;
  if (p.date) schema = { type: "string", format: "date-time" };
  else if (t === "string") schema = { type: "string" };
  else if (t === "number") schema = { type: "integer" };
  else if (t === "boolean") schema = { type: "boolean" };
  else if (t === "Array<string>") schema = { type: "array", items: { type: "string" } };
  else if (t === "Array<number>") schema = { type: "array", items: { type: "integer" } };
  else if (op.enums.has(t)) schema = enumSchema(op.enums.get(t)!);
  else if (b.models.has(t)) schema = b.type({ k: "ref", name: t }, op.fn, p.name, "");
  else throw new Error(`Unknown parameter type ${t} on ${op.fn}.${p.name}`);
  return schema;
}

function operationParams(
  base: Json,
  op: ApiOperation,
  operationId: string,
  b: SchemaBuilder,
): Json[] {
  const components = base.components.parameters as Record<string, Json>;
  return op.params.map((p) => {
    const fixKey = `${operationId}.${p.name}`;
    if (CORRECTIONS.parameters[fixKey]) usedCorrections.add(fixKey);
    const schema = { ...paramSchema(op, p, b), ...CORRECTIONS.parameters[fixKey] };
    const param: Json = { name: p.name, in: p.in };
    if (p.required) param.required = true;
    if (p.doc) param.description = p.doc;
    if (p.repeated) {
      param.style = "form";
      param.explode = true;
    }
    param.schema = schema;
    // Reuse a component parameter when it says exactly the same thing.
    for (const [key, c] of Object.entries(components)) {
      if (
        c.name === p.name && c.in === p.in && c.description === param.description &&
        !!c.required === !!param.required &&
        JSON.stringify(stripX(c.schema)) === JSON.stringify(schema)
      ) {
        return { $ref: `#/components/parameters/${key}` };
      }
    }
    return param;
  });
}

function stripX(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripX);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v).filter(([k]) => !k.startsWith("x-")).map(([k, x]) => [k, stripX(x)]),
    );
  }
  return v;
}

const ERROR_REFS: Record<string, string> = {};

function responses(base: Json, op: ApiOperation): Json {
  if (!Object.keys(ERROR_REFS).length) {
    for (const [key, r] of Object.entries(base.components.responses) as [string, Json][]) {
      ERROR_REFS[r.description] = key;
    }
  }
  const out: Json = {};
  for (const r of op.responses) {
    const code = Number(r.code);
    if (code < 300) {
      if (op.returns === "void" || code === 204) out[r.code] = { description: r.description };
      else {
        const model = op.returns === "object" ? "EmptyResponse" : op.returns;
        out[r.code] = {
          description: r.description,
          content: { "application/json": { schema: { $ref: `#/components/schemas/${model}` } } },
        };
      }
    } else if (ERROR_REFS[r.description]) {
      out[r.code] = { $ref: `#/components/responses/${ERROR_REFS[r.description]}` };
    } else {
      out[r.code] = {
        description: r.description,
        content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } },
      };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Builds the overlay document from the client at `clientDir` and the base spec. */
export function buildOverlay(
  clientDir: string,
  base: Json,
  tsv: ReturnType<typeof readOperationsTsv>,
): Json {
  HINTS = baseHints(base);
  numberDecisions.length = 0;
  differences.length = 0;
  const { models, enums } = parseModels(`${clientDir}/models`);
  const apis = parseApis(clientDir);
  const b = new SchemaBuilder(models, enums);
  const version = JSON.parse(Deno.readTextFileSync(`${clientDir}/package.json`)).version;
  CLIENT_VERSION = version;

  const overlay: Json = {
    openapi: "3.0.0",
    info: {
      title: `kalshikit overlay: Kalshi Trade API ${version} additions`,
      version,
      description:
        `Merged over the official Kalshi spec (rest/spec/openapi.yaml, 3.13.0) by _tools/gen_rest.ts. Read back from the generated client kalshi-typescript@${version} by _tools/overlay_from_client.ts, then corrected by hand. Additive only: new operations, parameters, schemas, properties and enum values.`,
    },
    servers: [
      {
        url: "https://external-api.kalshi.com/trade-api/v2",
        description: "Production server (recommended since May 7 2026)",
      },
      { url: "https://external-api.demo.kalshi.co/trade-api/v2", description: "Demo server" },
      { url: "https://demo-api.kalshi.co/trade-api/v2", description: "Demo server (legacy host)" },
    ],
    paths: {},
    components: { schemas: {} },
  };

  const byKey = new Map(apis.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]));
  const baseOps = new Map<string, Json>();
  for (const [path, item] of Object.entries(base.paths) as [string, Json][]) {
    for (const m of HTTP_METHODS) if (item[m]) baseOps.set(`${m.toUpperCase()} ${path}`, item[m]);
  }
  for (const key of byKey.keys()) {
    if (!tsv.some((r) => `${r.method} ${r.path}` === key)) {
      throw new Error(`Client operation ${key} is not in operations.tsv`);
    }
  }

  const setOp = (path: string, method: string, op: Json) => {
    overlay.paths[path] ??= {};
    overlay.paths[path][method] = op;
  };

  for (const row of tsv) {
    const key = `${row.method} ${row.path}`;
    const method = row.method.toLowerCase();
    const api = byKey.get(key);
    const existing = baseOps.get(key);
    if (row.status === "removed") {
      if (api) throw new Error(`${key} is removed but still in the client`);
      setOp(row.path, method, {
        deprecated: true,
        "x-kalshikit-removed": CORRECTIONS.removed[row.operationId] ??
          (() => {
            throw new Error(`No removal note for ${row.operationId}`);
          })(),
      });
      continue;
    }
    if (!api) throw new Error(`${key} (${row.operationId}) is not in the client`);
    if (!existing) {
      const op: Json = {
        operationId: row.operationId,
        summary: api.summary,
      };
      if (api.description) op.description = api.description;
      op.tags = [row.tag];
      if (api.deprecated) op.deprecated = true;
      if (api.auth) op.security = SECURITY;
      const params = operationParams(base, api, row.operationId, b);
      if (params.length) op.parameters = params;
      if (api.body) {
        // `object` bodies are the `{}` the client sends on body-less PUT/POSTs.
        const schema = api.body.model === "object"
          ? { type: "object" }
          : { $ref: `#/components/schemas/${api.body.model}` };
        op.requestBody = {
          required: api.body.required,
          content: { "application/json": { schema } },
        };
      }
      op.responses = responses(base, api);
      for (const r of Object.values(op.responses) as Json[]) {
        const ref = r.content?.["application/json"]?.schema?.$ref;
        if (ref) b.needed.add(ref.split("/").pop());
      }
      setOp(row.path, method, op);
      continue;
    }
    // Existing operation: new query parameters and a new deprecation.
    const patch: Json = {};
    if (api.deprecated && !existing.deprecated) patch.deprecated = true;
    const names = new Set(
      (existing.parameters ?? []).map((p: Json) => {
        const r = p.$ref ? base.components.parameters[p.$ref.split("/").pop()] : p;
        return `${r.in} ${r.name}`;
      }),
    );
    const all = operationParams(base, api, row.operationId, b);
    const added = all.filter((p, i) =>
      !names.has(`${api.params[i]!.in} ${api.params[i]!.name}`) && p
    );
    if (added.length) patch.parameters = added;
    if (Object.keys(patch).length) setOp(row.path, method, patch);
  }

  // Extensions of existing schemas (and the new schemas they pull in).
  const extended: Json = {};
  for (const [name, m] of models) {
    const prev = base.components.schemas[name];
    if (!prev) continue;
    const add = additions(base, prev, b.model(name), b, name);
    if (add) extended[name] = add;
    void m;
  }
  // Only schemas reachable from the overlay's own additions are new schemas.
  b.needed.clear();
  const scan = (v: Json) => {
    if (Array.isArray(v)) v.forEach(scan);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref" && typeof x === "string" && x.startsWith("#/components/schemas/")) {
          b.needed.add(x.split("/").pop()!);
        } else scan(x);
      }
    }
  };
  scan(overlay.paths);
  scan(extended);
  const added: Json = {};
  const queue = [...b.needed];
  const seen = new Set<string>();
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name) || base.components.schemas[name]) continue;
    seen.add(name);
    if (!models.has(name)) {
      throw new Error(`Schema ${name} is neither in the spec nor in the client`);
    }
    b.needed.clear();
    added[name] = b.model(name);
    scan(added[name]);
    queue.push(...b.needed);
  }
  const schemas: Json = {};
  for (const name of Object.keys(added).sort()) schemas[name] = added[name];
  for (const name of Object.keys(extended).sort()) schemas[name] = extended[name];
  overlay.components.schemas = schemas;

  const tags = new Set((base.tags ?? []).map((t: Json) => t.name));
  const newTags = [...new Set(tsv.map((r) => r.tag))].filter((t) => !tags.has(t)).sort();
  if (newTags.length) overlay.tags = newTags.map((name) => ({ name }));

  const unused = [...models.keys()].filter((n) => !base.components.schemas[n] && !added[n]);
  log(`client: ${apis.length} operations, ${models.size} models`);
  log(
    `overlay: ${Object.keys(added).length} new schemas, ${Object.keys(extended).length} extended`,
  );
  if (unused.length) log(`client models not needed by the overlay: ${unused.join(", ")}`);
  if (numberDecisions.length) log(`numbers assumed integer: ${numberDecisions.join(", ")}`);
  const unusedFixes = [
    ...Object.keys(CORRECTIONS.properties),
    ...Object.keys(CORRECTIONS.parameters),
  ]
    .filter((k) => !usedCorrections.has(k));
  if (unusedFixes.length) {
    throw new Error(`Corrections that match nothing: ${unusedFixes.join(", ")}`);
  }
  if (differences.length) log(`not expressible additively:\n  ${differences.join("\n  ")}`);
  return overlay;
}

/** Serializes the overlay as YAML 1.2 in the style `deno fmt` keeps. */
export function overlayToYaml(overlay: Json): string {
  return "# Generated by _tools/overlay_from_client.ts from kalshi-typescript; reviewed by hand.\n" +
    "# Merged over openapi.yaml by _tools/gen_rest.ts. See README.md.\n" +
    stringify(overlay, {
      version: "1.2",
      compat: "yaml-1.1",
      lineWidth: 0,
      aliasDuplicateObjects: false,
    });
}

if (import.meta.main) {
  const args = [...Deno.args];
  const outIdx = args.indexOf("--out");
  const out = outIdx >= 0 ? args.splice(outIdx, 2)[1]! : "rest/spec/overlay.yaml";
  const clientDir = args[0] ?? "/tmp/kts/package";
  const root = new URL("..", import.meta.url).pathname;
  const base = loadYaml(Deno.readTextFileSync(`${root}rest/spec/openapi.yaml`));
  const tsv = readOperationsTsv(Deno.readTextFileSync(`${root}rest/spec/operations.tsv`));
  const overlay = buildOverlay(clientDir, base, tsv);
  Deno.writeTextFileSync(out.startsWith("/") ? out : `${root}${out}`, overlayToYaml(overlay));
  log(`wrote ${out}`);
}

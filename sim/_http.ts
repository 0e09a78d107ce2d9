/**
 * HTTP plumbing shared by the simulator's routes: Kalshi's error bodies, query and body readers that
 * fail the way Kalshi fails, and cursor pagination.
 *
 * Kalshi answers bad input in four shapes (notes/rest.md §9) and the simulator reproduces each:
 * parameter validation → `{"msg": "Parameter validation failed for Op: …"}`; JSON that does not
 * decode or has a wrong type → flat `{"code": "bad_request", "message", "details"}`; business
 * rules → nested `{"error": {"code", "message", "details"}}`; rate limit →
 * `{"error": "too many requests"}`.
 *
 * @module
 */

/** A failure that a route turns into a Kalshi-shaped error response. */
export class SimHttpError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** The exact JSON body to send. */
  readonly body: unknown;

  /**
   * Creates the error.
   *
   * @param status HTTP status.
   * @param body Response body.
   */
  constructor(status: number, body: unknown) {
    super(typeof body === "object" ? JSON.stringify(body) : String(body));
    this.status = status;
    this.body = body;
  }
}

/**
 * The common nested error: `{"error": {"code", "message", "details"?}}`.
 *
 * @param status HTTP status.
 * @param code Kalshi error code.
 * @param message Message.
 * @param details Optional details.
 * @returns The error to throw.
 */
export function apiError(
  status: number,
  code: string,
  message: string,
  details?: string,
): SimHttpError {
  const error: Record<string, string> = { code, message };
  if (details !== undefined) error.details = details;
  return new SimHttpError(status, { error });
}

/**
 * 404 for a missing resource, naming it (so it differs from an unknown route).
 *
 * @param what Resource kind, e.g. "market".
 * @param id The id that was asked for.
 * @returns The error to throw.
 */
export function notFound(what: string, id: string): SimHttpError {
  return apiError(
    404,
    "not_found",
    `${what} not found`,
    `${what} ${JSON.stringify(id)} does not exist`,
  );
}

/**
 * Flat JSON-decoding error, as Kalshi's Go server writes it.
 *
 * @param details The decoder's complaint.
 * @returns The error to throw.
 */
export function badRequest(details: string): SimHttpError {
  return new SimHttpError(400, { code: "bad_request", message: "bad request", details });
}

/**
 * Validation error for business rules on a decoded body: nested `invalid_parameters`.
 *
 * @param details What is wrong.
 * @returns The error to throw.
 */
export function invalidParameters(details: string): SimHttpError {
  return apiError(400, "invalid_parameters", "invalid parameters", details);
}

function goName(snake: string): string {
  return snake.split("_").map((w) => (w === "id" ? "ID" : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");
}

/** Reads and validates query parameters, failing with Kalshi's parameter-validation body. */
export class QueryReader {
  readonly #params: URLSearchParams;
  readonly #op: string;

  /**
   * Creates a reader.
   *
   * @param url The request URL.
   * @param operationId The operation, named in error messages.
   */
  constructor(url: string, operationId: string) {
    this.#params = new URL(url).searchParams;
    this.#op = operationId;
  }

  /**
   * Fails the way Kalshi's validator does.
   *
   * @param name Parameter name.
   * @param tag Validator tag (`required`, `lte`, `gte`, `oneof`, `number`, `boolean`).
   * @returns The error to throw.
   */
  fail(name: string, tag: string): SimHttpError {
    const field = goName(name);
    return new SimHttpError(400, {
      msg: `Parameter validation failed for ${this.#op}: Key: '${this.#op}Params.${field}' ` +
        `Error:Field validation for '${field}' failed on the '${tag}' tag`,
    });
  }

  /**
   * A string parameter.
   *
   * @param name Parameter name.
   * @param options Whether it is required and its allowed values.
   * @returns The value, or undefined when absent or empty.
   */
  str(name: string, options: { required?: boolean; oneOf?: readonly string[] } = {}):
    | string
    | undefined {
    const v = this.#params.get(name);
    if (v === null || v === "") {
      if (options.required) throw this.fail(name, "required");
      return undefined;
    }
    if (options.oneOf && !options.oneOf.includes(v)) throw this.fail(name, "oneof");
    return v;
  }

  /**
   * An integer parameter.
   *
   * @param name Parameter name.
   * @param options Bounds, default and whether it is required.
   * @returns The value or the default.
   */
  int(
    name: string,
    options: { min?: number; max?: number; required?: boolean; oneOf?: readonly number[] } = {},
  ): number | undefined {
    const v = this.str(name, { required: options.required ?? false });
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw this.fail(name, "number");
    const n = Number(v);
    if (options.min !== undefined && n < options.min) throw this.fail(name, "gte");
    if (options.max !== undefined && n > options.max) throw this.fail(name, "lte");
    if (options.oneOf && !options.oneOf.includes(n)) throw this.fail(name, "oneof");
    return n;
  }

  /**
   * A boolean parameter (`true`/`false`).
   *
   * @param name Parameter name.
   * @returns The value, or undefined when absent.
   */
  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false") throw this.fail(name, "boolean");
    return v === "true";
  }

  /**
   * A comma-separated list (`tickers=A,B`).
   *
   * @param name Parameter name.
   * @param options Maximum length and whether it is required.
   * @returns The items, or undefined when absent.
   */
  list(name: string, options: { max?: number; required?: boolean } = {}): string[] | undefined {
    const v = this.str(name, { required: options.required ?? false });
    if (v === undefined) return undefined;
    const items = v.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (options.max !== undefined && items.length > options.max) throw this.fail(name, "max");
    return items;
  }

  /**
   * A repeated-key list (`tickers=A&tickers=B`); comma-separated values are split too.
   *
   * @param name Parameter name.
   * @param options Maximum length and whether it is required.
   * @returns The items, or undefined when absent.
   */
  repeated(name: string, options: { max?: number; required?: boolean } = {}):
    | string[]
    | undefined {
    const items = this.#params.getAll(name).flatMap((v) => v.split(",")).map((s) => s.trim())
      .filter((s) => s !== "");
    if (items.length === 0) {
      if (options.required) throw this.fail(name, "required");
      return undefined;
    }
    if (options.max !== undefined && items.length > options.max) throw this.fail(name, "max");
    return items;
  }

  /**
   * Rejects parameters that cannot be combined.
   *
   * @param names Parameters of which at most one may be given.
   */
  exclusive(...names: string[]): void {
    const given = names.filter((n) => this.#params.has(n) && this.#params.get(n) !== "");
    if (given.length > 1) throw this.fail(given[1]!, "excluded_with");
  }
}

type JsonType = "string" | "number" | "integer" | "boolean" | "array" | "object";

/** Reads a decoded JSON body field by field, failing like Kalshi's Go decoder and validator. */
export class BodyReader {
  readonly #body: Record<string, unknown>;
  readonly #type: string;

  /**
   * Creates a reader.
   *
   * @param body The decoded body (must be an object).
   * @param typeName The Go request type, named in decoder errors (e.g. "CreateOrderV2Request").
   */
  constructor(body: unknown, typeName: string) {
    this.#type = typeName;
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw badRequest(
        `json: cannot unmarshal ${jsonKind(body)} into Go value of type ${typeName}`,
      );
    }
    this.#body = body as Record<string, unknown>;
  }

  /** The raw decoded body. */
  get raw(): Record<string, unknown> {
    return this.#body;
  }

  #typed(name: string, type: JsonType, goType: string): unknown {
    const v = this.#body[name];
    if (v === undefined || v === null) return undefined;
    const ok = type === "integer"
      ? typeof v === "number" && Number.isInteger(v)
      : type === "array"
      ? Array.isArray(v)
      : type === "object"
      ? typeof v === "object" && !Array.isArray(v)
      : jsonKind(v) === type;
    if (!ok) {
      throw badRequest(
        `json: cannot unmarshal ${
          jsonKind(v)
        } into Go struct field ${this.#type}.${name} of type ${goType}`,
      );
    }
    return v;
  }

  /**
   * A string field.
   *
   * @param name Field name.
   * @param options Required, allowed values, maximum length.
   * @returns The value, or undefined when absent.
   */
  str(
    name: string,
    options: { required?: boolean; oneOf?: readonly string[]; maxLength?: number } = {},
  ): string | undefined {
    const v = this.#typed(name, "string", "string") as string | undefined;
    if (v === undefined || v === "") {
      if (options.required) throw invalidParameters(`${name} is required`);
      return undefined;
    }
    if (options.oneOf && !options.oneOf.includes(v)) {
      throw invalidParameters(
        `${name} must be one of ${options.oneOf.join(", ")}: got ${JSON.stringify(v)}`,
      );
    }
    if (options.maxLength !== undefined && v.length > options.maxLength) {
      throw invalidParameters(`${name} must be at most ${options.maxLength} characters`);
    }
    return v;
  }

  /**
   * An integer field.
   *
   * @param name Field name.
   * @param options Bounds and whether it is required.
   * @returns The value, or undefined when absent.
   */
  int(name: string, options: { required?: boolean; min?: number; max?: number } = {}):
    | number
    | undefined {
    const v = this.#typed(name, "integer", "int64") as number | undefined;
    if (v === undefined) {
      if (options.required) throw invalidParameters(`${name} is required`);
      return undefined;
    }
    if (options.min !== undefined && v < options.min) {
      throw invalidParameters(`${name} must be at least ${options.min}`);
    }
    if (options.max !== undefined && v > options.max) {
      throw invalidParameters(`${name} must be at most ${options.max}`);
    }
    return v;
  }

  /**
   * A boolean field.
   *
   * @param name Field name.
   * @returns The value, or undefined when absent.
   */
  bool(name: string): boolean | undefined {
    return this.#typed(name, "boolean", "bool") as boolean | undefined;
  }

  /**
   * An array field.
   *
   * @param name Field name.
   * @param options Whether it is required and its maximum length.
   * @returns The value, or undefined when absent.
   */
  array(name: string, options: { required?: boolean; max?: number } = {}): unknown[] | undefined {
    const v = this.#typed(name, "array", "[]interface {}") as unknown[] | undefined;
    if (v === undefined || v.length === 0) {
      if (options.required) throw invalidParameters(`${name} is required`);
      return v;
    }
    if (options.max !== undefined && v.length > options.max) {
      throw invalidParameters(`${name} must have at most ${options.max} items`);
    }
    return v;
  }

  /**
   * Rejects fields that cannot be combined, and optionally requires one of them.
   *
   * @param names Fields of which at most one may be given.
   * @param options Whether exactly one is required.
   * @returns The name of the field that was given, if any.
   */
  oneOf(names: readonly string[], options: { required?: boolean } = {}): string | undefined {
    const given = names.filter((n) => this.#body[n] !== undefined && this.#body[n] !== null);
    if (given.length > 1) throw invalidParameters(`only one of ${names.join(", ")} may be given`);
    if (given.length === 0 && options.required) {
      throw invalidParameters(`one of ${names.join(", ")} is required`);
    }
    return given[0];
  }
}

function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v;
}

/**
 * Decodes a request body as JSON the way Kalshi does: a wrong content type and undecodable JSON
 * get the flat error body. An empty body decodes to `{}`.
 *
 * @param text The body text.
 * @param contentType The request's content type.
 * @returns The decoded value.
 */
export function readJson(text: string, contentType: string | undefined): unknown {
  if (text.trim() === "") return {};
  const type = contentType ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new SimHttpError(400, {
      code: "invalid_content_type",
      message: "invalid content type",
      details: `expected application/json, got ${JSON.stringify(type)}`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`invalid character in JSON: ${(e as Error).message}`);
  }
}

// -----------------------------------------------------------------------------------------------
// Pagination: opaque keyset cursors. A cursor names the last key of the previous page, so items
// added or removed between pages never make an item appear twice or be skipped. Kalshi answers an
// unreadable cursor with 200 and the first page; so does the simulator.

/**
 * Encodes a keyset position as an opaque cursor.
 *
 * @param key The last key of the page.
 * @returns The cursor.
 */
export function encodeCursor(key: string): string {
  const bytes = new TextEncoder().encode(`k1:${key}`);
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
}

/**
 * Decodes a cursor; unreadable ones give undefined (start over), as on Kalshi.
 *
 * @param cursor The cursor from the request.
 * @returns The key, or undefined.
 */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const bytes = Uint8Array.from(atob(cursor), (ch) => ch.charCodeAt(0));
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.startsWith("k1:") ? text.slice(3) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of a list sorted by a unique key.
 *
 * @param items All items in list order.
 * @param keyOf The unique key of an item; keys must ascend in list order (build a sort key for
 *   lists ordered otherwise, e.g. newest first), so a deleted cursor item still resumes correctly.
 * @param options Cursor and limit from the request.
 * @returns The page and the next cursor (`""` on the last page).
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { cursor?: string | undefined; limit: number },
): { items: T[]; cursor: string } {
  const after = decodeCursor(options.cursor);
  let start = 0;
  if (after !== undefined) {
    // Items are in list order; find the first item after the cursor's key.
    const i = items.findIndex((it) => keyOf(it) === after);
    start = i >= 0 ? i + 1 : lowerBound(items, keyOf, after);
  }
  const slice = items.slice(start, start + options.limit);
  const more = start + options.limit < items.length;
  return {
    items: slice,
    cursor: more && slice.length > 0 ? encodeCursor(keyOf(slice.at(-1)!)) : "",
  };
}

function lowerBound<T>(items: readonly T[], keyOf: (item: T) => string, key: string): number {
  let lo = 0, hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(items[mid]!) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

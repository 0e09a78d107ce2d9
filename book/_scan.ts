/**
 * Hand-written scanner for orderbook WebSocket frames: integer arithmetic on the digits of
 * prices and counts, and no string allocated except the ticker (and a `client_order_id`).
 *
 * Two tiers. {@linkcode canonical} matches the exact layout Kalshi sends, literal by literal
 * (`startsWith`, and `indexOf` to cross strings it does not read). Anything else restarts in the
 * general scanner: any key order, any JSON whitespace, unknown members skipped. Both accept only
 * the common shapes — `"D.DDDD"` prices, `"N.NN"` counts, plain integers, strings without escapes
 * or control characters — and report {@linkcode FALLBACK} for anything else (legacy fields,
 * duplicate keys, other number forms, broken JSON), so that the caller uses `JSON.parse` and gets
 * the same answer or the proper error. Values that are skipped are still validated as strict
 * JSON, so text that `JSON.parse` would reject never decodes here.
 *
 * @module
 */

import type { BookDeltaFrame, BookFrame, BookSnapshotFrame } from "./types.ts";

/** Returned when the text needs the generic `JSON.parse` path. */
export const FALLBACK: unique symbol = Symbol("fallback");

class Fallback {}
const BAIL = new Fallback();

let s = "";
let i = 0;
let n = 0;

function bail(): never {
  throw BAIL;
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const MINUS = 45;
const DOT = 46;

function ws(): void {
  let c = s.charCodeAt(i);
  // Fast exit for compact JSON; NaN (end of text) is not whitespace.
  if (c > 32) return;
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++i);
}

function expect(code: number): void {
  ws();
  if (s.charCodeAt(i) !== code) bail();
  i++;
}

/** Scans a string starting at the opening quote; returns the index of the closing quote. */
function stringEnd(): number {
  if (s.charCodeAt(i) !== QUOTE) bail();
  let j = i + 1;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === QUOTE) break;
    // Escapes and control characters (and the end of text: NaN) go the generic way.
    if (!(c >= 32 && c !== 92)) bail();
    j++;
  }
  return j;
}

/** Compares `s[a..b)` with `word`. */
function is(a: number, b: number, word: string): boolean {
  if (b - a !== word.length) return false;
  for (let j = 0; a < b; a++, j++) if (s.charCodeAt(a) !== word.charCodeAt(j)) return false;
  return true;
}

/** The hash {@linkcode nextKey} computes over a key's characters. */
function hash(word: string): number {
  let h = 0;
  for (let j = 0; j < word.length; j++) h = (Math.imul(h, 31) + word.charCodeAt(j)) | 0;
  return h;
}

function readString(): string {
  const end = stringEnd();
  const out = s.slice(i + 1, end);
  i = end + 1;
  return out;
}

/** A non-negative JSON integer (canonical: no leading zero, no fraction, ≤ 15 digits). */
function readUint(): number {
  ws();
  const start = i;
  let v = 0;
  let d = s.charCodeAt(i) - 48;
  if (!(d >= 0 && d <= 9)) bail();
  if (d === 0) {
    i++;
  } else {
    do {
      v = v * 10 + d;
      d = s.charCodeAt(++i) - 48;
    } while (d >= 0 && d <= 9);
    if (i - start > 15) bail();
  }
  const c = s.charCodeAt(i);
  if (c === DOT || c === 101 || c === 69 || (c >= 48 && c <= 57)) bail();
  return v;
}

/** A `"D.DDDD"` price string in 0..10_000. */
function readPrice(): number {
  ws();
  if (s.charCodeAt(i) !== QUOTE || s.charCodeAt(i + 2) !== DOT || s.charCodeAt(i + 7) !== QUOTE) {
    bail();
  }
  const a = s.charCodeAt(i + 1) - 48;
  const b = s.charCodeAt(i + 3) - 48;
  const c = s.charCodeAt(i + 4) - 48;
  const d = s.charCodeAt(i + 5) - 48;
  const e = s.charCodeAt(i + 6) - 48;
  if ((a | b | c | d | e) < 0 || ((a - 2) & (b - 10) & (c - 10) & (d - 10) & (e - 10)) >= 0) {
    bail();
  }
  const v = a * 10_000 + b * 1000 + c * 100 + d * 10 + e;
  if (v > 10_000) bail();
  i += 8;
  return v;
}

/** A `"N.NN"` count string (`-` allowed when `signed`), at most 13 integer digits. */
function readCount(signed: boolean): number {
  ws();
  if (s.charCodeAt(i) !== QUOTE) bail();
  let j = i + 1;
  let neg = false;
  if (s.charCodeAt(j) === MINUS) {
    if (!signed) bail();
    neg = true;
    j++;
  }
  const start = j;
  let v = 0;
  let d = s.charCodeAt(j) - 48;
  while (d >= 0 && d <= 9) {
    v = v * 10 + d;
    d = s.charCodeAt(++j) - 48;
  }
  const digits = j - start;
  if (digits === 0 || digits > 13 || d !== DOT - 48) bail();
  const f1 = s.charCodeAt(j + 1) - 48;
  const f2 = s.charCodeAt(j + 2) - 48;
  if (!(f1 >= 0 && f1 <= 9 && f2 >= 0 && f2 <= 9) || s.charCodeAt(j + 3) !== QUOTE) bail();
  v = v * 100 + f1 * 10 + f2;
  i = j + 4;
  return neg ? 0 - v : v;
}

/** `[["D.DDDD","N.NN"], …]` into `out` as flat pairs. */
function readLevels(out: number[]): void {
  expect(LBRACKET);
  ws();
  if (s.charCodeAt(i) === RBRACKET) {
    i++;
    return;
  }
  for (;;) {
    // Compact levels `["0.4200","13.00"]` without whitespace take the short way.
    if (s.charCodeAt(i) === LBRACKET && s.charCodeAt(i + 1) === QUOTE) {
      i++;
      out.push(readPrice());
      if (s.charCodeAt(i) === COMMA) i++;
      else expect(COMMA);
      out.push(readCount(false));
      if (s.charCodeAt(i) === RBRACKET) i++;
      else expect(RBRACKET);
    } else {
      expect(LBRACKET);
      out.push(readPrice());
      expect(COMMA);
      out.push(readCount(false));
      expect(RBRACKET);
      ws();
    }
    const c = s.charCodeAt(i++);
    if (c === COMMA) continue;
    if (c === RBRACKET) return;
    i--;
    ws();
    const d = s.charCodeAt(i++);
    if (d === COMMA) continue;
    if (d === RBRACKET) return;
    bail();
  }
}

// ---------------------------------------------------------------------------------------------
// Validating skip of values the decoder does not read.

function skipNumber(): void {
  if (s.charCodeAt(i) === MINUS) i++;
  let c = s.charCodeAt(i);
  if (c === 48) {
    c = s.charCodeAt(++i);
  } else if (c >= 49 && c <= 57) {
    do c = s.charCodeAt(++i); while (c >= 48 && c <= 57);
  } else {
    bail();
  }
  if (c === DOT) {
    c = s.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) bail();
    do c = s.charCodeAt(++i); while (c >= 48 && c <= 57);
  }
  if (c === 101 || c === 69) {
    c = s.charCodeAt(++i);
    if (c === 43 || c === MINUS) c = s.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) bail();
    do c = s.charCodeAt(++i); while (c >= 48 && c <= 57);
  }
}

function skipWord(word: string): void {
  if (!s.startsWith(word, i)) bail();
  i += word.length;
}

function skipValue(depth: number): void {
  ws();
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    i = stringEnd() + 1;
  } else if (c === LBRACE || c === LBRACKET) {
    if (depth > 32) bail();
    const close = c === LBRACE ? RBRACE : RBRACKET;
    i++;
    ws();
    if (s.charCodeAt(i) === close) {
      i++;
      return;
    }
    for (;;) {
      if (close === RBRACE) {
        ws();
        i = stringEnd() + 1;
        expect(COLON);
      }
      skipValue(depth + 1);
      ws();
      const d = s.charCodeAt(i++);
      if (d === COMMA) continue;
      if (d === close) return;
      bail();
    }
  } else if (c === 116) {
    skipWord("true");
  } else if (c === 102) {
    skipWord("false");
  } else if (c === 110) {
    skipWord("null");
  } else {
    skipNumber();
  }
}

// ---------------------------------------------------------------------------------------------
// Frames

// Keys are told apart by a hash computed while scanning them, then confirmed with `is`.
let keyA = 0;
let keyB = 0;

/** Reads an object's next key and the colon; returns its hash, leaves its span in keyA/keyB. */
function nextKey(): number {
  ws();
  if (s.charCodeAt(i) !== QUOTE) bail();
  let j = i + 1;
  let h = 0;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === QUOTE) break;
    if (!(c >= 32 && c !== 92)) bail();
    h = (Math.imul(h, 31) + c) | 0;
    j++;
  }
  keyA = i + 1;
  keyB = j;
  i = j + 1;
  if (s.charCodeAt(i) === COLON) i++;
  else expect(COLON);
  return h;
}

/** Whether the key just read (with hash `h`) is `word` (hash `wordHash`). */
function key(h: number, wordHash: number, word: string): boolean {
  return h === wordHash && is(keyA, keyB, word);
}

const K_TYPE = hash("type");
const K_MSG = hash("msg");
const K_SID = hash("sid");
const K_SEQ = hash("seq");
const K_ID = hash("id");
const K_MARKET_TICKER = hash("market_ticker");
const K_PRICE_DOLLARS = hash("price_dollars");
const K_DELTA_FP = hash("delta_fp");
const K_SIDE = hash("side");
const K_TS_MS = hash("ts_ms");
const K_CLIENT_ORDER_ID = hash("client_order_id");
const K_SUBACCOUNT = hash("subaccount");
const K_PRICE = hash("price");
const K_DELTA = hash("delta");
const K_YES_FP = hash("yes_dollars_fp");
const K_NO_FP = hash("no_dollars_fp");
const K_YES = hash("yes");
const K_NO = hash("no");
const K_YES_DOLLARS = hash("yes_dollars");
const K_NO_DOLLARS = hash("no_dollars");

/** After a member: `true` when another follows, `false` at the closing brace. */
function more(): boolean {
  ws();
  const c = s.charCodeAt(i++);
  if (c === COMMA) return true;
  if (c === RBRACE) return false;
  return bail();
}

/** Opens an object; `false` when it is empty. */
function open(): boolean {
  expect(LBRACE);
  ws();
  if (s.charCodeAt(i) === RBRACE) {
    i++;
    return false;
  }
  return true;
}

const T_DELTA = 1;
const T_SNAPSHOT = 2;
const T_OTHER = 3;

function readDelta(): BookDeltaFrame {
  let ticker: string | undefined;
  let price = -1;
  let delta = 0;
  let side: "yes" | "no" | undefined;
  let tsMs = -1;
  let clientOrderId: string | undefined;
  let subaccount = -1;
  let seen = 0;
  if (open()) {
    do {
      const h = nextKey();
      let bit = 0;
      if (key(h, K_MARKET_TICKER, "market_ticker")) {
        bit = 1;
        ws();
        ticker = readString();
      } else if (key(h, K_PRICE_DOLLARS, "price_dollars")) {
        bit = 2;
        price = readPrice();
      } else if (key(h, K_DELTA_FP, "delta_fp")) {
        bit = 4;
        delta = readCount(true);
      } else if (key(h, K_SIDE, "side")) {
        bit = 8;
        ws();
        const end = stringEnd();
        if (is(i + 1, end, "yes")) side = "yes";
        else if (is(i + 1, end, "no")) side = "no";
        else bail();
        i = end + 1;
      } else if (key(h, K_TS_MS, "ts_ms")) {
        bit = 16;
        tsMs = readUint();
      } else if (key(h, K_CLIENT_ORDER_ID, "client_order_id")) {
        bit = 32;
        ws();
        clientOrderId = readString();
      } else if (key(h, K_SUBACCOUNT, "subaccount")) {
        bit = 64;
        subaccount = readUint();
      } else if (key(h, K_PRICE, "price") || key(h, K_DELTA, "delta")) {
        bail(); // legacy twins: let the generic path pick
      } else {
        skipValue(0);
      }
      if (seen & bit) bail(); // duplicate key: JSON.parse keeps the last one
      seen |= bit;
    } while (more());
  }
  if ((seen & 15) !== 15) bail();
  const frame: BookDeltaFrame = {
    type: "orderbook_delta",
    ticker: ticker!,
    side: side!,
    price,
    delta,
  };
  if (tsMs >= 0) frame.tsMs = tsMs;
  if (clientOrderId !== undefined) frame.clientOrderId = clientOrderId;
  if (subaccount >= 0) frame.subaccount = subaccount;
  return frame;
}

function readSnapshot(): BookSnapshotFrame {
  let ticker: string | undefined;
  const yes: number[] = [];
  const no: number[] = [];
  let seen = 0;
  if (open()) {
    do {
      const h = nextKey();
      let bit = 0;
      if (key(h, K_MARKET_TICKER, "market_ticker")) {
        bit = 1;
        ws();
        ticker = readString();
      } else if (key(h, K_YES_FP, "yes_dollars_fp")) {
        bit = 2;
        readLevels(yes);
      } else if (key(h, K_NO_FP, "no_dollars_fp")) {
        bit = 4;
        readLevels(no);
      } else if (
        key(h, K_YES, "yes") || key(h, K_NO, "no") || key(h, K_YES_DOLLARS, "yes_dollars") ||
        key(h, K_NO_DOLLARS, "no_dollars")
      ) {
        bail(); // legacy shapes
      } else {
        skipValue(0);
      }
      if (seen & bit) bail();
      seen |= bit;
    } while (more());
  }
  if ((seen & 1) === 0) bail();
  return { type: "orderbook_snapshot", ticker: ticker!, yes, no };
}

function scan(): BookFrame | undefined {
  let type = 0;
  let frame: BookFrame | undefined;
  let sid = -1;
  let seq = -1;
  let id = -1;
  let msgSeen = false;
  if (!open()) bail();
  do {
    const h = nextKey();
    if (key(h, K_TYPE, "type")) {
      if (type !== 0) bail();
      ws();
      const end = stringEnd();
      if (is(i + 1, end, "orderbook_delta")) type = T_DELTA;
      else if (is(i + 1, end, "orderbook_snapshot")) type = T_SNAPSHOT;
      else type = T_OTHER;
      i = end + 1;
    } else if (key(h, K_MSG, "msg")) {
      if (type === 0 || msgSeen) bail();
      msgSeen = true;
      if (type === T_OTHER) skipValue(0);
      else frame = type === T_DELTA ? readDelta() : readSnapshot();
    } else if (key(h, K_SID, "sid")) {
      if (sid >= 0) bail();
      sid = readUint();
    } else if (key(h, K_SEQ, "seq")) {
      if (seq >= 0) bail();
      seq = readUint();
    } else if (key(h, K_ID, "id")) {
      if (id >= 0) bail();
      id = readUint();
    } else {
      skipValue(0);
    }
  } while (more());
  ws();
  if (i !== n || type === 0) bail();
  // Another frame type, checked to be valid JSON with a single "type": not an orderbook frame.
  if (type === T_OTHER) return undefined;
  if (frame === undefined) bail();
  if (sid >= 0) frame.sid = sid;
  if (seq >= 0) frame.seq = seq;
  if (id >= 0) frame.id = id;
  return frame;
}

// ---------------------------------------------------------------------------------------------
// Canonical frames: the exact layout Kalshi sends, matched literal by literal. Any mismatch
// restarts with the general scanner above (MISS); a bad value goes to JSON.parse (BAIL).

class Miss {}
const MISS = new Miss();

function lit(word: string): void {
  if (!s.startsWith(word, i)) throw MISS;
  i += word.length;
}

/** The end (closing quote) of a string whose content starts at `i`; no escapes or controls. */
function contentEnd(): number {
  const end = s.indexOf('"', i);
  if (end < 0) bail();
  for (let j = i; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c < 32 || c === 92) bail();
  }
  return end;
}

const PREFIX = '{"type":"orderbook_';

/** The canonical layout of both frame types, or MISS. */
function canonical(): BookFrame {
  lit(PREFIX);
  let snapshot: boolean;
  if (s.startsWith('delta","sid":', i)) {
    snapshot = false;
    i += 13;
  } else if (s.startsWith('snapshot","sid":', i)) {
    snapshot = true;
    i += 16;
  } else {
    throw MISS;
  }
  const sid = readUint();
  lit(',"seq":');
  const seq = readUint();
  lit(',"msg":{"market_ticker":"');
  const end = contentEnd();
  const ticker = s.slice(i, end);
  i = end + 1;
  if (s.startsWith(',"market_id":"', i)) {
    i += 14;
    i = contentEnd() + 1;
  }
  if (snapshot) {
    const yes: number[] = [];
    const no: number[] = [];
    if (s.startsWith(',"yes_dollars_fp":', i)) {
      i += 18;
      readLevels(yes);
    }
    if (s.startsWith(',"no_dollars_fp":', i)) {
      i += 17;
      readLevels(no);
    }
    lit("}}");
    if (i !== n) throw MISS;
    return { type: "orderbook_snapshot", ticker, yes, no, sid, seq };
  }
  lit(',"price_dollars":');
  const price = readPrice();
  lit(',"delta_fp":');
  const delta = readCount(true);
  let side: "yes" | "no";
  if (s.startsWith(',"side":"yes"', i)) {
    side = "yes";
    i += 13;
  } else if (s.startsWith(',"side":"no"', i)) {
    side = "no";
    i += 12;
  } else {
    throw MISS;
  }
  // `ts` (deprecated) and `ts_ms` are optional.
  if (s.startsWith(',"ts":"', i)) {
    i += 7;
    i = contentEnd() + 1;
  }
  let tsMs = -1;
  if (s.startsWith(',"ts_ms":', i)) {
    i += 9;
    tsMs = readUint();
  }
  lit("}}");
  if (i !== n) throw MISS;
  const frame: BookDeltaFrame = { type: "orderbook_delta", ticker, side, price, delta, sid, seq };
  if (tsMs >= 0) frame.tsMs = tsMs;
  return frame;
}

/**
 * Scans an orderbook frame's text.
 *
 * @param text The frame text.
 * @returns The frame, `undefined` for a frame of another type, or {@linkcode FALLBACK}.
 */
export function scanBookFrame(text: string): BookFrame | undefined | typeof FALLBACK {
  s = text;
  i = 0;
  n = text.length;
  try {
    try {
      return canonical();
    } catch (e) {
      if (e !== MISS) throw e;
    }
    i = 0;
    return scan();
  } catch (e) {
    if (e === BAIL) return FALLBACK;
    throw e;
  } finally {
    s = "";
  }
}

/**
 * PEM armour and base64: finding blocks in loosely formatted text, and writing them.
 *
 * @module
 */

/** One `-----BEGIN X-----` … `-----END X-----` block found in text. */
export interface PemBlock {
  /** The label, e.g. `"RSA PRIVATE KEY"`. */
  label: string;
  /** Whether an RFC 1421 header marks the body as encrypted (`Proc-Type: 4,ENCRYPTED`). */
  encrypted: boolean;
  /** The base64 body with whitespace and headers removed. */
  body: string;
  /** Whether the matching END line was found. */
  complete: boolean;
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]{1,60})-----/g;
const PROC_TYPE_ENCRYPTED = /Proc-Type:\s*4\s*,\s*ENCRYPTED/i;
// RFC 1421 header lines (Proc-Type, DEK-Info) and their continuation lines.
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:.*$(\n[ \t].*$)*/gm;

/**
 * Undoes the damage env vars, JSON and copy-paste do to PEM: literal `\n` escapes, CRLF line
 * ends, and JSON's `\/`.
 */
export function normalisePem(text: string): string {
  let t = text;
  if (t.includes("\\")) {
    t = t.replace(/\\r\\n|\\n|\\r/g, "\n").replace(/\\\//g, "/");
  }
  return t.replace(/\r\n?/g, "\n");
}

/** Finds the PEM blocks in `text` (already normalised), in order. */
export function findPemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  BEGIN.lastIndex = 0;
  for (let m = BEGIN.exec(text); m !== null; m = BEGIN.exec(text)) {
    const label = m[1]!.trim();
    const from = m.index + m[0].length;
    const endLine = `-----END ${label}-----`;
    let to = text.indexOf(endLine, from);
    const complete = to !== -1;
    if (!complete) {
      const next = text.indexOf("-----", from);
      to = next === -1 ? text.length : next;
    }
    const raw = text.slice(from, to);
    out.push({
      label,
      encrypted: PROC_TYPE_ENCRYPTED.test(raw),
      body: raw.replace(HEADER_LINE, "").replace(/\s+/g, ""),
      complete,
    });
    BEGIN.lastIndex = complete ? to + endLine.length : to;
  }
  return out;
}

/**
 * Decodes standard, padded base64 (`=` only at the end).
 *
 * @returns The bytes, or `undefined` when the text is not valid base64.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Encodes bytes as standard, padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x2000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  }
  return btoa(bin);
}

/** Writes DER as a PEM block with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = encodeBase64(der);
  const lines = [`-----BEGIN ${label}-----`];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  lines.push(`-----END ${label}-----`, "");
  return lines.join("\n");
}

/**
 * Rewrites a PKCS#8 RSA private key PEM as PKCS#1 (`BEGIN RSA PRIVATE KEY`), the form Kalshi's
 * key download most likely uses, so clients get exercised on it.
 *
 * @module
 */

function header(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  if (start + len > der.length) throw new Error("truncated DER");
  return { tag, start, end: start + len };
}

/**
 * Converts a PKCS#8 PEM (`BEGIN PRIVATE KEY`) holding an RSA key to PKCS#1 PEM.
 *
 * @param pem PKCS#8 PEM text.
 * @returns PKCS#1 PEM text with 64-character lines.
 */
export function pkcs8ToPkcs1Pem(pem: string): string {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const outer = header(der, 0); // PrivateKeyInfo SEQUENCE
  const version = header(der, outer.start); // INTEGER 0
  const algorithm = header(der, version.end); // AlgorithmIdentifier SEQUENCE
  const key = header(der, algorithm.end); // OCTET STRING { RSAPrivateKey }
  if (outer.tag !== 0x30 || version.tag !== 0x02 || algorithm.tag !== 0x30 || key.tag !== 0x04) {
    throw new Error("not a PKCS#8 private key");
  }
  const body = der.subarray(key.start, key.end);
  let bin = "";
  for (const b of body) bin += String.fromCharCode(b);
  const lines = btoa(bin).match(/.{1,64}/g) ?? [];
  return `-----BEGIN RSA PRIVATE KEY-----\n${lines.join("\n")}\n-----END RSA PRIVATE KEY-----\n`;
}

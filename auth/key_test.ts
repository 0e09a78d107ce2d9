import assert from "node:assert/strict";
import { inspect } from "node:util";
import fc from "fast-check";
import { KalshiError, KalshiKeyError } from "../errors.ts";
import { soakScale } from "../_testing/soak.ts";
import {
  createSigner,
  generateKeyPair,
  KalshiAuth,
  parsePrivateKey,
  parsePublicKey,
  PrivateKey,
} from "./mod.ts";
import { _publicKeyOf } from "./key.ts";
import { leakedPiece, nodeVerifies, openssl, rsaFixture } from "./testdata/openssl.ts";

/** Asserts `fn` throws a KalshiKeyError whose message and printout leak nothing of `pem`. */
function assertKeyError(
  fn: () => unknown,
  pem: string,
  expected: { given: string; message: RegExp },
): KalshiKeyError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof KalshiKeyError, `expected KalshiKeyError, got ${caught}`);
  assert.ok(caught instanceof KalshiError);
  assert.equal(caught.code, "invalid_key");
  assert.equal(caught.name, "KalshiKeyError");
  assert.equal(caught.given, expected.given);
  assert.match(caught.message, expected.message);
  for (const shown of [caught.message, String(caught), Deno.inspect(caught), caught.stack ?? ""]) {
    assert.equal(leakedPiece(shown, pem), undefined, `key material leaked in: ${shown}`);
  }
  return caught;
}

Deno.test("parsePrivateKey() reads PKCS#1 and PKCS#8 of the same key", async () => {
  const fx = await rsaFixture();
  const k1 = parsePrivateKey(fx.pkcs1);
  const k8 = parsePrivateKey(fx.pkcs8);
  assert.equal(k1.format, "pkcs1");
  assert.equal(k8.format, "pkcs8");
  assert.equal(k1.bits, 2048);
  assert.equal(k8.bits, 2048);
  // Both derive the same public key, the one openssl extracted.
  assert.equal(_publicKeyOf(k1).toPem(), fx.spki);
  assert.equal(_publicKeyOf(k8).toPem(), fx.spki);
});

Deno.test("parsePrivateKey() tolerates CRLF, whitespace, escaped newlines and surrounding text", async () => {
  const fx = await rsaFixture();
  const body = fx.pkcs1.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  const variants: Record<string, string> = {
    crlf: fx.pkcs1.replaceAll("\n", "\r\n"),
    "lone CR": fx.pkcs1.replaceAll("\n", "\r"),
    "leading/trailing whitespace": `\n\n   \t${fx.pkcs1}\n\n  `,
    "indented lines": fx.pkcs1.split("\n").map((l) => `    ${l}`).join("\n"),
    "escaped \\n (.env)": fx.pkcs1.trim().replaceAll("\n", "\\n"),
    "escaped \\r\\n": fx.pkcs1.trim().replaceAll("\n", "\\r\\n"),
    "no line breaks in the body":
      `-----BEGIN RSA PRIVATE KEY-----${body}-----END RSA PRIVATE KEY-----`,
    "one line with spaces": fx.pkcs1.replaceAll("\n", " "),
    "text around it": `My Kalshi key (keep safe):\n${fx.pkcs1}\nkey id: abc\n`,
    "JSON-escaped slashes": fx.pkcs1.replaceAll("/", "\\/").replaceAll("\n", "\\n"),
    "tab-separated body lines": fx.pkcs1.replaceAll("\n", "\t\n"),
  };
  for (const [name, text] of Object.entries(variants)) {
    const key = parsePrivateKey(text);
    assert.equal(key.format, "pkcs1", name);
    assert.equal(_publicKeyOf(key).toPem(), fx.spki, name);
  }
  const crlf8 = parsePrivateKey(fx.pkcs8.replaceAll("\n", "\r\n"));
  assert.equal(crlf8.format, "pkcs8");
  assert.equal(_publicKeyOf(crlf8).toPem(), fx.spki);
});

Deno.test("parsePrivateKey() picks the private key out of a bundle with a certificate", async () => {
  const fx = await rsaFixture();
  const cert = await openssl(
    ["req", "-new", "-x509", "-key", "/dev/stdin", "-subj", "/CN=kalshikit-test", "-days", "1"],
    fx.pkcs8,
  );
  const key = parsePrivateKey(`${cert}${fx.pkcs8}`);
  assert.equal(_publicKeyOf(key).toPem(), fx.spki);
  assertKeyError(() => parsePrivateKey(cert), cert, {
    given: "certificate",
    message: /^Cannot load private key: the PEM is a certificate; a private key is needed/,
  });
});

Deno.test("parsePrivateKey() rejects encrypted keys, saying how to decrypt", async () => {
  const fx = await rsaFixture();
  const enc8 = await openssl(
    ["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:test-only"],
    fx.pkcs1,
  );
  assert.match(enc8, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  assertKeyError(() => parsePrivateKey(enc8), enc8, {
    given: "encrypted PKCS#8 private key",
    message:
      /^Cannot load private key: the key is encrypted \(encrypted PKCS#8 private key\); decrypt it first: openssl pkey -in key\.pem -out key-plain\.pem$/,
  });
  const enc1 = await openssl(
    ["rsa", "-traditional", "-aes256", "-passout", "pass:test-only"],
    fx.pkcs1,
  );
  assert.match(enc1, /Proc-Type: 4,ENCRYPTED/);
  assertKeyError(() => parsePrivateKey(enc1), enc1, {
    given: "encrypted PKCS#1 RSA private key",
    message: /the key is encrypted \(encrypted PKCS#1 RSA private key\); decrypt it first/,
  });
});

Deno.test("parsePrivateKey() rejects a public key given as the private key", async () => {
  const fx = await rsaFixture();
  assertKeyError(() => parsePrivateKey(fx.spki), fx.spki, {
    given: "public key (SPKI)",
    message:
      /^Cannot load private key: the PEM is a public key \(public key \(SPKI\)\); a private key is needed \(BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY\)$/,
  });
  assertKeyError(() => parsePrivateKey(fx.rsaPublic), fx.rsaPublic, {
    given: "public key (PKCS#1)",
    message: /the PEM is a public key \(public key \(PKCS#1\)\); a private key is needed/,
  });
});

Deno.test("parsePrivateKey() rejects EC and Ed25519 keys: Kalshi needs RSA", async () => {
  const ec8 = await openssl([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
  ]);
  assert.match(ec8, /^-----BEGIN PRIVATE KEY-----/);
  assertKeyError(() => parsePrivateKey(ec8), ec8, {
    given: "EC private key",
    message:
      /^Cannot load private key: the PEM is an EC private key; an RSA private key is needed: Kalshi API keys sign with RSA-PSS$/,
  });
  const ecTraditional = await openssl(["ec"], ec8);
  assert.match(ecTraditional, /^-----BEGIN EC PRIVATE KEY-----/);
  assertKeyError(() => parsePrivateKey(ecTraditional), ecTraditional, {
    given: "EC private key",
    message: /the PEM is an EC private key; an RSA private key is needed/,
  });
  const ed = await openssl(["genpkey", "-algorithm", "ed25519"]);
  assertKeyError(() => parsePrivateKey(ed), ed, {
    given: "Ed25519 private key",
    message: /the PEM is an Ed25519 private key; an RSA private key is needed/,
  });
});

Deno.test("parsePrivateKey() rejects garbage, empty text and non-strings", () => {
  const cases: [unknown, string, RegExp][] = [
    ["", "empty", /^Cannot load private key: the text is empty; a private key is needed/],
    ["  \r\n\t ", "empty", /the text is empty/],
    ["hello world", "not PEM", /the text is not PEM \(no "-----BEGIN" line\); a private key/],
    ["/home/me/kalshi.key", "not PEM", /not PEM/],
    [undefined, "not a string", /expected PEM text, got undefined/],
    [42, "not a string", /expected PEM text, got number/],
    [
      "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----",
      "OpenSSH private key",
      /OpenSSH private key; .*convert it with ssh-keygen -p -m PEM -f key/,
    ],
    [
      "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----",
      "DSA private key",
      /the PEM is a DSA private key; an RSA private key is needed/,
    ],
    [
      "-----BEGIN FOO-----\nAAAA\n-----END FOO-----",
      'PEM "FOO" block',
      /the PEM is a PEM "FOO" block; a private key is needed/,
    ],
  ];
  for (const [input, given, message] of cases) {
    assertKeyError(() => parsePrivateKey(input as string), String(input), { given, message });
  }
});

Deno.test("parsePrivateKey() rejects damaged base64 and damaged DER without echoing them", async () => {
  const fx = await rsaFixture();
  const lines = fx.pkcs1.trim().split("\n");
  // Bad characters in the body.
  const badChars = [lines[0], lines[1]!.replace(/.$/, "!"), ...lines.slice(2)].join("\n");
  assertKeyError(() => parsePrivateKey(badChars), fx.pkcs1, {
    given: "corrupt base64",
    message: /the base64 body of the PEM is damaged \(bad characters or truncated\); export/,
  });
  // Truncated: END line missing and the body cut mid-way.
  const truncated = lines.slice(0, 10).join("\n").slice(0, -1);
  assertKeyError(() => parsePrivateKey(truncated), fx.pkcs1, {
    given: "corrupt base64",
    message: /the "-----END RSA PRIVATE KEY-----" line is missing/,
  });
  // Valid base64 of broken DER: drop a 4-char group (3 bytes) from the middle.
  const cut = [
    lines[0],
    ...lines.slice(1, -1).join("").replace(/^(.{400}).{4}/, "$1").match(
      /.{1,64}/g,
    )!,
    lines.at(-1),
  ].join("\n");
  const err = assertKeyError(() => parsePrivateKey(cut), fx.pkcs1, {
    given: "corrupt PKCS#1 RSA private key",
    message: /^Cannot load private key: the PKCS#1 RSA private key data is damaged \(.+\); export/,
  });
  assert.ok(err.cause instanceof KalshiError);
  // PKCS#8 wrapper with nothing in it.
  const empty8 = "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----";
  assertKeyError(() => parsePrivateKey(empty8), empty8, {
    given: "corrupt PKCS#8 private key",
    message: /the PKCS#8 private key data is damaged/,
  });
});

Deno.test("parsePrivateKey() rejects RSA keys that are too small", async () => {
  const small = await openssl(["genrsa", "-traditional", "512"]);
  assertKeyError(() => parsePrivateKey(small), small, {
    given: "RSA private key of 512 bits",
    message: /the RSA key has 512 bits; 1024 to 16384 bits are needed/,
  });
});

Deno.test("PrivateKey never shows its material: inspect, JSON, String, template", async () => {
  const fx = await rsaFixture();
  for (const pem of [fx.pkcs1, fx.pkcs8]) {
    const key = parsePrivateKey(pem);
    const expected = `PrivateKey { format: "${key.format}", bits: 2048 }`;
    assert.equal(Deno.inspect(key), expected);
    assert.equal(Deno.inspect({ nested: [key] }, { depth: 10 }), `{ nested: [ ${expected} ] }`);
    assert.equal(inspect(key), expected);
    assert.equal(String(key), expected);
    assert.equal(`${key}`, expected);
    assert.equal(JSON.stringify(key), JSON.stringify(expected));
    assert.equal(JSON.stringify({ key }), JSON.stringify({ key: expected }));
    assert.deepEqual(Object.keys(key).sort(), ["bits", "format"]);
    assert.deepEqual(structuredCloneKeys(key), ["bits", "format"]);
    for (const shown of [Deno.inspect(key, { showHidden: true, depth: 10 }), JSON.stringify(key)]) {
      assert.equal(leakedPiece(shown, pem), undefined);
    }
    assert.ok(key instanceof PrivateKey);
  }
});

function structuredCloneKeys(key: PrivateKey): string[] {
  // Private fields do not survive structuredClone: only format and bits would be copied.
  return Object.keys(structuredClone(key)).sort();
}

Deno.test("KalshiAuth never shows the key: inspect, JSON, String", async () => {
  const fx = await rsaFixture();
  for (const backend of ["webcrypto", "ffi"] as const) {
    using auth = await KalshiAuth.create({ keyId: "key-1", privateKey: fx.pkcs1, backend });
    const expected = `KalshiAuth { keyId: "key-1", backend: "${backend}" }`;
    assert.equal(Deno.inspect(auth), expected);
    assert.equal(Deno.inspect(auth, { showHidden: true, depth: 10 }), expected);
    const outputs = [
      Deno.inspect(auth),
      Deno.inspect({ auth }, { depth: 10 }),
      JSON.stringify(auth),
      String(auth),
      inspect(auth, { showHidden: true, depth: 10 }),
    ];
    for (const shown of outputs) {
      assert.equal(leakedPiece(shown, fx.pkcs1), undefined, shown);
      assert.ok(!shown.includes("BEGIN"), shown);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(auth)), { keyId: "key-1", backend });
  }
});

Deno.test("KalshiAuth.create() rejects a bad key id and a bad key with typed errors", async () => {
  const fx = await rsaFixture();
  for (const keyId of ["", "has space", "a\nb", undefined]) {
    await assert.rejects(
      KalshiAuth.create({ keyId: keyId as string, privateKey: fx.pkcs1 }),
      /^KalshiConfigError: Invalid keyId: expected the API key id/,
    );
  }
  const err = await KalshiAuth.create({ keyId: "k", privateKey: fx.spki }).catch((e) => e);
  assert.ok(err instanceof KalshiKeyError);
  assert.equal(err.given, "public key (SPKI)");
});

Deno.test("parsePrivateKey() never throws anything but KalshiKeyError (fuzz)", async () => {
  const fx = await rsaFixture();
  const lines = fx.pkcs8.trim().split("\n");
  const labels = ["RSA PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PUBLIC KEY", "X"];
  const pemLike = fc.tuple(
    fc.constantFrom(...labels),
    fc.array(fc.constantFrom(...lines.slice(1, -1)), { maxLength: 30 }),
    fc.string({ maxLength: 8 }),
    fc.boolean(),
  ).map(([label, body, junk, end]) =>
    `-----BEGIN ${label}-----\n${body.join("\n")}${junk}\n${end ? `-----END ${label}-----` : ""}`
  );
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.base64String(), pemLike), (text) => {
      try {
        parsePrivateKey(text);
      } catch (err) {
        if (!(err instanceof KalshiKeyError)) throw err;
        assert.equal(leakedPiece(err.message, fx.pkcs8), undefined);
      }
    }),
    { numRuns: soakScale(20_000, 300) },
  );
});

Deno.test("a key parsed from PKCS#1 and one generated by generateKeyPair() sign interchangeably", async () => {
  const pair = await generateKeyPair();
  // Convert Web Crypto's PKCS#8 to PKCS#1 with openssl, as a user might.
  const pkcs1 = await openssl(["rsa", "-traditional"], pair.privateKeyPem);
  assert.match(pkcs1, /^-----BEGIN RSA PRIVATE KEY-----/);
  const key = parsePrivateKey(pkcs1);
  assert.equal(_publicKeyOf(key).toPem(), parsePublicKey(pair.publicKeyPem).toPem());
  using signer = await createSigner(key, { backend: "webcrypto" });
  assert.ok(nodeVerifies(pair.publicKeyPem, "x", await signer.sign("x")));
});

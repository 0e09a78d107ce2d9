import assert from "node:assert/strict";
import { KalshiConfigError, KalshiError } from "../errors.ts";
import {
  createSigner,
  generateKeyPair,
  KalshiAuth,
  parsePrivateKey,
  parsePublicKey,
  type SignerBackend,
  verifySignature,
} from "./mod.ts";
import { encodeBase64 } from "./_pem.ts";
import { nodeVerifies, opensslVerifies, rsaFixture, tempDir } from "./testdata/openssl.ts";

const BACKENDS: SignerBackend[] = ["webcrypto", "ffi"];
const FORMATS = ["pkcs1", "pkcs8"] as const;

for (const backend of BACKENDS) {
  for (const format of FORMATS) {
    Deno.test(`createSigner() ${backend} with a ${format} key signs what openssl and node:crypto verify`, async () => {
      const fx = await rsaFixture();
      const key = parsePrivateKey(fx[format]);
      assert.equal(key.format, format);
      using signer = await createSigner(key, { backend });
      assert.equal(signer.backend, backend);
      const message = "1703123456789GET/trade-api/v2/portfolio/orders";
      const sig = await signer.sign(message);
      assert.equal(sig.length, 256);
      assert.ok(await opensslVerifies(fx.spki, message, sig), "openssl dgst -verify");
      assert.ok(nodeVerifies(fx.spki, message, sig), "node:crypto verify");
      assert.ok(await verifySignature(parsePublicKey(fx.spki), message, encodeBase64(sig)));
      // The verifiers do reject: another message, or a flipped bit.
      assert.equal(await opensslVerifies(fx.spki, `${message}x`, sig), false);
      const flipped = sig.slice();
      flipped[100]! ^= 1;
      assert.equal(nodeVerifies(fx.spki, message, flipped), false);
    });
  }

  Deno.test(`createSigner() ${backend} signs bytes and non-ASCII text as UTF-8, randomised`, async () => {
    const fx = await rsaFixture();
    using signer = await createSigner(parsePrivateKey(fx.pkcs1), { backend });
    const text = "1703123456789GET/trade-api/v2/markets/KX%C3%A9 é €";
    const a = await signer.sign(text);
    const b = await signer.sign(new TextEncoder().encode(text));
    assert.notDeepEqual(a, b, "PSS signatures are randomised");
    assert.ok(nodeVerifies(fx.spki, text, a));
    assert.ok(nodeVerifies(fx.spki, text, b));
    // A long message (beyond the FFI signer's initial buffer) and an empty one.
    const long = "x".repeat(5000) + "é".repeat(300);
    assert.ok(nodeVerifies(fx.spki, long, await signer.sign(long)));
    assert.ok(nodeVerifies(fx.spki, "", await signer.sign("")));
  });

  Deno.test(`createSigner() ${backend} refuses to sign after dispose`, async () => {
    const fx = await rsaFixture();
    const signer = await createSigner(parsePrivateKey(fx.pkcs8), { backend });
    signer[Symbol.dispose]();
    signer[Symbol.dispose](); // idempotent
    await assert.rejects(signer.sign("x"), (err) => {
      assert.ok(err instanceof KalshiConfigError);
      assert.match(err.message, /disposed/);
      return true;
    });
  });

  Deno.test(`createSigner() ${backend} handles concurrent signing`, async () => {
    const fx = await rsaFixture();
    using signer = await createSigner(parsePrivateKey(fx.pkcs8), { backend });
    const messages = Array.from({ length: 16 }, (_, i) => `170000000000${i % 10}GET/p/${i}`);
    const sigs = await Promise.all(messages.map((m) => signer.sign(m)));
    sigs.forEach((s, i) => assert.ok(nodeVerifies(fx.spki, messages[i]!, s), messages[i]));
  });
}

Deno.test("createSigner() auto picks FFI when it is permitted", async () => {
  const fx = await rsaFixture();
  using signer = await createSigner(parsePrivateKey(fx.pkcs1));
  assert.equal(signer.backend, "ffi");
  const sig = await signer.sign("auto");
  assert.ok(nodeVerifies(fx.spki, "auto", sig));
});

Deno.test("createSigner() auto falls back to Web Crypto when libcrypto cannot load", async () => {
  const fx = await rsaFixture();
  using signer = await createSigner(parsePrivateKey(fx.pkcs1), {
    libcrypto: "/nonexistent/libcrypto-bogus.so.3",
  });
  assert.equal(signer.backend, "webcrypto");
  assert.ok(nodeVerifies(fx.spki, "fallback", await signer.sign("fallback")));
});

Deno.test("createSigner() ffi with a bogus library path throws a config error naming it", async () => {
  const fx = await rsaFixture();
  await assert.rejects(
    createSigner(parsePrivateKey(fx.pkcs1), {
      backend: "ffi",
      libcrypto: "/nonexistent/libcrypto-bogus.so.3",
    }),
    (err) => {
      assert.ok(err instanceof KalshiConfigError);
      assert.match(err.message, /^Cannot load OpenSSL 3 libcrypto for FFI signing: tried/);
      assert.match(err.message, /libcrypto-bogus\.so\.3/);
      return true;
    },
  );
});

Deno.test("createSigner() rejects an unknown backend and a non-key", async () => {
  const fx = await rsaFixture();
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    createSigner(parsePrivateKey(fx.pkcs1), { backend: "openssl" as any }),
    /Invalid signer backend "openssl": expected "auto", "webcrypto" or "ffi"/,
  );
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    createSigner(fx.pkcs1 as any),
    (err) => err instanceof KalshiConfigError && /expected a PrivateKey/.test(err.message),
  );
});

/** Runs a script in a child Deno with only the given permission flags; returns its JSON output. */
async function runChild(flags: string[], script: string): Promise<Record<string, unknown>> {
  await using dir = await tempDir();
  const file = `${dir.path}/child.ts`;
  await Deno.writeTextFile(file, script);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--no-config", ...flags, file],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `child failed: ${stderr}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const CHILD_SCRIPT = (modUrl: string, errorsUrl: string) => `
import { createSigner, generateKeyPair, parsePrivateKey, parsePublicKey, verifySignature } from ${
  JSON.stringify(modUrl)
};
import { KalshiConfigError } from ${JSON.stringify(errorsUrl)};
const pair = await generateKeyPair();
const key = parsePrivateKey(pair.privateKeyPem);
using signer = await createSigner(key);
const sig = btoa(String.fromCharCode(...await signer.sign("m")));
let ffiError = null;
try {
  (await createSigner(key, { backend: "ffi" }))[Symbol.dispose]();
} catch (err) {
  ffiError = { config: err instanceof KalshiConfigError, message: err.message };
}
console.log(JSON.stringify({
  backend: signer.backend,
  verifies: await verifySignature(parsePublicKey(pair.publicKeyPem), "m", sig),
  ffiError,
}));
`;

Deno.test("createSigner() auto silently uses Web Crypto when FFI is not permitted", async () => {
  const result = await runChild(
    ["--allow-read"],
    CHILD_SCRIPT(
      new URL("./mod.ts", import.meta.url).href,
      new URL("../errors.ts", import.meta.url).href,
    ),
  );
  assert.deepEqual(result, {
    backend: "webcrypto",
    verifies: true,
    ffiError: {
      config: true,
      message: "Cannot use FFI signing: FFI permission is not granted (run with --allow-ffi)",
    },
  });
});

Deno.test("createSigner() auto uses FFI in a child granted --allow-ffi", async () => {
  const result = await runChild(
    ["--allow-read", "--allow-ffi"],
    CHILD_SCRIPT(
      new URL("./mod.ts", import.meta.url).href,
      new URL("../errors.ts", import.meta.url).href,
    ),
  );
  assert.deepEqual(result, { backend: "ffi", verifies: true, ffiError: null });
});

Deno.test("KalshiAuth.create() works with each backend and both key formats", async () => {
  const fx = await rsaFixture();
  for (const backend of BACKENDS) {
    for (const format of FORMATS) {
      using auth = await KalshiAuth.create({ keyId: "kid", privateKey: fx[format], backend });
      assert.equal(auth.backend, backend);
      const { headers, signed } = await auth.signDetailed(
        "GET",
        "https://external-api.kalshi.com/trade-api/v2/portfolio/balance?subaccount=0",
        { timestampMs: 1703123456789 },
      );
      assert.equal(signed, "1703123456789GET/trade-api/v2/portfolio/balance");
      const sig = headers["KALSHI-ACCESS-SIGNATURE"];
      assert.match(sig, /^[A-Za-z0-9+/]{342}==$/);
      assert.ok(nodeVerifies(fx.spki, signed, Uint8Array.from(atob(sig), (c) => c.charCodeAt(0))));
    }
  }
});

Deno.test("a key from generateKeyPair() signs on both backends", async () => {
  const pair = await generateKeyPair();
  for (const backend of BACKENDS) {
    using signer = await createSigner(parsePrivateKey(pair.privateKeyPem), { backend });
    const sig = await signer.sign("gen");
    assert.ok(await opensslVerifies(pair.publicKeyPem, "gen", sig), backend);
  }
});

Deno.test("signer errors are KalshiErrors without key material", async () => {
  const fx = await rsaFixture();
  const err = await createSigner(parsePrivateKey(fx.pkcs1), { backend: "ffi", libcrypto: "/x" })
    .then(() => undefined, (e) => e);
  assert.ok(err instanceof KalshiError);
  const shown = Deno.inspect(err);
  assert.ok(!shown.includes("MII"), "no base64 DER in the printout");
});

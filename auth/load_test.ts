import assert from "node:assert/strict";
import { KalshiConfigError, KalshiKeyError } from "../errors.ts";
import {
  generateKeyPair,
  loadPrivateKey,
  type PrivateKeySource,
  resolvePrivateKey,
} from "./mod.ts";
import { _publicKeyOf } from "./key.ts";
import { leakedPiece, rsaFixture, tempDir } from "./testdata/openssl.ts";

const ENV = "KALSHIKIT_TEST_PRIVATE_KEY";

Deno.test("loadPrivateKey() reads PEM text in both formats", async () => {
  const fx = await rsaFixture();
  assert.equal((await loadPrivateKey({ pem: fx.pkcs1 })).format, "pkcs1");
  assert.equal((await loadPrivateKey({ pem: fx.pkcs8 })).format, "pkcs8");
});

Deno.test("loadPrivateKey() reads a key file (LF and CRLF)", async () => {
  const fx = await rsaFixture();
  await using dir = await tempDir();
  const lf = `${dir.path}/kalshi.key`;
  const crlf = `${dir.path}/kalshi-crlf.txt`;
  await Deno.writeTextFile(lf, fx.pkcs1);
  await Deno.writeTextFile(crlf, fx.pkcs8.replaceAll("\n", "\r\n"));
  const a = await loadPrivateKey({ path: lf });
  const b = await loadPrivateKey({ path: crlf });
  assert.equal(a.format, "pkcs1");
  assert.equal(b.format, "pkcs8");
  assert.equal(_publicKeyOf(a).toPem(), fx.spki);
  assert.equal(_publicKeyOf(b).toPem(), fx.spki);
});

Deno.test("loadPrivateKey() names the file, never its content, when it fails", async () => {
  const fx = await rsaFixture();
  await using dir = await tempDir();
  const missing = `${dir.path}/missing.key`;
  await assert.rejects(loadPrivateKey({ path: missing }), (err) => {
    assert.ok(err instanceof KalshiKeyError);
    assert.equal(err.given, "unreadable file");
    assert.equal(err.message, `Cannot load private key from file "${missing}": no such file`);
    return true;
  });
  await assert.rejects(loadPrivateKey({ path: dir.path }), (err) => {
    assert.ok(err instanceof KalshiKeyError);
    assert.match(err.message, /^Cannot load private key from file ".+": /);
    return true;
  });
  const pub = `${dir.path}/pub.pem`;
  await Deno.writeTextFile(pub, fx.spki);
  await assert.rejects(loadPrivateKey({ path: pub }), (err) => {
    assert.ok(err instanceof KalshiKeyError);
    assert.equal(err.given, "public key (SPKI)");
    assert.match(
      err.message,
      /^Cannot load private key from file ".+pub\.pem": the PEM is a public/,
    );
    assert.equal(leakedPiece(Deno.inspect(err), fx.spki), undefined);
    return true;
  });
});

Deno.test("loadPrivateKey() rethrows the abort reason untouched", async () => {
  const fx = await rsaFixture();
  await using dir = await tempDir();
  const path = `${dir.path}/k.pem`;
  await Deno.writeTextFile(path, fx.pkcs1);
  const reason = new Error("stop");
  const ac = new AbortController();
  ac.abort(reason);
  await assert.rejects(loadPrivateKey({ path }, { signal: ac.signal }), (err) => err === reason);
});

Deno.test("loadPrivateKey() reads an env var with escaped \\n, as stored in .env files", async () => {
  const fx = await rsaFixture();
  try {
    // As `KALSHI_PRIVATE_KEY="-----BEGIN ...-----\nMIIE...\n-----END ...-----"` in a .env file.
    Deno.env.set(ENV, fx.pkcs1.trim().replaceAll("\n", "\\n"));
    const escaped = await loadPrivateKey({ env: ENV });
    assert.equal(escaped.format, "pkcs1");
    assert.equal(_publicKeyOf(escaped).toPem(), fx.spki);
    Deno.env.set(ENV, fx.pkcs8); // real newlines
    assert.equal((await loadPrivateKey({ env: ENV })).format, "pkcs8");
    Deno.env.set(ENV, fx.pkcs8.replaceAll("\n", "\r\n"));
    assert.equal((await loadPrivateKey({ env: ENV })).format, "pkcs8");
  } finally {
    Deno.env.delete(ENV);
  }
});

Deno.test("loadPrivateKey() names the variable, never its content, when it fails", async () => {
  const fx = await rsaFixture();
  await assert.rejects(loadPrivateKey({ env: ENV }), (err) => {
    assert.ok(err instanceof KalshiKeyError);
    assert.equal(err.given, "missing environment variable");
    assert.equal(
      err.message,
      `Cannot load private key from environment variable "${ENV}": the variable is not set`,
    );
    return true;
  });
  try {
    Deno.env.set(ENV, "./secrets/kalshi.key");
    await assert.rejects(loadPrivateKey({ env: ENV }), (err) => {
      assert.ok(err instanceof KalshiKeyError);
      assert.equal(err.given, "not PEM");
      assert.match(
        err.message,
        /the text is not PEM .*; to load a key file, use \{ path \} instead$/,
      );
      return true;
    });
    Deno.env.set(ENV, fx.rsaPublic.replaceAll("\n", "\\n"));
    await assert.rejects(loadPrivateKey({ env: ENV }), (err) => {
      assert.ok(err instanceof KalshiKeyError);
      assert.equal(err.given, "public key (PKCS#1)");
      assert.equal(leakedPiece(Deno.inspect(err), fx.rsaPublic), undefined);
      return true;
    });
  } finally {
    Deno.env.delete(ENV);
  }
});

Deno.test("loadPrivateKey() rejects a source that is not exactly one of pem, path, env", async () => {
  const fx = await rsaFixture();
  const bad: unknown[] = [
    {},
    undefined,
    { pem: fx.pkcs1, path: "/x" },
    { path: 42 },
    { file: "/x" },
  ];
  for (const source of bad) {
    await assert.rejects(loadPrivateKey(source as PrivateKeySource), (err) => {
      assert.ok(err instanceof KalshiConfigError, Deno.inspect(source));
      assert.match(err.message, /^Invalid key source: expected exactly one of/);
      assert.ok(!err.message.includes("BEGIN"));
      return true;
    });
  }
});

Deno.test("loadPrivateKey() reports a missing --allow-env / --allow-read permission", async () => {
  const script = `
    import { loadPrivateKey } from ${JSON.stringify(new URL("./mod.ts", import.meta.url).href)};
    const out = [];
    for (const source of [{ env: "SOME_KEY" }, { path: "/etc/hostname" }]) {
      try { await loadPrivateKey(source); out.push("loaded"); }
      catch (err) { out.push([err.name, err.given, err.message]); }
    }
    console.log(JSON.stringify(out));
  `;
  await using dir = await tempDir();
  const file = `${dir.path}/child.ts`;
  await Deno.writeTextFile(file, script);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--no-config", file],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), [
    [
      "KalshiKeyError",
      "unreadable environment variable",
      'Cannot load private key from environment variable "SOME_KEY": permission denied (run with --allow-env=SOME_KEY)',
    ],
    [
      "KalshiKeyError",
      "unreadable file",
      'Cannot load private key from file "/etc/hostname": permission denied',
    ],
  ]);
});

Deno.test("resolvePrivateKey() takes a parsed key, PEM text or a source, and rejects anything else", async () => {
  const { privateKeyPem } = await generateKeyPair();
  const parsed = await resolvePrivateKey(privateKeyPem);
  assert.equal(await resolvePrivateKey(parsed), parsed);
  assert.equal((await resolvePrivateKey({ pem: privateKeyPem })).bits, 2048);
  await assert.rejects(resolvePrivateKey({} as PrivateKeySource), KalshiConfigError);
  await assert.rejects(resolvePrivateKey("not a key"), KalshiKeyError);
});

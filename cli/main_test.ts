import assert from "node:assert/strict";
import { constants, createPublicKey, verify } from "node:crypto";
import { generateKeyPair } from "../auth/mod.ts";
import type { CliIo } from "./_io.ts";
import { main } from "./main.ts";

interface Captured extends CliIo {
  stdout: string;
  stderr: string;
  controller: AbortController;
  /** Resolves with stdout once it holds a full line. */
  firstLine: Promise<string>;
}

function capture(env: Record<string, string> = {}): Captured {
  const controller = new AbortController();
  let resolveLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((r) => resolveLine = r);
  const io: Captured = {
    stdout: "",
    stderr: "",
    controller,
    firstLine,
    out(t) {
      io.stdout += t;
      if (io.stdout.includes("\n")) resolveLine(io.stdout.split("\n")[0]!);
    },
    err(t) {
      io.stderr += t;
    },
    env: (n) => env[n],
    signal: controller.signal,
    isTerminal: false,
  };
  return io;
}

async function keyFiles(): Promise<{ dir: string; key: string; publicKeyPem: string }> {
  const dir = await Deno.makeTempDir();
  const pair = await generateKeyPair();
  await Deno.writeTextFile(`${dir}/k.pem`, pair.privateKeyPem);
  return { dir, key: `${dir}/k.pem`, publicKeyPem: pair.publicKeyPem };
}

Deno.test("kalshi auth sign -o json prints headers and the signed string without the query", async () => {
  const { dir, key, publicKeyPem } = await keyFiles();
  try {
    const io = capture();
    const code = await main([
      "auth",
      "sign",
      "--key",
      key,
      "--key-id",
      "test-key",
      "--method",
      "post",
      "--path",
      "/trade-api/v2/portfolio/events/orders?limit=5",
      "--timestamp",
      "1700000000000",
      "-o",
      "json",
    ], io);
    assert.equal(code, 0, io.stderr);
    const out = JSON.parse(io.stdout);
    assert.equal(out.signed, "1700000000000POST/trade-api/v2/portfolio/events/orders");
    assert.equal(out.headers["KALSHI-ACCESS-KEY"], "test-key");
    assert.equal(out.headers["KALSHI-ACCESS-TIMESTAMP"], "1700000000000");
    const ok = verify(
      "sha256",
      new TextEncoder().encode(out.signed),
      {
        key: createPublicKey(publicKeyPem),
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      },
      Uint8Array.from(atob(out.headers["KALSHI-ACCESS-SIGNATURE"]), (c) => c.charCodeAt(0)),
    );
    assert.ok(ok);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kalshi auth sign reads the key from an environment variable with escaped newlines", async () => {
  const pair = await generateKeyPair();
  const io = capture({ MY_KEY: pair.privateKeyPem.replaceAll("\n", "\\n") });
  const code = await main(
    ["auth", "sign", "--key-env", "MY_KEY", "--key-id", "k", "--method", "GET", "--path", "/x"],
    io,
  );
  // The CLI reads the variable through Deno.env (loadPrivateKey), not io.env: set it for real.
  if (code !== 0) {
    Deno.env.set("MY_KEY", pair.privateKeyPem.replaceAll("\n", "\\n"));
    try {
      const io2 = capture();
      const code2 = await main(
        ["auth", "sign", "--key-env", "MY_KEY", "--key-id", "k", "--method", "GET", "--path", "/x"],
        io2,
      );
      assert.equal(code2, 0, io2.stderr);
      assert.match(io2.stdout, /signed \((ffi|webcrypto)\): \d{13}GET\/x/);
    } finally {
      Deno.env.delete("MY_KEY");
    }
  }
});

Deno.test("unknown commands and flags print usage on stderr and exit 2", async () => {
  for (const args of [["bogus"], ["auth", "sign", "--nope"], ["keys", "generate", "--out"], []]) {
    const io = capture();
    assert.equal(await main(args, io), 2, args.join(" "));
    assert.match(io.stderr, /kalshi|Usage/);
    assert.equal(io.stdout, "");
  }
});

Deno.test("a missing key file is one clear line on stderr and exit 1", async () => {
  const io = capture();
  const code = await main(
    ["auth", "sign", "--key", "/no/such.pem", "--key-id", "k", "--method", "GET", "--path", "/x"],
    io,
  );
  assert.equal(code, 1);
  assert.equal(io.stderr.trim().split("\n").length, 1);
  assert.match(io.stderr, /no\/such\.pem/);
});

Deno.test("a public key given as the private key is refused with a clear error", async () => {
  const { dir, publicKeyPem } = await keyFiles();
  try {
    await Deno.writeTextFile(`${dir}/pub.pem`, publicKeyPem);
    const io = capture();
    const code = await main(
      [
        "auth",
        "sign",
        "--key",
        `${dir}/pub.pem`,
        "--key-id",
        "k",
        "--method",
        "GET",
        "--path",
        "/x",
      ],
      io,
    );
    assert.equal(code, 1);
    assert.match(io.stderr, /public key/i);
    assert.doesNotMatch(io.stderr, /MII/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kalshi keys generate writes a 0600 private key that signs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const io = capture();
    assert.equal(await main(["keys", "generate", "--out", dir], io), 0, io.stderr);
    const st = await Deno.stat(`${dir}/kalshi.pem`);
    assert.equal(st.mode! & 0o777, 0o600);
    assert.match(await Deno.readTextFile(`${dir}/kalshi.pub.pem`), /BEGIN PUBLIC KEY/);
    const again = capture();
    assert.equal(await main(["keys", "generate", "--out", dir], again), 1);
    assert.match(again.stderr, /--force/);
    const sign = capture();
    const code = await main(
      [
        "auth",
        "sign",
        "--key",
        `${dir}/kalshi.pem`,
        "--key-id",
        "k",
        "--method",
        "GET",
        "--path",
        "/x",
      ],
      sign,
    );
    assert.equal(code, 0, sign.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kalshi sim --json prints one line with URLs and a key file, then serves until stopped", async () => {
  const io = capture();
  const done = main(["sim", "--json", "--port", "0", "--markets", "50"], io);
  const line = JSON.parse(await io.firstLine);
  try {
    assert.match(line.rest_url, /^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/);
    assert.match(line.ws_url, /^ws:\/\/127\.0\.0\.1:\d+\/trade-api\/ws\/v2$/);
    assert.equal(typeof line.key_id, "string");
    const st = await Deno.stat(line.private_key_path);
    assert.equal(st.mode! & 0o777, 0o600);
    const res = await fetch(`${line.rest_url}/exchange/status`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    io.controller.abort();
    assert.equal(await done, 0);
    // The temporary key file goes away with the simulator.
    await assert.rejects(Deno.stat(line.private_key_path), Deno.errors.NotFound);
  }
  assert.equal(io.stdout.trim().split("\n").length, 1);
});

import assert from "node:assert/strict";
import crypto from "node:crypto";
import { KalshiConfigError } from "../errors.ts";
import {
  createSigner,
  generateKeyPair,
  type GenerateKeyPairOptions,
  parsePrivateKey,
  parsePublicKey,
} from "./mod.ts";
import { nodeVerifies, openssl, opensslVerifies, tempDir } from "./testdata/openssl.ts";

Deno.test("generateKeyPair() output loads in openssl pkey and matches its public half", async () => {
  const pair = await generateKeyPair();
  assert.match(
    pair.privateKeyPem,
    /^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n$/,
  );
  assert.match(
    pair.publicKeyPem,
    /^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/,
  );
  await using dir = await tempDir();
  const priv = `${dir.path}/private.pem`;
  const pub = `${dir.path}/public.pem`;
  await Deno.writeTextFile(priv, pair.privateKeyPem);
  await Deno.writeTextFile(pub, pair.publicKeyPem);
  const text = await openssl(["pkey", "-in", priv, "-noout", "-text"]);
  assert.match(text, /Private-Key: \(2048 bit, 2 primes\)/);
  assert.match(text, /publicExponent: 65537/);
  await openssl(["pkey", "-in", priv, "-check", "-noout"]);
  assert.equal(await openssl(["pkey", "-in", priv, "-pubout"]), pair.publicKeyPem);
  assert.match(
    await openssl(["pkey", "-pubin", "-in", pub, "-noout", "-text"]),
    /Public-Key: \(2048 bit\)/,
  );
  // openssl can sign with it, and we can verify what it signed.
  const msg = `${dir.path}/msg.txt`;
  const sig = `${dir.path}/sig.bin`;
  await Deno.writeTextFile(msg, "1700000000000GET/trade-api/v2/portfolio/balance");
  await openssl([
    "dgst",
    "-sha256",
    "-sigopt",
    "rsa_padding_mode:pss",
    "-sigopt",
    "rsa_pss_saltlen:32",
    "-sign",
    priv,
    "-out",
    sig,
    msg,
  ]);
  assert.ok(
    nodeVerifies(
      pair.publicKeyPem,
      "1700000000000GET/trade-api/v2/portfolio/balance",
      await Deno.readFile(sig),
    ),
  );
});

Deno.test("generateKeyPair() output loads in node:crypto", async () => {
  const pair = await generateKeyPair();
  const priv = crypto.createPrivateKey(pair.privateKeyPem);
  const pub = crypto.createPublicKey(pair.publicKeyPem);
  assert.equal(priv.asymmetricKeyType, "rsa");
  assert.equal(priv.asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(pub.asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(
    crypto.createPublicKey(priv).export({ type: "spki", format: "pem" }),
    pair.publicKeyPem,
  );
  // node:crypto signs, our verifier and openssl agree; our signer signs, node agrees.
  const data = "1700000000000POST/trade-api/v2/portfolio/events/orders";
  const nodeSig = crypto.sign("sha256", new TextEncoder().encode(data), {
    key: priv,
    padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  assert.ok(await opensslVerifies(pair.publicKeyPem, data, new Uint8Array(nodeSig)));
  using signer = await createSigner(parsePrivateKey(pair.privateKeyPem));
  assert.ok(nodeVerifies(pair.publicKeyPem, data, await signer.sign(data)));
});

Deno.test("generateKeyPair() makes 3072-bit keys and distinct pairs", async () => {
  const [a, b] = await Promise.all([generateKeyPair({ bits: 3072 }), generateKeyPair()]);
  assert.equal(parsePrivateKey(a.privateKeyPem).bits, 3072);
  assert.equal(parsePublicKey(a.publicKeyPem).bits, 3072);
  assert.notEqual(a.publicKeyPem, b.publicKeyPem);
});

Deno.test("generateKeyPair() rejects other sizes", async () => {
  for (const bits of [1024, 2047, 8192, 0, NaN, "2048"]) {
    await assert.rejects(
      generateKeyPair({ bits } as GenerateKeyPairOptions),
      (err) =>
        err instanceof KalshiConfigError &&
        err.message === `Invalid key size ${JSON.stringify(bits)}: expected 2048, 3072 or 4096`,
    );
  }
});

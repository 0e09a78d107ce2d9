/**
 * `deno bench -A bench/sign_bench.ts`: one RSA-2048 RSA-PSS signature of the same Kalshi signing
 * string with the same key, by the Web Crypto and FFI (libcrypto) backends, against node:crypto
 * as the baseline. The headline ratio against `openssl speed` is `deno task bench:sign`.
 *
 * @module
 */

import { MESSAGE, nodePssSigner } from "./_node_signer.ts";
import { createSigner, generateKeyPair, parsePrivateKey, type Signer } from "../auth/mod.ts";

const pair = await generateKeyPair();
const key = parsePrivateKey(pair.privateKeyPem);
const webcrypto = await createSigner(key, { backend: "webcrypto" });
let ffi: Signer | undefined;
try {
  ffi = await createSigner(key, { backend: "ffi" });
} catch {
  // Reported as an ignored bench below.
}
const nodeSign = nodePssSigner(pair.privateKeyPem);

globalThis.addEventListener("unload", () => {
  webcrypto[Symbol.dispose]();
  ffi?.[Symbol.dispose]();
});

Deno.bench({
  name: "node:crypto sign",
  group: "rsa-pss-2048",
  baseline: true,
  fn() {
    nodeSign();
  },
});

Deno.bench({
  name: "webcrypto backend sign",
  group: "rsa-pss-2048",
  async fn() {
    await webcrypto.sign(MESSAGE);
  },
});

Deno.bench({
  name: "ffi backend sign",
  group: "rsa-pss-2048",
  ignore: ffi === undefined,
  async fn() {
    await ffi!.sign(MESSAGE);
  },
});

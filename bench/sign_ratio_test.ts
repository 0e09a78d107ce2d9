import assert from "node:assert/strict";
import { measure, median, parseOpensslSpeed } from "./sign_ratio.ts";

// Verbatim tail of `openssl speed -seconds 3 rsa2048` from OpenSSL 3.0.19 (Debian).
const OPENSSL_3_0 = `Doing 2048 bits private rsa's for 3s: 3431 2048 bits private RSA's in 3.00s
Doing 2048 bits public rsa's for 3s: 116098 2048 bits public RSA's in 2.93s
version: 3.0.19
built on: Fri Apr  3 12:29:32 2026 UTC
options: bn(64,64)
compiler: gcc -fPIC -pthread -m64 -Wa,--noexecstack -Wall -O2 -DNDEBUG
CPUINFO: OPENSSL_ia32cap=0xfffa3203078bffff:0x40069c219c07ab
                  sign    verify    sign/s verify/s
rsa 2048 bits 0.000874s 0.000025s   1143.8  39623.9
`;

Deno.test("parseOpensslSpeed() reads the OpenSSL 1.1/3.0 table line", () => {
  assert.equal(parseOpensslSpeed(OPENSSL_3_0), 1143.8);
  assert.equal(parseOpensslSpeed(OPENSSL_3_0.replaceAll("\n", "\r\n")), 1143.8);
  assert.equal(
    parseOpensslSpeed(
      "                  sign    verify    sign/s verify/s\nrsa 2048 bits 0.000567s 0.000016s   1763.5  62500.0\n",
    ),
    1763.5,
  );
});

Deno.test("parseOpensslSpeed() reads the 3.2+ table with encrypt/decrypt columns", () => {
  const text = [
    "                   sign    verify    encrypt   decrypt   sign/s verify/s  encr./s  decr./s",
    "rsa   512 bits 0.000041s 0.000003s 0.000003s 0.000058s  24390.2 333333.3 333333.3  17241.4",
    "rsa  2048 bits 0.000598s 0.000017s 0.000018s 0.000601s   1672.2  58823.5  55555.6   1663.9",
  ].join("\n");
  assert.equal(parseOpensslSpeed(text), 1672.2);
  // Without a header line, the first bare number after the times is sign/s.
  assert.equal(parseOpensslSpeed(text.split("\n").slice(1).join("\n")), 1672.2);
});

Deno.test("parseOpensslSpeed() falls back to the count line, and fails clearly", () => {
  assert.equal(
    parseOpensslSpeed(
      "Doing 2048 bits private rsa's for 3s: 3000 2048 bits private RSA's in 2.50s",
    ),
    1200,
  );
  assert.equal(
    parseOpensslSpeed("Doing 2048 bits sign rsa's for 3s: 900 2048 bits RSA sign ops in 3.00s"),
    300,
  );
  assert.throws(
    () => parseOpensslSpeed("rsa 1024 bits 0.1s 0.1s 10 10"),
    /Cannot find the RSA-2048/,
  );
  assert.throws(() => parseOpensslSpeed(""), /Cannot find the RSA-2048/);
});

Deno.test("measure() counts sequential awaited calls", async () => {
  let calls = 0;
  const sample = await measure(() => Promise.resolve(calls++), 5);
  assert.equal(sample.count, calls);
  assert.ok(sample.count > 0);
  assert.ok(sample.seconds > 0);
});

Deno.test("median() of odd and even lists, unsorted", () => {
  assert.equal(median([0.99, 0.87, 1.12]), 0.99);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

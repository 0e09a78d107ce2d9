import assert from "node:assert/strict";
import type { CliIo } from "./_io.ts";
import { main } from "./main.ts";

Deno.test("kalshi demo trades on the embedded simulator and prints a summary", async () => {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: () => undefined,
    signal: new AbortController().signal,
    isTerminal: false,
  };
  assert.equal(await main(["demo", "--markets", "60", "--seed", "3"], io), 0, err);
  assert.match(out, /Order book of /);
  assert.match(out, /Resting order [\w-]+: buy 5 YES @ 0\.\d{4} — filled 0\.00, resting 5\.00/);
  assert.match(out, /Crossing order [\w-]+: buy 2 YES @ 0\.\d{4} \(IOC\) — filled 2\.00/);
  assert.match(out, /Position \S+: 2\.00 contracts/);
  assert.match(out, /contracts filled {2}2\.00/);
  // Buying costs cash: the change is signed before the dollar sign.
  assert.match(out, /cash change {7}-\$\d+\.\d{6}\n/);
  assert.equal(err, "");
});

Deno.test("kalshi demo refuses an unknown environment with usage", async () => {
  let err = "";
  const io: CliIo = {
    out: () => {},
    err: (t) => void (err += t),
    env: () => undefined,
    signal: new AbortController().signal,
    isTerminal: false,
  };
  assert.equal(await main(["demo", "--env", "staging"], io), 2);
  assert.match(err, /expected demo or prod/);
});

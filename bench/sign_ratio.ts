// A benchmark script: reporting on stdout is its job.
// deno-lint-ignore-file no-console
/**
 * `deno task bench:sign`: RSA-2048 signing throughput of each signer backend, against
 * `openssl speed -seconds 3 rsa2048` run in the same run.
 *
 * Every backend signs the same Kalshi signing string with the same freshly generated 2048-bit
 * key, sequentially (one signature at a time, awaited), after a warm-up.
 *
 * How the figures are made comparable:
 *
 * - `openssl speed` divides by the user CPU time it used, not by wall-clock time (unless given
 *   `-elapsed`), so the backends are rated the same way: signatures per second of this
 *   process's user CPU time (which also charges V8's GC and Web Crypto's worker threads to the
 *   backend). Wall-clock rates are printed beside them; on an idle machine the two agree.
 * - The speed of a shared 2-core VM wanders (±10% between few-second windows, with outliers), so
 *   the comparison is made in rounds: each round runs `openssl speed -seconds 3 rsa2048` once,
 *   with every contender measured for half its share just before and half just after, in
 *   mirrored order (A B C, openssl, C B A). A round's ratio is the fastest backend's rate in that
 *   round ÷ that round's openssl figure; the headline is the median over the rounds.
 *
 * Usage: `deno task bench:sign [--rounds=5] [--seconds=1.5]` (`--seconds`: each contender's
 * measuring time per round; with the defaults each contender signs for 7.5 s in all).
 *
 * Prints a table, then as its last line `sign ratio to openssl: X.XX`.
 *
 * @module
 */

import process from "node:process";
import { createSigner, generateKeyPair, parsePrivateKey, type Signer } from "../auth/mod.ts";
import { MESSAGE, nodePssSigner } from "./_node_signer.ts";

/**
 * Reads RSA-2048 `sign/s` from `openssl speed` output: the table line (OpenSSL 1.1 and 3.0:
 * `rsa 2048 bits 0.000567s 0.000016s   1763.5  62500.0`; 3.2+ adds encrypt/decrypt columns),
 * matched against the header's `sign/s` column, else the `Doing 2048 bits private rsa's ...`
 * count line.
 *
 * @param output Everything `openssl speed` printed (stdout and stderr).
 * @returns Signatures per second.
 * @throws {Error} When no RSA-2048 sign rate can be found.
 */
export function parseOpensslSpeed(output: string): number {
  const lines = output.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trim());
  let header: string[] | undefined;
  for (const line of lines) {
    if (/(^|\s)sign\/s(\s|$)/.test(line)) header = line.split(/\s+/);
    const m = /^rsa\s+2048\s+bits?\s+(.+)$/i.exec(line);
    if (!m) continue;
    const cells = m[1]!.split(/\s+/);
    const col = header?.indexOf("sign/s") ?? -1;
    // Aligned with the header when the column counts agree; otherwise the first rate column
    // (rates are bare numbers, per-operation times end in "s").
    const cell = header && col >= 0 && header.length === cells.length
      ? cells[col]
      : cells.find((c) => /^\d+(\.\d+)?$/.test(c));
    const rate = Number(cell);
    if (Number.isFinite(rate) && rate > 0) return rate;
  }
  for (const line of lines) {
    const m = /Doing 2048 bits? (?:private|sign) rsa.*?:\s*(\d+)\s.*?in\s+([\d.]+)\s*s/i.exec(line);
    if (m && Number(m[2]) > 0) return Number(m[1]) / Number(m[2]);
  }
  throw new Error("Cannot find the RSA-2048 sign/s figure in the openssl speed output");
}

/** Sequential signing throughput over a period. */
export interface Sample {
  /** Signatures made. */
  count: number;
  /** Wall-clock time taken, in seconds. */
  seconds: number;
  /** User CPU time of the process meanwhile, in seconds (what `openssl speed` divides by). */
  cpuSeconds: number;
}

/**
 * Signs one at a time for about `ms` milliseconds.
 *
 * @param sign One signature (awaited when it returns a promise).
 * @param ms Duration.
 * @returns Count, elapsed time and CPU time.
 */
export async function measure(sign: () => unknown, ms: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + ms;
  let count = 0;
  let now = start;
  while (now < end) {
    await sign();
    count++;
    now = performance.now();
  }
  const cpuSeconds = process.cpuUsage(cpu).user / 1e6;
  return { count, seconds: (now - start) / 1000, cpuSeconds };
}

/** What one `openssl speed` run reported. */
export interface OpensslSpeed {
  /** RSA-2048 signatures per second (per second of openssl's user CPU time). */
  signsPerSecond: number;
  /** The version line, e.g. `OpenSSL 3.0.19 27 Jan 2026 (Library: ...)`. */
  version: string;
}

async function runOpenssl(args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("openssl", {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new Error("Cannot run openssl: not on PATH");
    throw err;
  }
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`openssl ${args.join(" ")} failed: ${text.slice(-500)}`);
  return text;
}

/**
 * Runs `openssl speed -seconds <seconds> rsa2048` and parses its sign rate.
 *
 * @param seconds Measuring time per operation (openssl then measures verify for as long).
 * @returns The sign rate and the OpenSSL version.
 */
export async function opensslSpeed(seconds = 3): Promise<OpensslSpeed> {
  const version = (await runOpenssl(["version"])).trim();
  const output = await runOpenssl(["speed", "-seconds", String(seconds), "rsa2048"]);
  return { signsPerSecond: parseOpensslSpeed(output), version };
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

interface Contender {
  name: string;
  /** A library backend (counts for the ratio) or a reference. */
  backend: boolean;
  sign: () => unknown;
  /** Per round: the samples before and after openssl. */
  rounds: Sample[][];
}

function total(samples: Sample[]): { count: number; wall: number; cpu: number } {
  return {
    count: samples.reduce((n, s) => n + s.count, 0),
    wall: samples.reduce((n, s) => n + s.seconds, 0),
    cpu: samples.reduce((n, s) => n + s.cpuSeconds, 0),
  };
}

function flag(name: string, fallback: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  const n = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!(n > 0)) throw new Error(`Invalid --${name}: expected a positive number`);
  return n;
}

async function main(): Promise<void> {
  const rounds = Math.round(flag("rounds", 5));
  const perRound = flag("seconds", 1.5) * 1000;
  const pair = await generateKeyPair();
  const key = parsePrivateKey(pair.privateKeyPem);
  const signers: Signer[] = [];
  const contenders: Contender[] = [];
  for (const backend of ["ffi", "webcrypto"] as const) {
    try {
      const signer = await createSigner(key, { backend });
      signers.push(signer);
      contenders.push({
        name: backend,
        backend: true,
        sign: () => signer.sign(MESSAGE),
        rounds: [],
      });
    } catch (err) {
      console.log(`${backend}: unavailable (${(err as Error).message})`);
    }
  }
  const nodeSign = nodePssSigner(pair.privateKeyPem);
  contenders.push({
    name: "node:crypto",
    backend: false,
    sign: nodeSign,
    rounds: [],
  });
  if (!contenders.some((c) => c.backend)) throw new Error("No signer backend could be measured");

  for (const c of contenders) await measure(c.sign, 300); // warm-up
  const openssl: OpensslSpeed[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) c.rounds.push([await measure(c.sign, perRound / 2)]);
    openssl.push(await opensslSpeed(3));
    for (const c of [...contenders].reverse()) {
      c.rounds[r]!.push(await measure(c.sign, perRound / 2));
    }
  }
  for (const s of signers) s[Symbol.dispose]();

  const rows = contenders.map((c) => {
    const t = total(c.rounds.flat());
    const perRound = c.rounds.map((samples) => total(samples));
    const ratios = perRound.map((p, r) => p.count / p.cpu / openssl[r]!.signsPerSecond);
    return { ...c, ...t, rate: t.count / t.cpu, wallRate: t.count / t.wall, ratios };
  });
  const best = rows.filter((r) => r.backend).sort((a, b) => b.rate - a.rate)[0]!;
  const ref = median(openssl.map((o) => o.signsPerSecond));

  const widths = [26, 7, 8, 8, 13, 12, 10];
  const line = (cells: string[]) =>
    console.log(
      cells.map((c, i) => i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!)).join(""),
    );
  console.log(`RSA-2048 RSASSA-PSS/SHA-256/salt 32 signing of "${MESSAGE}", sequential, warm`);
  console.log(
    `${openssl[0]!.version}; Deno ${Deno.version.deno}, ${Deno.build.os}-${Deno.build.arch}`,
  );
  console.log(
    `${rounds} rounds; openssl speed -seconds 3 rsa2048 per round: ${
      openssl.map((o) => o.signsPerSecond.toFixed(1)).join(", ")
    } sign/s`,
  );
  console.log("");
  line(["signer", "signs", "wall s", "cpu s", "sign/s wall", "sign/s cpu", "÷ openssl"]);
  line(["openssl speed (median)", "-", "-", "-", "-", ref.toFixed(1), "1.00"]);
  for (const r of rows) {
    line([
      r.backend ? `${r.name} backend` : `${r.name} (reference)`,
      String(r.count),
      r.wall.toFixed(2),
      r.cpu.toFixed(2),
      r.wallRate.toFixed(1),
      r.rate.toFixed(1),
      median(r.ratios).toFixed(2),
    ]);
  }
  console.log("");
  console.log(
    `fastest backend: ${best.name}; per-round ratios ${
      best.ratios.map((x) => x.toFixed(2)).join(", ")
    }`,
  );
  console.log(`sign ratio to openssl: ${median(best.ratios).toFixed(2)}`);
}

if (import.meta.main) await main();

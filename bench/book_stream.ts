/**
 * A realistic, deterministic `orderbook_delta` channel stream for the book benchmarks: one
 * snapshot per market first, then ≈90% deltas and ≈10% fresh snapshots of 10–50 levels per side,
 * in today's wire format (`_fp` fields, `market_id`, `ts`, `ts_ms`). Deltas are consistent with
 * the books, so every frame applies.
 *
 * @module
 */

/** Options of {@linkcode bookStream}. */
export interface BookStreamOptions {
  /** Number of frames. */
  frames: number;
  /**
   * Number of markets.
   *
   * @default {50}
   */
  markets?: number;
  /**
   * Share of snapshots after the initial ones.
   *
   * @default {0.1}
   */
  snapshotShare?: number;
  /**
   * PRNG seed.
   *
   * @default {1}
   */
  seed?: number;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const price = (p: number): string => `0.${String(p + 10_000).slice(1)}`;
const count = (c: number): string => {
  const s = String(Math.abs(c)).padStart(3, "0");
  return `${c < 0 ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
};

/**
 * Generates the frames' texts.
 *
 * @param options Size and shape.
 * @returns Frame texts in stream order.
 */
export function bookStream(options: BookStreamOptions): string[] {
  const r = rng(options.seed ?? 1);
  const nMarkets = options.markets ?? 50;
  const share = options.snapshotShare ?? 0.1;
  const hex = (k: number): string => {
    let s = "";
    for (let j = 0; j < k; j++) s += "0123456789abcdef"[Math.floor(r() * 16)];
    return s;
  };
  const markets = Array.from({ length: nMarkets }, (_, k) => ({
    ticker: `KXHIGHNY-26SEP${String(10 + (k % 20))}-B${60 + k}.5`,
    id: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    // Resting counts per price (0.01-contract units), YES and NO bids, cent grid.
    yes: new Map<number, number>(),
    no: new Map<number, number>(),
    mid: 2000 + Math.floor(r() * 60) * 100,
  }));
  const frames: string[] = [];
  let seq = 1;
  let ts = 1_758_200_000_000;
  const snapshot = (m: (typeof markets)[number]): string => {
    m.yes.clear();
    m.no.clear();
    const depth = (): number => 10 + Math.floor(r() * 41);
    for (let k = 0, d = depth(); k < d; k++) {
      const p = m.mid - 100 - k * 100;
      if (p >= 100) m.yes.set(p, 100 * (1 + Math.floor(r() * 500)));
    }
    for (let k = 0, d = depth(); k < d; k++) {
      const p = 10_000 - m.mid - 100 - k * 100;
      if (p >= 100) m.no.set(p, 100 * (1 + Math.floor(r() * 500)));
    }
    const side = (l: Map<number, number>): string =>
      [...l.entries()].sort((a, b) => a[0] - b[0])
        .map(([p, c]) => `["${price(p)}","${count(c)}"]`).join(",");
    const yes = m.yes.size > 0 ? `,"yes_dollars_fp":[${side(m.yes)}]` : "";
    const no = m.no.size > 0 ? `,"no_dollars_fp":[${side(m.no)}]` : "";
    return `{"type":"orderbook_snapshot","sid":1,"seq":${seq++},"msg":{"market_ticker":"${m.ticker}","market_id":"${m.id}"${yes}${no}}}`;
  };
  for (const m of markets) frames.push(snapshot(m));
  while (frames.length < options.frames) {
    const m = markets[Math.floor(r() * nMarkets)]!;
    if (r() < share) {
      m.mid = Math.min(9000, Math.max(1000, m.mid + (r() < 0.5 ? -100 : 100)));
      frames.push(snapshot(m));
      continue;
    }
    const side = r() < 0.5 ? "yes" : "no";
    const l = side === "yes" ? m.yes : m.no;
    const top = side === "yes" ? m.mid - 100 : 10_000 - m.mid - 100;
    // Most activity sits near the top of the book.
    const p = Math.max(100, Math.min(9900, top - Math.floor(r() * r() * 20) * 100));
    const old = l.get(p) ?? 0;
    let d: number;
    if (old > 0 && r() < 0.55) d = -(r() < 0.3 ? old : 1 + Math.floor(r() * old));
    else d = 1 + Math.floor(r() * 20_000);
    if (old + d === 0) l.delete(p);
    else l.set(p, old + d);
    ts += 1 + Math.floor(r() * 50);
    const iso = new Date(ts).toISOString().slice(0, 19) + "Z";
    frames.push(
      `{"type":"orderbook_delta","sid":1,"seq":${seq++},"msg":{"market_ticker":"${m.ticker}","market_id":"${m.id}","price_dollars":"${
        price(p)
      }","delta_fp":"${count(d)}","side":"${side}","ts":"${iso}","ts_ms":${ts}}}`,
    );
  }
  // Like frames off a socket: flat strings decoded from UTF-8 (not concatenation trees).
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return frames.map((f) => dec.decode(enc.encode(f)));
}

/**
 * Seeded, deterministic pseudo-random numbers for the simulator (sfc32 seeded by cyrb128), so a
 * catalogue, a fault schedule or a trading session replays exactly from `--seed`.
 *
 * @module
 */

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** A seeded random number generator. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * Creates a generator.
   *
   * @param seed Any number or text; equal seeds give equal sequences.
   */
  constructor(seed: number | string) {
    [this.#a, this.#b, this.#c, this.#d] = cyrb128(String(seed));
    for (let i = 0; i < 12; i++) this.next();
  }

  /**
   * The next number in [0, 1).
   *
   * @returns A uniform float.
   */
  next(): number {
    let a = this.#a, b = this.#b, c = this.#c, d = this.#d;
    a >>>= 0, b >>>= 0, c >>>= 0, d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    this.#a = a, this.#b = b, this.#c = c, this.#d = d;
    return (t >>> 0) / 4294967296;
  }

  /**
   * A uniform integer in [min, max] (both inclusive).
   *
   * @param min Lower bound.
   * @param max Upper bound.
   * @returns An integer.
   */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * True with probability `p`.
   *
   * @param p Probability in [0, 1].
   * @returns A boolean.
   */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * A uniformly chosen element.
   *
   * @param items A non-empty array.
   * @returns One of its elements.
   */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * A normally distributed number (Box–Muller).
   *
   * @param mean Mean.
   * @param sd Standard deviation.
   * @returns A float.
   */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(), v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A UUID (version 4 layout) drawn from this generator, so ids replay with the seed.
   *
   * @returns A UUID string.
   */
  uuid(): string {
    const hex = (n: number) => this.int(0, 16 ** n - 1).toString(16).padStart(n, "0");
    const variant = (8 + this.int(0, 3)).toString(16);
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(6)}${hex(6)}`;
  }

  /**
   * A new generator derived from this one's seed and a label, independent of how many numbers
   * this one has produced.
   *
   * @param seed The base seed.
   * @param label What the derived stream is for.
   * @returns A generator.
   */
  static derive(seed: number | string, label: string): Rng {
    return new Rng(`${seed}/${label}`);
  }
}

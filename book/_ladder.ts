/**
 * One side's ladder: resting bids as parallel sorted arrays (prices ascending, best last).
 *
 * @module
 */

/** Ascending price ladder with counts; no zero or negative levels are stored. */
export class Ladder {
  /** Prices, ascending; valid in `0..n`. */
  px: Int32Array;
  /** Counts per price; valid in `0..n`. */
  qty: Float64Array;
  /** Number of levels. */
  n = 0;

  constructor(capacity = 16) {
    this.px = new Int32Array(capacity);
    this.qty = new Float64Array(capacity);
  }

  /** Index of `price`, or `-(insertion point) - 1` when absent. */
  find(price: number): number {
    const px = this.px;
    let hi = this.n - 1;
    // Most updates touch the top of the book: test the best levels before bisecting.
    if (hi >= 0) {
      const top = px[hi]!;
      if (price === top) return hi;
      if (price > top) return -(hi + 1) - 1;
    }
    let lo = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = px[mid]!;
      if (p < price) lo = mid + 1;
      else if (p > price) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  /** Count at `price` (0 when absent). */
  get(price: number): number {
    const i = this.find(price);
    return i >= 0 ? this.qty[i]! : 0;
  }

  /** Sets the level at index `i` (from {@linkcode find}) to `q`; `q` ≤ 0 removes it. */
  setAt(i: number, price: number, q: number): void {
    const n = this.n;
    if (i >= 0) {
      if (q > 0) {
        this.qty[i] = q;
      } else {
        this.px.copyWithin(i, i + 1, n);
        this.qty.copyWithin(i, i + 1, n);
        this.n = n - 1;
      }
      return;
    }
    if (q <= 0) return;
    const at = -i - 1;
    if (n === this.px.length) this.#grow(n * 2);
    if (at < n) {
      this.px.copyWithin(at + 1, at, n);
      this.qty.copyWithin(at + 1, at, n);
    }
    this.px[at] = price;
    this.qty[at] = q;
    this.n = n + 1;
  }

  /** Replaces the content with `count` levels from sorted, validated parallel data. */
  load(prices: ArrayLike<number>, counts: ArrayLike<number>, count: number): void {
    if (count > this.px.length) this.#grow(count * 2);
    const px = this.px;
    const qty = this.qty;
    for (let i = 0; i < count; i++) {
      px[i] = prices[i]!;
      qty[i] = counts[i]!;
    }
    this.n = count;
  }

  /** Copies `other` into this ladder. */
  copyFrom(other: Ladder): void {
    if (other.n > this.px.length) this.#grow(other.n);
    this.px.set(other.px.subarray(0, other.n));
    this.qty.set(other.qty.subarray(0, other.n));
    this.n = other.n;
  }

  /** Whether both ladders hold the same levels. */
  equals(other: Ladder): boolean {
    const n = this.n;
    if (n !== other.n) return false;
    for (let i = 0; i < n; i++) {
      if (this.px[i] !== other.px[i] || this.qty[i] !== other.qty[i]) return false;
    }
    return true;
  }

  #grow(capacity: number): void {
    const px = new Int32Array(Math.max(capacity, 16));
    const qty = new Float64Array(px.length);
    px.set(this.px.subarray(0, this.n));
    qty.set(this.qty.subarray(0, this.n));
    this.px = px;
    this.qty = qty;
  }
}

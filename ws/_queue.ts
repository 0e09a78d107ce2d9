/**
 * A bounded single-consumer async queue with an explicit overflow policy.
 *
 * @module
 */

/** What a full buffer does with a new item. */
export type OverflowPolicy = "error" | "drop-oldest" | "drop-newest";

/** Result of {@linkcode BoundedQueue.push}. */
export type PushResult =
  /** Queued (or handed straight to a waiting reader). */
  | "ok"
  /** Queued; the oldest queued item was dropped to make room. */
  | "dropped-oldest"
  /** Not queued: the buffer was full (`drop-newest`). */
  | "dropped-newest"
  /** Not queued: the buffer was full (`error`); the queue has failed. */
  | "overflow"
  /** Not queued: the queue is closed. */
  | "closed";

/**
 * A FIFO with a capacity. Items pushed with `force` (status messages) are always queued, so a
 * marker can never be lost to the overflow policy; they do not count against the capacity.
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  readonly capacity: number;
  readonly overflow: OverflowPolicy;
  #items: (T | undefined)[] = [];
  #forced: boolean[] = [];
  #head = 0;
  #counted = 0;
  #waiter: PromiseWithResolvers<IteratorResult<T>> | undefined;
  #ended = false;
  #error: { reason: unknown } | undefined;
  #onReturn: (() => void) | undefined;
  #onDrop: ((item: T) => void) | undefined;

  /**
   * Creates a queue.
   *
   * @param capacity Most items buffered (at least 1).
   * @param overflow What to do when full.
   * @param hooks `onReturn`: called once when the reader stops early (`break`, `return()`);
   * `onDrop`: called with each item the policy drops (the new one for `drop-newest`).
   */
  constructor(
    capacity: number,
    overflow: OverflowPolicy,
    hooks: { onReturn?: () => void; onDrop?: (item: T) => void } = {},
  ) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.overflow = overflow;
    this.#onReturn = hooks.onReturn;
    this.#onDrop = hooks.onDrop;
  }

  /** Items buffered now. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Items buffered now that count against the capacity (forced ones do not). */
  get counted(): number {
    return this.#counted;
  }

  /** The item `next()` would return, without removing it. */
  peek(): T | undefined {
    return this.#head < this.#items.length ? this.#items[this.#head] : undefined;
  }

  /** Whether the queue takes no more items. */
  get closed(): boolean {
    return this.#ended || this.#error !== undefined;
  }

  /**
   * Adds an item.
   *
   * @param item The item.
   * @param force Queue it even when full, outside the capacity.
   * @returns What happened.
   */
  push(item: T, force = false): PushResult {
    if (this.closed) return "closed";
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve({ value: item, done: false });
      return "ok";
    }
    let result: PushResult = "ok";
    if (!force && this.#counted >= this.capacity) {
      if (this.overflow === "drop-newest") {
        this.#onDrop?.(item);
        return "dropped-newest";
      }
      if (this.overflow === "error") return "overflow";
      this.#dropOldest();
      result = "dropped-oldest";
    }
    this.#items.push(item);
    this.#forced.push(force);
    if (!force) this.#counted++;
    return result;
  }

  /**
   * Puts a forced item at the front, to be read next (a marker for a hole at the head).
   *
   * @param item The item.
   */
  unshift(item: T): void {
    if (this.closed) return;
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve({ value: item, done: false });
      return;
    }
    if (this.#head > 0) {
      this.#head--;
      this.#items[this.#head] = item;
      this.#forced[this.#head] = true;
    } else {
      this.#items.unshift(item);
      this.#forced.unshift(true);
    }
  }

  /** Ends the stream after the buffered items. */
  close(): void {
    if (this.closed) return;
    this.#ended = true;
    this.#settleWaiter();
  }

  /**
   * Fails the stream: buffered items are still read, then `next()` rejects with `reason`.
   *
   * @param reason The error.
   */
  fail(reason: unknown): void {
    if (this.closed) return;
    this.#error = { reason };
    this.#settleWaiter();
  }

  /** Ends the stream now, discarding buffered items. */
  clear(): void {
    this.#items = [];
    this.#forced = [];
    this.#head = 0;
    this.#counted = 0;
  }

  /** Returns the next item. */
  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) return Promise.resolve(this.#shift());
    if (this.#error) return Promise.reject(this.#error.reason);
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiter) return this.#waiter.promise;
    this.#waiter = Promise.withResolvers();
    return this.#waiter.promise;
  }

  /** Stops reading: drops buffered items and ends the stream. */
  return(): Promise<IteratorResult<T>> {
    const stoppedEarly = !this.closed;
    this.clear();
    this.#ended = true;
    this.#error = undefined;
    this.#settleWaiter();
    const cb = this.#onReturn;
    this.#onReturn = undefined;
    if (stoppedEarly) cb?.();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** This queue is its own iterator. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  #shift(): IteratorResult<T> {
    const i = this.#head;
    const value = this.#items[i] as T;
    if (!this.#forced[i]) this.#counted--;
    this.#items[i] = undefined;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#forced = this.#forced.slice(this.#head);
      this.#head = 0;
    } else if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#forced.length = 0;
      this.#head = 0;
    }
    return { value, done: false };
  }

  #dropOldest(): void {
    for (let i = this.#head; i < this.#items.length; i++) {
      if (this.#forced[i]) continue;
      const [dropped] = this.#items.splice(i, 1);
      this.#forced.splice(i, 1);
      this.#counted--;
      this.#onDrop?.(dropped as T);
      return;
    }
  }

  #settleWaiter(): void {
    const w = this.#waiter;
    if (!w) return;
    this.#waiter = undefined;
    if (this.#error) w.reject(this.#error.reason);
    else w.resolve({ value: undefined, done: true });
  }
}

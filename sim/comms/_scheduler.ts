/**
 * Deferred work of the communications part (market-maker quotes, confirmation windows, execution
 * timers, expiries), run by a periodic tick against the exchange clock so a test clock drives it.
 *
 * @module
 */

interface Task {
  due: number;
  seq: number;
  run: () => void;
}

/** A queue of tasks due at exchange-clock times. */
export class Scheduler {
  #tasks: Task[] = [];
  #seq = 0;
  readonly #onError: (e: unknown) => void;

  /**
   * Creates an empty queue.
   *
   * @param onError Receives errors thrown by tasks (the other tasks still run).
   */
  constructor(onError: (e: unknown) => void) {
    this.#onError = onError;
  }

  /** Number of pending tasks. */
  get size(): number {
    return this.#tasks.length;
  }

  /**
   * Schedules a task.
   *
   * @param due Exchange-clock time (ms) at or after which it runs.
   * @param run The task.
   */
  at(due: number, run: () => void): void {
    this.#tasks.push({ due, seq: this.#seq++, run });
  }

  /**
   * Runs every task due at `now`, earliest first (ties in scheduling order). Tasks scheduled by a
   * running task run in the same call when they are already due.
   *
   * @param now Exchange-clock time (ms).
   */
  run(now: number): void {
    for (let guard = 0; guard < 10_000; guard++) {
      let best = -1;
      for (let i = 0; i < this.#tasks.length; i++) {
        const t = this.#tasks[i]!;
        if (t.due > now) continue;
        const b = this.#tasks[best];
        if (!b || t.due < b.due || (t.due === b.due && t.seq < b.seq)) best = i;
      }
      if (best < 0) return;
      const [task] = this.#tasks.splice(best, 1);
      try {
        task!.run();
      } catch (e) {
        this.#onError(e);
      }
    }
  }

  /** Drops every pending task. */
  clear(): void {
    this.#tasks = [];
  }
}

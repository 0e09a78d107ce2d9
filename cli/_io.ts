/**
 * The CLI's view of the outside world, so commands can be tested without a process: output
 * streams, environment, and a signal that fires on Ctrl-C.
 *
 * @module
 */

/** Where a command writes, reads configuration, and learns it should stop. */
export interface CliIo {
  /** Writes text to standard output as is. */
  out(text: string): void;
  /** Writes text to standard error as is. */
  err(text: string): void;
  /** Reads an environment variable. */
  env(name: string): string | undefined;
  /** Aborts when the user interrupts (SIGINT/SIGTERM) or a test stops the command. */
  signal: AbortSignal;
  /** Whether standard output is a terminal (for colours and redraws). */
  isTerminal: boolean;
}

/** A usage mistake: the command prints usage and exits with status 2. */
export class UsageError extends Error {
  /**
   * Creates a usage error.
   *
   * @param message What was wrong.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

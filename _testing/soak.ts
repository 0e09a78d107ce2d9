/**
 * Scale for long-running tests: CI runs the small count, `deno task soak` (which sets
 * `KALSHIKIT_SOAK=1`) the full count.
 *
 * @module
 */

/**
 * Picks the iteration count for a soak-able test.
 *
 * @param full The count the issue asks for (e.g. 1_000_000 fuzz cases).
 * @param ci The count CI runs.
 * @returns `full` under `deno task soak`, else `ci`.
 */
export function soakScale(full: number, ci: number): number {
  return Deno.env.get("KALSHIKIT_SOAK") === "1" ? full : ci;
}

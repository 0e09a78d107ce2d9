/**
 * The one paginator behind every cursor-paginated list.
 *
 * Kalshi ends a list with an empty (or missing) cursor and silently accepts unreadable cursors,
 * so a client that trusts cursors blindly can loop forever. {@linkcode paginate} stops on an empty
 * cursor and fails with a {@linkcode KalshiProtocolError} when a cursor repeats.
 *
 * @module
 */

import { KalshiProtocolError } from "../errors.ts";

/** Options of {@linkcode paginate}. */
export interface PaginateOptions {
  /** Aborts between pages (and the page request itself, through `fetchPage`). */
  signal?: AbortSignal | undefined;
  /** Stop after this many pages. @default {Infinity} */
  maxPages?: number | undefined;
  /** Stop after this many items. @default {Infinity} */
  maxItems?: number | undefined;
  /** Cursor to start from (resume a previous walk). */
  cursor?: string | undefined;
}

/** How to read one page. */
export interface PageReader<Page, Item> {
  /** Fetches the page after `cursor` (undefined for the first page). */
  fetchPage: (cursor: string | undefined, signal: AbortSignal | undefined) => Promise<Page>;
  /** The items of a page. */
  items: (page: Page) => readonly Item[] | undefined | null;
  /** The next cursor of a page (`cursor`, or `next_cursor` on some endpoints). */
  cursor: (page: Page) => string | undefined | null;
}

/**
 * Walks a cursor-paginated list item by item. Breaking out of the loop stops fetching.
 *
 * @example Usage
 * ```ts
 * import { paginate } from "@kalshikit/kalshi/rest";
 * import assert from "node:assert/strict";
 *
 * const pages: Record<string, { items: number[]; cursor: string }> = {
 *   "": { items: [1, 2], cursor: "b" },
 *   b: { items: [3], cursor: "" },
 * };
 * const seen: number[] = [];
 * for await (
 *   const n of paginate({
 *     fetchPage: (cursor) => Promise.resolve(pages[cursor ?? ""]!),
 *     items: (p) => p.items,
 *     cursor: (p) => p.cursor,
 *   })
 * ) seen.push(n);
 * assert.deepEqual(seen, [1, 2, 3]);
 * ```
 *
 * @typeParam Page The response type of one page.
 * @typeParam Item The item type.
 * @param reader How to fetch a page and read its items and cursor.
 * @param options Signal, limits, starting cursor.
 * @returns An async iterable of items.
 */
export async function* paginate<Page, Item>(
  reader: PageReader<Page, Item>,
  options: PaginateOptions = {},
): AsyncGenerator<Item, void, undefined> {
  const { signal, maxPages = Infinity, maxItems = Infinity } = options;
  let cursor = options.cursor || undefined;
  const seen = new Set<string>(cursor ? [cursor] : []);
  let pages = 0;
  let count = 0;
  while (pages < maxPages && count < maxItems) {
    signal?.throwIfAborted();
    const page = await reader.fetchPage(cursor, signal);
    pages++;
    for (const item of reader.items(page) ?? []) {
      if (count >= maxItems) return;
      count++;
      yield item;
      signal?.throwIfAborted();
    }
    const next = reader.cursor(page);
    if (!next) return;
    if (seen.has(next)) {
      throw new KalshiProtocolError(
        `Cannot continue pagination: the server returned cursor "${next.slice(0, 40)}" twice`,
        "cursor_loop",
      );
    }
    seen.add(next);
    cursor = next;
  }
}

// Cursor pagination as an async iterable over every item, with page access for callers who
// checkpoint. A cursor that does not advance ends in an error rather than an endless loop.
import { InvalidResponseError } from "./errors.js";

/** One page and the cursor of the next; `nextCursor` is undefined on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | undefined;
}

/** Every item across pages, fetched lazily as the loop asks for them. */
export class Paginator<T> implements AsyncIterable<T> {
  readonly #fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
  readonly #first: string | undefined;

  /** `fetchPage` fetches the page after `cursor` (the first page for `undefined`). */
  constructor(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, firstCursor?: string) {
    this.#fetchPage = fetchPage;
    this.#first = firstCursor;
  }

  /** Each page in turn. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    const seen = new Set<string>();
    let cursor = this.#first;
    for (;;) {
      const page = await this.#fetchPage(cursor);
      yield page;
      if (page.nextCursor === undefined) return;
      if (seen.has(page.nextCursor) || page.nextCursor === cursor) {
        throw new InvalidResponseError(`pagination cursor ${page.nextCursor} repeated; stopping instead of looping`, {
          status: 200,
          headers: new Headers(),
          request: { method: "GET", url: "(paginated list)" },
        });
      }
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Every item in an array; `limit` stops early. */
  async toArray(limit = Number.POSITIVE_INFINITY): Promise<T[]> {
    const items: T[] = [];
    if (limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}

/** The `pageAfter` cursor of the `rel="next"` link in a `Link` header, if any. */
export function nextPageAfter(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match) continue;
    const rels = /(?:^|;)\s*rel\s*=\s*"?([^";]*)"?/i.exec(match[2]!)?.[1]?.split(/\s+/) ?? [];
    if (!rels.includes("next")) continue;
    try {
      return new URL(match[1]!, "https://placeholder.invalid").searchParams.get("pageAfter") ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

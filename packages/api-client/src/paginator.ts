/** One page request: Omi's `limit`/`offset`. */
export interface PageRequest {
  offset: number;
  limit: number;
}

export interface PaginatorOptions<T> {
  fetchPage(page: PageRequest): Promise<T[]>;
  /** Items per page; must not exceed what Omi serves per page, or offsets would skip items. */
  pageSize: number;
  /** Where to start, default 0. */
  offset?: number;
  /** Items whose id came on an earlier page are skipped (items created mid-export shift offsets). */
  idOf?: (item: T) => string | undefined;
}

/**
 * Every item of a list, fetched a page at a time as you iterate (`for await`). Omi pages with
 * `limit`/`offset` and may drop locked or malformed rows after paginating, so a short page is not
 * the end: the next offset advances by the page size asked for, and iteration stops at the first
 * empty page.
 */
export class Paginator<T> implements AsyncIterable<T> {
  constructor(private readonly options: PaginatorOptions<T>) {}

  /** The pages themselves, for batch processing. */
  async *pages(): AsyncGenerator<T[], void, undefined> {
    const { fetchPage, pageSize, idOf } = this.options;
    let offset = this.options.offset ?? 0;
    const seen = new Set<string>();
    for (;;) {
      const page = await fetchPage({ offset, limit: pageSize });
      if (page.length === 0) return;
      offset += pageSize;
      let fresh = page;
      if (idOf) {
        fresh = page.filter((item) => {
          const id = idOf(item);
          if (id === undefined) return true;
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        });
      }
      if (fresh.length > 0) yield fresh;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page;
  }

  /** Collects the items; with `max`, stops (and stops fetching) once it has that many. */
  async toArray(options: { max?: number } = {}): Promise<T[]> {
    const max = options.max ?? Number.POSITIVE_INFINITY;
    const out: T[] = [];
    if (max <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }
}

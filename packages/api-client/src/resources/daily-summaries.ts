import type { DailySummary, DailySummaryList, ListDailySummariesQuery } from '@omi-kit/schemas';
import { type DeveloperContext, MAX_PAGE, pageSizeFor } from '../developer-context.js';
import type { ListAllQuery } from '../operation-types.js';
import { Paginator } from '../paginator.js';
import type { RequestOptions } from '../transport.js';

/** Daily summaries. The list answer is wrapped: `{ summaries: [...] }`. */
export class DailySummaries {
  constructor(private readonly ctx: DeveloperContext) {}

  list(query: ListDailySummariesQuery = {}, options?: RequestOptions): Promise<DailySummaryList> {
    return this.ctx.request('listDailySummaries', { query }, options);
  }

  /** Every summary, newest first, up to 100 per page. */
  listAll(
    query: ListAllQuery<ListDailySummariesQuery> = {},
    options?: RequestOptions,
  ): Paginator<DailySummary> {
    const { pageSize, offset, ...filters } = query;
    return new Paginator({
      pageSize: pageSizeFor(pageSize, MAX_PAGE.dailySummaries),
      offset: offset ?? 0,
      idOf: (s) => s.id,
      fetchPage: async (page) => (await this.list({ ...filters, ...page }, options)).summaries,
    });
  }

  get(id: string, options?: RequestOptions): Promise<DailySummary> {
    return this.ctx.request('getDailySummary', { params: { summary_id: id } }, options);
  }
}

import {
  ACTION_ITEM_BATCH_MAX,
  type CreateActionItemRequest,
  CreateActionItemRequest as CreateActionItemSchema,
  type CreateActionItemsBatchResponse,
  type DeveloperActionItem,
  type ListActionItemsQuery,
  type SuccessResponse,
  type UpdateActionItemRequest,
} from '@omi-kit/schemas';
import { type BatchOptions, createInChunks } from '../create-in-chunks.js';
import { type DeveloperContext, MAX_PAGE, pageSizeFor } from '../developer-context.js';
import type { ListAllQuery } from '../operation-types.js';
import { Paginator } from '../paginator.js';
import type { RequestOptions } from '../transport.js';

/**
 * Action items (tasks). Creates are not idempotent in Omi: once a create may have reached Omi
 * (timeout, dropped connection, 502/503/504) it is never sent again; you get the error instead.
 */
export class ActionItems {
  constructor(private readonly ctx: DeveloperContext) {}

  /** One page: open items first, by due date, then newest. */
  list(query: ListActionItemsQuery = {}, options?: RequestOptions): Promise<DeveloperActionItem[]> {
    return this.ctx.request('listActionItems', { query }, options);
  }

  /** Every action item, a page (default 1000) at a time. */
  listAll(
    query: ListAllQuery<ListActionItemsQuery> = {},
    options?: RequestOptions,
  ): Paginator<DeveloperActionItem> {
    const { pageSize, offset, ...filters } = query;
    return new Paginator({
      pageSize: pageSizeFor(pageSize, MAX_PAGE.actionItems),
      offset: offset ?? 0,
      idOf: (a) => a.id,
      fetchPage: (page) => this.list({ ...filters, ...page }, options),
    });
  }

  /** Not retried once it may have reached Omi (a retry would create a second item). */
  create(item: CreateActionItemRequest, options?: RequestOptions): Promise<DeveloperActionItem> {
    return this.ctx.request('createActionItem', { body: item }, options);
  }

  /** Any number of items, in batches of 50 (all or nothing per batch; never re-sent once it may have arrived). */
  async createMany(
    items: CreateActionItemRequest[],
    options: BatchOptions = {},
  ): Promise<CreateActionItemsBatchResponse> {
    const created = await createInChunks({
      what: 'action items',
      items,
      itemSchema: CreateActionItemSchema,
      maxChunkSize: ACTION_ITEM_BATCH_MAX,
      options,
      send: async (chunk, o) =>
        (await this.ctx.request('createActionItemsBatch', { body: { action_items: chunk } }, o)).action_items,
    });
    return { action_items: created, created_count: created.length };
  }

  update(
    id: string,
    changes: UpdateActionItemRequest,
    options?: RequestOptions,
  ): Promise<DeveloperActionItem> {
    return this.ctx.request('updateActionItem', { params: { action_item_id: id }, body: changes }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<SuccessResponse> {
    return this.ctx.request('deleteActionItem', { params: { action_item_id: id } }, options);
  }
}

import {
  type CreateMemoriesBatchResponse,
  type CreateMemoryRequest,
  CreateMemoryRequest as CreateMemorySchema,
  type DeveloperMemory,
  type ListMemoriesQuery,
  MEMORY_BATCH_MAX,
  type MemorySearchResponse,
  type SearchMemoriesQuery,
  type SuccessResponse,
  type UpdateMemoryRequest,
} from '@omi-kit/schemas';
import { type BatchOptions, createInChunks } from '../create-in-chunks.js';
import { type DeveloperContext, MAX_PAGE, pageSizeFor } from '../developer-context.js';
import type { ListAllQuery } from '../operation-types.js';
import { Paginator } from '../paginator.js';
import type { RequestOptions } from '../transport.js';

/**
 * Memories (facts about the user). Creates are retried safely: a memory's id is derived from its
 * content, so sending it twice overwrites the same memory.
 */
export class Memories {
  constructor(private readonly ctx: DeveloperContext) {}

  /** One page, by score then newest. Empty while Omi has not enabled memory access for the account. */
  list(query: ListMemoriesQuery = {}, options?: RequestOptions): Promise<DeveloperMemory[]> {
    return this.ctx.memoryRead(
      'listMemories',
      '/v1/dev/user/memories',
      () => this.ctx.request('listMemories', { query }, options),
      () => [],
    );
  }

  /** Every memory, a page (default 1000) at a time. */
  listAll(query: ListAllQuery<ListMemoriesQuery> = {}, options?: RequestOptions): Paginator<DeveloperMemory> {
    const { pageSize, offset, ...filters } = query;
    return new Paginator({
      pageSize: pageSizeFor(pageSize, MAX_PAGE.memories),
      offset: offset ?? 0,
      idOf: (m) => m.id,
      fetchPage: (page) => this.list({ ...filters, ...page }, options),
    });
  }

  /** Retried when safe, even after a timeout: the same content is the same memory. */
  create(memory: CreateMemoryRequest, options?: RequestOptions): Promise<DeveloperMemory> {
    return this.ctx.request('createMemory', { body: memory }, options);
  }

  /** Any number of memories, in batches of 25 (all or nothing per batch). */
  async createMany(
    memories: CreateMemoryRequest[],
    options: BatchOptions = {},
  ): Promise<CreateMemoriesBatchResponse> {
    const created = await createInChunks({
      what: 'memories',
      items: memories,
      itemSchema: CreateMemorySchema,
      maxChunkSize: MEMORY_BATCH_MAX,
      options,
      send: async (chunk, o) =>
        (await this.ctx.request('createMemoriesBatch', { body: { memories: chunk } }, o)).memories,
    });
    return { memories: created, created_count: created.length };
  }

  update(id: string, changes: UpdateMemoryRequest, options?: RequestOptions): Promise<DeveloperMemory> {
    return this.ctx.request('updateMemory', { params: { memory_id: id }, body: changes }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<SuccessResponse> {
    return this.ctx.request('deleteMemory', { params: { memory_id: id } }, options);
  }

  /** Memories by meaning. */
  search(query: string | SearchMemoriesQuery, options?: RequestOptions): Promise<MemorySearchResponse> {
    const q = typeof query === 'string' ? { query } : query;
    return this.ctx.memoryRead(
      'searchMemories',
      '/v1/dev/user/memories/vector/search',
      () => this.ctx.request('searchMemories', { query: q }, options),
      () => ({ items: [], returned_count: 0, archive_default_visible: false }),
    );
  }
}

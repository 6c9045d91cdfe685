import {
  CreateMemoryRequest,
  DeveloperMemory,
  type MemoryCategory,
  MemorySearchItem,
} from '@omi-kit/schemas';
import { z } from 'zod';
import { idArg, intArg, MemoryCategoryArg } from '../arguments.js';
import { bounds } from '../bounds.js';
import { defineTool } from '../define-tool.js';

// Omi's limit, from the request schema; trimmed first, as Omi does, so blank content is refused here.
const MEMORY_MAX = CreateMemoryRequest.shape.content.maxLength ?? 500;
const MemoryContent = z
  .string()
  .trim()
  .min(1, { error: 'content must not be empty' })
  .max(MEMORY_MAX, { error: `content holds at most ${MEMORY_MAX} characters` })
  .describe(`The fact about the user, 1-${MEMORY_MAX} characters, written as a full sentence`);

export const getMemories = defineTool({
  name: 'get_memories',
  title: 'Get memories',
  description:
    "List the user's memories: facts Omi has learned about the user (preferences, people, work, habits), newest and most relevant first. Filter by categories; page with offset while has_more is true. To find memories about a topic, use search_memories instead.",
  scope: 'memories:read',
  preset: 'read',
  input: z.object({
    categories: z
      .array(MemoryCategoryArg)
      .max(20)
      .default([])
      .describe('Only memories in these categories; empty for all'),
    limit: intArg('Memories to return', 1, bounds.memoryList.max, bounds.memoryList.default),
    offset: intArg('Memories to skip, for paging', 0, bounds.offsetMax, 0),
  }),
  output: z.object({
    memories: z.array(DeveloperMemory),
    returned_count: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    has_more: z.boolean().describe('A full page came back: there may be more after offset + limit'),
  }),
  async run(args, { client, requestOptions }) {
    const categories = [...new Set(args.categories)];
    const memories = await client.memories.list(
      {
        limit: args.limit,
        offset: args.offset,
        ...(categories.length ? { categories: categories.join(',') } : {}),
      },
      requestOptions,
    );
    return {
      memories,
      returned_count: memories.length,
      offset: args.offset,
      limit: args.limit,
      has_more: memories.length >= args.limit,
    };
  },
});

export const searchMemories = defineTool({
  name: 'search_memories',
  title: 'Search memories',
  description:
    "Find the user's memories about a topic by meaning (semantic search), best match first, each with a relevance_score. Use it before answering a question that depends on what the user likes, knows or has said about themselves.",
  scope: 'memories:read',
  preset: 'read',
  input: z.object({
    query: z
      .string()
      .trim()
      .min(1, { error: 'query must not be empty' })
      .max(1000)
      .describe('What to look for'),
    limit: intArg('Memories to return', 1, bounds.memorySearch.max, bounds.memorySearch.default),
  }),
  output: z.object({
    memories: z.array(MemorySearchItem),
    returned_count: z.number().int(),
  }),
  async run(args, { client, requestOptions }) {
    const found = await client.memories.search({ query: args.query, limit: args.limit }, requestOptions);
    const memories = found.items.slice(0, args.limit);
    return { memories, returned_count: memories.length };
  },
});

export const createMemory = defineTool({
  name: 'create_memory',
  title: 'Create memory',
  description:
    'Save one new fact about the user as a memory, only when the user asked you to remember something. Leave category out to let Omi choose it. Saving the same content again updates the same memory.',
  scope: 'memories:write',
  preset: 'create',
  input: z.object({
    content: MemoryContent,
    category: MemoryCategoryArg.optional().describe('Omitted: Omi picks the category'),
  }),
  output: z.object({ success: z.literal(true), memory: DeveloperMemory }),
  async run(args, { client, requestOptions }) {
    const memory = await client.memories.create(
      { content: args.content, ...(args.category ? { category: args.category } : {}) },
      requestOptions,
    );
    return { success: true as const, memory };
  },
});

const BatchItemResult = z.object({
  index: z.number().int().describe('Position of the item in `items`'),
  status: z.enum(['created', 'duplicate', 'error']),
  memory_id: z.string().optional(),
  error: z.string().optional(),
});
type BatchItemResult = z.infer<typeof BatchItemResult>;

const StrictBatchItem = z.object({
  content: MemoryContent,
  category: MemoryCategoryArg.optional().describe('Omitted: Omi picks the category'),
});

export const createMemories = defineTool({
  name: 'create_memories',
  title: 'Create memories',
  description: `Save up to ${bounds.memoriesPerBatch} facts about the user at once, only when the user asked you to remember them. Each item gets its own result: created (with memory_id), duplicate (same content as an earlier item or memory) or error (why it was refused); the other items are still saved.`,
  scope: 'memories:write',
  preset: 'create',
  // Items are checked one by one in `run`, so one bad item does not refuse the others.
  input: z.object({
    items: z
      .array(z.object({ content: z.string(), category: z.string().optional() }))
      .min(1, { error: 'items must hold at least one memory' })
      .max(bounds.memoriesPerBatch, { error: `items holds at most ${bounds.memoriesPerBatch} memories` }),
  }),
  listedInput: z.object({
    items: z.array(StrictBatchItem).min(1).max(bounds.memoriesPerBatch).describe('The memories to save'),
  }),
  output: z.object({
    results: z.array(BatchItemResult),
    created_count: z.number().int(),
    duplicate_count: z.number().int(),
    error_count: z.number().int(),
  }),
  async run(args, { client, requestOptions }) {
    const results: BatchItemResult[] = [];
    const firstIndexOf = new Map<string, number>();
    const toSend: { index: number; content: string; category?: MemoryCategory }[] = [];
    args.items.forEach((item, index) => {
      const parsed = StrictBatchItem.safeParse(item);
      if (!parsed.success) {
        const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'item'}: ${i.message}`).join('; ');
        results[index] = { index, status: 'error', error: why };
        return;
      }
      const earlier = firstIndexOf.get(parsed.data.content);
      if (earlier !== undefined) {
        results[index] = { index, status: 'duplicate' };
        return;
      }
      firstIndexOf.set(parsed.data.content, index);
      toSend.push({ index, ...parsed.data });
    });
    if (toSend.length > 0) {
      const created = await client.memories.createMany(
        toSend.map(({ content, category }) => ({ content, ...(category ? { category } : {}) })),
        { ...requestOptions, concurrency: 1 },
      );
      toSend.forEach((item, i) => {
        results[item.index] = { index: item.index, status: 'created', memory_id: created.memories[i]!.id };
      });
    }
    // Duplicates point at the memory their first occurrence became (same content, same id).
    for (const result of results) {
      if (result?.status !== 'duplicate') continue;
      const content = StrictBatchItem.parse(args.items[result.index]).content;
      const first = results[firstIndexOf.get(content)!];
      if (first?.memory_id) result.memory_id = first.memory_id;
    }
    const count = (status: BatchItemResult['status']) => results.filter((r) => r.status === status).length;
    return {
      results,
      created_count: count('created'),
      duplicate_count: count('duplicate'),
      error_count: count('error'),
    };
  },
});

export const deleteMemory = defineTool({
  name: 'delete_memory',
  title: 'Delete memory',
  description:
    "Delete one of the user's memories for good, by id (from get_memories or search_memories). Only when the user asked for it; it cannot be undone.",
  scope: 'memories:write',
  preset: 'delete',
  input: z.object({ memory_id: idArg('memory') }),
  output: z.object({ success: z.literal(true) }),
  failureContext: (args) => ({ resource: 'memory', id: args.memory_id }),
  async run(args, { client, requestOptions }) {
    await client.memories.delete(args.memory_id, requestOptions);
    return { success: true as const };
  },
});

export const editMemory = defineTool({
  name: 'edit_memory',
  title: 'Edit memory',
  description:
    "Replace the text of one of the user's memories, by id (from get_memories or search_memories), when the user corrects a fact.",
  scope: 'memories:write',
  preset: 'edit',
  input: z.object({ memory_id: idArg('memory'), content: MemoryContent }),
  output: z.object({ success: z.literal(true), memory: DeveloperMemory }),
  failureContext: (args) => ({ resource: 'memory', id: args.memory_id }),
  async run(args, { client, requestOptions }) {
    const memory = await client.memories.update(args.memory_id, { content: args.content }, requestOptions);
    return { success: true as const, memory };
  },
});

import { z } from 'zod';
import { DateTimeString } from './datetime.js';
import { MemoryCategory, MemoryCategoryLenient, MemoryVisibilityLenient } from './enums.js';

/** A memory (a fact about the user) as the Developer API returns it. Only `id` is required. */
export const DeveloperMemory = z.looseObject({
  id: z.string(),
  content: z.string().default(''),
  category: MemoryCategoryLenient.default('interesting'),
  visibility: MemoryVisibilityLenient.default('private'),
  tags: z.array(z.string()).default([]),
  created_at: DateTimeString.nullish(),
  updated_at: DateTimeString.nullish(),
  manually_added: z.boolean().default(false),
  reviewed: z.boolean().default(false),
  user_review: z.boolean().nullish(),
  edited: z.boolean().default(false),
  /** `"{manual:02d}_{999-boost:02d}_{created_unix:010d}"`; null in create responses of the newest code. */
  scoring: z.string().nullish(),
});
export type DeveloperMemory = z.infer<typeof DeveloperMemory>;

/** `POST /v1/dev/user/memories`. Content is trimmed by the server; blank content is refused. */
export const CreateMemoryRequest = z.strictObject({
  content: z.string().min(1).max(500).describe('The memory, 1-500 characters'),
  category: MemoryCategory.nullish().describe('Omitted: Omi picks one (in practice interesting or system)'),
  visibility: z.string().optional().describe('"private" (default) or "public"'),
  tags: z.array(z.string()).optional(),
});
export type CreateMemoryRequest = z.input<typeof CreateMemoryRequest>;

export const MEMORY_BATCH_MAX = 25;

/** `POST /v1/dev/user/memories/batch`: all or nothing, at most 25. */
export const CreateMemoriesBatchRequest = z.strictObject({
  memories: z.array(CreateMemoryRequest).max(MEMORY_BATCH_MAX),
});
export type CreateMemoriesBatchRequest = z.input<typeof CreateMemoriesBatchRequest>;

export const CreateMemoriesBatchResponse = z.looseObject({
  memories: z.array(DeveloperMemory),
  created_count: z.number().int(),
});
export type CreateMemoriesBatchResponse = z.infer<typeof CreateMemoriesBatchResponse>;

/** `PATCH /v1/dev/user/memories/{id}`: at least one field; `tags` replaces the whole list. */
export const UpdateMemoryRequest = z.strictObject({
  content: z.string().min(1).max(500).nullish(),
  visibility: z.string().nullish().describe('"public" or "private"'),
  tags: z.array(z.string()).nullish(),
  category: MemoryCategory.nullish(),
});
export type UpdateMemoryRequest = z.input<typeof UpdateMemoryRequest>;

/** Query of `GET /v1/dev/user/memories`. Out-of-range values are clamped, not refused. */
export const ListMemoriesQuery = z.strictObject({
  limit: z.number().int().optional().describe('Default 25, clamped to 1..1000'),
  offset: z.number().int().optional().describe('Default 0, clamped to >= 0'),
  categories: z.string().optional().describe('Comma-separated memory categories'),
});
export type ListMemoriesQuery = z.input<typeof ListMemoriesQuery>;

/** Query of `GET /v1/dev/user/memories/vector/search`. */
export const SearchMemoriesQuery = z.strictObject({
  query: z.string().min(1),
  limit: z.number().int().min(1).max(100).optional().describe('Default 10, 1..100'),
});
export type SearchMemoriesQuery = z.input<typeof SearchMemoriesQuery>;

export const MemorySearchItem = z.looseObject({
  id: z.string(),
  content: z.string(),
  category: MemoryCategoryLenient,
  relevance_score: z.number(),
});
export type MemorySearchItem = z.infer<typeof MemorySearchItem>;

export const MemorySearchResponse = z.looseObject({
  items: z.array(MemorySearchItem),
  returned_count: z.number().int(),
  archive_default_visible: z.boolean().default(false),
  policy: z
    .looseObject({
      consumer: z.string(),
      app_has_default_memory_grant: z.boolean(),
      archive_capability: z.boolean(),
      raw_provenance_capability: z.boolean(),
    })
    .optional(),
});
export type MemorySearchResponse = z.infer<typeof MemorySearchResponse>;

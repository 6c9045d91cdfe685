import {
  type CreateMemoryRequest,
  type MemoryCategory,
  memoryCategoryValues,
  type UpdateMemoryRequest,
} from '@omi-kit/schemas';
import { clamp } from '../datetime-input.js';
import type { DevHandler, DevRequest } from '../developer-api.js';
import { notFound, OmiHttpError, paymentRequired, unprocessable } from '../http-error.js';
import { memoryCategoryFor, relevance } from '../llm-stand-ins.js';
import { RawJson } from '../pydantic-json.js';
import type { EmulatorState } from '../state.js';
import {
  createdMemoryJson,
  type NewMemory,
  newMemoryRow,
  toCreatedMemory,
  toDeveloperMemory,
} from '../store/memories.js';

function parseCategories(raw: string | undefined): string[] {
  if (!raw) return [];
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const c = part.trim();
    if (!c) continue;
    if (!(memoryCategoryValues as readonly string[]).includes(c)) {
      throw new OmiHttpError(400, `Invalid category '${c}' is not a valid MemoryCategory`);
    }
    out.push(c);
  }
  return out;
}

function newMemory(req: CreateMemoryRequest, now: Date): NewMemory {
  const content = req.content.trim();
  return {
    content,
    category: (req.category ?? memoryCategoryFor(content)) as MemoryCategory,
    visibility: req.visibility ?? 'private',
    tags: req.tags ?? [],
    manuallyAdded: true,
    now,
  };
}

function lockedGuard(state: EmulatorState, uid: string, id: string) {
  const row = state.memories.get(uid, id);
  if (!row) throw notFound('Memory not found');
  if (row.is_locked && state.switches.enforce_locks) throw paymentRequired('memory');
  return row;
}

export const listMemories: DevHandler = (
  req: DevRequest<{ limit?: number; offset?: number; categories?: string }>,
  state,
) => {
  const categories = parseCategories(req.query.categories);
  const limit = clamp(req.query.limit ?? 25, 1, 1000);
  const offset = Math.max(0, req.query.offset ?? 0);
  return new RawJson(
    state.memories.listJson(req.uid, limit, offset, categories, state.switches.enforce_locks),
  );
};

export const createMemory: DevHandler = async (req: DevRequest<unknown, CreateMemoryRequest>, state) => {
  if (req.body.content.trim().length === 0) throw unprocessable('content cannot be empty');
  const row = newMemoryRow(req.uid, newMemory(req.body, req.now));
  await state.writes.run(() => state.memories.write(row));
  return new RawJson(createdMemoryJson(row));
};

export const createMemoriesBatch: DevHandler = (
  req: DevRequest<unknown, { memories: CreateMemoryRequest[] }>,
  state,
) => {
  const items = req.body.memories;
  if (items.length === 0) return { memories: [], created_count: 0 };
  if (items.some((m) => m.content.trim().length === 0))
    throw unprocessable('All memories must have non-empty content');
  const rows = state.memories.createMany(
    req.uid,
    items.map((m) => newMemory(m, req.now)),
  );
  return { memories: rows.map(toCreatedMemory), created_count: rows.length };
};

export const searchMemories: DevHandler = (req: DevRequest<{ query: string; limit?: number }>, state) => {
  // The canonical memory path caps the effective limit at 20.
  const limit = Math.min(req.query.limit ?? 10, 20);
  const items = state.memories
    .visible(req.uid)
    .map((row) => ({ row, score: relevance(req.query.query, row.content) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || b.row.created_at.localeCompare(a.row.created_at))
    .slice(0, limit)
    .map(({ row, score }) => {
      const m = toDeveloperMemory(row, state.switches.enforce_locks);
      return {
        id: m.id,
        content: m.content,
        category: m.category,
        relevance_score: score,
        created_at: m.created_at,
      };
    });
  return {
    items,
    returned_count: items.length,
    archive_default_visible: false,
    policy: {
      consumer: 'developer_api',
      app_has_default_memory_grant: true,
      archive_capability: false,
      raw_provenance_capability: false,
    },
  };
};

export const updateMemory: DevHandler = (req: DevRequest<unknown, UpdateMemoryRequest>, state) => {
  const id = req.params.memory_id!;
  const b = req.body;
  // Omi checks for an empty body before it looks the memory up.
  if (b.content == null && b.visibility == null && b.tags == null && b.category == null) {
    throw unprocessable('At least one field (content, visibility, tags, or category) must be provided');
  }
  lockedGuard(state, req.uid, id);
  if (b.visibility != null && b.visibility !== 'public' && b.visibility !== 'private') {
    throw unprocessable("visibility must be 'public' or 'private'");
  }
  const fields: Parameters<EmulatorState['memories']['update']>[2] = {};
  if (b.content != null) {
    fields.content = b.content.trim();
    fields.edited = 1;
  }
  if (b.visibility != null) fields.visibility = b.visibility;
  if (b.tags != null) fields.tags = JSON.stringify(b.tags);
  if (b.category != null) fields.category = b.category;
  state.memories.update(req.uid, id, fields, req.now);
  return toDeveloperMemory(state.memories.get(req.uid, id)!, state.switches.enforce_locks);
};

export const deleteMemory: DevHandler = (req, state) => {
  const id = req.params.memory_id!;
  lockedGuard(state, req.uid, id);
  state.memories.delete(req.uid, id);
  return { success: true };
};

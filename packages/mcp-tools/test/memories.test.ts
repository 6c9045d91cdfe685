import type { OmiClient } from '@omi-kit/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type Connected,
  connectInMemory,
  countingClient,
  errorOf,
  payload,
  type RunningEmulator,
  startEmulator,
} from './support/harness.js';

interface Memory {
  id: string;
  content: string;
  category: string;
}

let omi: RunningEmulator;
let c: Connected;
let client: OmiClient;
let requests: string[];
beforeAll(async () => {
  omi = await startEmulator();
  ({ client, requests } = countingClient(omi.baseUrl, omi.key));
  c = await connectInMemory({ client, scopes: ['memories:read', 'memories:write'] });
});
afterAll(async () => {
  await c?.close();
  await omi?.close();
});
beforeEach(() => {
  requests.length = 0;
});

describe('get_memories', () => {
  test('answers {memories, returned_count, offset, limit, has_more} with text as compact JSON', async () => {
    const result = await c.call('get_memories', {});
    expect(result.isError).toBeFalsy();
    const body = payload<{ memories: Memory[]; returned_count: number; limit: number; has_more: boolean }>(
      result,
    );
    expect(body.limit).toBe(20);
    expect(body.memories.length).toBe(body.returned_count);
    expect(body.memories.length).toBeGreaterThan(5);
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(body) }]);
    expect(requests).toEqual(['GET /v1/dev/user/memories']);
  });

  test('pages with limit and offset', async () => {
    const first = payload<{ memories: Memory[]; has_more: boolean }>(
      await c.call('get_memories', { limit: 3 }),
    );
    const second = payload<{ memories: Memory[] }>(await c.call('get_memories', { limit: 3, offset: 3 }));
    expect(first.memories).toHaveLength(3);
    expect(first.has_more).toBe(true);
    expect(second.memories.map((m) => m.id)).not.toContain(first.memories[0]!.id);
  });

  test('filters by categories', async () => {
    const body = payload<{ memories: Memory[] }>(
      await c.call('get_memories', { categories: ['work', 'hobbies'] }),
    );
    expect(body.memories.length).toBeGreaterThan(0);
    expect(new Set(body.memories.map((m) => m.category))).toEqual(new Set(['work', 'hobbies']));
  });

  test('an unknown category is refused before any request, even next to valid ones', async () => {
    const error = errorOf(await c.call('get_memories', { categories: ['work', 'cooking'] }));
    expect(error.code).toBe('invalid_arguments');
    expect(error.message).toContain('categories.1');
    expect(error.message).toContain('"cooking"');
    expect(requests).toEqual([]);
  });

  test.each([{ limit: 0 }, { limit: 101 }, { limit: 2.5 }, { offset: -1 }])(
    'refuses %o before any request',
    async (args) => {
      expect(errorOf(await c.call('get_memories', args)).code).toBe('invalid_arguments');
      expect(requests).toEqual([]);
    },
  );
});

describe('search_memories', () => {
  test('finds memories by meaning, with relevance scores', async () => {
    const body = payload<{ memories: (Memory & { relevance_score: number })[] }>(
      await c.call('search_memories', { query: 'marathon running', limit: 3 }),
    );
    expect(body.memories.length).toBeGreaterThan(0);
    expect(body.memories.length).toBeLessThanOrEqual(3);
    expect(body.memories[0]!.content).toMatch(/marathon/i);
    expect(typeof body.memories[0]!.relevance_score).toBe('number');
  });

  test('an empty query or a limit over 20 is refused before any request', async () => {
    expect(errorOf(await c.call('search_memories', { query: '   ' })).code).toBe('invalid_arguments');
    expect(errorOf(await c.call('search_memories', { query: 'x', limit: 21 })).code).toBe(
      'invalid_arguments',
    );
    expect(errorOf(await c.call('search_memories', {})).code).toBe('invalid_arguments');
    expect(requests).toEqual([]);
  });
});

describe('create_memory, edit_memory, delete_memory', () => {
  test('create, edit, then delete a memory', async () => {
    const created = payload<{ success: boolean; memory: Memory }>(
      await c.call('create_memory', {
        content: '  Alex prefers oat milk in coffee  ',
        category: 'lifestyle',
      }),
    );
    expect(created.success).toBe(true);
    expect(created.memory).toMatchObject({
      content: 'Alex prefers oat milk in coffee',
      category: 'lifestyle',
    });
    const stored = await client.memories.listAll().toArray();
    expect(stored.find((m) => m.id === created.memory.id)?.content).toBe('Alex prefers oat milk in coffee');

    const edited = payload<{ success: boolean; memory: Memory }>(
      await c.call('edit_memory', {
        memory_id: created.memory.id,
        content: 'Alex prefers soy milk in coffee',
      }),
    );
    expect(edited).toMatchObject({ success: true, memory: { content: 'Alex prefers soy milk in coffee' } });

    expect(payload(await c.call('delete_memory', { memory_id: created.memory.id }))).toEqual({
      success: true,
    });
    const after = await client.memories.listAll().toArray();
    expect(after.some((m) => m.id === created.memory.id)).toBe(false);
  });

  test('without a category Omi picks one', async () => {
    const created = payload<{ memory: Memory }>(
      await c.call('create_memory', { content: 'I like jazz on Sundays' }),
    );
    expect(created.memory.category).toMatch(/\w/);
  });

  test('content over 500 characters, blank content and a bad category are refused before any request', async () => {
    expect(errorOf(await c.call('create_memory', { content: 'x'.repeat(501) })).message).toContain('500');
    expect(errorOf(await c.call('create_memory', { content: '   ' })).message).toContain('empty');
    expect(errorOf(await c.call('create_memory', { content: 'ok', category: 'feelings' })).code).toBe(
      'invalid_arguments',
    );
    expect(requests).toEqual([]);
  });

  test('an unknown id is not_found, naming the id', async () => {
    const del = errorOf(await c.call('delete_memory', { memory_id: 'no-such-memory' }));
    expect(del).toMatchObject({ code: 'not_found' });
    expect(del.message).toContain('"no-such-memory"');
    expect(errorOf(await c.call('edit_memory', { memory_id: 'no-such-memory', content: 'x' })).code).toBe(
      'not_found',
    );
  });

  test('an api_key argument from the model is ignored', async () => {
    const result = await c.call('get_memories', {
      limit: 1,
      api_key: 'omi_dev_00000000000000000000000000000000',
    });
    expect(result.isError).toBeFalsy();
  });
});

describe('create_memories', () => {
  test('per-item results: created, duplicate (fetched once) and error', async () => {
    const result = await c.call('create_memories', {
      items: [
        { content: 'Alex volunteers at the food bank on Saturdays', category: 'habits' },
        { content: 'Alex volunteers at the food bank on Saturdays' },
        { content: '' },
        { content: 'Alex is learning Portuguese', category: 'not-a-category' },
        { content: 'Alex is learning Portuguese' },
      ],
    });
    const body = payload<{
      results: { index: number; status: string; memory_id?: string; error?: string }[];
      created_count: number;
      duplicate_count: number;
      error_count: number;
    }>(result);
    expect(body.results.map((r) => r.status)).toEqual(['created', 'duplicate', 'error', 'error', 'created']);
    expect(body.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(body.results[1]!.memory_id).toBe(body.results[0]!.memory_id);
    expect(body.results[2]!.error).toMatch(/empty/);
    expect(body.results[3]!.error).toMatch(/not-a-category/);
    expect(body).toMatchObject({ created_count: 2, duplicate_count: 1, error_count: 2 });
    expect(requests).toEqual(['POST /v1/dev/user/memories/batch']);
    const stored = await client.memories.listAll().toArray();
    expect(stored.filter((m) => m.content.startsWith('Alex volunteers at the food bank'))).toHaveLength(1);
  });

  test('more than 25 items, or none, is refused before any request', async () => {
    const items = Array.from({ length: 26 }, (_, i) => ({ content: `fact ${i}` }));
    expect(errorOf(await c.call('create_memories', { items })).message).toContain('25');
    expect(errorOf(await c.call('create_memories', { items: [] })).code).toBe('invalid_arguments');
    expect(requests).toEqual([]);
  });

  test('only errors: nothing is sent', async () => {
    const body = payload<{ error_count: number }>(
      await c.call('create_memories', { items: [{ content: ' ' }] }),
    );
    expect(body.error_count).toBe(1);
    expect(requests).toEqual([]);
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectValidationList, useEmulator, validationMessages } from './support/harness.js';
import { expectedMemoryId, UUID_V4 } from './support/ids.js';

// Reference §1 "ID formats", §2.2 Memories, §5 batch, §6 sorting.

const MEMORY_KEYS = [
  'id',
  'content',
  'category',
  'visibility',
  'tags',
  'created_at',
  'updated_at',
  'manually_added',
  'reviewed',
  'user_review',
  'edited',
  'scoring',
];

describe('the test id helper matches Python', () => {
  it('sha256 -> UUIDv4 (values computed with CPython)', () => {
    // str(uuid.UUID(bytes=hashlib.sha256(b'hello').digest()[:16], version=4))
    expect(expectedMemoryId('hello')).toBe('2cf24dba-5fb0-430e-a6e8-3b2ac5b9e29e');
  });
});

describe('memories', () => {
  let now = Date.parse('2030-03-01T09:00:00.000Z');
  const omi = useEmulator({ rateLimitBoost: 100, clock: () => new Date(now) });
  let key: string;
  let uid = 0;
  const list = async (query: Record<string, string | number> = {}) => {
    const r = await omi.get('/v1/dev/user/memories', { key, query: { limit: 1000, ...query } });
    expect(r.status).toBe(200);
    return r.body as Record<string, unknown>[];
  };

  beforeEach(async () => {
    // A fresh user per test keeps lists exact.
    uid += 1;
    key = await omi.key(undefined, `memories-user-${uid}`);
    now += 60_000;
  });

  describe('create', () => {
    it('derives the id from sha256 of the trimmed content (UUIDv4 shape)', async () => {
      const content = 'Alex prefers window seats on long flights';
      const r = await omi.post('/v1/dev/user/memories', { key, json: { content: `  ${content}\n` } });
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(expectedMemoryId(content));
      expect(r.body.id).toMatch(UUID_V4);
      expect(r.body.content).toBe(content);
    });

    it('returns 200 with DeveloperMemory fields, the review fields at their defaults', async () => {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Alex has a cat called Miso', category: 'system', tags: ['pets'] },
      });
      expect(r.status).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual([...MEMORY_KEYS].sort());
      expect(r.body).toMatchObject({
        category: 'system',
        visibility: 'private',
        tags: ['pets'],
        manually_added: true,
        reviewed: false,
        user_review: null,
        edited: false,
        scoring: null,
      });
      expect(Date.parse(r.body.created_at)).toBe(now);
      expect(r.body.created_at).toMatch(/Z$/);
    });

    it('a later GET shows the stored values: reviewed, user_review true and a scoring string', async () => {
      const created = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Alex drinks oat milk', category: 'system' },
      });
      const [stored] = await list();
      expect(stored).toMatchObject({
        id: created.body.id,
        manually_added: true,
        reviewed: true,
        user_review: true,
      });
      const unix = String(Math.floor(now / 1000)).padStart(10, '0');
      // "01_999_..." for a manual system memory.
      expect(stored!.scoring).toBe(`01_999_${unix}`);
    });

    it('an interesting memory scores 01_998_<unix>', async () => {
      await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Otters hold hands', category: 'interesting' },
      });
      const [stored] = await list();
      expect(stored!.scoring).toBe(`01_998_${String(Math.floor(now / 1000)).padStart(10, '0')}`);
    });

    it('re-creating the same content overwrites the memory (same id, one row)', async () => {
      const content = 'Alex is vegetarian';
      const a = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content, category: 'system', tags: ['a'] },
      });
      now += 1000;
      const b = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content, category: 'habits', tags: ['b'] },
      });
      expect(b.body.id).toBe(a.body.id);
      const rows = await list();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: a.body.id, category: 'habits', tags: ['b'] });
    });

    it('visibility is not validated on create; the response coerces it to private', async () => {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Odd visibility', visibility: 'friends' },
      });
      expect(r.status).toBe(200);
      expect(r.body.visibility).toBe('private');
      const pub = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Public one', visibility: 'public' },
      });
      expect(pub.body.visibility).toBe('public');
    });

    it('an omitted category is auto-categorised into a valid category', async () => {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'I love climbing on weekends' },
      });
      expect(r.status).toBe(200);
      expect(['interesting', 'system']).toContain(r.body.category);
    });

    it('category: null is auto-categorised too', async () => {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'My sister lives in Porto', category: null },
      });
      expect(r.status).toBe(200);
      expect(['interesting', 'system']).toContain(r.body.category);
    });

    it('whitespace-only content is 422 "content cannot be empty"', async () => {
      const r = await omi.post('/v1/dev/user/memories', { key, json: { content: '   \t ' } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('content cannot be empty');
      expect(await list()).toEqual([]);
    });
  });

  describe('batch', () => {
    it('creates all items, in request order, with created_count', async () => {
      const memories = [
        { content: 'Batch fact one', category: 'work' },
        { content: 'Batch fact two', category: 'skills' },
        { content: 'Batch fact three', category: 'hobbies' },
      ];
      const r = await omi.post('/v1/dev/user/memories/batch', { key, json: { memories } });
      expect(r.status).toBe(200);
      expect(r.body.created_count).toBe(3);
      expect(r.body.memories.map((m: { content: string }) => m.content)).toEqual(
        memories.map((m) => m.content),
      );
      expect(r.body.memories.map((m: { id: string }) => m.id)).toEqual(
        memories.map((m) => expectedMemoryId(m.content)),
      );
      for (const m of r.body.memories) {
        expect(m).toMatchObject({ reviewed: false, user_review: null, edited: false, scoring: null });
      }
      expect(await list()).toHaveLength(3);
    });

    it('duplicates collapse in storage but both appear in the response', async () => {
      const memories = [{ content: 'Same thing' }, { content: 'Same thing' }, { content: 'Different thing' }];
      const r = await omi.post('/v1/dev/user/memories/batch', { key, json: { memories } });
      expect(r.status).toBe(200);
      expect(r.body.created_count).toBe(3);
      expect(r.body.memories).toHaveLength(3);
      expect(r.body.memories[0].id).toBe(r.body.memories[1].id);
      expect(await list()).toHaveLength(2);
    });

    it('an empty list is 200 {memories: [], created_count: 0}', async () => {
      const r = await omi.post('/v1/dev/user/memories/batch', { key, json: { memories: [] } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ memories: [], created_count: 0 });
    });

    it('all or nothing: one over-long item refuses the whole request, nothing is written', async () => {
      const memories = [
        { content: 'Good one' },
        { content: 'z'.repeat(501) },
        { content: 'Another good one' },
      ];
      const r = await omi.post('/v1/dev/user/memories/batch', { key, json: { memories } });
      expect(r.status).toBe(422);
      expectValidationList(r.body);
      expect(await list()).toEqual([]);
    });

    it('all or nothing: a whitespace item is 422 "All memories must have non-empty content"', async () => {
      const memories = [{ content: 'Good one' }, { content: '    ' }];
      const r = await omi.post('/v1/dev/user/memories/batch', { key, json: { memories } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('All memories must have non-empty content');
      expect(await list()).toEqual([]);
    });

    it('25 items are accepted', async () => {
      const memories = Array.from({ length: 25 }, (_, i) => ({ content: `Twenty-five ${i}` }));
      const r = await omi.post('/v1/dev/user/memories/batch', { key, json: { memories } });
      expect(r.status).toBe(200);
      expect(r.body.created_count).toBe(25);
    });
  });

  describe('list', () => {
    it('sorts by scoring desc (system above the rest, then newer), then created_at desc', async () => {
      const make = (content: string, category: string) =>
        omi.post('/v1/dev/user/memories', { key, json: { content, category } });
      await make('old interesting', 'interesting');
      now += 5_000;
      await make('new interesting', 'interesting');
      now += 5_000;
      await make('system fact', 'system');
      // Same second as "system fact", later millisecond: scoring ties, created_at decides.
      now += 300;
      await make('system fact twin', 'system');
      const order = (await list()).map((m) => m.content);
      expect(order).toEqual(['system fact twin', 'system fact', 'new interesting', 'old interesting']);
    });

    it('filters by comma-separated categories', async () => {
      const memories = [
        { content: 'A work thing', category: 'work' },
        { content: 'A hobby thing', category: 'hobbies' },
        { content: 'A skill thing', category: 'skills' },
      ];
      await omi.post('/v1/dev/user/memories/batch', { key, json: { memories } });
      const rows = await list({ categories: 'work, skills' });
      expect(rows.map((m) => m.category).sort()).toEqual(['skills', 'work']);
    });

    it('an unknown category is 400 "Invalid category \'<x>\' is not a valid MemoryCategory"', async () => {
      const r = await omi.get('/v1/dev/user/memories', { key, query: { categories: 'work,bogus' } });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ detail: "Invalid category 'bogus' is not a valid MemoryCategory" });
    });

    it('offset and limit page through the sorted list', async () => {
      const memories = Array.from({ length: 5 }, (_, i) => ({ content: `Paged ${i}`, category: 'manual' }));
      for (const m of memories) {
        await omi.post('/v1/dev/user/memories', { key, json: m });
        now += 1000;
      }
      const all = (await list()).map((m) => m.content);
      expect(all).toEqual(['Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged 0']);
      const page = await omi.get('/v1/dev/user/memories', { key, query: { limit: 2, offset: 2 } });
      expect(page.body.map((m: { content: string }) => m.content)).toEqual(['Paged 2', 'Paged 1']);
    });
  });

  describe('PATCH', () => {
    let id: string;
    beforeEach(async () => {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Alex plays the cello', category: 'hobbies', tags: ['music', 'strings'] },
      });
      id = r.body.id;
      now += 1000;
    });

    it('edits content, keeping the id', async () => {
      const r = await omi.patch(`/v1/dev/user/memories/${id}`, {
        key,
        json: { content: '  Alex plays the viola ' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id, content: 'Alex plays the viola' });
      const [row] = await list();
      expect(row).toMatchObject({ id, content: 'Alex plays the viola' });
    });

    it('tags replace the whole list; category and visibility change', async () => {
      const r = await omi.patch(`/v1/dev/user/memories/${id}`, {
        key,
        json: { tags: ['orchestra'], category: 'skills', visibility: 'public' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ tags: ['orchestra'], category: 'skills', visibility: 'public' });
      expect(Date.parse(r.body.updated_at)).toBe(now);
    });

    it.each([{}, { content: null, visibility: null, tags: null, category: null }])(
      'no field (%j) is 422 "At least one field (content, visibility, tags, or category) must be provided"',
      async (json) => {
        const r = await omi.patch(`/v1/dev/user/memories/${id}`, { key, json });
        expect(r.status).toBe(422);
        expect(validationMessages(r.body)).toContain(
          'At least one field (content, visibility, tags, or category) must be provided',
        );
      },
    );

    it("visibility other than public/private is 422 \"visibility must be 'public' or 'private'\"", async () => {
      const r = await omi.patch(`/v1/dev/user/memories/${id}`, { key, json: { visibility: 'friends' } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain("visibility must be 'public' or 'private'");
    });

    it('content over 500 characters is a validation 422', async () => {
      const r = await omi.patch(`/v1/dev/user/memories/${id}`, { key, json: { content: 'c'.repeat(501) } });
      expect(r.status).toBe(422);
      expectValidationList(r.body);
    });

    it('a missing id is 404 "Memory not found"', async () => {
      const r = await omi.patch('/v1/dev/user/memories/00000000-0000-4000-8000-000000000000', {
        key,
        json: { tags: [] },
      });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Memory not found' });
    });

    it("another user's memory is not found", async () => {
      const other = await omi.key(undefined, `memories-other-${uid}`);
      const r = await omi.patch(`/v1/dev/user/memories/${id}`, { key: other, json: { tags: [] } });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Memory not found' });
    });
  });

  describe('DELETE', () => {
    it('answers 200 {"success": true} and the memory is gone', async () => {
      const created = await omi.post('/v1/dev/user/memories', { key, json: { content: 'Temporary memory' } });
      const r = await omi.delete(`/v1/dev/user/memories/${created.body.id}`, { key });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ success: true });
      expect(await list()).toEqual([]);
    });
  });

  describe('vector search', () => {
    beforeEach(async () => {
      await omi.post('/v1/dev/user/memories/batch', {
        key,
        json: {
          memories: [
            { content: 'Alex runs along the river every morning', category: 'habits' },
            { content: 'Alex is training for a marathon in October', category: 'system' },
            { content: 'Octopus have three hearts', category: 'interesting' },
          ],
        },
      });
    });

    it('has the documented shape', async () => {
      const r = await omi.get('/v1/dev/user/memories/vector/search', {
        key,
        query: { query: 'marathon training' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        archive_default_visible: false,
        policy: {
          consumer: 'developer_api',
          app_has_default_memory_grant: true,
          archive_capability: false,
          raw_provenance_capability: false,
        },
      });
      expect(r.body.returned_count).toBe(r.body.items.length);
      expect(r.body.items.length).toBeGreaterThan(0);
      for (const item of r.body.items) {
        expect(item).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            content: expect.any(String),
            category: expect.any(String),
            relevance_score: expect.any(Number),
          }),
        );
        // Rounded to 4 decimals.
        expect(Math.round(item.relevance_score * 10_000) / 10_000).toBe(item.relevance_score);
      }
      expect(r.body.items[0].id).toBe(expectedMemoryId('Alex is training for a marathon in October'));
    });

    it('limit=1 returns at most one item', async () => {
      const r = await omi.get('/v1/dev/user/memories/vector/search', {
        key,
        query: { query: 'Alex', limit: 1 },
      });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(1);
    });

    it.each([0, 101, -1])('limit=%i is a 422 (1..100)', async (limit) => {
      const r = await omi.get('/v1/dev/user/memories/vector/search', { key, query: { query: 'x', limit } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.loc).toEqual(['query', 'limit']);
      expect(item!.type).toBe(limit > 100 ? 'less_than_equal' : 'greater_than_equal');
    });

    it.each([1, 100])('limit=%i is accepted', async (limit) => {
      const r = await omi.get('/v1/dev/user/memories/vector/search', { key, query: { query: 'x', limit } });
      expect(r.status).toBe(200);
    });

    it('an empty query is a 422 (min_length 1)', async () => {
      const r = await omi.get('/v1/dev/user/memories/vector/search', { key, query: { query: '' } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'string_too_short', loc: ['query', 'query'] });
    });
  });
});

describe('memories with a read-only key', () => {
  const omi = useEmulator();
  let key: string;
  beforeAll(async () => {
    key = await omi.key(null);
  });
  it('can list but not create', async () => {
    expect((await omi.get('/v1/dev/user/memories', { key })).status).toBe(200);
    expect((await omi.post('/v1/dev/user/memories', { key, json: { content: 'x' } })).status).toBe(403);
  });
});

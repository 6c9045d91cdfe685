import { beforeAll, describe, expect, it } from 'vitest';
import { expectValidationList, useEmulator } from './support/harness.js';

// Reference §1 (error body, check order, pagination), §2 request models, §5 batches, §6 limits.

describe('FastAPI 422 validation lists', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key(undefined, 'validation-user');
  });

  describe('bodies', () => {
    it('a missing required field', async () => {
      const r = await omi.post('/v1/dev/user/memories', { key, json: { category: 'manual' } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'missing', loc: ['body', 'content'], msg: 'Field required' });
    });

    it('content over 500 characters', async () => {
      const content = 'x'.repeat(501);
      const r = await omi.post('/v1/dev/user/memories', { key, json: { content } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({
        type: 'string_too_long',
        loc: ['body', 'content'],
        msg: 'String should have at most 500 characters',
        input: content,
      });
    });

    it('exactly 500 characters is accepted', async () => {
      const r = await omi.post('/v1/dev/user/memories', { key, json: { content: 'y'.repeat(500) } });
      expect(r.status).toBe(200);
    });

    it('an empty string is too short (min_length 1)', async () => {
      const r = await omi.post('/v1/dev/user/action-items', { key, json: { description: '' } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'string_too_short', loc: ['body', 'description'] });
    });

    it('26 memories in a batch', async () => {
      const memories = Array.from({ length: 26 }, (_, i) => ({ content: `Batch overflow ${i}` }));
      const r = await omi.post('/v1/dev/user/memories/batch', { key, json: { memories } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'too_long', loc: ['body', 'memories'] });
      expect(item!.msg).toMatch(/^List should have at most 25 items/);
    });

    it('51 action items in a batch', async () => {
      const action_items = Array.from({ length: 51 }, (_, i) => ({ description: `Task ${i}` }));
      const r = await omi.post('/v1/dev/user/action-items/batch', { key, json: { action_items } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'too_long', loc: ['body', 'action_items'] });
      expect(item!.msg).toMatch(/^List should have at most 50 items/);
    });

    it('a bad enum value (memory category)', async () => {
      const r = await omi.post('/v1/dev/user/memories', { key, json: { content: 'x', category: 'bogus' } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'enum', loc: ['body', 'category'], input: 'bogus' });
      expect(item!.msg).toMatch(/^Input should be 'interesting', 'system', /);
    });

    it('a bad enum value (text_source)', async () => {
      const r = await omi.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'Hello there.', text_source: 'fax' },
      });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'enum', loc: ['body', 'text_source'] });
      expect(item!.msg).toBe("Input should be 'audio_transcript', 'message' or 'other_text'");
    });

    it('a bad item inside a batch points at its index', async () => {
      const r = await omi.post('/v1/dev/user/memories/batch', {
        key,
        json: { memories: [{ content: 'fine' }, { content: 'ok', category: 'nope' }] },
      });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.loc).toEqual(['body', 'memories', 1, 'category']);
    });

    it('bad JSON', async () => {
      const r = await omi.post('/v1/dev/user/memories', { key, raw: '{"content": "x",' });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.type).toBe('json_invalid');
      expect(item!.loc[0]).toBe('body');
      expect(item!.msg).toBe('JSON decode error');
    });

    it('an empty body', async () => {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        headers: { 'content-type': 'application/json' },
      });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'missing', loc: ['body'], msg: 'Field required' });
    });

    it('a JSON array instead of an object', async () => {
      const r = await omi.post('/v1/dev/user/memories', { key, json: ['content'] });
      expect(r.status).toBe(422);
      expectValidationList(r.body);
    });

    it.each([
      ['content as a number', '/v1/dev/user/memories', { content: 42 }, ['body', 'content'], 'string_type'],
      [
        'tags as a string',
        '/v1/dev/user/memories',
        { content: 'x', tags: 'a,b' },
        ['body', 'tags'],
        'list_type',
      ],
      [
        'completed as an object',
        '/v1/dev/user/action-items',
        { description: 'x', completed: { yes: true } },
        ['body', 'completed'],
        'bool_type',
      ],
      [
        'limit as a float',
        '/v1/dev/user/ask',
        { question: 'q?', limit: 2.5 },
        ['body', 'limit'],
        'int_from_float',
      ],
    ])('wrong type: %s', async (_n, path, json, loc, type) => {
      const r = await omi.post(path, { key, json });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ loc, type });
    });

    it('several problems are all listed', async () => {
      const r = await omi.post('/v1/dev/user/goals', {
        key,
        json: { success_criteria: Array.from({ length: 21 }, () => 'c'), goal_type: 'vibes' },
      });
      expect(r.status).toBe(422);
      const items = expectValidationList(r.body);
      const locs = items.map((i) => i.loc.join('.'));
      expect(locs).toEqual(expect.arrayContaining(['body.title', 'body.success_criteria', 'body.goal_type']));
    });

    it('unknown body keys are silently ignored', async () => {
      const r = await omi.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Unknown keys are fine', surprise: true, nested: { a: 1 } },
      });
      expect(r.status).toBe(200);
      expect(r.body).not.toHaveProperty('surprise');
      const segs = await omi.post('/v1/dev/user/conversations/from-segments', {
        key,
        json: { transcript_segments: [{ text: 'Hi there.', start: 0, end: 1, emotion: 'happy' }], extra: 1 },
      });
      expect(segs.status).toBe(200);
    });
  });

  describe('query parameters', () => {
    it.each([
      ['/v1/dev/user/memories', 'limit', 'ten'],
      ['/v1/dev/user/memories', 'offset', '1.5'],
      ['/v1/dev/user/action-items', 'limit', ''],
      ['/v1/dev/user/conversations', 'limit', '2x'],
      ['/v1/dev/user/goals', 'limit', 'many'],
    ])('%s ?%s=%s is an int_parsing 422', async (path, name, value) => {
      const r = await omi.get(path, { key, query: { [name]: value } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({
        type: 'int_parsing',
        loc: ['query', name],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: value,
      });
    });

    it.each([
      ['/v1/dev/user/action-items', 'completed', 'maybe'],
      ['/v1/dev/user/conversations', 'include_transcript', 'please'],
      ['/v1/dev/user/conversations', 'starred', '2'],
      ['/v1/dev/user/goals', 'include_inactive', 'sometimes'],
    ])('%s ?%s=%s is a bool_parsing 422', async (path, name, value) => {
      const r = await omi.get(path, { key, query: { [name]: value } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({
        type: 'bool_parsing',
        loc: ['query', name],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: value,
      });
    });

    it.each(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'TRUE'])(
      'pydantic accepts the boolean spelling %s',
      async (value) => {
        const r = await omi.get('/v1/dev/user/action-items', { key, query: { completed: value } });
        expect(r.status).toBe(200);
      },
    );

    it('a bad datetime in a query is a 422 on that parameter', async () => {
      const r = await omi.get('/v1/dev/user/action-items', { key, query: { start_date: 'last tuesday' } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.loc).toEqual(['query', 'start_date']);
    });

    it('a missing required query parameter', async () => {
      const r = await omi.get('/v1/dev/user/memories/vector/search', { key });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'missing', loc: ['query', 'query'] });
    });

    it('unknown query parameters are ignored', async () => {
      const r = await omi.get('/v1/dev/user/memories', { key, query: { colour: 'blue' } });
      expect(r.status).toBe(200);
    });
  });
});

describe('limit and offset are clamped silently, not refused', () => {
  const omi = useEmulator({ rateLimitBoost: 1000 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key(undefined, 'clamp-user');
  });

  async function fill(path: string, make: (i: number) => unknown, count: number, per: number, field: string) {
    const requests = [];
    for (let i = 0; i < count; i += per) {
      const items = Array.from({ length: Math.min(per, count - i) }, (_, j) => make(i + j));
      requests.push(omi.post(path, { key, json: { [field]: items } }));
    }
    for (const r of await Promise.all(requests)) expect(r.status).toBe(200);
  }

  describe('memories: limit 1..1000', () => {
    beforeAll(async () => {
      await fill(
        '/v1/dev/user/memories/batch',
        (i) => ({ content: `Clamp memory ${i}`, category: 'manual' }),
        1001,
        25,
        'memories',
      );
    });

    it.each([
      [0, 1],
      [-5, 1],
      [1, 1],
      [999, 999],
      [1000, 1000],
      [1001, 1000],
      [50_000, 1000],
    ])('limit=%i returns %i', async (limit, expected) => {
      const r = await omi.get('/v1/dev/user/memories', { key, query: { limit } });
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(expected);
    });

    it('the default limit is 25', async () => {
      const r = await omi.get('/v1/dev/user/memories', { key });
      expect(r.body).toHaveLength(25);
    });

    it('a negative offset is read as 0', async () => {
      const a = await omi.get('/v1/dev/user/memories', { key, query: { limit: 5, offset: -10 } });
      const b = await omi.get('/v1/dev/user/memories', { key, query: { limit: 5, offset: 0 } });
      expect(a.status).toBe(200);
      expect(a.body).toEqual(b.body);
    });
  });

  describe('action items: limit 1..1000', () => {
    beforeAll(async () => {
      await fill(
        '/v1/dev/user/action-items/batch',
        (i) => ({ description: `Clamp task ${i}` }),
        1001,
        50,
        'action_items',
      );
    });

    it.each([
      [0, 1],
      [-1, 1],
      [1001, 1000],
      [10_000, 1000],
    ])('limit=%i returns %i', async (limit, expected) => {
      const r = await omi.get('/v1/dev/user/action-items', { key, query: { limit } });
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(expected);
    });

    it('the default limit is 100', async () => {
      const r = await omi.get('/v1/dev/user/action-items', { key });
      expect(r.body).toHaveLength(100);
    });

    it('a negative offset is read as 0', async () => {
      const a = await omi.get('/v1/dev/user/action-items', { key, query: { limit: 3, offset: -7 } });
      const b = await omi.get('/v1/dev/user/action-items', { key, query: { limit: 3 } });
      expect(a.body).toEqual(b.body);
    });
  });

  describe('conversations: 1..100, or 1..25 with include_transcript', () => {
    beforeAll(async () => {
      const requests = Array.from({ length: 101 }, (_, i) =>
        omi.post('/v1/dev/user/conversations', {
          key,
          json: { text: `Clamp conversation number ${i} about nothing.` },
        }),
      );
      for (const r of await Promise.all(requests)) expect(r.status).toBe(200);
    });

    it.each([
      [0, false, 1],
      [-3, false, 1],
      [100, false, 100],
      [101, false, 100],
      [1000, false, 100],
      [25, true, 25],
      [26, true, 25],
      [100, true, 25],
      [0, true, 1],
    ])('limit=%i include_transcript=%s returns %i', async (limit, withTranscript, expected) => {
      const r = await omi.get('/v1/dev/user/conversations', {
        key,
        query: { limit, include_transcript: withTranscript },
      });
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(expected);
    });

    it('the default limit is 25', async () => {
      const r = await omi.get('/v1/dev/user/conversations', { key });
      expect(r.body).toHaveLength(25);
    });

    it('a negative offset is read as 0', async () => {
      const a = await omi.get('/v1/dev/user/conversations', { key, query: { limit: 2, offset: -1 } });
      const b = await omi.get('/v1/dev/user/conversations', { key, query: { limit: 2 } });
      expect(a.body.map((c: { id: string }) => c.id)).toEqual(b.body.map((c: { id: string }) => c.id));
    });
  });

  describe('goals: limit 1..1000, default 10', () => {
    beforeAll(async () => {
      for (let i = 0; i < 1001; i += 50) {
        const batch = Array.from({ length: Math.min(50, 1001 - i) }, (_, j) =>
          omi.post('/v1/dev/user/goals', { key, json: { title: `Clamp goal ${i + j}` } }),
        );
        for (const r of await Promise.all(batch)) expect(r.status).toBe(200);
      }
    });

    it.each([
      [undefined, 10],
      [0, 1],
      [-2, 1],
      [1000, 1000],
      [1001, 1000],
      [99_999, 1000],
    ])('limit=%s returns %i', async (limit, expected) => {
      const r = await omi.get('/v1/dev/user/goals', { key, query: limit === undefined ? {} : { limit } });
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(expected);
    });
  });
});

describe('check order: 401 -> 403 -> 429 -> 422', () => {
  const omi = useEmulator();

  it('401 before 422: no auth with a bad body', async () => {
    const r = await omi.post('/v1/dev/user/memories', { raw: '{broken' });
    expect(r.status).toBe(401);
    const q = await omi.get('/v1/dev/user/memories', { query: { limit: 'nope' } });
    expect(q.status).toBe(401);
    const badKey = await omi.post('/v1/dev/user/memories', {
      key: `omi_dev_${'f'.repeat(32)}`,
      raw: '{broken',
    });
    expect(badKey.status).toBe(401);
  });

  it('403 (scope) before 422', async () => {
    const key = await omi.key(['memories:read']);
    const r = await omi.post('/v1/dev/user/memories', { key, raw: '{broken' });
    expect(r.status).toBe(403);
    const q = await omi.get('/v1/dev/user/goals', { key, query: { limit: 'nope' } });
    expect(q.status).toBe(403);
  });

  it('429 before 422', async () => {
    const key = await omi.key();
    for (let i = 0; i < 15; i++) {
      const r = await omi.post('/v1/dev/user/memories/batch', { key, raw: '[' });
      expect(r.status).toBe(422);
    }
    const r = await omi.post('/v1/dev/user/memories/batch', { key, raw: '[' });
    expect(r.status).toBe(429);
  });

  it('401 before 403: an unknown key on a route it would lack the scope for', async () => {
    const r = await omi.delete('/v1/dev/user/goals/x', { key: `omi_dev_${'1'.repeat(32)}` });
    expect(r.status).toBe(401);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';
import { DEV_KEY_ROUTES, label } from './support/inventory.js';

// Reference §1 "Conventions that apply to every endpoint".

describe('conventions', () => {
  let now = Date.parse('2030-11-05T08:30:00.000Z');
  const omi = useEmulator({ rateLimitBoost: 100, clock: () => new Date(now) });
  let key: string;
  beforeAll(async () => {
    key = await omi.key(undefined, 'conventions-user');
  });

  describe('timestamps: ISO-8601 UTC with Z, fractional seconds only when present (pydantic v2)', () => {
    it('a whole second has no fractional part', async () => {
      now = Date.parse('2030-11-05T08:30:00.000Z');
      const m = await omi.post('/v1/dev/user/memories', { key, json: { content: 'Whole-second memory' } });
      expect(m.body.created_at).toBe('2030-11-05T08:30:00Z');
      expect(m.body.updated_at).toBe('2030-11-05T08:30:00Z');
      const a = await omi.post('/v1/dev/user/action-items', {
        key,
        json: { description: 'Whole-second task', due_at: '2030-12-01T09:00:00+01:00', completed: true },
      });
      expect(a.body).toMatchObject({
        created_at: '2030-11-05T08:30:00Z',
        completed_at: '2030-11-05T08:30:00Z',
        due_at: '2030-12-01T08:00:00Z',
      });
    });

    it('fractional seconds keep their significant digits only', async () => {
      now = Date.parse('2030-11-05T08:30:01.500Z');
      const m = await omi.post('/v1/dev/user/memories', { key, json: { content: 'Half-second memory' } });
      expect(m.body.created_at).toBe('2030-11-05T08:30:01.5Z');
      now = Date.parse('2030-11-05T08:30:02.123Z');
      const g = await omi.post('/v1/dev/user/goals', { key, json: { title: 'Precise goal' } });
      expect(g.body.created_at).toBe('2030-11-05T08:30:02.123Z');
    });

    it('applies to lists and nested objects too', async () => {
      now = Date.parse('2030-11-05T09:00:00.000Z');
      const c = await omi.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'Timestamps everywhere.', started_at: '2030-11-05T08:00:00.250Z' },
      });
      const r = await omi.get(`/v1/dev/user/conversations/${c.body.id}`, { key });
      expect(r.body).toMatchObject({
        created_at: '2030-11-05T09:00:00Z',
        started_at: '2030-11-05T08:00:00.25Z',
        finished_at: '2030-11-05T08:05:00.25Z',
      });
      const list = await omi.get('/v1/dev/user/memories', { key });
      for (const m of list.body)
        expect(m.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
      const keyRecord = await omi.get('/v1/dev/key', { key });
      expect(keyRecord.body.last_used_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
    });

    it('date filters still work across whole and fractional seconds', async () => {
      const k = await omi.key(undefined, 'conventions-filter-user');
      now = Date.parse('2030-11-06T10:00:00.000Z');
      await omi.post('/v1/dev/user/action-items', { key: k, json: { description: 'whole' } });
      now = Date.parse('2030-11-06T10:00:00.500Z');
      await omi.post('/v1/dev/user/action-items', { key: k, json: { description: 'half' } });
      const r = await omi.get('/v1/dev/user/action-items', {
        key: k,
        query: { start_date: '2030-11-06T10:00:00.250Z' },
      });
      expect(r.body.map((i: { description: string }) => i.description)).toEqual(['half']);
    });
  });

  describe('error bodies are always {"detail": ...}', () => {
    it.each(DEV_KEY_ROUTES.map((r) => [label(r), r] as const))('%s: 401 body', async (_n, route) => {
      const r = await omi.call(route.method, route.path, { json: route.body, query: route.query });
      expect(Object.keys(r.body)).toEqual(['detail']);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
    });

    it('an unknown path is 404 {"detail": "Not Found"}', async () => {
      const r = await omi.get('/v1/dev/user/nothing-here', { key });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Not Found' });
    });
  });

  describe('lists are bare arrays, no pagination headers', () => {
    it.each([
      '/v1/dev/user/memories',
      '/v1/dev/user/action-items',
      '/v1/dev/user/conversations',
      '/v1/dev/user/folders',
      '/v1/dev/user/goals',
    ])('%s', async (path) => {
      const r = await omi.get(path, { key });
      expect(r.status).toBe(200);
      expect(Array.isArray(r.body)).toBe(true);
      expect(r.headers.get('x-total-count')).toBeNull();
      expect(r.headers.get('link')).toBeNull();
    });
  });
});

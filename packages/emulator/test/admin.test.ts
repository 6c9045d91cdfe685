import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Json, READ_ONLY_DEFAULT, useEmulator } from './support/harness.js';

// The emulator-only admin API under /_emulator (no auth; never under /v1).

async function counts(omi: Harness, key: string) {
  const get = async (path: string, query: Record<string, string | number | boolean> = {}) => {
    const r = await omi.get(path, { key, query });
    expect(r.status, path).toBe(200);
    return r.body;
  };
  return {
    conversations: (await get('/v1/dev/user/conversations', { limit: 100 })).length as number,
    memories: (await get('/v1/dev/user/memories', { limit: 1000 })).length as number,
    actionItems: (await get('/v1/dev/user/action-items', { limit: 1000 })).length as number,
    goals: (await get('/v1/dev/user/goals', { include_inactive: true })).length as number,
    folders: (await get('/v1/dev/user/folders')).length as number,
    summaries: (await get('/v1/dev/user/daily-summaries')).summaries.length as number,
  };
}

describe('POST /_emulator/keys', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });

  it('mints a key with the given scopes', async () => {
    const r = await omi.post('/_emulator/keys', { json: { scopes: ['goals:read'], name: 'admin-minted' } });
    expect(r.status).toBe(200);
    expect(r.body.key).toMatch(/^omi_dev_[0-9a-f]{32}$/);
    expect(r.body.scopes).toEqual(['goals:read']);
    const self = await omi.get('/v1/dev/key', { key: r.body.key });
    expect(self.body).toMatchObject({ name: 'admin-minted', scopes: ['goals:read'] });
    expect((await omi.get('/v1/dev/user/goals', { key: r.body.key })).status).toBe(200);
    expect((await omi.get('/v1/dev/user/memories', { key: r.body.key })).status).toBe(403);
  });

  it.each([
    ['scopes: null', { scopes: null }],
    ['no body fields', {}],
  ])('%s mints a read-only key', async (_n, json) => {
    const r = await omi.post('/_emulator/keys', { json });
    expect(r.status).toBe(200);
    const self = await omi.get('/v1/dev/key', { key: r.body.key });
    expect([...self.body.scopes].sort()).toEqual([...READ_ONLY_DEFAULT].sort());
    const write = await omi.post('/v1/dev/user/memories', { key: r.body.key, json: { content: 'x' } });
    expect(write.status).toBe(403);
  });

  it('an empty body mints a read-only key too', async () => {
    const r = await omi.post('/_emulator/keys');
    expect(r.status).toBe(200);
    expect(r.body.scopes).toBeNull();
  });

  it('a uid mints a key for another user, whose data is separate', async () => {
    const a = await omi.key(undefined, 'admin-user-a');
    const b = await omi.key(undefined, 'admin-user-b');
    await omi.post('/v1/dev/user/memories', { key: a, json: { content: 'Only A knows this' } });
    const forB = await omi.get('/v1/dev/user/memories', { key: b });
    expect(forB.body).toEqual([]);
    const forA = await omi.get('/v1/dev/user/memories', { key: a });
    expect(forA.body).toHaveLength(1);
    const r = await omi.post('/_emulator/keys', { json: { uid: 'admin-user-a', scopes: ['memories:read'] } });
    expect(r.body.uid).toBe('admin-user-a');
  });

  it('an unknown scope is a 400 that names it', async () => {
    const r = await omi.post('/_emulator/keys', { json: { scopes: ['memories:read', 'tasks:read'] } });
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain('tasks:read');
  });

  it('bad JSON and unknown fields are 400s', async () => {
    expect((await omi.post('/_emulator/keys', { raw: '{nope' })).status).toBe(400);
    expect((await omi.post('/_emulator/keys', { json: { scope: ['memories:read'] } })).status).toBe(400);
  });

  it('POST /_emulator/id-tokens mints a Firebase token for a uid', async () => {
    const minted = await omi.post('/_emulator/keys', { json: { uid: 'token-user', name: 'listed' } });
    const r = await omi.post('/_emulator/id-tokens', { json: { uid: 'token-user' } });
    expect(r.status).toBe(200);
    expect(r.body.uid).toBe('token-user');
    const keys = await omi.get('/v1/dev/keys', { key: r.body.token });
    expect(keys.status).toBe(200);
    expect(keys.body.map((k: { name: string }) => k.name)).toEqual(['listed']);
    const self = await omi.get('/v1/dev/key', { key: minted.body.key });
    expect(keys.body[0].id).toBe(self.body.id);
  });
});

describe('reset and seed', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });

  it('reset wipes data, keys, switches and rate-limit windows', async () => {
    const key = await omi.key();
    await omi.post('/v1/dev/user/memories', { key, json: { content: 'Before the reset' } });
    await omi.switches({ search_unavailable: true });
    const r = await omi.post('/_emulator/reset', { json: {} });
    expect(r.status).toBe(200);
    expect((await omi.get('/v1/dev/user/memories', { key })).status).toBe(401);
    const fresh = await omi.key();
    expect((await omi.get('/v1/dev/user/memories', { key: fresh })).body).toEqual([]);
    const switches = await omi.get('/_emulator/switches');
    expect(switches.body.search_unavailable).toBe(false);
  });

  it('reset {seed: true} leaves a seeded user', async () => {
    const r = await omi.post('/_emulator/reset', { json: { seed: true } });
    expect(r.status).toBe(200);
    const key = await omi.key();
    const c = await counts(omi, key);
    expect(c.conversations).toBeGreaterThan(0);
    expect(c.memories).toBeGreaterThan(0);
  });

  it('seeding twice changes nothing (idempotent)', async () => {
    await omi.post('/_emulator/reset', { json: {} });
    const key = await omi.key();
    const empty = await counts(omi, key);
    expect(Object.values(empty).every((v) => v === 0)).toBe(true);
    expect((await omi.post('/_emulator/seed', { json: {} })).status).toBe(200);
    const once = await counts(omi, key);
    expect((await omi.post('/_emulator/seed')).status).toBe(200);
    const twice = await counts(omi, key);
    expect(twice).toEqual(once);
    const ids = async () =>
      (await omi.get('/v1/dev/user/action-items', { key, query: { limit: 1000 } })).body.map(
        (i: { id: string }) => i.id,
      );
    const before = await ids();
    await omi.post('/_emulator/seed');
    expect(await ids()).toEqual(before);
  });

  it('seed {uid} seeds another user', async () => {
    const r = await omi.post('/_emulator/seed', { json: { uid: 'seeded-elsewhere' } });
    expect(r.status).toBe(200);
    const key = await omi.key(undefined, 'seeded-elsewhere');
    expect((await counts(omi, key)).conversations).toBeGreaterThan(0);
  });
});

describe('seed content is realistic', () => {
  const omi = useEmulator({ seed: true, rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key();
  });

  it('several conversations with multi-speaker transcripts, newest first', async () => {
    const r = await omi.get('/v1/dev/user/conversations', { key, query: { include_transcript: true } });
    expect(r.body.length).toBeGreaterThanOrEqual(3);
    for (const c of r.body) {
      expect(c.transcript_segments.length).toBeGreaterThanOrEqual(2);
      expect(c.structured.title.length).toBeGreaterThan(0);
      expect(c.structured.overview.length).toBeGreaterThan(0);
    }
    expect(
      r.body.some((c: Json) => new Set(c.transcript_segments.map((s: Json) => s.speaker_id)).size > 1),
    ).toBe(true);
    const created = r.body.map((c: { created_at: string }) => Date.parse(c.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(new Set(r.body.map((c: Json) => c.structured.category)).size).toBeGreaterThan(1);
  });

  it('memories of several categories', async () => {
    const r = await omi.get('/v1/dev/user/memories', { key, query: { limit: 1000 } });
    expect(r.body.length).toBeGreaterThanOrEqual(5);
    expect(new Set(r.body.map((m: { category: string }) => m.category)).size).toBeGreaterThanOrEqual(3);
  });

  it('action items with and without due dates, open and completed', async () => {
    const r = await omi.get('/v1/dev/user/action-items', { key, query: { limit: 1000 } });
    const items = r.body as { due_at: string | null; completed: boolean; id: string }[];
    expect(items.some((i) => i.due_at !== null)).toBe(true);
    expect(items.some((i) => i.due_at === null)).toBe(true);
    expect(items.some((i) => i.completed)).toBe(true);
    expect(items.some((i) => !i.completed)).toBe(true);
    for (const i of items) expect(i.id).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it('goals, folders and daily summaries', async () => {
    const goals = await omi.get('/v1/dev/user/goals', { key, query: { include_inactive: true } });
    expect(goals.body.length).toBeGreaterThanOrEqual(1);
    for (const g of goals.body) expect(g.id).toMatch(/^goal_[0-9a-f]{12}$/);
    const history = await omi.get(`/v1/dev/user/goals/${goals.body[0].id}/history`, { key });
    expect(history.status).toBe(200);
    const folders = await omi.get('/v1/dev/user/folders', { key });
    expect(folders.body.length).toBeGreaterThanOrEqual(1);
    const summaries = await omi.get('/v1/dev/user/daily-summaries', { key });
    expect(summaries.body.summaries.length).toBeGreaterThanOrEqual(1);
  });
});

describe('switches', () => {
  const omi = useEmulator();

  it('GET lists every switch with its default', async () => {
    const r = await omi.get('/_emulator/switches');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      rate_limiter_unavailable: false,
      memory_access_not_ready: false,
      account_deletion_in_progress: false,
      search_unavailable: false,
      enforce_locks: true,
    });
  });

  it('PUT changes only the switches it names', async () => {
    await omi.put('/_emulator/switches', { json: { search_unavailable: true } });
    const r = await omi.put('/_emulator/switches', { json: { memory_access_not_ready: true } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      search_unavailable: true,
      memory_access_not_ready: true,
      enforce_locks: true,
    });
    expect((await omi.get('/_emulator/switches')).body).toEqual(r.body);
    await omi.put('/_emulator/switches', {
      json: { search_unavailable: false, memory_access_not_ready: false },
    });
  });

  it('an unknown switch or a non-boolean value is a 400', async () => {
    expect((await omi.put('/_emulator/switches', { json: { redis_down: true } })).status).toBe(400);
    expect((await omi.put('/_emulator/switches', { json: { search_unavailable: 'yes' } })).status).toBe(400);
  });

  it('enforce_locks=false turns lock gating off', async () => {
    const key = await omi.key();
    const m = await omi.post('/v1/dev/user/memories', { key, json: { content: 'Lock me' } });
    await omi.lock('memory', m.body.id);
    expect((await omi.patch(`/v1/dev/user/memories/${m.body.id}`, { key, json: { tags: [] } })).status).toBe(
      402,
    );
    await omi.switches({ enforce_locks: false });
    expect((await omi.patch(`/v1/dev/user/memories/${m.body.id}`, { key, json: { tags: [] } })).status).toBe(
      200,
    );
    await omi.switches({ enforce_locks: true });
  });

  it('locks: an unknown resource type is a 400', async () => {
    const r = await omi.post('/_emulator/locks', { json: { resource: 'goal', id: 'x' } });
    expect(r.status).toBe(400);
  });
});

describe('rate-limit controls', () => {
  const omi = useEmulator();
  const batch = (key: string) => omi.post('/v1/dev/user/memories/batch', { key, json: { memories: [] } });

  it('GET shows the boost and shadow mode', async () => {
    const r = await omi.get('/_emulator/rate-limits');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ boost: 1, shadow_mode: false });
  });

  it('PUT boost changes the effective limit: max(1, floor(15 * 0.2)) = 3', async () => {
    expect((await omi.put('/_emulator/rate-limits', { json: { boost: 0.2 } })).status).toBe(200);
    const key = await omi.key();
    for (let i = 0; i < 3; i++) expect((await batch(key)).status).toBe(200);
    const refused = await batch(key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
  });

  it('DELETE clears the windows', async () => {
    const key = await omi.key();
    for (let i = 0; i < 3; i++) await batch(key);
    expect((await batch(key)).status).toBe(429);
    expect((await omi.delete('/_emulator/rate-limits')).status).toBe(200);
    expect((await batch(key)).status).toBe(200);
  });

  it('shadow mode counts but never refuses', async () => {
    await omi.put('/_emulator/rate-limits', { json: { shadow_mode: true } });
    const key = await omi.key();
    for (let i = 0; i < 6; i++) expect((await batch(key)).status).toBe(200);
    await omi.put('/_emulator/rate-limits', { json: { shadow_mode: false, boost: 1 } });
    expect((await omi.get('/_emulator/rate-limits')).body).toEqual({ boost: 1, shadow_mode: false });
  });

  it('a non-positive boost is a 400', async () => {
    expect((await omi.put('/_emulator/rate-limits', { json: { boost: 0 } })).status).toBe(400);
  });
});

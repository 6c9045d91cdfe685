import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';

// Reference §2.5 Folders.

const FOLDER_KEYS = [
  'id',
  'name',
  'description',
  'color',
  'icon',
  'created_at',
  'updated_at',
  'order',
  'is_default',
  'is_system',
  'conversation_count',
].sort();

describe('GET /v1/dev/user/folders', () => {
  const omi = useEmulator({ seed: true, rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key();
  });

  it('returns a bare array of DeveloperFolder, without category_mapping', async () => {
    const r = await omi.get('/v1/dev/user/folders', { key });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body.length).toBeGreaterThan(0);
    for (const f of r.body) {
      expect(Object.keys(f).sort()).toEqual(FOLDER_KEYS);
      expect(f).not.toHaveProperty('category_mapping');
      expect(f).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          name: expect.any(String),
          color: expect.stringMatching(/^#[0-9A-Fa-f]{6}$/),
          icon: expect.any(String),
          order: expect.any(Number),
          is_default: expect.any(Boolean),
          is_system: expect.any(Boolean),
          conversation_count: expect.any(Number),
        }),
      );
      expect(Number.isNaN(Date.parse(f.created_at))).toBe(false);
      expect(Number.isNaN(Date.parse(f.updated_at))).toBe(false);
      expect(f.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('includes the system folders Work, Personal and Social', async () => {
    const r = await omi.get('/v1/dev/user/folders', { key });
    const system = r.body
      .filter((f: { is_system: boolean }) => f.is_system)
      .map((f: { name: string }) => f.name);
    expect(system.sort()).toEqual(['Personal', 'Social', 'Work']);
  });

  it('conversation_count matches the folder_id filter of the conversation list', async () => {
    const r = await omi.get('/v1/dev/user/folders', { key });
    for (const f of r.body) {
      const convs = await omi.get('/v1/dev/user/conversations', {
        key,
        query: { folder_id: f.id, limit: 100 },
      });
      expect(convs.body.length, f.name).toBe(f.conversation_count);
    }
  });

  it('takes no pagination: limit/offset are ignored', async () => {
    const all = await omi.get('/v1/dev/user/folders', { key });
    const paged = await omi.get('/v1/dev/user/folders', { key, query: { limit: 1, offset: 2 } });
    expect(paged.body).toEqual(all.body);
  });

  it('a user without folders gets [] (folders are never created by this read)', async () => {
    const other = await omi.key(undefined, 'no-folders-user');
    const r = await omi.get('/v1/dev/user/folders', { key: other });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
    expect((await omi.get('/v1/dev/user/folders', { key: other })).body).toEqual([]);
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  expectValidationList,
  type Json,
  READ_ONLY_DEFAULT,
  useEmulator,
  validationMessages,
} from './support/harness.js';
import { UUID_V4 } from './support/ids.js';

// Reference §2.1 Keys, §3 (Firebase routes), §9 row 9.

const RECORD_KEYS = ['id', 'name', 'key_prefix', 'created_at', 'last_used_at', 'scopes'].sort();

describe('Developer API key management', () => {
  let now = Date.parse('2030-10-01T12:00:00.000Z');
  const omi = useEmulator({ rateLimitBoost: 100, clock: () => new Date(now) });
  let token: string;
  let n = 0;
  const createKey = async (json: Record<string, unknown>) => {
    const r = await omi.post('/v1/dev/keys', { key: token, json });
    expect(r.status).toBe(200);
    return r.body as Record<string, Json>;
  };
  const listKeys = async () => {
    const r = await omi.get('/v1/dev/keys', { key: token });
    expect(r.status).toBe(200);
    return r.body as Record<string, Json>[];
  };

  beforeEach(async () => {
    n += 1;
    token = await omi.idToken(`keys-user-${n}`);
    now += 3_600_000;
  });

  describe('POST /v1/dev/keys', () => {
    it('returns 200 with the key once, an omi_dev_xxxx...yyyy prefix and a uuid4 id', async () => {
      const k = await createKey({ name: 'My integration', scopes: ['memories:read', 'memories:write'] });
      expect(Object.keys(k).sort()).toEqual([...RECORD_KEYS, 'key'].sort());
      expect(k.key).toMatch(/^omi_dev_[0-9a-f]{32}$/);
      expect(k.key).toHaveLength(40);
      const hex = k.key.slice('omi_dev_'.length);
      expect(k.key_prefix).toBe(`omi_dev_${hex.slice(0, 4)}...${hex.slice(-4)}`);
      expect(k.id).toMatch(UUID_V4);
      expect(k).toMatchObject({
        name: 'My integration',
        scopes: ['memories:read', 'memories:write'],
        last_used_at: null,
      });
      expect(Date.parse(k.created_at)).toBe(now);
    });

    it('the new key works with exactly its scopes', async () => {
      const k = await createKey({ name: 'memories only', scopes: ['memories:read'] });
      expect((await omi.get('/v1/dev/user/memories', { key: k.key })).status).toBe(200);
      expect((await omi.get('/v1/dev/user/goals', { key: k.key })).status).toBe(403);
    });

    it.each([
      ['omitted', {}],
      ['null', { scopes: null }],
    ])('scopes %s -> the read-only default', async (_n, extra) => {
      const k = await createKey({ name: 'default scopes', ...extra });
      if (k.scopes !== null) expect([...k.scopes].sort()).toEqual([...READ_ONLY_DEFAULT].sort());
      expect((await omi.get('/v1/dev/user/action-items', { key: k.key })).status).toBe(200);
      const write = await omi.post('/v1/dev/user/action-items', { key: k.key, json: { description: 'x' } });
      expect(write.status).toBe(403);
      const self = await omi.get('/v1/dev/key', { key: k.key });
      expect([...self.body.scopes].sort()).toEqual([...READ_ONLY_DEFAULT].sort());
    });

    it('an unknown scope is 400 "Invalid scopes. Available: [...]" listing the 8 scopes', async () => {
      const r = await omi.post('/v1/dev/keys', {
        key: token,
        json: { name: 'bad', scopes: ['memories:read', 'tasks:read'] },
      });
      expect(r.status).toBe(400);
      expect(typeof r.body.detail).toBe('string');
      expect(r.body.detail).toMatch(/^Invalid scopes\. Available: \[.*\]$/);
      for (const s of ALL_SCOPES) expect(r.body.detail).toContain(s);
      expect(await listKeys()).toEqual([]);
    });

    it('a blank name is 422 "Key name cannot be empty"', async () => {
      const r = await omi.post('/v1/dev/keys', { key: token, json: { name: '   ' } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('Key name cannot be empty');
    });

    it('a missing name is a validation 422', async () => {
      const r = await omi.post('/v1/dev/keys', { key: token, json: { scopes: null } });
      expect(r.status).toBe(422);
      expect(expectValidationList(r.body)[0]!.loc).toEqual(['body', 'name']);
    });

    it('a name that contains a raw key is a 422', async () => {
      const leaked = `omi_dev_${'ab12'.repeat(8)}`;
      const r = await omi.post('/v1/dev/keys', { key: token, json: { name: `prod ${leaked}` } });
      expect(r.status).toBe(422);
    });
  });

  describe('GET /v1/dev/keys', () => {
    it('lists newest first, never with the secret', async () => {
      const a = await createKey({ name: 'first' });
      now += 1000;
      const b = await createKey({ name: 'second' });
      now += 1000;
      const c = await createKey({ name: 'third' });
      const keys = await listKeys();
      expect(keys.map((k) => k.id)).toEqual([c.id, b.id, a.id]);
      for (const k of keys) {
        expect(Object.keys(k).sort()).toEqual(RECORD_KEYS);
        expect(k).not.toHaveProperty('key');
        expect(JSON.stringify(k)).not.toContain(c.key.slice(8));
      }
    });

    it('keys created in the same instant are ordered by id', async () => {
      const made = [
        await createKey({ name: 'x' }),
        await createKey({ name: 'y' }),
        await createKey({ name: 'z' }),
      ];
      const ids = (await listKeys()).map((k) => k.id);
      expect(ids).toEqual(made.map((k) => k.id).sort());
    });

    it('last_used_at is set once the key has been used', async () => {
      const k = await createKey({ name: 'used' });
      now += 5000;
      await omi.get('/v1/dev/user/memories', { key: k.key });
      const [row] = await listKeys();
      expect(Date.parse(row!.last_used_at)).toBe(now);
    });
  });

  describe('DELETE /v1/dev/keys/{key_id}', () => {
    it('is 204 with no body; the revoked key is then 401 "Invalid API Key"', async () => {
      const k = await createKey({ name: 'to revoke' });
      expect((await omi.get('/v1/dev/user/memories', { key: k.key })).status).toBe(200);
      const r = await omi.delete(`/v1/dev/keys/${k.id}`, { key: token });
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      const after = await omi.get('/v1/dev/user/memories', { key: k.key });
      expect(after.status).toBe(401);
      expect(after.body).toEqual({ detail: 'Invalid API Key' });
      expect((await omi.get('/v1/dev/key', { key: k.key })).status).toBe(401);
      expect(await listKeys()).toEqual([]);
    });

    it('is 204 even when the key does not exist', async () => {
      const r = await omi.delete('/v1/dev/keys/00000000-0000-4000-8000-000000000000', { key: token });
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
    });

    it("is a 204 no-op for someone else's key, which keeps working", async () => {
      const k = await createKey({ name: 'mine' });
      const intruder = await omi.idToken(`intruder-${n}`);
      const r = await omi.delete(`/v1/dev/keys/${k.id}`, { key: intruder });
      expect(r.status).toBe(204);
      expect((await omi.get('/v1/dev/user/memories', { key: k.key })).status).toBe(200);
      expect((await listKeys()).map((x) => x.id)).toEqual([k.id]);
    });
  });
});

describe('GET /v1/dev/key (the calling key)', () => {
  const omi = useEmulator();
  let token: string;
  beforeAll(async () => {
    token = await omi.idToken('calling-key-user');
  });

  it('returns the calling key record with its effective scopes, without the secret', async () => {
    const created = await omi.post('/v1/dev/keys', {
      key: token,
      json: { name: 'Calling key', scopes: ['goals:read', 'goals:write'] },
    });
    const r = await omi.get('/v1/dev/key', { key: created.body.key });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(RECORD_KEYS);
    expect(r.body).toMatchObject({
      id: created.body.id,
      name: 'Calling key',
      key_prefix: created.body.key_prefix,
      created_at: created.body.created_at,
      scopes: ['goals:read', 'goals:write'],
    });
    expect(r.body).not.toHaveProperty('key');
  });

  it('each key sees itself, not another key of the same user', async () => {
    const a = await omi.post('/v1/dev/keys', { key: token, json: { name: 'A' } });
    const b = await omi.post('/v1/dev/keys', { key: token, json: { name: 'B' } });
    expect((await omi.get('/v1/dev/key', { key: a.body.key })).body.id).toBe(a.body.id);
    expect((await omi.get('/v1/dev/key', { key: b.body.key })).body.id).toBe(b.body.id);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, READ_ONLY_DEFAULT, useEmulator } from './support/harness.js';
import { label, SCOPED_ROUTES } from './support/inventory.js';

// Reference §3 "Scopes" and "Route to scope map".
const insufficient = (scope: string) => `Insufficient permissions. Required scope: ${scope}`;

describe('scopes', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });

  describe.each(SCOPED_ROUTES.map((r) => [label(r), r] as const))('%s', (_name, route) => {
    it(`is refused with 403 without ${route.scope}`, async () => {
      const key = await omi.key(ALL_SCOPES.filter((s) => s !== route.scope));
      const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ detail: insufficient(route.scope!) });
    });

    it(`passes the scope check with only ${route.scope}`, async () => {
      const key = await omi.key([route.scope!]);
      const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
      // The request may still fail later (404 for the sample id), but never on auth or scope.
      expect([401, 403]).not.toContain(r.status);
      expect(r.status).toBeLessThan(500);
    });
  });

  describe('a key with scopes: null (older keys) is read-only', () => {
    let key: string;
    beforeAll(async () => {
      key = await omi.key(null);
    });

    it.each(SCOPED_ROUTES.filter((r) => r.scope!.endsWith(':read')).map((r) => [label(r), r] as const))(
      'allows %s',
      async (_n, route) => {
        const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
        expect([401, 403]).not.toContain(r.status);
      },
    );

    it.each(SCOPED_ROUTES.filter((r) => r.scope!.endsWith(':write')).map((r) => [label(r), r] as const))(
      'refuses %s',
      async (_n, route) => {
        const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
        expect(r.status).toBe(403);
        expect(r.body).toEqual({ detail: insufficient(route.scope!) });
      },
    );

    it('GET /v1/dev/key shows the effective read-only default', async () => {
      const r = await omi.get('/v1/dev/key', { key });
      expect(r.status).toBe(200);
      expect([...r.body.scopes].sort()).toEqual([...READ_ONLY_DEFAULT].sort());
    });
  });

  it('write does not imply read', async () => {
    const key = await omi.key(['memories:write', 'action_items:write', 'conversations:write', 'goals:write']);
    for (const [path, scope] of [
      ['/v1/dev/user/memories', 'memories:read'],
      ['/v1/dev/user/action-items', 'action_items:read'],
      ['/v1/dev/user/conversations', 'conversations:read'],
      ['/v1/dev/user/goals', 'goals:read'],
    ] as const) {
      const r = await omi.get(path, { key });
      expect(r.status, path).toBe(403);
      expect(r.body).toEqual({ detail: insufficient(scope) });
    }
    const created = await omi.post('/v1/dev/user/memories', {
      key,
      json: { content: 'Write-only key memory' },
    });
    expect(created.status).toBe(200);
  });

  it('read does not allow write', async () => {
    const key = await omi.key(ALL_SCOPES.filter((s) => s.endsWith(':read')));
    const r = await omi.post('/v1/dev/user/action-items', { key, json: { description: 'nope' } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ detail: insufficient('action_items:write') });
  });

  it('GET /v1/dev/key needs no scope at all', async () => {
    const key = await omi.key([]);
    const r = await omi.get('/v1/dev/key', { key });
    expect(r.status).toBe(200);
    expect(r.body.scopes).toEqual([]);
    const denied = await omi.get('/v1/dev/user/memories', { key });
    expect(denied.status).toBe(403);
  });

  it('folders, ask and daily summaries need conversations:read', async () => {
    const key = await omi.key(['memories:read', 'goals:read', 'action_items:read']);
    for (const [method, path, body] of [
      ['GET', '/v1/dev/user/folders', undefined],
      ['POST', '/v1/dev/user/ask', { question: 'anything?' }],
      ['GET', '/v1/dev/user/daily-summaries', undefined],
    ] as const) {
      const r = await omi.call(method, path, { key, json: body });
      expect(r.status, path).toBe(403);
      expect(r.body).toEqual({ detail: insufficient('conversations:read') });
    }
  });
});

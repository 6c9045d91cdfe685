import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';
import { DEV_KEY_ROUTES, label } from './support/inventory.js';

// Reference §2.2 "Extra 403s specific to memories" and §3 403 (account deletion); the emulator
// switches them on through PUT /_emulator/switches.

describe('memory gate: 403 developer_memory_access_not_ready', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key();
    await omi.switches({ memory_access_not_ready: true });
  });

  const memoryRoutes = DEV_KEY_ROUTES.filter((r) => r.template.startsWith('/v1/dev/user/memories'));
  const otherRoutes = DEV_KEY_ROUTES.filter((r) => !r.template.startsWith('/v1/dev/user/memories'));

  it('covers all six memory routes', () => {
    expect(memoryRoutes).toHaveLength(6);
  });

  it.each(memoryRoutes.map((r) => [label(r), r] as const))(
    '%s answers 403 with detail.code',
    async (_n, route) => {
      const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
      expect(r.status).toBe(403);
      expect(r.body.detail).toMatchObject({
        code: 'developer_memory_access_not_ready',
        reason: 'missing_rollout_state',
      });
      expect(r.body.detail.message).toContain('key can be valid and correctly scoped');
    },
  );

  it.each(otherRoutes.map((r) => [label(r), r] as const))('%s is not gated', async (_n, route) => {
    const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
    expect(r.status).not.toBe(403);
  });

  it('scope is still checked first: a key without memories scope gets the scope 403', async () => {
    const goalsOnly = await omi.key(['goals:read']);
    const r = await omi.get('/v1/dev/user/memories', { key: goalsOnly });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ detail: 'Insufficient permissions. Required scope: memories:read' });
  });

  it('switching it off restores the memory routes', async () => {
    await omi.switches({ memory_access_not_ready: false });
    expect((await omi.get('/v1/dev/user/memories', { key })).status).toBe(200);
  });
});

describe('account deletion in progress: 403 account_deletion_in_progress', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key();
    await omi.switches({ account_deletion_in_progress: true });
  });
  afterEach(async () => {
    await omi.switches({ account_deletion_in_progress: true, rate_limiter_unavailable: false });
  });

  it.each(DEV_KEY_ROUTES.map((r) => [label(r), r] as const))(
    '%s answers the fence 403',
    async (_n, route) => {
      const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
      expect(r.status).toBe(403);
      expect(r.body.detail).toMatchObject({ code: 'account_deletion_in_progress', retryable: false });
      expect(r.body.detail).toHaveProperty('status');
    },
  );

  it('comes after auth (401) but before the scope check', async () => {
    expect((await omi.get('/v1/dev/user/memories')).status).toBe(401);
    const readOnly = await omi.key(null);
    const r = await omi.post('/v1/dev/user/goals', { key: readOnly, json: { title: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatchObject({ code: 'account_deletion_in_progress' });
  });

  it('comes before the rate limiter and validation', async () => {
    await omi.switches({ rate_limiter_unavailable: true });
    const r = await omi.post('/v1/dev/user/memories', { key, raw: '{bad json' });
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatchObject({ code: 'account_deletion_in_progress' });
  });
});

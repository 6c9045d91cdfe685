import { definePlugin, readQueryValue } from '@omi-kit/plugin';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('GET /setup-completed', () => {
  it('answers {is_setup_completed} from setupCompleted(ctx), tolerating the double-? uid', async () => {
    t = await startTestServer(
      definePlugin({
        name: 'setup',
        setupCompleted: async ({ uid, store }) => (await store.tokens.get('github', uid)) !== undefined,
      }),
    );
    await t.storage.tokens.save('github', 'u-done', { accessToken: 'gho_x' });
    expect(await t.get('/setup-completed?uid=u-done')).toEqual({
      status: 200,
      body: { is_setup_completed: true },
    });
    expect(await t.get('/setup-completed?uid=u-new')).toEqual({
      status: 200,
      body: { is_setup_completed: false },
    });
    // Omi appends ?uid= to a URL that already has a query.
    expect(await t.get('/setup-completed?provider=github?uid=u-done')).toEqual({
      status: 200,
      body: { is_setup_completed: true },
    });
    expect(await t.get('/setup-completed?provider=github&uid=u-done')).toMatchObject({
      body: { is_setup_completed: true },
    });
    expect(await t.get('/setup-completed')).toMatchObject({ status: 400, body: { error: 'missing_uid' } });
  });

  it('answers true without a setupCompleted, and false (200) when it throws', async () => {
    t = await startTestServer(definePlugin({ name: 'none' }));
    expect((await t.get('/setup-completed?uid=u1')).body).toEqual({ is_setup_completed: true });
    await t.close();
    t = await startTestServer(
      definePlugin({
        name: 'throws',
        setupCompleted: () => {
          throw new Error('token store down');
        },
      }),
    );
    expect(await t.get('/setup-completed?uid=u1')).toEqual({
      status: 200,
      body: { is_setup_completed: false },
    });
  });
});

describe('readQueryValue', () => {
  it.each([
    ['/x?uid=abc', 'abc'],
    ['/x?a=1?uid=abc', 'abc'],
    ['/x?a=1&uid=abc&b=2', 'abc'],
    ['/x?uid=a%20b', 'a b'],
    ['/x?uid=', undefined],
    ['/x?suid=abc', undefined],
    ['/x', undefined],
    ['/x?uid=abc#frag', 'abc'],
  ])('%s → %s', (url, uid) => {
    expect(readQueryValue(url, 'uid')).toBe(uid);
  });
});

describe('GET /health', () => {
  it('reports the plugin, storage and queue', async () => {
    t = await startTestServer(definePlugin({ name: 'healthy' }), { worker: false });
    await t.post('/webhooks/conversation?uid=u1', { id: 'c1', content: 'x' });
    expect(await t.get('/health')).toEqual({
      status: 200,
      body: {
        status: 'ok',
        plugin: 'healthy',
        storage: 'memory',
        queue: { waiting: 0, delayed: 0, reserved: 0, dead: 0 },
      },
    });
  });

  it('answers 503 when the storage is gone', async () => {
    t = await startTestServer(definePlugin({ name: 'sick' }), { worker: false });
    await t.storage.close();
    expect(await t.get('/health')).toMatchObject({ status: 503, body: { status: 'unavailable' } });
  });
});

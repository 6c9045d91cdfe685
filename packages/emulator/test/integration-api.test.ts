import { AppNotification, ConversationItem, IntegrationConversationList } from '@omi-kit/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';

let emulator: Emulator;
let baseUrl: string;
let appId: string;
let apiKey: string;
const UID = 'user-alice';

beforeAll(async () => {
  emulator = createEmulator({ seed: true });
  baseUrl = await emulator.listen({ port: 0 });
  ({ appId, apiKey } = emulator.createApp({ name: 'Reminders', enabled_for: [UID] }));
});
afterAll(() => emulator.close());

async function call(path: string, init: RequestInit & { key?: string | null } = {}) {
  const { key = apiKey, ...rest } = init;
  const headers: Record<string, string> = rest.body ? { 'content-type': 'application/json' } : {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${baseUrl}${path}`, { ...rest, headers });
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const post = (path: string, body: unknown, key?: string | null) =>
  call(path, { method: 'POST', body: JSON.stringify(body), ...(key !== undefined ? { key } : {}) });

describe('Integration API (sk_ app keys): auth and statuses of the reference §4-5', () => {
  it('401 without a bearer header, 404 for an unknown app, 403 for another app’s key', async () => {
    expect((await call(`/v2/integrations/${appId}/memories?uid=${UID}`, { key: null })).status).toBe(401);
    expect((await call(`/v2/integrations/${appId}/memories?uid=${UID}`, { key: '' })).status).toBe(401);
    expect(await call(`/v2/integrations/NOPE/memories?uid=${UID}`)).toMatchObject({
      status: 404,
      body: { detail: 'App not found' },
    });
    const other = emulator.createApp({ name: 'Someone else', enabled_for: [UID] });
    expect(await call(`/v2/integrations/${appId}/memories?uid=${UID}`, { key: other.apiKey })).toMatchObject({
      status: 403,
      body: { detail: 'Invalid API key' },
    });
    // Omi stores only the key's sha256, and a leading sk_ is optional when verifying.
    expect(
      (await call(`/v2/integrations/${appId}/memories?uid=${UID}`, { key: apiKey.slice(3) })).status,
    ).toBe(200);
  });

  it('403 when the user has not enabled the app, or the app lacks the action', async () => {
    const notInstalled = await call(`/v2/integrations/${appId}/notification?uid=nobody&message=hi`, {
      method: 'POST',
    });
    expect(notInstalled).toMatchObject({
      status: 403,
      body: { detail: 'User does not have this app installed' },
    });
    expect((await call(`/v2/integrations/${appId}/tasks?uid=nobody`)).status).toBe(403);
    const reader = emulator.createApp({ name: 'Reader', actions: ['read_memories'], enabled_for: [UID] });
    const create = await post(
      `/v2/integrations/${reader.appId}/user/conversations?uid=${UID}`,
      { text: 'hello' },
      reader.apiKey,
    );
    expect(create.status).toBe(403);
    expect(create.body.detail).toMatch(/create conversations/);
    expect(
      (await call(`/v2/integrations/${reader.appId}/memories?uid=${UID}`, { key: reader.apiKey })).status,
    ).toBe(200);
    // The alias create_memories counts as create_facts.
    const alias = emulator.createApp({ name: 'Alias', actions: ['create_memories'], enabled_for: [UID] });
    const facts = await post(
      `/v2/integrations/${alias.appId}/user/memories?uid=${UID}`,
      { memories: [{ content: 'Alias works' }] },
      alias.apiKey,
    );
    expect(facts.status).toBe(200);
  });

  it('422 for a missing uid, and for a memories body with neither text nor memories', async () => {
    expect((await call(`/v2/integrations/${appId}/memories`)).status).toBe(422);
    const empty = await post(`/v2/integrations/${appId}/user/memories?uid=${UID}`, {});
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.body.detail)).toContain('Either text or memories');
  });
});

describe('Integration API routes', () => {
  it('a created conversation carries source external_integration and the app id; POST answers {}', async () => {
    const created = await post(`/v2/integrations/${appId}/user/conversations?uid=${UID}`, {
      text: 'Booked the venue for June 3. I need to send the invites.',
      text_source: 'message',
      geolocation: { latitude: 38.7, longitude: -9.14 },
    });
    expect(created).toMatchObject({ status: 200, body: {} });
    const list = await call(
      `/v2/integrations/${appId}/conversations?uid=${UID}&limit=5&max_transcript_segments=-1`,
    );
    const parsed = IntegrationConversationList.parse(list.body);
    const mine = parsed.conversations.find((c) => c.app_id === appId)!;
    expect(mine).toMatchObject({ source: 'external_integration', status: 'completed', discarded: false });
    expect(mine.external_data).toMatchObject({ text_source: 'message' });
    expect(mine.geolocation).toMatchObject({ latitude: 38.7 });
    expect(mine.created_at).toMatch(/Z$/);
    const tasks = await call(`/v2/integrations/${appId}/tasks?uid=${UID}&completed=false`);
    expect(tasks.body.tasks.map((t: { description: string }) => t.description)).toContain(
      'I need to send the invites.',
    );
  });

  it('lists keep is_user on segments and cap them with max_transcript_segments', async () => {
    const list = await call(
      `/v2/integrations/${appId}/conversations?uid=emulator-user&limit=1&max_transcript_segments=2`,
    );
    expect(list.status).toBe(403); // the seeded user never enabled this app
    emulator.integration.enableApp(appId);
    const ok = await call(
      `/v2/integrations/${appId}/conversations?uid=emulator-user&limit=3&max_transcript_segments=2`,
    );
    const conversations = ok.body.conversations.map((c: unknown) => ConversationItem.parse(c));
    expect(conversations.length).toBe(3);
    for (const c of conversations) expect(c.transcript_segments.length).toBeLessThanOrEqual(2);
    expect(conversations.some((c: ConversationItem) => c.transcript_segments.some((s) => s.is_user))).toBe(
      true,
    );
  });

  it('searches conversations a page at a time', async () => {
    const found = await post(`/v2/integrations/${appId}/search/conversations?uid=emulator-user`, {
      query: 'CSV export',
      per_page: 1,
    });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ current_page: 1, per_page: 1 });
    expect(found.body.conversations).toHaveLength(1);
    expect(found.body.total_pages).toBeGreaterThanOrEqual(1);
  });

  it('creates memories from a list and from text; lists them with locked ones cut to 70 characters', async () => {
    await post(`/v2/integrations/${appId}/user/memories?uid=${UID}`, {
      text: 'Alice is training for a marathon in April. She runs every single morning before work.',
      memories: [{ content: 'Alice prefers window seats on long flights', tags: ['travel'] }],
    });
    const { body } = await call(`/v2/integrations/${appId}/memories?uid=${UID}&limit=100`);
    const contents = body.memories.map((m: { content: string }) => m.content);
    expect(contents).toEqual(
      expect.arrayContaining([
        'Alice prefers window seats on long flights',
        'Alice is training for a marathon in April.',
        'She runs every single morning before work.',
      ]),
    );
    const long = body.memories.find((m: { content: string }) => m.content.startsWith('Alice prefers'));
    emulator.state.memories.setLocked(UID, long.id, true);
    emulator.state.memories.update(UID, long.id, { content: `${'x'.repeat(80)}` }, new Date());
    const after = await call(`/v2/integrations/${appId}/memories?uid=${UID}&limit=100`);
    const locked = after.body.memories.find((m: { id: string }) => m.id === long.id);
    expect(locked.content).toBe(`${'x'.repeat(70)}...`);
  });
});

describe('rate limits per app and user', () => {
  it('10 conversations per hour, then 429 with Retry-After and X-RateLimit-Limit', async () => {
    const { appId: id, apiKey: key } = emulator.createApp({
      name: 'Importer',
      enabled_for: ['u-import', 'u-other'],
    });
    const create = (uid: string) =>
      post(
        `/v2/integrations/${id}/user/conversations?uid=${uid}`,
        { text: 'An imported conversation.' },
        key,
      );
    for (let i = 0; i < 10; i++) expect((await create('u-import')).status).toBe(200);
    const refused = await create('u-import');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('10');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    // Another user of the same app has their own allowance.
    expect((await create('u-other')).status).toBe(200);
  });

  it('60 memory writes per hour', async () => {
    const { appId: id, apiKey: key } = emulator.createApp({
      name: 'Fact importer',
      enabled_for: ['u-facts'],
    });
    const write = () =>
      post(`/v2/integrations/${id}/user/memories?uid=u-facts`, { memories: [{ content: 'A fact' }] }, key);
    for (let i = 0; i < 60; i++) expect((await write()).status).toBe(200);
    expect((await write()).status).toBe(429);
  });

  it('10 notifications per hour, with X-RateLimit-Limit, -Remaining and -Reset on every answer', async () => {
    emulator.integration.enableApp(appId, 'u-notify');
    const notify = (message: string) =>
      call(`/v2/integrations/${appId}/notification?uid=u-notify&message=${encodeURIComponent(message)}`, {
        method: 'POST',
      });
    const first = await notify('hello');
    expect(first).toMatchObject({ status: 200, body: { status: 'Ok' } });
    expect(first.headers.get('x-ratelimit-limit')).toBe('10');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('9');
    const reset = Number(first.headers.get('x-ratelimit-reset'));
    expect(reset % 3600).toBe(0); // counted in clock-hour buckets
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    for (let i = 0; i < 9; i++) await notify(`message ${i}`);
    const refused = await notify('one too many');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('the notification record and the admin routes', () => {
  it('GET /_emulator/notifications?uid= lists what the user received, as Omi pushes it', async () => {
    emulator.integration.enableApp(appId, 'u-record');
    await call(`/v2/integrations/${appId}/notification?uid=u-record&message=Your%20export%20is%20ready`, {
      method: 'POST',
    });
    const record = await call('/_emulator/notifications?uid=u-record', { key: null });
    expect(record.body.uid).toBe('u-record');
    expect(record.body.notifications.map((n: unknown) => AppNotification.parse(n))).toEqual([
      expect.objectContaining({
        app_id: appId,
        title: 'Reminders says',
        body: 'Your export is ready',
        data: {
          notification_type: 'plugin',
          from_integration: 'true',
          app_id: appId,
          navigate_to: `/chat/${appId}`,
        },
      }),
    ]);
    expect(
      (await call(`/_emulator/notifications?uid=u-record&app_id=other`, { key: null })).body.notifications,
    ).toEqual([]);
  });

  it('registers an app over HTTP, mints another key, enables it; a reset clears it all', async () => {
    const created = await post(
      '/_emulator/apps',
      {
        name: 'Journal',
        actions: [{ action: 'read_conversations' }],
        capabilities: ['external_integration'],
        external_integration: { triggers_on: 'memory_creation', webhook_url: 'https://example.com/hook' },
      },
      null,
    );
    expect(created.status).toBe(200);
    const id = created.body.app.id;
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(created.body.app).toMatchObject({ actions: ['read_conversations'], name: 'Journal' });
    expect(created.body.app.external_integration).toMatchObject({
      webhook_url: 'https://example.com/hook',
      actions: [{ action: 'read_conversations' }],
    });
    expect(created.body.app_id).toBe(id);
    const flat = await post(
      '/_emulator/apps',
      { name: 'Flat', webhook_url: 'https://example.com/w', triggers_on: 'transcript_processed' },
      null,
    );
    expect(flat.body.app.external_integration).toMatchObject({
      webhook_url: 'https://example.com/w',
      triggers_on: 'transcript_processed',
    });
    expect(created.body.api_key).toMatch(/^sk_[0-9a-f]{32}$/);
    const second = await post(`/_emulator/apps/${id}/keys`, {}, null);
    expect(second.body.secret).toMatch(/^sk_[0-9a-f]{32}$/);
    expect((await post(`/_emulator/apps/${id}/enable`, { uid: 'u-j' }, null)).body).toMatchObject({
      ok: true,
    });
    expect(
      (await call(`/v2/integrations/${id}/conversations?uid=u-j`, { key: second.body.secret })).status,
    ).toBe(200);
    expect((await call(`/_emulator/apps/${id}`, { key: null })).body.enabled_for).toEqual(['u-j']);
    await post(`/_emulator/apps/${id}/disable`, { uid: 'u-j' }, null);
    expect(
      (await call(`/v2/integrations/${id}/conversations?uid=u-j`, { key: second.body.secret })).status,
    ).toBe(403);
    expect((await post('/_emulator/apps', { name: '' }, null)).status).toBe(400);
    expect((await post('/_emulator/apps', { name: 'x', actions: ['fly'] }, null)).status).toBe(400);

    const reset = await call('/_emulator/reset', { method: 'POST', key: null });
    expect(reset.status).toBe(200);
    expect((await call('/_emulator/apps', { key: null })).body.apps).toEqual([]);
    expect(
      (await call(`/v2/integrations/${id}/conversations?uid=u-j`, { key: second.body.secret })).status,
    ).toBe(404);
  });
});

import { OmiHeaderLower, verify } from '@omi-kit/webhook-types';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Json, useEmulator } from './support/harness.js';
import { useReceiver } from './support/receiver.js';

const UID = 'emulator-user';

describe('registered apps: conversations created through the API fire their webhooks', () => {
  const omi = useEmulator({ webhooks: { retryDelaysMs: [5, 5], timeouts: { readMs: 2_000 } } });
  const plugin = useReceiver();
  let key: string;

  beforeEach(async () => {
    await omi.post('/_emulator/reset');
    key = await omi.key();
  });

  /** Registers an app in Omi's shape; returns its record. */
  async function register(body: Json): Promise<Json> {
    const r = await omi.post('/_emulator/apps', { json: body });
    expect(r.status, r.text).toBe(200);
    return r.body;
  }

  const conversationApp = (extra: Json = {}) => ({
    name: 'Notion Sync',
    external_integration: {
      triggers_on: 'memory_creation',
      webhook_url: `${plugin.url}/webhooks/conversation`,
    },
    enabled_for: [UID],
    ...extra,
  });

  async function createConversation(text = 'Call the dentist tomorrow morning and book the cleaning.') {
    const r = await omi.post('/v1/dev/user/conversations', { key, json: { text } });
    expect(r.status, r.text).toBe(200);
    return r.body as { id: string };
  }

  it('POST /v1/dev/user/conversations delivers the conversation to an enabled memory_creation app', async () => {
    const { app } = await register(conversationApp());
    const created = await createConversation();
    await omi.emulator.webhooks.idle();

    expect(plugin.requests).toHaveLength(1);
    const got = plugin.requests[0]!;
    expect(got.url).toBe(`/webhooks/conversation?uid=${UID}`);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers[OmiHeaderLower.idempotencyKey]).toBe(`conversation:${created.id}:finalization`);
    expect(got.headers[OmiHeaderLower.signature]).toBeUndefined();
    const body = JSON.parse(got.body.toString('utf8'));
    expect(body).toMatchObject({ id: created.id, source: 'external_integration', discarded: false });
    expect(body.structured.title).toBeTruthy();
    expect(body.created_at).toMatch(/\+00:00$/);

    const deliveries = (await omi.get(`/_emulator/deliveries?app_id=${app.id}`)).body.deliveries;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      app_id: app.id,
      uid: UID,
      event: 'memory_created',
      conversation_id: created.id,
      ok: true,
      status: 200,
      reply: {},
      idempotency_key: `conversation:${created.id}:finalization`,
    });
  });

  it('answers the API call first: a slow plugin does not slow the creating request', async () => {
    await register(conversationApp());
    plugin.respond = () => ({ status: 200, delayMs: 600 });
    const started = performance.now();
    await createConversation();
    expect(performance.now() - started).toBeLessThan(500);
    expect(plugin.requests).toHaveLength(0);
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(1);
  });

  it('from-segments conversations fire too', async () => {
    await register(conversationApp());
    const r = await omi.post('/v1/dev/user/conversations/from-segments', {
      key,
      json: { transcript_segments: [{ text: 'We should ship on Friday.', start: 0, end: 2.5 }] },
    });
    expect(r.status, r.text).toBe(200);
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(1);
    const body = JSON.parse(plugin.requests[0]!.body.toString('utf8'));
    expect(body.id).toBe(r.body.id);
    expect(body.transcript_segments[0].text).toBe('We should ship on Friday.');
  });

  it('only apps that are enabled for the user, have the memory_creation trigger and the capability get it', async () => {
    await register(conversationApp({ name: 'A' }));
    await register(
      conversationApp({
        name: 'B',
        external_integration: { triggers_on: 'memory_creation', webhook_url: `${plugin.url}/b` },
      }),
    );
    await register(conversationApp({ name: 'not enabled', enabled_for: ['someone-else'] }));
    await register(
      conversationApp({
        name: 'realtime',
        external_integration: { triggers_on: 'transcript_processed', webhook_url: `${plugin.url}/rt` },
      }),
    );
    await register(conversationApp({ name: 'no capability', capabilities: ['chat'] }));
    await register({ name: 'no webhook', enabled_for: [UID] });
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests.map((r) => r.url.split('?')[0]).sort()).toEqual(['/b', '/webhooks/conversation']);
  });

  it('enable and disable per user', async () => {
    const { app } = await register(conversationApp({ enabled_for: [] }));
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(0);
    expect((await omi.post(`/_emulator/apps/${app.id}/enable`, { json: { uid: UID } })).status).toBe(200);
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(1);
    expect((await omi.post(`/_emulator/apps/${app.id}/disable`, { json: {} })).status).toBe(200);
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(1);
  });

  it('shorthand trigger / webhook_url / webhook_secret: true mints a secret, returned once, and signs with it', async () => {
    const r = await omi.post('/_emulator/apps', {
      json: {
        name: 'Signed',
        trigger: 'memory_creation',
        webhook_url: `${plugin.url}/signed`,
        webhook_secret: true,
        enabled_for: [UID],
      },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const secret = r.body.webhook_signing_secret.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(r.body.app.external_integration).toMatchObject({
      triggers_on: 'memory_creation',
      webhook_url: `${plugin.url}/signed`,
    });
    expect(JSON.stringify((await omi.get(`/_emulator/apps/${r.body.app.id}`)).body)).not.toContain(secret);

    await createConversation();
    await omi.emulator.webhooks.idle();
    const got = plugin.requests[0]!;
    expect(got.headers[OmiHeaderLower.event]).toBe('memory_created');
    expect(got.headers[OmiHeaderLower.delivery]).toBe(got.headers[OmiHeaderLower.idempotencyKey]);
    verify({ headers: got.headers, body: got.body, uid: UID, secret });
  });

  it('Integration API conversations fire too, the creating app included', async () => {
    const r = await omi.post('/_emulator/apps', {
      json: { ...conversationApp({ name: 'Importer' }), webhook_secret: 'whsec_importer' },
    });
    expect(r.status, r.text).toBe(200);
    const apiKey = r.body.api_key as string;
    expect(apiKey).toMatch(/^sk_/);
    const created = await omi.post(`/v2/integrations/${r.body.app.id}/user/conversations`, {
      query: { uid: UID },
      authorization: `Bearer ${apiKey}`,
      json: { text: 'Imported from email: remember to renew the passport before the Lisbon trip.' },
    });
    expect(created.status, created.text).toBe(200);
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(1);
    const got = plugin.requests[0]!;
    verify({ headers: got.headers, body: got.body, uid: UID, secret: 'whsec_importer' });
    const body = JSON.parse(got.body.toString('utf8'));
    expect(body).toMatchObject({ app_id: r.body.app.id, source: 'external_integration' });
  });

  it('accepts the webhook at the top level as triggers_on + webhook_url', async () => {
    await register({
      name: 'Top',
      triggers_on: 'memory_creation',
      webhook_url: `${plugin.url}/top`,
      enabled_for: [UID],
    });
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests[0]!.url).toBe(`/top?uid=${UID}`);
  });

  it('a given webhook_secret is used as it is', async () => {
    const secret = 'whsec_my_plugin_env_value';
    await register(conversationApp({ webhook_secret: secret }));
    await createConversation();
    await omi.emulator.webhooks.idle();
    const got = plugin.requests[0]!;
    verify({ headers: got.headers, body: got.body, uid: UID, secret });
  });

  it('webhook-signing-secret: mint, status, rotate (both signatures for 24 h), delete (unsigned again)', async () => {
    const { app } = await register(conversationApp());
    const path = `/_emulator/apps/${app.id}/webhook-signing-secret`;
    expect((await omi.get(path)).body).toEqual({
      configured: false,
      created_at: null,
      previous_valid_until: null,
    });

    const first = await omi.post(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({
      secret: expect.stringMatching(/^whsec_/),
      previous_valid_until: null,
    });
    const status = (await omi.get(path)).body;
    expect(status).toMatchObject({ configured: true, previous_valid_until: null });
    expect(status).not.toHaveProperty('secret');

    const second = await omi.post(path, { json: { secret: 'whsec_rotated' } });
    expect(second.body.secret).toBe('whsec_rotated');
    const overlap = Date.parse(second.body.previous_valid_until) - Date.parse(second.body.created_at);
    expect(overlap).toBe(24 * 60 * 60 * 1000);

    await createConversation();
    await omi.emulator.webhooks.idle();
    const signed = plugin.requests[0]!;
    expect(String(signed.headers[OmiHeaderLower.signature])).toMatch(/^t=\d+,v1=\w{64},v1=\w{64}$/);
    expect(
      verify({ headers: signed.headers, body: signed.body, uid: UID, secrets: ['whsec_rotated'] })
        .secretIndex,
    ).toBe(0);
    verify({ headers: signed.headers, body: signed.body, uid: UID, secret: first.body.secret });

    expect((await omi.delete(path)).body.configured).toBe(false);
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests[1]!.headers[OmiHeaderLower.signature]).toBeUndefined();
  });

  it('records failures per app like Omi webhook health, with retries under the same key', async () => {
    const { app } = await register(conversationApp());
    plugin.respond = () => ({ status: 503, body: { detail: 'down' } });
    const created = await createConversation();
    await omi.emulator.webhooks.idle();

    expect(plugin.requests).toHaveLength(3); // 1 + the two configured retries
    expect(new Set(plugin.requests.map((r) => r.headers[OmiHeaderLower.idempotencyKey]))).toEqual(
      new Set([`conversation:${created.id}:finalization`]),
    );
    const view = (await omi.get(`/_emulator/apps/${app.id}`)).body;
    expect(view.app.id).toBe(app.id);
    expect(view.webhook).toMatchObject({
      trigger: 'memory_creation',
      webhook_url: `${plugin.url}/webhooks/conversation`,
      signing_secret: { configured: false },
      health: { consecutive_failures: 3, last_status: 503, last_success_at: null },
    });
    const firstFailure = Date.parse(view.webhook.health.first_failure_at);
    expect(Date.parse(view.webhook.health.auto_disable_at) - firstFailure).toBe(72 * 3600 * 1000);
    expect(
      view.webhook.health.warnings_at.map((t: string) => (Date.parse(t) - firstFailure) / 3600_000),
    ).toEqual([24, 48]);

    const [delivery] = (await omi.get('/_emulator/deliveries')).body.deliveries;
    expect(delivery).toMatchObject({ ok: false, status: 503, reply: { detail: 'down' } });
    expect(delivery.attempts.map((a: Json) => [a.attempt, a.status, a.retry_in_ms])).toEqual([
      [1, 503, 5],
      [2, 503, 5],
      [3, 503, null],
    ]);

    // A success ends the streak but, as in Omi, does not clear first_failure_at.
    plugin.respond = () => ({ status: 200, body: {} });
    await createConversation();
    await omi.emulator.webhooks.idle();
    const health = (await omi.get(`/_emulator/apps/${app.id}`)).body.webhook.health;
    expect(health.consecutive_failures).toBe(0);
    expect(health.last_success_at).not.toBeNull();
    expect(health.first_failure_at).toBe(view.webhook.health.first_failure_at);
  });

  it("replays the whole fan-out, as Omi's finalization job does: an app that answered gets it again", async () => {
    const { app: good } = await register(conversationApp({ name: 'Good' }));
    const { app: flaky } = await register(
      conversationApp({
        name: 'Flaky',
        external_integration: { triggers_on: 'memory_creation', webhook_url: `${plugin.url}/flaky` },
      }),
    );
    let flakyCalls = 0;
    plugin.respond = (r) =>
      r.url.startsWith('/flaky') && flakyCalls++ === 0 ? { status: 503 } : { status: 200, body: {} };
    const created = await createConversation();
    await omi.emulator.webhooks.idle();

    const byPath = (path: string) => plugin.requests.filter((r) => r.url.startsWith(path));
    expect(byPath('/webhooks/conversation')).toHaveLength(2); // delivered twice: it must deduplicate
    expect(byPath('/flaky')).toHaveLength(2);
    const keys = new Set(plugin.requests.map((r) => r.headers[OmiHeaderLower.idempotencyKey]));
    expect(keys).toEqual(new Set([`conversation:${created.id}:finalization`]));

    const logged = (appId: string) =>
      omi.get(`/_emulator/deliveries?app_id=${appId}`).then((r) => r.body.deliveries[0]);
    expect((await logged(good.id)).attempts.map((a: Json) => [a.status, a.retry_in_ms])).toEqual([
      [200, 5],
      [200, null],
    ]);
    expect((await logged(flaky.id)).attempts.map((a: Json) => [a.status, a.retry_in_ms])).toEqual([
      [503, 5],
      [200, null],
    ]);
  });

  it('a 4xx is permanent: no second round', async () => {
    await register(conversationApp());
    plugin.respond = () => ({ status: 401, body: { detail: 'not set up' } });
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(1);
  });

  it('a plugin that is not running is a recorded failure, not an API error', async () => {
    const { app } = await register(
      conversationApp({
        external_integration: { triggers_on: 'memory_creation', webhook_url: 'http://127.0.0.1:1/nothing' },
      }),
    );
    await createConversation();
    await omi.emulator.webhooks.idle();
    const [delivery] = (await omi.get(`/_emulator/deliveries?app_id=${app.id}`)).body.deliveries;
    expect(delivery).toMatchObject({ ok: false, status: null });
    expect(delivery.error).toMatch(/refused/i);
  });

  it('skips discarded and locked conversations', async () => {
    await register(conversationApp());
    const base = { id: 'x', structured: { title: 't' }, transcript_segments: [] } as Json;
    omi.emulator.state.onConversationProcessed!(UID, { ...base, discarded: true });
    omi.emulator.state.onConversationProcessed!(UID, { ...base, is_locked: true });
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(0);
  });

  it('the seed fires nothing', async () => {
    await register(conversationApp());
    expect((await omi.post('/_emulator/seed', { json: {} })).status).toBe(200);
    await omi.emulator.webhooks.idle();
    expect(plugin.requests).toHaveLength(0);
  });

  it('POST /_emulator/reset forgets apps, secrets and deliveries', async () => {
    const { app } = await register(conversationApp({ webhook_secret: true }));
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect((await omi.post('/_emulator/reset')).status).toBe(200);
    expect((await omi.get('/_emulator/apps')).body.apps).toEqual([]);
    expect((await omi.get('/_emulator/deliveries')).body.deliveries).toEqual([]);
    expect(omi.emulator.webhooks.secrets.status(app.id).configured).toBe(false);
    expect((await omi.get(`/_emulator/apps/${app.id}`)).status).toBe(404);
  });

  it.each([
    [{ name: 'x', trigger: 'memory_creation' }, /webhook_url is required/],
    [{ name: 'x', triggers_on: 'memory_creation', webhook_url: '' }, /webhook_url is required/],
    [
      { name: 'x', external_integration: { triggers_on: 'memory_creation', webhook_url: '  ' } },
      /webhook_url is required/,
    ],
    [{ name: 'x', trigger: 'day_summary', webhook_url: 'http://127.0.0.1:1/' }, /trigger/],
    [
      { name: 'x', external_integration: { triggers_on: 'conversation', webhook_url: 'http://h/' } },
      /not a trigger/,
    ],
    [{ name: 'x', trigger: 'memory_creation', webhook_url: 'ftp://host/x' }, /http:\/\/ or https:\/\//],
    [{ name: 'x', webhook_secret: ' whsec_space' }, /whitespace/],
    [{ name: 'x', webhook_secret: '' }, /webhook_secret/],
  ])('rejects %j with a 400 that says why', async (body, message) => {
    const r = await omi.post('/_emulator/apps', { json: body });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(message);
  });

  it('trims the webhook URL as Omi does, and allows loopback addresses (Omi would refuse them)', async () => {
    const { app } = await register(
      conversationApp({
        external_integration: { triggers_on: 'memory_creation', webhook_url: `  ${plugin.url}/t  ` },
      }),
    );
    expect(app.external_integration.webhook_url).toBe(`${plugin.url}/t`);
    await createConversation();
    await omi.emulator.webhooks.idle();
    expect(plugin.requests[0]!.url).toBe(`/t?uid=${UID}`);
  });

  it('404s for the secret of an unknown app', async () => {
    const r = await omi.post('/_emulator/apps/NOPE/webhook-signing-secret');
    expect(r.status).toBe(404);
    expect(r.body.detail).toMatch(/POST \/_emulator\/apps/);
  });
});

import {
  createOmiAppClient,
  OmiAppClient,
  OmiAuthError,
  OmiNotFoundError,
  OmiPermissionError,
  OmiRateLimitError,
  type RequestEvent,
} from '@omi-kit/api-client';
import { VirtualClock } from '@omi-kit/api-client/testing';
import { AppNotification, ConversationItem } from '@omi-kit/schemas';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './helpers/emulator.js';

let omi: RunningEmulator;
let appId: string;
let apiKey: string;
const UID = 'user-alice';
const stops: (() => void)[] = [];

beforeAll(async () => {
  omi = await startEmulator();
  ({ appId, apiKey } = omi.emulator.createApp({ name: 'Reminders', enabled_for: [UID] }));
});
afterAll(() => omi.close());
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const app = (extra = {}) => createOmiAppClient({ appId, apiKey, baseUrl: omi.baseUrl, ...extra });

async function raw(path: string, init: RequestInit & { key?: string | null } = {}) {
  const { key = apiKey, ...rest } = init;
  const headers: Record<string, string> = rest.body ? { 'content-type': 'application/json' } : {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${omi.baseUrl}${path}`, { ...rest, headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('createOmiAppClient().forUser(uid) against the emulator', () => {
  it('creates a conversation that carries the app id and source, then lists it', async () => {
    const alice = app().forUser(UID);
    expect(app()).toBeInstanceOf(OmiAppClient);
    expect(
      await alice.createConversation({
        text: 'Met Sam about the launch. I need to send the deck by Monday.',
      }),
    ).toEqual({});
    const { conversations } = await alice.listConversations({ limit: 10 });
    const mine = conversations.find((c) => c.app_id === appId);
    expect(mine).toMatchObject({ source: 'external_integration', app_id: appId, discarded: false });
    expect(ConversationItem.safeParse(mine).success).toBe(true);
    const tasks = await alice.listTasks({ completed: false });
    expect(tasks.tasks.map((t) => t.description)).toContain('I need to send the deck by Monday.');
  });

  it('creates memories from an explicit list and from text, and lists them', async () => {
    const alice = app().forUser(UID);
    await alice.createMemories({ memories: [{ content: 'Alice prefers morning meetings', tags: ['work'] }] });
    await alice.createMemories({
      text: 'Alice is training for a marathon in April. She runs every morning.',
    });
    const { memories } = await alice.listMemories({ limit: 100 });
    const contents = memories.map((m) => m.content);
    expect(contents).toContain('Alice prefers morning meetings');
    expect(contents).toContain('Alice is training for a marathon in April.');
  });

  it('searches conversations a page at a time', async () => {
    const alice = app().forUser(UID);
    await alice.createConversation({ text: 'The quarterly roadmap review went well. We cut two features.' });
    const found = await alice.searchConversations({ query: 'quarterly roadmap', per_page: 1 });
    expect(found.conversations).toHaveLength(1);
    expect(found).toMatchObject({ current_page: 1, per_page: 1 });
    expect(found.total_pages).toBeGreaterThanOrEqual(1);
    expect((await alice.searchConversations('quarterly roadmap')).conversations.length).toBeGreaterThan(0);
  });

  it('notifies the user, reports the hour’s allowance, and the emulator keeps the record', async () => {
    const bob = 'user-bob';
    omi.emulator.integration.enableApp(appId, bob);
    const result = await app().forUser(bob).notify('Your export is ready');
    expect(result.status).toBe('Ok');
    expect(result.rateLimit).toMatchObject({ limit: 10, remaining: 9 });
    expect(result.rateLimit!.resetAt.getTime()).toBeGreaterThan(Date.now());
    const record = await raw(`/_emulator/notifications?uid=${bob}`, { key: null });
    const notifications = (record.body.notifications as unknown[]).map((n) => AppNotification.parse(n));
    expect(notifications).toEqual([
      expect.objectContaining({
        app_id: appId,
        uid: bob,
        title: 'Reminders says',
        body: 'Your export is ready',
        data: expect.objectContaining({ notification_type: 'plugin', navigate_to: `/chat/${appId}` }),
      }),
    ]);
  });

  it('knows the 10 notifications per hour: the 11th fails at once, without a request', async () => {
    const carol = 'user-carol';
    omi.emulator.integration.enableApp(appId, carol);
    const requests: RequestEvent[] = [];
    const user = app({ hooks: { onRequest: (e: RequestEvent) => requests.push(e) } }).forUser(carol);
    for (let i = 0; i < 10; i++) await user.notify(`Reminder ${i}`);
    const error = await user.notify('one too many').catch((e) => e);
    expect(error).toBeInstanceOf(OmiRateLimitError);
    expect(error).toMatchObject({ local: true, policies: ['integration:notifications'] });
    expect(error.retryAfter).toBeGreaterThan(0);
    expect(error.retryAfter).toBeLessThanOrEqual(3601);
    expect(requests).toHaveLength(10);
    // Other users of the same app have their own allowance.
    omi.emulator.integration.enableApp(appId, 'user-dave');
    await expect(app().forUser('user-dave').notify('hi')).resolves.toMatchObject({ status: 'Ok' });
  });

  it('waits for the next hour when asked to (virtual time)', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1, 9, 59, 0));
    stops.push(clock.autoAdvance());
    const fresh = await startEmulator({ clock: () => clock.date() });
    try {
      const created = fresh.emulator.createApp({ name: 'Pinger', enabled_for: ['u1'] });
      const user = createOmiAppClient({
        ...created,
        baseUrl: fresh.baseUrl,
        clock,
        fetch: clock.trackFetch(),
      }).forUser('u1');
      for (let i = 0; i < 10; i++) await user.notify(`ping ${i}`);
      const sent = await user.notify('after the hour', { waitForRateLimit: true });
      expect(sent.rateLimit).toMatchObject({ remaining: 9 });
      // Omi counts clock-hour buckets: the wait ended at 10:00 (plus the margin), not at 10:59.
      expect(clock.now()).toBeLessThan(Date.UTC(2026, 0, 1, 10, 1, 0));
    } finally {
      await fresh.close();
    }
  });

  it('paces conversation creates at 10 per hour per user', async () => {
    const user = app().forUser('user-erin');
    omi.emulator.integration.enableApp(appId, 'user-erin');
    for (let i = 0; i < 10; i++) await user.createConversation({ text: `Conversation ${i} of a busy hour.` });
    const error = await user
      .createConversation({ text: 'eleventh' }, { waitForRateLimit: false })
      .catch((e) => e);
    expect(error).toMatchObject({
      code: 'rate_limited',
      local: true,
      policies: ['integration:conversations'],
    });
  });

  it('maps the Integration API statuses to typed errors', async () => {
    const stranger = app().forUser('user-never-enabled');
    await expect(stranger.listMemories()).rejects.toBeInstanceOf(OmiPermissionError);
    const otherKey = omi.emulator.createApp({ name: 'Other' }).apiKey;
    const wrongKey = createOmiAppClient({ appId, apiKey: otherKey, baseUrl: omi.baseUrl }).forUser(UID);
    const e403 = await wrongKey.listTasks().catch((e) => e);
    expect(e403).toBeInstanceOf(OmiPermissionError);
    expect(e403.message).not.toContain(otherKey);
    const unknownApp = createOmiAppClient({ appId: 'NO_SUCH_APP', apiKey, baseUrl: omi.baseUrl }).forUser(
      UID,
    );
    await expect(unknownApp.listTasks()).rejects.toBeInstanceOf(OmiNotFoundError);
  });
});

describe('secrets', () => {
  it('an unknown app key gets 403 and no error carries it', async () => {
    const bogus = `sk_${'ab'.repeat(16)}`;
    const fresh = omi.emulator.createApp({ name: 'Secretive', enabled_for: [UID] });
    const error = await createOmiAppClient({ appId: fresh.appId, apiKey: bogus, baseUrl: omi.baseUrl })
      .forUser(UID)
      .listTasks()
      .catch((e) => e);
    expect(error).toBeInstanceOf(OmiPermissionError);
    expect(JSON.stringify(error) + error.message + error.stack).not.toContain(bogus);
    expect(error).not.toBeInstanceOf(OmiAuthError);
  });
});

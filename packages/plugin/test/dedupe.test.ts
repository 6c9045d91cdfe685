import { definePlugin } from '@omi-kit/plugin';
import { createMemoryStorage } from '@omi-kit/storage';
import {
  conversationFixture,
  daySummaryFixture,
  webhookRequestFixture,
} from '@omi-kit/webhook-types/fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logsWith, startTestServer, type TestServer } from './helpers/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('redeliveries are acknowledged and not run again', () => {
  it('on the same X-Omi-Idempotency-Key, while queued and after handling', async () => {
    const onConversation = vi.fn();
    const storage = createMemoryStorage({ quiet: true });
    t = await startTestServer(definePlugin({ name: 'dedupe', onConversation }), { worker: false, storage });
    const conversation = conversationFixture({ seed: 21 });
    const request = webhookRequestFixture({
      event: 'memory_created',
      body: conversation,
      uid: 'u1',
      idempotencyKey: true,
    });
    expect(request.headers['X-Omi-Idempotency-Key']).toBe(`conversation:${conversation.id}:finalization`);
    const path = request.url.replace('/webhook', '/webhooks/conversation');
    // Queued but not run yet (no worker): the second delivery finds the job.
    expect(await t.post(path, request.body, request.headers)).toMatchObject({ status: 200, body: {} });
    expect(await t.post(path, request.body, request.headers)).toMatchObject({ status: 200, body: {} });
    expect(await t.server.runtime.stats()).toMatchObject({ waiting: 1 });
    await t.close();

    // Same storage, now with a worker: it runs once; a later redelivery finds the done marker.
    t = await startTestServer(definePlugin({ name: 'dedupe', onConversation }), { storage });
    await t.server.runtime.idle();
    expect(onConversation).toHaveBeenCalledTimes(1);
    expect(await t.post(path, request.body, request.headers)).toMatchObject({ status: 200, body: {} });
    await t.server.runtime.idle();
    expect(onConversation).toHaveBeenCalledTimes(1);
    expect(logsWith(t.logs, 'redelivery acknowledged')).toHaveLength(1);
    await t.close();
    t = undefined;
    await storage.close();
  });

  it('on the conversation id when there is no idempotency key', async () => {
    const seen: string[] = [];
    t = await startTestServer(
      definePlugin({ name: 'dedupe', onConversation: ({ event }) => void seen.push(event.id) }),
    );
    const a = conversationFixture({ seed: 22 });
    const b = conversationFixture({ seed: 23 });
    for (const body of [a, b, a, a, b]) {
      expect(await t.post('/webhooks/conversation?uid=u1', body)).toMatchObject({ status: 200, body: {} });
    }
    await t.server.runtime.idle();
    await t.post('/webhooks/conversation?uid=u1', a);
    await t.server.runtime.idle();
    expect(seen.sort()).toEqual([a.id, b.id].sort());
  });

  it('while the first delivery is still running', async () => {
    let release!: () => void;
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    const onConversation = vi.fn(() => running);
    t = await startTestServer(definePlugin({ name: 'dedupe', onConversation }));
    const body = conversationFixture({ seed: 24 });
    await t.post('/webhooks/conversation?uid=u1', body);
    await vi.waitFor(() => expect(onConversation).toHaveBeenCalledTimes(1));
    expect(await t.post('/webhooks/conversation?uid=u1', body)).toMatchObject({ status: 200, body: {} });
    release();
    await t.server.runtime.idle();
    expect(onConversation).toHaveBeenCalledTimes(1);
  });

  it('on the Developer-Settings Idempotency-Key for day summaries', async () => {
    const onDaySummary = vi.fn();
    t = await startTestServer(definePlugin({ name: 'dedupe', onDaySummary }));
    const request = webhookRequestFixture({
      event: 'day_summary',
      body: daySummaryFixture(),
      uid: 'u1',
      developer: true,
    });
    const path = request.url.replace('/webhook', '/webhooks/day-summary');
    await t.post(path, request.body, request.headers);
    await t.post(path, request.body, request.headers);
    await t.server.runtime.idle();
    expect(onDaySummary).toHaveBeenCalledTimes(1);
  });
});

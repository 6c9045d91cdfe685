import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, EVENTS_QUEUE } from '@omi-kit/plugin';
import { createManualClock, createMemoryStorage, createSqliteStorage } from '@omi-kit/storage';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logsWith, startTestServer, type TestServer, until } from './helpers/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const quiet = { warn() {}, error() {} };

describe('conversation events are queued durably and handled by a worker', () => {
  it('answers 200 {} before the handler has finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const done = vi.fn();
    t = await startTestServer(
      definePlugin({
        name: 'queue',
        onConversation: async () => {
          await gate;
          done();
        },
      }),
    );
    const started = Date.now();
    const r = await t.post('/webhooks/conversation?uid=u1', conversationFixture({ seed: 31 }));
    expect(r).toMatchObject({ status: 200, body: {} });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(done).not.toHaveBeenCalled();
    expect((await t.server.runtime.stats()).waiting + (await t.server.runtime.stats()).reserved).toBe(1);
    release();
    await t.server.runtime.idle();
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('queues the body bytes as they came (BOM, non-ASCII text) and the handler reads them exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omi-plugin-queue-'));
    const storage = createSqliteStorage({ filename: join(dir, 'plugin.db'), logger: quiet });
    const seen = vi.fn();
    t = await startTestServer(
      definePlugin({
        name: 'queue',
        onConversation: (ctx) => {
          seen({
            id: ctx.event.id,
            text: ctx.event.transcript_segments[0]?.text,
            title: ctx.event.structured.title,
          });
        },
      }),
      { storage },
    );
    const c = conversationFixture({ seed: 33, segments: 2 });
    c.structured.title = 'Café ☕ — naïve résumé';
    c.transcript_segments[0]!.text = 'Ünïcödé \u2028 "quoted" and \\ backslash 日本語';
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(c), 'utf8')]);
    const r = await t.post('/webhooks/conversation?uid=u1', body);
    expect(r).toMatchObject({ status: 200, body: {} });
    await t.server.runtime.idle();
    expect(seen).toHaveBeenCalledWith({
      id: c.id,
      text: c.transcript_segments[0]!.text,
      title: c.structured.title,
    });
    await t.close();
    t = undefined;
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('still handles a job queued by 0.1, whose body was stored as JSON text', async () => {
    const seen = vi.fn();
    t = await startTestServer(
      definePlugin({ name: 'queue', onConversation: (ctx) => seen({ id: ctx.event.id, uid: ctx.uid }) }),
    );
    const c = conversationFixture({ seed: 34 });
    await t.storage.jobs.enqueue(
      EVENTS_QUEUE,
      {
        kind: 'conversation',
        uid: 'u-old',
        key: c.id,
        body: JSON.stringify(c),
        signed: false,
        receivedAt: 0,
      },
      { id: `conversation:${c.id}` },
    );
    await until(() => seen.mock.calls.length === 1);
    await t.server.runtime.idle();
    expect(seen).toHaveBeenCalledWith({ id: c.id, uid: 'u-old' });
  });

  it('gives the handler a typed context: event, uid, delivery, store, log, signal', async () => {
    const seen = vi.fn();
    t = await startTestServer(
      definePlugin({
        name: 'queue',
        onConversation: async (ctx) => {
          await ctx.store.kv.set(`seen:${ctx.event.id}`, ctx.uid);
          ctx.log.info({ title: ctx.event.structured.title }, 'handled in test');
          seen({
            uid: ctx.uid,
            appId: ctx.appId,
            segments: ctx.event.transcript_segments.length,
            attempt: ctx.delivery.attempt,
            aborted: ctx.signal.aborted,
          });
        },
      }),
    );
    const c = conversationFixture({ seed: 32, segments: 12 });
    await t.post('/webhooks/conversation?uid=u-ctx', c);
    await t.server.runtime.idle();
    expect(seen).toHaveBeenCalledWith({
      uid: 'u-ctx',
      appId: 'app_test_01',
      segments: 12,
      attempt: 1,
      aborted: false,
    });
    expect(await t.storage.kv.get(`seen:${c.id}`)).toBe('u-ctx');
    const line = logsWith(t.logs, 'handled in test')[0]!;
    expect(line).toMatchObject({ plugin: 'queue', event: 'conversation', uid: 'u-ctx', attempt: 1 });
  });

  it('retries a throwing handler with exponential backoff, then dead-letters it (injected clock)', async () => {
    const clock = createManualClock();
    const storage = createMemoryStorage({
      clock,
      quiet: true,
      logger: quiet,
      retry: { baseDelayMs: 1_000, factor: 2, jitter: 0, maxAttempts: 3 },
    });
    const attempts: number[] = [];
    t = await startTestServer(
      definePlugin({
        name: 'retry',
        onConversation: ({ delivery }) => {
          attempts.push(delivery.attempt);
          throw new Error(`provider down (attempt ${delivery.attempt})`);
        },
      }),
      { storage },
    );
    const c = conversationFixture({ seed: 33 });
    expect((await t.post('/webhooks/conversation?uid=u1', c)).status).toBe(200);
    await until(() => attempts.length === 1);
    await until(async () => (await t!.server.runtime.stats()).delayed === 1);
    // Not before its time: 1 s after the first failure.
    clock.advance(999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toEqual([1]);
    clock.advance(1);
    await until(() => attempts.length === 2);
    await until(async () => (await t!.server.runtime.stats()).delayed === 1);
    clock.advance(1_999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toEqual([1, 2]);
    clock.advance(1);
    await until(() => attempts.length === 3);
    await until(async () => (await t!.server.runtime.stats()).dead === 1);
    const [dead] = await t.server.runtime.deadLetters();
    expect(dead).toMatchObject({ id: `conversation:${c.id}`, attempts: 3, state: 'dead' });
    expect(dead!.lastError).toContain('provider down (attempt 3)');
    expect(dead!.payload).toMatchObject({ kind: 'conversation', uid: 'u1' });
    expect(logsWith(t.logs, 'will retry')).toHaveLength(2);
    expect(logsWith(t.logs, 'dead-letter')).toHaveLength(1);

    // A redelivery of a dead-lettered event is acknowledged, not run; requeueing runs it again.
    expect((await t.post('/webhooks/conversation?uid=u1', c)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toHaveLength(3);
    expect(await t.server.runtime.requeueDead(dead!.id)).toBe(true);
    await until(() => attempts.length === 4);
    expect(attempts.at(-1)).toBe(1);
    await t.close();
    t = undefined;
    await storage.close();
  });

  it('honours maxAttempts per plugin server', async () => {
    const clock = createManualClock();
    const storage = createMemoryStorage({ clock, quiet: true, logger: quiet, retry: { jitter: 0 } });
    const handler = vi.fn(() => {
      throw new Error('nope');
    });
    t = await startTestServer(definePlugin({ name: 'retry', onConversation: handler }), {
      storage,
      maxAttempts: 1,
    });
    await t.post('/webhooks/conversation?uid=u1', conversationFixture({ seed: 34 }));
    await until(async () => (await t!.server.runtime.stats()).dead === 1);
    expect(handler).toHaveBeenCalledTimes(1);
    await t.close();
    t = undefined;
    await storage.close();
  });

  it('ignores conversations created by this app (Omi sends them back to their creator)', async () => {
    const onConversation = vi.fn();
    t = await startTestServer(definePlugin({ name: 'loop', onConversation }));
    const own = conversationFixture({ seed: 35, appId: 'app_test_01' });
    expect(own).toMatchObject({ source: 'external_integration', app_id: 'app_test_01' });
    const other = conversationFixture({ seed: 36, appId: 'someone_elses_app' });
    expect(await t.post('/webhooks/conversation?uid=u1', own)).toMatchObject({ status: 200, body: {} });
    expect(await t.post('/webhooks/conversation?uid=u1', other)).toMatchObject({ status: 200, body: {} });
    await t.server.runtime.idle();
    expect(onConversation).toHaveBeenCalledTimes(1);
    expect(onConversation.mock.calls[0]![0].event.id).toBe(other.id);
    expect(await t.server.runtime.stats()).toMatchObject({ waiting: 0, dead: 0 });
    const [line] = logsWith(t.logs, 'created by this app');
    expect(line).toMatchObject({ conversationId: own.id, source: 'external_integration' });
  });

  it('accepts the simple memory-created form of the original guide', async () => {
    const onConversation = vi.fn();
    t = await startTestServer(definePlugin({ name: 'simple', onConversation }));
    await t.post('/webhooks/conversation?uid=u1', { id: 'm1', content: 'Buy milk', category: 'personal' });
    await t.server.runtime.idle();
    expect(onConversation.mock.calls[0]![0].event).toMatchObject({
      id: 'm1',
      structured: { overview: 'Buy milk', category: 'personal' },
      transcript_segments: [],
    });
  });
});

import { createPluginServer, definePlugin, reply } from '@omi-kit/plugin';
import { createMemoryStorage } from '@omi-kit/storage';
import { conversationFixture, realtimeTranscriptFixture } from '@omi-kit/webhook-types/fixtures';
import { describe, expect, it, vi } from 'vitest';
import { startTestServer } from './helpers/test-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful shutdown finishes in-flight work', () => {
  it('answers the request in flight, finishes the running job and the handler past its budget, then closes', async () => {
    const storage = createMemoryStorage({ quiet: true });
    const finished: string[] = [];
    const t = await startTestServer(
      definePlugin({
        name: 'shutdown',
        onConversation: async ({ event }) => {
          await sleep(300);
          finished.push(`conversation ${event.id}`);
        },
        onTranscript: async ({ event }) => {
          await sleep(event.segments.length === 1 ? 200 : 400);
          finished.push(`transcript ${event.segments.length}`);
          return reply.message('answered while closing');
        },
      }),
      { storage, realtimeBudgetMs: 300 },
    );
    const conversation = conversationFixture({ seed: 61 });
    await t.post('/webhooks/conversation?uid=u1', conversation);
    await vi.waitFor(async () => expect((await t.server.runtime.stats()).reserved).toBe(1));
    const inFlight = t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture({ segments: 1 }));
    const pastBudget = t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture({ segments: 3 }));
    await sleep(50);
    await t.server.close();
    expect(await inFlight).toMatchObject({ status: 200, body: { message: 'answered while closing' } });
    expect(await pastBudget).toMatchObject({ status: 200, body: {} });
    expect(finished.sort()).toEqual([`conversation ${conversation.id}`, 'transcript 1', 'transcript 3']);
    expect(await storage.jobs.stats('omi-plugin.events')).toEqual({
      waiting: 0,
      delayed: 0,
      reserved: 0,
      dead: 0,
    });
    await expect(fetch(`${t.url}/health`)).rejects.toThrow();
    await storage.close();
  });

  it('closes the storage it opened itself', async () => {
    const server = await createPluginServer(definePlugin({ name: 'owned' }), {
      env: { OMI_APP_ID: 'a', STORAGE_URL: 'sqlite::memory:' },
      logger: false,
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    expect(server.runtime.storage.kind).toBe('sqlite');
    await server.close();
    await expect(server.runtime.storage.kv.get('x')).rejects.toThrow(/after close/);
  });
});

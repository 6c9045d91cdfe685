import { createServer, type Server } from 'node:http';
import { definePlugin, OmiApiError, OmiAppSecretMissingError, reply } from '@omi-kit/plugin';
import { createManualClock, createMemoryStorage } from '@omi-kit/storage';
import { conversationFixture, realtimeTranscriptFixture } from '@omi-kit/webhook-types/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, until } from './helpers/test-server.js';

const KEY = 'sk_0123456789abcdef0123456789abcdef';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

let omi: Server;
let omiUrl: string;
let seen: Seen[];
let status = 200;
let t: TestServer | undefined;

beforeEach(async () => {
  seen = [];
  status = 200;
  omi = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"status":"Ok"}' : '{"detail":"Rate limit exceeded"}');
    });
  });
  await new Promise<void>((resolve) => omi.listen(0, '127.0.0.1', resolve));
  const address = omi.address();
  omiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterEach(async () => {
  await t?.close();
  t = undefined;
  await new Promise((resolve) => omi.close(resolve));
});

describe('ctx.notify and ctx.omi (built-in Integration API client)', () => {
  it('pushes through POST /v2/integrations/{app_id}/notification?uid=&message= with the sk_ key', async () => {
    t = await startTestServer(
      definePlugin({
        name: 'notify',
        onTranscript: async (ctx) => {
          await ctx.notify('Reminder: call Anna');
          await ctx.omi.listConversations({ limit: 5 });
        },
      }),
      { env: { OMI_APP_SECRET: KEY, OMI_API_BASE_URL: omiUrl } },
    );
    expect((await t.post('/webhooks/transcript?uid=user 1', realtimeTranscriptFixture())).status).toBe(200);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/v2/integrations/app_test_01/notification?uid=user+1&message=Reminder%3A+call+Anna',
        authorization: `Bearer ${KEY}`,
        body: '',
      },
      expect.objectContaining({
        method: 'GET',
        url: '/v2/integrations/app_test_01/conversations?uid=user+1&limit=5',
      }),
    ]);
    expect(JSON.stringify(t.logs)).not.toContain(KEY);
  });

  it('starts without OMI_APP_SECRET and says so clearly at first use', async () => {
    const errors: unknown[] = [];
    t = await startTestServer(
      definePlugin({
        name: 'no-key',
        onTranscript: async (ctx) => {
          for (const use of [() => ctx.notify('hi there'), () => ctx.omi.createMemories({ text: 'x' })]) {
            try {
              await use();
            } catch (error) {
              errors.push(error);
            }
          }
        },
      }),
      { env: { OMI_API_BASE_URL: omiUrl } },
    );
    expect((await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture())).status).toBe(200);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(OmiAppSecretMissingError);
      expect((error as OmiAppSecretMissingError).code).toBe('ERR_OMI_APP_SECRET_MISSING');
      expect((error as Error).message).toMatch(/OMI_APP_SECRET is not set/);
    }
    expect((errors[0] as Error).message).toContain('ctx.omi.notify()');
    expect(seen).toHaveLength(0);
  });

  it('turns an Omi error status into OmiApiError with the detail', async () => {
    status = 429;
    let caught: unknown;
    t = await startTestServer(
      definePlugin({
        name: 'limited',
        onTranscript: async (ctx) => {
          await ctx.notify('hello!').catch((error) => {
            caught = error;
          });
        },
      }),
      { env: { OMI_APP_SECRET: KEY, OMI_API_BASE_URL: omiUrl } },
    );
    await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture());
    expect(caught).toBeInstanceOf(OmiApiError);
    expect((caught as OmiApiError).status).toBe(429);
    expect((caught as Error).message).toBe('Omi answered 429 to notify: Rate limit exceeded');
  });

  it('sends a queued handler’s returned message as a notification, once, even across retries', async () => {
    const clock = createManualClock();
    const storage = createMemoryStorage({
      clock,
      quiet: true,
      logger: { warn() {}, error() {} },
      retry: { baseDelayMs: 1000, jitter: 0 },
    });
    let attempt = 0;
    t = await startTestServer(
      definePlugin({
        name: 'retry-notify',
        onConversation: async (ctx) => {
          attempt = ctx.delivery.attempt;
          await ctx.notify(`Summary of ${ctx.event.structured.title} saved`);
          if (ctx.delivery.attempt === 1) throw new Error('Notion timed out after the push');
          return reply.message('and this one is not sent: notify was called');
        },
      }),
      { storage, env: { OMI_APP_SECRET: KEY, OMI_API_BASE_URL: omiUrl } },
    );
    const conversation = conversationFixture({ seed: 41 });
    await t.post('/webhooks/conversation?uid=u1', conversation);
    await until(async () => (await t!.server.runtime.stats()).delayed === 1);
    clock.advance(1000);
    await until(() => attempt === 2);
    await t.server.runtime.idle();
    expect(seen.map((s) => new URL(s.url, omiUrl).searchParams.get('message'))).toEqual([
      `Summary of ${conversation.structured.title} saved`,
    ]);
    await t.close();
    t = undefined;
    await storage.close();
  });

  it('uses createAppClient when given (e.g. @omi-kit/api-client), lazily', async () => {
    const made: string[] = [];
    t = await startTestServer(
      definePlugin({
        name: 'custom-client',
        onConversation: () => reply.message('Saved to Notion'),
        onTranscript: () => {},
      }),
      {
        createAppClient: (uid) => {
          made.push(uid);
          return {
            uid,
            notify: async (message: string) =>
              void seen.push({ method: 'custom', url: message, authorization: uid, body: '' }),
          } as never;
        },
      },
    );
    await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture());
    expect(made).toEqual([]);
    await t.post('/webhooks/conversation?uid=u2', conversationFixture({ seed: 42 }));
    await t.server.runtime.idle();
    expect(made).toEqual(['u2']);
    expect(seen).toEqual([{ method: 'custom', url: 'Saved to Notion', authorization: 'u2', body: '' }]);
  });
});

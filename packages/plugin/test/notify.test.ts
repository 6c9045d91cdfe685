import { createServer, type Server } from 'node:http';
import { OmiRateLimitError } from '@omi-kit/api-client';
import { definePlugin, OmiAppSecretMissingError, reply } from '@omi-kit/plugin';
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
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '1800' });
        res.end('{"detail":"Rate limit exceeded"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url!.includes('/conversations') ? '{"conversations":[]}' : '{"status":"Ok"}');
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

describe('ctx.notify and ctx.omi (@omi-kit/api-client)', () => {
  it('pushes through @omi-kit/api-client: POST /v2/integrations/{app_id}/notification?uid=&message= with the sk_ key', async () => {
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
    const calls = seen.map((s) => {
      const url = new URL(s.url, omiUrl);
      return {
        method: s.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        auth: s.authorization,
      };
    });
    expect(calls).toEqual([
      {
        method: 'POST',
        path: '/v2/integrations/app_test_01/notification',
        query: { uid: 'user 1', message: 'Reminder: call Anna' },
        auth: `Bearer ${KEY}`,
      },
      {
        method: 'GET',
        path: '/v2/integrations/app_test_01/conversations',
        query: { uid: 'user 1', limit: '5' },
        auth: `Bearer ${KEY}`,
      },
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

  it('surfaces the api-client’s typed errors (429 → OmiRateLimitError), and a retry may push again', async () => {
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
    expect(caught).toBeInstanceOf(OmiRateLimitError);
    expect((caught as OmiRateLimitError).retryAfter).toBe(1800);
    expect(seen).toHaveLength(1);
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

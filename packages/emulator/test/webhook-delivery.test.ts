import { createHmac } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { OmiHeaderLower, verify } from '@omi-kit/webhook-types';
import {
  conversationFixture,
  pcm16Fixture,
  realtimeTranscriptFixture,
} from '@omi-kit/webhook-types/fixtures';
import { describe, expect, it } from 'vitest';
import { compactJson } from '../src/webhooks/compact-json.js';
import { deliverWebhook } from '../src/webhooks/deliver-webhook.js';
import { isRetried, OMI_RETRY_DELAYS_MS } from '../src/webhooks/retry-policy.js';
import { webhookUrl } from '../src/webhooks/webhook-url.js';
import { useReceiver } from './support/receiver.js';

const SECRET = 'whsec_emulator_test_secret_0123456789abcdefghijk';
const conversation = conversationFixture({ seed: 'delivery-tests', segments: 4 });
const noWait = async () => {};

describe('webhookUrl (Omi string concatenation)', () => {
  it('appends ?uid= to a bare URL', () => {
    expect(webhookUrl('https://plugin.example/webhook', 'u1')).toBe('https://plugin.example/webhook?uid=u1');
  });
  it('appends &uid= when the URL already has a query, keeping it', () => {
    expect(webhookUrl('https://p.example/hook?token=abc&x=1', 'u1')).toBe(
      'https://p.example/hook?token=abc&x=1&uid=u1',
    );
  });
  it('does not URL-encode the uid', () => {
    expect(webhookUrl('https://p.example/hook', 'a+b@c/d')).toBe('https://p.example/hook?uid=a+b@c/d');
  });
  it('puts sample_rate before uid for audio, with ? or &', () => {
    expect(webhookUrl('https://p.example/audio', 'u1', 16000)).toBe(
      'https://p.example/audio?sample_rate=16000&uid=u1',
    );
    expect(webhookUrl('https://p.example/audio?k=v', 'u1', 8000)).toBe(
      'https://p.example/audio?k=v&sample_rate=8000&uid=u1',
    );
  });
});

describe('compactJson', () => {
  it("writes Python's json.dumps(separators=(',', ':'), ensure_ascii=False) bytes", () => {
    const body = compactJson({ a: [1, 2.5, null], b: { c: 'café ☕ 東京', d: true }, e: 'line\nbreak "q"' });
    expect(body.toString('utf8')).toBe(
      '{"a":[1,2.5,null],"b":{"c":"café ☕ 東京","d":true},"e":"line\\nbreak \\"q\\""}',
    );
    expect(body.includes(Buffer.from('é', 'utf8'))).toBe(true);
  });
});

describe('isRetried (Omi retry rules)', () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [425, true],
    [429, true],
    [null, true],
    [400, false],
    [401, false],
    [404, false],
    [422, false],
    [301, false],
  ])('memory_created %s -> %s', (status, retried) => {
    expect(isRetried('memory_created', status)).toBe(retried);
  });
  it('never retries realtime or audio', () => {
    for (const status of [500, 503, 429, null]) {
      expect(isRetried('realtime_transcript', status)).toBe(false);
      expect(isRetried('audio_bytes', status)).toBe(false);
    }
  });
  it('day summary (Developer-Settings) retries 408 and 429 but not 425', () => {
    expect(isRetried('day_summary', 408)).toBe(true);
    expect(isRetried('day_summary', 429)).toBe(true);
    expect(isRetried('day_summary', 425)).toBe(false);
  });
  it('waits 1 s, 5 s, 30 s by default', () => {
    expect(OMI_RETRY_DELAYS_MS).toEqual([1000, 5000, 30000]);
  });
});

describe('deliverWebhook over real HTTP', () => {
  const receiver = useReceiver();

  it('sends a signed conversation: exact URL, headers, and a signature that verifies over the bytes received', async () => {
    receiver.respond = () => ({ status: 200, body: { message: 'Saved to Notion' } });
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/webhooks/conversation?token=abc`,
      uid: 'user-42',
      body: conversation,
      secret: SECRET,
    });
    expect(delivery).toMatchObject({
      ok: true,
      status: 200,
      attempt: 1,
      reply: { message: 'Saved to Notion' },
      error: null,
      signed: true,
    });
    expect(delivery.latencyMs).toBeGreaterThan(0);
    const [got] = receiver.requests;
    expect(got!.url).toBe('/webhooks/conversation?token=abc&uid=user-42');
    expect(got!.body.equals(compactJson(conversation))).toBe(true);
    const key = `conversation:${conversation.id}:finalization`;
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers[OmiHeaderLower.idempotencyKey]).toBe(key);
    expect(got!.headers[OmiHeaderLower.delivery]).toBe(key);
    expect(got!.headers[OmiHeaderLower.event]).toBe('memory_created');
    const { timestamp } = verify({ headers: got!.headers, body: got!.body, uid: got!.uid!, secret: SECRET });
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);

    // Independently of the package: HMAC-SHA256 over "<t>.<uid>." + the raw bytes, key = whole secret.
    const header = String(got!.headers[OmiHeaderLower.signature]);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    const expected = createHmac('sha256', SECRET)
      .update(Buffer.concat([Buffer.from(`${t}.user-42.`), got!.body]))
      .digest('hex');
    expect(v1).toBe(expected);
  });

  it('signs with every secret during a rotation', async () => {
    await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/hook`,
      uid: 'u',
      body: conversation,
      secrets: [SECRET, 'whsec_previous'],
    });
    const got = receiver.requests[0]!;
    expect(String(got.headers[OmiHeaderLower.signature])).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(
      verify({ headers: got.headers, body: got.body, uid: 'u', secret: 'whsec_previous' }).timestamp,
    ).toBeTypeOf('number');
  });

  it('unsigned deliveries carry no X-Omi-Signature, X-Omi-Event or X-Omi-Delivery, but keep the idempotency key', async () => {
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/hook`,
      uid: 'u',
      body: conversation,
    });
    expect(delivery.signed).toBe(false);
    const headers = receiver.requests[0]!.headers;
    expect(headers[OmiHeaderLower.signature]).toBeUndefined();
    expect(headers[OmiHeaderLower.event]).toBeUndefined();
    expect(headers[OmiHeaderLower.delivery]).toBeUndefined();
    expect(headers[OmiHeaderLower.idempotencyKey]).toBe(`conversation:${conversation.id}:finalization`);
  });

  it('sends the uid unencoded on the wire', async () => {
    await deliverWebhook({
      event: 'realtime_transcript',
      url: `${receiver.url}/hook`,
      uid: 'a+b@c',
      body: realtimeTranscriptFixture({ uid: 'a+b@c' }),
    });
    expect(receiver.requests[0]!.url).toBe('/hook?uid=a+b@c');
  });

  it('realtime: a new X-Omi-Delivery UUID per request, no idempotency key', async () => {
    const body = realtimeTranscriptFixture({ uid: 'u' });
    for (let i = 0; i < 2; i++) {
      await deliverWebhook({
        event: 'realtime_transcript',
        url: `${receiver.url}/rt`,
        uid: 'u',
        body,
        secret: SECRET,
      });
    }
    const [a, b] = receiver.requests;
    expect(a!.headers[OmiHeaderLower.event]).toBe('realtime_transcript');
    expect(a!.headers[OmiHeaderLower.delivery]).toMatch(/^[0-9a-f-]{36}$/);
    expect(a!.headers[OmiHeaderLower.delivery]).not.toBe(b!.headers[OmiHeaderLower.delivery]);
    expect(a!.headers[OmiHeaderLower.idempotencyKey]).toBeUndefined();
    expect(JSON.parse(a!.body.toString('utf8'))).toEqual(body);
  });

  it('audio: ?sample_rate=&uid=, octet-stream, the PCM bytes signed as they are', async () => {
    const pcm = pcm16Fixture({ seconds: 0.5, sampleRate: 8000 });
    const delivery = await deliverWebhook({
      event: 'audio_bytes',
      url: `${receiver.url}/audio`,
      uid: 'u',
      body: pcm,
      sampleRate: 8000,
      secret: SECRET,
    });
    expect(delivery.ok).toBe(true);
    const got = receiver.requests[0]!;
    expect(got.url).toBe('/audio?sample_rate=8000&uid=u');
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.body.equals(pcm)).toBe(true);
    expect(got.headers[OmiHeaderLower.event]).toBe('audio_bytes');
    verify({ headers: got.headers, body: got.body, uid: 'u', secret: SECRET });
  });

  it('day summary: Idempotency-Key, equal to X-Omi-Delivery when signed', async () => {
    await deliverWebhook({
      event: 'day_summary',
      url: `${receiver.url}/day`,
      uid: 'u',
      body: { summary: '{}', summary_json: {}, uid: 'u', created_at: '2026-01-15T22:00:00+00:00' },
      secret: SECRET,
    });
    const headers = receiver.requests[0]!.headers;
    expect(headers[OmiHeaderLower.developerIdempotencyKey]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers[OmiHeaderLower.delivery]).toBe(headers[OmiHeaderLower.developerIdempotencyKey]);
    expect(headers[OmiHeaderLower.event]).toBe('day_summary');
    expect(headers[OmiHeaderLower.idempotencyKey]).toBeUndefined();
  });

  it('does not follow a redirect: a 3xx fails with the trailing-slash / https hint', async () => {
    receiver.respond = (r) =>
      r.url.startsWith('/moved') ? { status: 308, headers: { location: '/moved/' } } : { status: 200 };
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/moved`,
      uid: 'u',
      body: conversation,
      sleep: noWait,
    });
    expect(delivery.ok).toBe(false);
    expect(delivery.status).toBe(308);
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.error?.code).toBe('redirect');
    expect(delivery.error?.message).toMatch(/trailing slash/);
    expect(delivery.error?.message).toMatch(/https/);
    expect(receiver.requests).toHaveLength(1);
  });

  it('counts any 2xx as success', async () => {
    receiver.respond = () => ({ status: 202, body: { status: 'queued' } });
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: conversation,
    });
    expect(delivery).toMatchObject({ ok: true, status: 202, reply: { status: 'queued' } });
  });

  it('retries a 503 with the same idempotency key (re-signed), then succeeds', async () => {
    receiver.respond = (_r, n) =>
      n < 2 ? { status: 503, body: 'busy' } : { status: 200, body: { message: 'ok' } };
    const waits: number[] = [];
    const seen: number[] = [];
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: conversation,
      secret: SECRET,
      sleep: async (ms) => {
        waits.push(ms);
      },
      onAttempt: (a) => seen.push(a.attempt),
    });
    expect(delivery).toMatchObject({ ok: true, status: 200, attempt: 3, reply: { message: 'ok' } });
    expect(delivery.attempts.map((a) => [a.status, a.reply, a.retryInMs])).toEqual([
      [503, 'busy', 1000],
      [503, 'busy', 5000],
      [200, { message: 'ok' }, null],
    ]);
    expect(waits).toEqual([1000, 5000]);
    expect(seen).toEqual([1, 2, 3]);
    const keys = receiver.requests.map((r) => r.headers[OmiHeaderLower.idempotencyKey]);
    expect(new Set(keys)).toEqual(new Set([`conversation:${conversation.id}:finalization`]));
    expect(new Set(receiver.requests.map((r) => r.headers[OmiHeaderLower.delivery])).size).toBe(1);
    for (const r of receiver.requests) verify({ headers: r.headers, body: r.body, uid: 'u', secret: SECRET });
    expect(receiver.requests.every((r) => r.body.equals(receiver.requests[0]!.body))).toBe(true);
  });

  it('gives up after the last retry', async () => {
    receiver.respond = () => ({ status: 500, body: { error: 'boom' } });
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: conversation,
      retryDelaysMs: [1, 1],
    });
    expect(delivery).toMatchObject({ ok: false, status: 500, attempt: 3, reply: { error: 'boom' } });
    expect(delivery.error?.code).toBe('http_status');
    expect(receiver.requests).toHaveLength(3);
  });

  it.each([400, 401, 404, 422])('does not retry a %i', async (status) => {
    receiver.respond = () => ({ status, body: { detail: 'no' } });
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: conversation,
      sleep: noWait,
    });
    expect(delivery).toMatchObject({ ok: false, status, attempt: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it.each([408, 425, 429])('retries a %i', async (status) => {
    receiver.respond = (_r, n) => (n === 0 ? { status } : { status: 200 });
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: conversation,
      sleep: noWait,
    });
    expect(delivery).toMatchObject({ ok: true, attempt: 2 });
    expect(receiver.requests).toHaveLength(2);
  });

  it('never retries realtime transcript or audio', async () => {
    receiver.respond = () => ({ status: 503 });
    const rt = await deliverWebhook({
      event: 'realtime_transcript',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: realtimeTranscriptFixture(),
      sleep: noWait,
    });
    const audio = await deliverWebhook({
      event: 'audio_bytes',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: pcm16Fixture({ seconds: 0.1 }),
      sleep: noWait,
    });
    expect([rt.attempts.length, audio.attempts.length]).toEqual([1, 1]);
    expect(receiver.requests).toHaveLength(2);
  });

  it('times out a slow plugin (configurable read timeout) and retries the conversation', async () => {
    receiver.respond = (_r, n) =>
      n === 0 ? { status: 200, delayMs: 1_000 } : { status: 200, body: { late: false } };
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/slow`,
      uid: 'u',
      body: conversation,
      timeouts: { readMs: 150 },
      sleep: noWait,
    });
    const [first, second] = delivery.attempts;
    expect(first).toMatchObject({ status: null, ok: false, reply: null, retryInMs: 1000 });
    expect(first!.error?.code).toBe('timeout');
    expect(first!.latencyMs).toBeGreaterThanOrEqual(140);
    expect(first!.latencyMs).toBeLessThan(900);
    expect(second).toMatchObject({ status: 200, ok: true, reply: { late: false } });
  });

  it('a realtime timeout is reported once, not retried', async () => {
    receiver.respond = () => ({ status: 200, delayMs: 800 });
    const delivery = await deliverWebhook({
      event: 'realtime_transcript',
      url: `${receiver.url}/slow`,
      uid: 'u',
      body: realtimeTranscriptFixture(),
      timeouts: { readMs: 100 },
    });
    expect(delivery).toMatchObject({ ok: false, status: null, attempt: 1 });
    expect(delivery.error?.code).toBe('timeout');
  });

  it('gives up connecting after the connect timeout (2 s in Omi; shortened here)', async () => {
    // An agent whose sockets never finish connecting, like a host that drops SYNs.
    class BlackHole extends http.Agent {
      override createConnection() {
        const socket = new net.Socket();
        // Node's own flag while a connect is pending; nothing will ever complete it.
        (socket as { connecting: boolean }).connecting = true;
        return socket;
      }
    }
    const agent = new BlackHole();
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: 'http://192.0.2.1/hook',
      uid: 'u',
      body: conversation,
      timeouts: { connectMs: 100, readMs: 5_000 },
      retryDelaysMs: [1],
      agent,
    });
    expect(delivery.attempts.map((a) => a.error?.code)).toEqual(['connect_timeout', 'connect_timeout']);
    expect(delivery.error?.message).toMatch(/Could not connect to 192\.0\.2\.1 within 100 ms/);
    expect(delivery.latencyMs).toBeGreaterThanOrEqual(90);
    expect(delivery.latencyMs).toBeLessThan(2_000);
    agent.destroy();
  });

  it('reports a refused connection as a network error and retries it', async () => {
    const closed = new (await import('./support/receiver.js')).Receiver();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${url}/h`,
      uid: 'u',
      body: conversation,
      retryDelaysMs: [1],
    });
    expect(delivery.attempts.map((a) => a.error?.code)).toEqual(['network', 'network']);
    expect(delivery.error?.message).toMatch(/refused/);
  });

  it('returns a text reply as text and an empty one as ""', async () => {
    receiver.respond = (_r, n) => (n === 0 ? { status: 200, body: 'thanks' } : { status: 200, body: '' });
    const text = await deliverWebhook({
      event: 'realtime_transcript',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: {},
    });
    const empty = await deliverWebhook({
      event: 'realtime_transcript',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: {},
    });
    expect(text.reply).toBe('thanks');
    expect(empty.reply).toBe('');
  });

  it('stops when cancelled while waiting to retry', async () => {
    receiver.respond = () => ({ status: 503 });
    const controller = new AbortController();
    const delivery = await deliverWebhook({
      event: 'memory_created',
      url: `${receiver.url}/h`,
      uid: 'u',
      body: conversation,
      signal: controller.signal,
      onAttempt: () => controller.abort(),
    });
    expect(delivery.attempts).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
  });
});

import { definePlugin, SetupIncompleteError } from '@omi-kit/plugin';
import { sign } from '@omi-kit/webhook-types';
import { conversationFixture, realtimeTranscriptFixture } from '@omi-kit/webhook-types/fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logsWith, SECRET, startTestServer, type TestServer } from './helpers/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const handlers = () => ({
  onConversation: vi.fn(),
  onTranscript: vi.fn(),
  onDaySummary: vi.fn(),
  onAudio: vi.fn(),
});

function plugin(h = handlers()) {
  return definePlugin({ name: 'bad-input', ...h });
}

describe('bad input never reaches a handler', () => {
  it('answers 400 to malformed JSON, naming the parse error', async () => {
    const h = handlers();
    t = await startTestServer(plugin(h));
    const r = await t.post('/webhooks/conversation?uid=u1', '{"id": "c1",');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('malformed_json');
    expect(r.body.message).toMatch(/not valid JSON/);
    const empty = await t.post('/webhooks/transcript?uid=u1', '');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('malformed_json');
    await t.server.runtime.idle();
    expect(h.onConversation).not.toHaveBeenCalled();
    expect(h.onTranscript).not.toHaveBeenCalled();
  });

  it('refuses __proto__ keys as malformed JSON (prototype poisoning)', async () => {
    t = await startTestServer(plugin());
    const r = await t.post('/webhooks/conversation?uid=u1', '{"id":"c1","__proto__":{"polluted":true}}');
    expect(r.status).toBe(400);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('answers 422 naming the failing paths', async () => {
    const h = handlers();
    t = await startTestServer(plugin(h));
    // biome-ignore lint/suspicious/noExplicitAny: broken on purpose
    const conversation = conversationFixture({ seed: 2 }) as Record<string, any>;
    conversation.transcript_segments[3].start = 'soon';
    delete conversation.id;
    const r = await t.post('/webhooks/conversation?uid=u1', conversation);
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('invalid_payload');
    const paths = r.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toContain('id');
    expect(paths).toContain('transcript_segments.3.start');
    expect(r.body.message).toContain('transcript_segments.3.start');

    const realtime = await t.post('/webhooks/transcript?uid=u1', {
      session_id: 'u1',
      segments: [{ text: 5 }],
    });
    expect(realtime.status).toBe(422);
    expect(realtime.body.issues.map((i: { path: string }) => i.path)).toContain('segments.0.text');

    const audio = await t.post('/webhooks/audio?uid=u1', Buffer.alloc(64), {
      'content-type': 'application/octet-stream',
    });
    expect(audio.status).toBe(422);
    expect(audio.body.issues[0].path).toBe('sample_rate');

    const summary = await t.post('/webhooks/day-summary?uid=u1', { summary_json: { headline: 3 } });
    expect(summary.status).toBe(422);
    await t.server.runtime.idle();
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });

  it('answers 413 above the body limit, before reading the body', async () => {
    const h = handlers();
    t = await startTestServer(plugin(h), { bodyLimit: 1024 });
    const r = await t.post('/webhooks/conversation?uid=u1', conversationFixture({ seed: 3 }));
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('payload_too_large');
    expect(r.body.message).toContain('1024');
    expect(h.onConversation).not.toHaveBeenCalled();
  });

  it('accepts an 8 MB conversation with photos under the default limit', async () => {
    const seen = vi.fn();
    t = await startTestServer(
      definePlugin({ name: 'big', onConversation: ({ event }) => seen(event.photos.length) }),
    );
    const big = conversationFixture({ seed: 4, photos: 100, targetBytes: 8_000_000 });
    const r = await t.post('/webhooks/conversation?uid=u1', big);
    expect(r.status).toBe(200);
    await t.server.runtime.idle();
    expect(seen).toHaveBeenCalledWith(100);
  });

  it('answers 400 when the uid is missing', async () => {
    const h = handlers();
    t = await startTestServer(plugin(h));
    for (const path of [
      '/webhooks/conversation',
      '/webhooks/conversation?uid=',
      '/webhooks/transcript?x=1',
    ]) {
      const r = await t.post(path, conversationFixture({ seed: 5 }));
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('missing_uid');
    }
    expect(h.onConversation).not.toHaveBeenCalled();
  });

  describe('signatures in enforce mode', () => {
    const body = Buffer.from(JSON.stringify(conversationFixture({ seed: 6 })));
    const now = Math.floor(Date.now() / 1000);

    it.each([
      ['missing', undefined, 'missing_header'],
      ['forged', sign({ secret: 'whsec_someone_else', uid: 'u1', body }), 'signature_mismatch'],
      ['for another uid', sign({ secret: SECRET, uid: 'u2', body }), 'signature_mismatch'],
      ['expired', sign({ secret: SECRET, uid: 'u1', body, timestamp: now - 301 }), 'timestamp_too_old'],
      [
        'from the future',
        sign({ secret: SECRET, uid: 'u1', body, timestamp: now + 400 }),
        'timestamp_too_new',
      ],
      ['malformed', 't=abc,v1=00', 'malformed_header'],
    ])('answers 401 to a %s signature', async (_name, header, reason) => {
      const h = handlers();
      t = await startTestServer(plugin(h), { env: { OMI_WEBHOOK_SECRET: SECRET } });
      const r = await t.post(
        '/webhooks/conversation?uid=u1',
        body,
        header ? { 'x-omi-signature': header } : {},
      );
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: 'invalid_signature', reason });
      await t.server.runtime.idle();
      expect(h.onConversation).not.toHaveBeenCalled();
      expect(JSON.stringify(t.logs)).not.toContain(SECRET);
    });

    it('checks the signature before parsing: a signed-but-tampered body is 401, not 400', async () => {
      t = await startTestServer(plugin(), { env: { OMI_WEBHOOK_SECRET: SECRET } });
      const header = sign({ secret: SECRET, uid: 'u1', body });
      const r = await t.post('/webhooks/conversation?uid=u1', '{broken', { 'x-omi-signature': header });
      expect(r.status).toBe(401);
    });
  });

  it('in warn mode lets unsigned and badly signed requests through, and logs them', async () => {
    const h = handlers();
    t = await startTestServer(plugin(h), { env: { OMI_WEBHOOK_SECRET: SECRET, OMI_SIGNATURE_MODE: 'warn' } });
    const a = conversationFixture({ seed: 7 });
    const b = conversationFixture({ seed: 8 });
    expect((await t.post('/webhooks/conversation?uid=u1', a)).status).toBe(200);
    const forged = sign({ secret: 'whsec_forged', uid: 'u1', body: JSON.stringify(b) });
    expect((await t.post('/webhooks/conversation?uid=u1', b, { 'x-omi-signature': forged })).status).toBe(
      200,
    );
    await t.server.runtime.idle();
    expect(h.onConversation).toHaveBeenCalledTimes(2);
    const warnings = logsWith(t.logs, 'accepted because OMI_SIGNATURE_MODE=warn');
    expect(warnings.map((l) => l.reason)).toEqual(['missing_header', 'signature_mismatch']);
    expect(warnings.every((l) => l.level === 40)).toBe(true);
  });

  describe('a user who has not finished setup gets 200 {}, never 3xx, 401 or 202', () => {
    it('on real-time transcripts: handler not run, a log line', async () => {
      const onTranscript = vi.fn();
      t = await startTestServer(
        definePlugin({ name: 'setup', setupCompleted: ({ uid }) => uid === 'ready', onTranscript }),
      );
      const r = await t.post('/webhooks/transcript?uid=newbie', realtimeTranscriptFixture({ uid: 'newbie' }));
      expect(r).toMatchObject({ status: 200, body: {} });
      expect(onTranscript).not.toHaveBeenCalled();
      expect(logsWith(t.logs, 'has not finished setup')).toHaveLength(1);
      const ready = await t.post(
        '/webhooks/transcript?uid=ready',
        realtimeTranscriptFixture({ uid: 'ready' }),
      );
      expect(ready.status).toBe(200);
      expect(onTranscript).toHaveBeenCalledTimes(1);
    });

    it('on conversations: acknowledged, job completed without running the handler', async () => {
      const onConversation = vi.fn();
      t = await startTestServer(definePlugin({ name: 'setup', setupCompleted: () => false, onConversation }));
      const r = await t.post('/webhooks/conversation?uid=newbie', conversationFixture({ seed: 9 }));
      expect(r).toMatchObject({ status: 200, body: {} });
      await t.server.runtime.idle();
      expect(onConversation).not.toHaveBeenCalled();
      expect(await t.server.runtime.stats()).toMatchObject({ waiting: 0, reserved: 0, dead: 0 });
      expect(logsWith(t.logs, 'has not finished setup')).toHaveLength(1);
    });

    it('when a handler throws SetupIncompleteError: 200 {}, not retried', async () => {
      const onConversation = vi.fn(() => {
        throw new SetupIncompleteError('no GitHub token yet');
      });
      const onTranscript = vi.fn(() => {
        throw new SetupIncompleteError();
      });
      t = await startTestServer(definePlugin({ name: 'setup', onConversation, onTranscript }));
      expect(await t.post('/webhooks/conversation?uid=u1', conversationFixture({ seed: 10 }))).toMatchObject({
        status: 200,
        body: {},
      });
      expect(await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture())).toMatchObject({
        status: 200,
        body: {},
      });
      await t.server.runtime.idle();
      expect(onConversation).toHaveBeenCalledTimes(1);
      expect(await t.server.runtime.stats()).toMatchObject({ waiting: 0, delayed: 0, dead: 0 });
      expect(logsWith(t.logs, 'has not finished setup')).toHaveLength(2);
    });
  });
});

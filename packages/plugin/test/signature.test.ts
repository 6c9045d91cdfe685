import { definePlugin } from '@omi-kit/plugin';
import { sign } from '@omi-kit/webhook-types';
import {
  conversationFixture,
  daySummaryFixture,
  pcm16Fixture,
  realtimeTranscriptFixture,
} from '@omi-kit/webhook-types/fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pythonSignatures } from './helpers/python-hmac.js';
import { logsWith, SECRET, startTestServer, type TestServer } from './helpers/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('signed deliveries are accepted', () => {
  it('with X-Omi-Signature made by sign() from @omi-kit/webhook-types', async () => {
    const onConversation = vi.fn();
    t = await startTestServer(definePlugin({ name: 'signed', onConversation }), {
      env: { OMI_WEBHOOK_SECRET: SECRET },
    });
    const body = JSON.stringify(conversationFixture({ seed: 11 }));
    const r = await t.post('/webhooks/conversation?uid=user-1', body, {
      'x-omi-signature': sign({ secret: SECRET, uid: 'user-1', body }),
      'x-omi-event': 'memory_created',
      'x-omi-delivery': 'd-1',
    });
    expect(r).toMatchObject({ status: 200, body: {} });
    await t.server.runtime.idle();
    expect(onConversation).toHaveBeenCalledTimes(1);
    expect(onConversation.mock.calls[0]![0].delivery).toMatchObject({ signed: true, id: 'd-1', attempt: 1 });
  });

  it('with signatures computed independently by Python hmac (v1, rotation, non-ASCII uid and body, audio)', async () => {
    const onConversation = vi.fn();
    const onTranscript = vi.fn(() => ({ message: 'signed and heard' }));
    const onAudio = vi.fn();
    t = await startTestServer(definePlugin({ name: 'signed', onConversation, onTranscript, onAudio }), {
      env: { OMI_WEBHOOK_SECRET: SECRET },
    });
    const now = Math.floor(Date.now() / 1000);
    const conversation = Buffer.from(
      JSON.stringify({ ...conversationFixture({ seed: 12 }), language: 'de', extra: 'Grüße, 東京 ✓' }),
    );
    const realtime = Buffer.from(JSON.stringify(realtimeTranscriptFixture({ uid: 'üser 2' })));
    const audio = Buffer.from(pcm16Fixture({ seconds: 1, sampleRate: 8000 }));
    const [c1, cOld, r1, a1] = pythonSignatures([
      { scheme: 'v1', secret: SECRET, t: now, uid: 'user-1', body: conversation },
      { scheme: 'v1', secret: 'whsec_previous_secret', t: now, uid: 'user-1', body: conversation },
      { scheme: 'v1', secret: SECRET, t: now - 290, uid: 'üser 2', body: realtime },
      { scheme: 'v1', secret: SECRET, t: now, uid: 'user-3', body: audio },
    ]);
    // During a rotation Omi sends one v1 per secret; ours may be either.
    const c = await t.post('/webhooks/conversation?uid=user-1', conversation, {
      'x-omi-signature': `t=${now},v1=${cOld},v1=${c1}`,
    });
    expect(c.status).toBe(200);
    // Omi does not URL-encode the uid, but an encoded one must verify against the decoded value.
    const r = await t.post(`/webhooks/transcript?uid=${encodeURIComponent('üser 2')}`, realtime, {
      'x-omi-signature': `t=${now - 290},v1=${r1}`,
    });
    expect(r).toMatchObject({ status: 200, body: { message: 'signed and heard' } });
    const a = await t.post('/webhooks/audio?sample_rate=8000&uid=user-3', audio, {
      'content-type': 'application/octet-stream',
      'x-omi-signature': `t=${now},v1=${a1}`,
    });
    expect(a.status).toBe(200);
    await t.server.runtime.idle();
    expect(onConversation).toHaveBeenCalledTimes(1);
    expect(onAudio.mock.calls[0]![0].event).toMatchObject({
      sampleRate: 8000,
      sampleCount: 8000,
      durationSec: 1,
    });
    // A Python signature over one byte less does not verify: the check really covers the body.
    const [short] = pythonSignatures([
      { scheme: 'v1', secret: SECRET, t: now, uid: 'user-1', body: conversation.subarray(1) },
    ]);
    const bad = await t.post('/webhooks/conversation?uid=user-1', conversation, {
      'x-omi-signature': `t=${now},v1=${short}`,
    });
    expect(bad.status).toBe(401);
  });

  it('uses X-Omi-Event of a verified request to route it, and ignores it on unsigned ones', async () => {
    const onConversation = vi.fn();
    const onTranscript = vi.fn();
    t = await startTestServer(definePlugin({ name: 'events', onConversation, onTranscript }), {
      env: { OMI_WEBHOOK_SECRET: SECRET, OMI_SIGNATURE_MODE: 'warn' },
    });
    const body = JSON.stringify(realtimeTranscriptFixture({ uid: 'u1' }));
    const signed = await t.post('/webhooks/omi?uid=u1', body, {
      'x-omi-signature': sign({ secret: SECRET, uid: 'u1', body }),
      'x-omi-event': 'realtime_transcript',
    });
    expect(signed.status).toBe(200);
    expect(onTranscript).toHaveBeenCalledTimes(1);
    // Unsigned (warn mode): the header is not trusted, the path decides.
    const unsigned = await t.post('/webhooks/transcript?uid=u1', body, { 'x-omi-event': 'memory_created' });
    expect(unsigned.status).toBe(200);
    expect(onTranscript).toHaveBeenCalledTimes(2);
    // Signed, on the wrong path: handled as what Omi says it is, with a warning about the URL.
    const conversation = JSON.stringify(conversationFixture({ seed: 13 }));
    const misrouted = await t.post('/webhooks/transcript?uid=u1', conversation, {
      'x-omi-signature': sign({ secret: SECRET, uid: 'u1', body: conversation }),
      'x-omi-event': 'memory_created',
    });
    expect(misrouted.status).toBe(200);
    await t.server.runtime.idle();
    expect(onConversation).toHaveBeenCalledTimes(1);
    expect(logsWith(t.logs, 'check the URL configured in Omi')).toHaveLength(1);
  });

  it('routes unsigned deliveries on /webhooks/omi by content type and body shape', async () => {
    const calls: string[] = [];
    t = await startTestServer(
      definePlugin({
        name: 'one-url',
        onConversation: () => void calls.push('conversation'),
        onTranscript: () => void calls.push('transcript'),
        onAudio: () => void calls.push('audio'),
        onDaySummary: () => void calls.push('day-summary'),
      }),
    );
    await t.post('/webhooks/omi?uid=u1', realtimeTranscriptFixture());
    await t.post('/webhooks/omi?sample_rate=16000&uid=u1', Buffer.alloc(320), {
      'content-type': 'application/octet-stream',
    });
    expect((await t.post('/webhooks/omi?uid=u1', daySummaryFixture({ uid: 'u1' }))).status).toBe(200);
    await t.post('/webhooks/omi?uid=u1', conversationFixture({ seed: 14 }));
    await t.server.runtime.idle();
    expect(calls.sort()).toEqual(['audio', 'conversation', 'day-summary', 'transcript']);
  });
});

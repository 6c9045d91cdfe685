import {
  ButtonEventPayload,
  ChatToolCallBody,
  ConversationCreatedPayload,
  DaySummaryPayload,
  describeAudioChunk,
  normalizeRealtimeTranscript,
  RealtimeTranscriptArrayPayload,
  RealtimeTranscriptPayload,
  verify,
  verifyChatToolRequest,
  webhookPayloadSchemas,
} from '@omi-kit/webhook-types';
import {
  buttonEventFixture,
  chatToolCallFixture,
  chatToolRequestFixture,
  conversationFixture,
  createRandom,
  daySummaryFixture,
  FIXTURE_EPOCH,
  pcm16Fixture,
  realtimeTranscriptArrayFixture,
  realtimeTranscriptFixture,
  transcriptSegmentsFixture,
  webhookRequestFixture,
} from '@omi-kit/webhook-types/fixtures';
import { describe, expect, it } from 'vitest';
import { oracle } from './python-oracle.js';

const SECRET = 'whsec_fixture-secret';
const T = FIXTURE_EPOCH / 1000;

describe('createRandom', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number | string) => {
      const r = createRandom(seed);
      return [r.next(), r.int(1, 6), r.uuid(), r.bytes(4).toString('hex')];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw('x')).toEqual(draw('x'));
    expect(draw(1)).not.toEqual(draw(2));
    const r = createRandom(7);
    const values = Array.from({ length: 10_000 }, () => r.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('conversationFixture', () => {
  it('is valid against the Conversation schema, unchanged by parsing, and deterministic', () => {
    const conversation = conversationFixture({ seed: 3 });
    expect(ConversationCreatedPayload.parse(conversation)).toEqual(conversation);
    expect(conversationFixture({ seed: 3 })).toEqual(conversation);
    expect(conversationFixture({ seed: 4 }).id).not.toBe(conversation.id);
    expect(conversation.transcript_segments).toHaveLength(40);
    expect(conversation.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    const segments = conversation.transcript_segments;
    for (let i = 1; i < segments.length; i++)
      expect(segments[i]!.start).toBeGreaterThanOrEqual(segments[i - 1]!.end);
    expect(segments.some((s) => s.is_user) && segments.some((s) => !s.is_user)).toBe(true);
  });

  it('grows base64 photos to a target size such as 20 KB', () => {
    for (const [targetBytes, photos] of [
      [20_000, undefined],
      [20_000, 3],
      [250_000, 2],
    ] as const) {
      const conversation = conversationFixture({ seed: 5, segments: 30, targetBytes, photos });
      const size = Buffer.byteLength(JSON.stringify(conversation));
      expect(Math.abs(size - targetBytes)).toBeLessThanOrEqual(4 * conversation.photos.length);
      for (const photo of conversation.photos) {
        expect(Buffer.from(photo.base64, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      }
      expect(ConversationCreatedPayload.parse(conversation)).toEqual(conversation);
    }
    expect(() => conversationFixture({ segments: 200, targetBytes: 1000 })).toThrow(RangeError);
  });

  it('has the Developer-Settings extras only when asked, and marks integration-created conversations', () => {
    const dev = conversationFixture({ developer: true });
    expect(dev.folder_name).toBe('Work');
    expect(dev.transcript_segments.every((s) => typeof s.speaker_name === 'string')).toBe(true);
    expect(conversationFixture().folder_name).toBeUndefined();
    expect(conversationFixture({ appId: 'app1' })).toMatchObject({
      app_id: 'app1',
      source: 'external_integration',
    });
  });
});

describe('transcript fixtures', () => {
  it('are valid, deterministic and normalise to the same segments', () => {
    const batch = realtimeTranscriptFixture({ seed: 2, uid: 'u1', segments: 3, startSec: 60 });
    expect(RealtimeTranscriptPayload.parse(batch)).toEqual(batch);
    expect(batch.session_id).toBe('u1');
    expect(batch.segments[0]!.start).toBeGreaterThan(60);
    expect(realtimeTranscriptFixture({ seed: 2, uid: 'u1', segments: 3, startSec: 60 })).toEqual(batch);
    const array = realtimeTranscriptArrayFixture({ seed: 2, segments: 3, startSec: 60 });
    expect(RealtimeTranscriptArrayPayload.safeParse(array).success).toBe(true);
    const normalised = normalizeRealtimeTranscript(array, 'session_id=u1');
    expect(normalised.segments.map((s) => [s.text, s.speaker_id, s.start])).toEqual(
      batch.segments.map((s) => [s.text, s.speaker_id, s.start]),
    );
    expect(transcriptSegmentsFixture({ count: 100, speakers: 4 }).map((s) => s.speaker_id)).toContain(3);
  });
});

describe('pcm16Fixture', () => {
  it('is N seconds of deterministic, audible PCM16', () => {
    const chunk = pcm16Fixture({ seconds: 2, sampleRate: 8000, seed: 9 });
    expect(describeAudioChunk(chunk, { sample_rate: 8000, uid: 'u' })).toMatchObject({
      sampleCount: 16_000,
      durationSec: 2,
    });
    expect(pcm16Fixture({ seconds: 2, sampleRate: 8000, seed: 9 }).equals(chunk)).toBe(true);
    let peak = 0;
    for (let i = 0; i < chunk.length; i += 2) peak = Math.max(peak, Math.abs(chunk.readInt16LE(i)));
    expect(peak).toBeGreaterThan(8000);
    expect(pcm16Fixture({ seconds: 1, silent: true }).every((b) => b === 0)).toBe(true);
  });
});

describe('daySummaryFixture', () => {
  it('is valid, and its legacy summary is the Python str() of summary_json', async () => {
    const payload = daySummaryFixture({ seed: 4, uid: 'u1', date: '2026-02-03' });
    expect(DaySummaryPayload.parse(payload)).toEqual(payload);
    expect(payload.created_at).toMatch(/^2026-02-03T22:00:00\.\d{6}\+00:00$/);
    expect(payload.summary_json?.created_at).toMatch(/^2026-02-03T21:59:\d\d\.\d{6}$/);
    const [fromPython] = await oracle.literalEval([payload.summary!]);
    expect(fromPython).toEqual(payload.summary_json);
    expect(() => JSON.parse(payload.summary!)).toThrow();
    expect(daySummaryFixture({ seed: 4, uid: 'u1', date: '2026-02-03' })).toEqual(payload);
  });
});

describe('chat-tool and button fixtures', () => {
  it('are valid against their schemas', () => {
    const call = chatToolCallFixture({ geolocation: true, seed: 3 });
    expect(ChatToolCallBody.parse(call)).toEqual(call);
    expect(webhookPayloadSchemas.chat_tool.parse(call)).toEqual(call);
    const button = buttonEventFixture();
    expect(ButtonEventPayload.parse(button)).toEqual(button);
  });
});

describe('request fixtures', () => {
  it('build a signed conversation delivery that verifies, and that Python signs the same way', async () => {
    const conversation = conversationFixture({ seed: 8, targetBytes: 20_000 });
    const request = webhookRequestFixture({
      event: 'memory_created',
      body: conversation,
      uid: 'user 1&x',
      url: 'https://plugin.example/webhooks/conversation?token=abc',
      secret: SECRET,
      idempotencyKey: true,
    });
    expect(request.url).toBe('https://plugin.example/webhooks/conversation?token=abc&uid=user 1&x');
    expect(request.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Omi-Event': 'memory_created',
      'X-Omi-Idempotency-Key': `conversation:${conversation.id}:finalization`,
      'X-Omi-Delivery': `conversation:${conversation.id}:finalization`,
    });
    expect(JSON.parse(request.body.toString('utf8'))).toEqual(conversation);
    const [sig] = await oracle.v1([{ secret: SECRET, t: T, uid: 'user 1&x', body: request.body }]);
    expect(request.headers['X-Omi-Signature']).toBe(`t=${T},v1=${sig}`);
    const verified = verify({
      headers: request.headers,
      body: request.body,
      uid: 'user 1&x',
      secret: SECRET,
      now: T,
    });
    expect(verified.timestamp).toBe(T);
  });

  it('build audio, developer and unsigned deliveries', () => {
    const audio = webhookRequestFixture({
      event: 'audio_bytes',
      body: pcm16Fixture({ seconds: 1 }),
      uid: 'u1',
      sampleRate: 16_000,
      secret: SECRET,
    });
    expect(audio.url).toBe('/webhook?sample_rate=16000&uid=u1');
    expect(audio.headers['Content-Type']).toBe('application/octet-stream');
    expect(
      verify({
        header: audio.headers['X-Omi-Signature'],
        body: audio.body,
        uid: 'u1',
        secret: SECRET,
        now: T,
      }).timestamp,
    ).toBe(T);
    const dev = webhookRequestFixture({
      event: 'day_summary',
      body: daySummaryFixture(),
      uid: 'u1',
      developer: true,
      secret: SECRET,
    });
    expect(dev.headers['X-Omi-Delivery']).toBe(dev.headers['Idempotency-Key']);
    const plain = webhookRequestFixture({
      event: 'realtime_transcript',
      body: realtimeTranscriptFixture(),
      uid: 'u1',
    });
    expect(Object.keys(plain.headers)).toEqual(['Content-Type']);
  });

  it('build signed chat-tool calls (POST and GET) that verify, and that Python signs the same way', async () => {
    const call = chatToolCallFixture({
      args: { query: 'café & tea', tags: ['b', 'a'], limit: 5 },
      uid: 'u1',
    });
    const post = chatToolRequestFixture({ call, secrets: [SECRET, 'whsec_old'], seed: 2 });
    const get = chatToolRequestFixture({ call, method: 'GET', secret: SECRET, seed: 2 });
    expect(get.url).toBe(
      '/tools/search_notes?app_id=01JFIXTUREAPP0000000000000&limit=5&query=caf%C3%A9%20%26%20tea&tags=b&tags=a&tool_name=search_notes&uid=u1',
    );
    expect(get.body.byteLength).toBe(0);
    const delivery = post.headers['X-Omi-Delivery']!;
    const [postSig, getSig] = await oracle.v2([
      {
        secret: SECRET,
        t: T,
        delivery,
        event: 'chat_tool',
        method: 'POST',
        path: '/tools/search_notes',
        query: '',
        body: post.body,
      },
      {
        secret: SECRET,
        t: T,
        delivery,
        event: 'chat_tool',
        method: 'GET',
        path: '/tools/search_notes',
        query: get.url.split('?')[1]!,
        body: '',
      },
    ]);
    expect(post.headers['X-Omi-Signature']?.startsWith(`t=${T},v2=${postSig},v2=`)).toBe(true);
    expect(get.headers['X-Omi-Signature']).toBe(`t=${T},v2=${getSig}`);
    for (const request of [post, get]) {
      const verified = verifyChatToolRequest({ ...request, secret: SECRET, now: T });
      expect(verified).toMatchObject({ delivery, event: 'chat_tool' });
    }
  });
});

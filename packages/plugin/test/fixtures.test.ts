import { definePlugin, webhookPaths } from '@omi-kit/plugin';
import {
  ConversationCreatedPayload,
  DaySummaryPayload,
  RealtimeTranscriptArrayPayload,
  RealtimeTranscriptPayload,
} from '@omi-kit/webhook-types';
import {
  conversationFixture,
  daySummaryFixture,
  FIXTURE_EPOCH,
  pcm16Fixture,
  realtimeTranscriptArrayFixture,
  realtimeTranscriptFixture,
  webhookRequestFixture,
} from '@omi-kit/webhook-types/fixtures';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SECRET, startTestServer, type TestServer } from './helpers/test-server.js';

const handlers = {
  onConversation: vi.fn(),
  onTranscript: vi.fn(() => ({ message: 'fixture heard' })),
  onAudio: vi.fn(),
  onDaySummary: vi.fn(),
};
let t: TestServer;
beforeAll(async () => {
  // Fixtures are signed at FIXTURE_EPOCH: the server's clock is set there.
  t = await startTestServer(definePlugin({ name: 'fixtures', ...handlers }), {
    env: { OMI_WEBHOOK_SECRET: SECRET },
    now: () => FIXTURE_EPOCH + 5_000,
  });
});
afterAll(() => t.close());

const conversations = {
  plain: conversationFixture({ seed: 71 }),
  'with photos (~20 KB)': conversationFixture({ seed: 72, targetBytes: 20_000 }),
  'Developer-Settings shape': conversationFixture({ seed: 73, developer: true }),
};

describe('fixtures of @omi-kit/webhook-types are valid and accepted, signed, on every route', () => {
  it.each(Object.entries(conversations))('conversation: %s', async (_name, body) => {
    expect(ConversationCreatedPayload.safeParse(body).success).toBe(true);
    const request = webhookRequestFixture({
      event: 'memory_created',
      body,
      uid: 'u-fix',
      secret: SECRET,
      url: webhookPaths.memory_created,
      idempotencyKey: true,
    });
    expect(await t.post(request.url, request.body, request.headers)).toMatchObject({ status: 200, body: {} });
    await t.server.runtime.idle();
    expect(handlers.onConversation).toHaveBeenLastCalledWith(
      expect.objectContaining({ event: expect.objectContaining({ id: body.id }), uid: 'u-fix' }),
    );
  });

  it('real-time transcript, both shapes', async () => {
    const object = realtimeTranscriptFixture({ uid: 'u-fix', segments: 4 });
    const array = realtimeTranscriptArrayFixture({ segments: 4 });
    expect(RealtimeTranscriptPayload.safeParse(object).success).toBe(true);
    expect(RealtimeTranscriptArrayPayload.safeParse(array).success).toBe(true);
    for (const body of [object, array]) {
      const request = webhookRequestFixture({
        event: 'realtime_transcript',
        body,
        uid: 'u-fix',
        secret: SECRET,
        url: webhookPaths.realtime_transcript,
      });
      expect(await t.post(request.url, request.body, request.headers)).toMatchObject({
        status: 200,
        body: { message: 'fixture heard' },
      });
    }
    expect(handlers.onTranscript).toHaveBeenCalledTimes(2);
  });

  it('audio bytes', async () => {
    const request = webhookRequestFixture({
      event: 'audio_bytes',
      body: pcm16Fixture({ seconds: 4, sampleRate: 8_000 }),
      sampleRate: 8_000,
      uid: 'u-fix',
      secret: SECRET,
      url: webhookPaths.audio_bytes,
    });
    expect(request.headers['Content-Type']).toBe('application/octet-stream');
    expect(await t.post(request.url, request.body, request.headers)).toMatchObject({ status: 200, body: {} });
    expect(handlers.onAudio.mock.calls[0]![0].event).toMatchObject({ sampleRate: 8_000, durationSec: 4 });
  });

  it('day summary (Developer Settings)', async () => {
    const body = daySummaryFixture({ seed: 74 });
    expect(DaySummaryPayload.safeParse(body).success).toBe(true);
    const request = webhookRequestFixture({
      event: 'day_summary',
      body,
      uid: 'u-fix',
      secret: SECRET,
      url: webhookPaths.day_summary,
      developer: true,
    });
    expect(await t.post(request.url, request.body, request.headers)).toMatchObject({ status: 200, body: {} });
    await t.server.runtime.idle();
    expect(handlers.onDaySummary.mock.calls[0]![0].event.summary_json).toEqual(body.summary_json);
  });
});

import { definePlugin, reply } from '@omi-kit/plugin';
import {
  pcm16Fixture,
  realtimeTranscriptArrayFixture,
  realtimeTranscriptFixture,
} from '@omi-kit/webhook-types/fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logsWith, startTestServer, type TestServer } from './helpers/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('real-time transcripts run inline; the reply is the answer', () => {
  it('answers with the handler reply, for both body shapes', async () => {
    const onTranscript = vi.fn(({ event }) =>
      reply.message(`${event.variant}:${event.sessionId}:${event.segments.length}`),
    );
    t = await startTestServer(definePlugin({ name: 'rt', onTranscript }));
    const object = realtimeTranscriptFixture({ uid: 'u1', segments: 3 });
    expect(object.session_id).toBe('u1');
    expect(await t.post('/webhooks/transcript?uid=u1', object)).toMatchObject({
      status: 200,
      body: { message: 'object:u1:3' },
    });
    const array = realtimeTranscriptArrayFixture({ segments: 2 });
    expect(Array.isArray(array)).toBe(true);
    expect(await t.post('/webhooks/transcript?session_id=s-42&uid=u1', array)).toMatchObject({
      status: 200,
      body: { message: 'array:s-42:2' },
    });
    // The docs' camelCase speakerId is read as speaker_id.
    const camel = await t.post('/webhooks/transcript?uid=u1', [
      { text: 'hi', speakerId: 1, start: 0, end: 1 },
    ]);
    expect(camel.body).toEqual({ message: 'array:u1:1' });
    expect(onTranscript.mock.calls[2]![0].event.segments[0].speaker_id).toBe(1);
  });

  it('passes a proactive notification request through, and stays silent on undefined', async () => {
    let answer: unknown;
    t = await startTestServer(definePlugin({ name: 'rt', onTranscript: () => answer as never }));
    answer = reply.proactive({ prompt: 'Remind {{user_name}} to drink water', params: ['user_name'] });
    expect((await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture())).body).toEqual({
      notification: { prompt: 'Remind {{user_name}} to drink water', params: ['user_name'] },
    });
    answer = undefined;
    expect((await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture())).body).toEqual({});
    answer = { mesage: 'typo' };
    expect(await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture())).toMatchObject({
      status: 200,
      body: {},
    });
    expect(logsWith(t.logs, 'not a webhook reply')).toHaveLength(1);
  });

  it('a throwing handler gives 200 {} and a logged error', async () => {
    t = await startTestServer(
      definePlugin({
        name: 'rt',
        onTranscript: () => {
          throw new Error('LLM exploded');
        },
      }),
    );
    expect(await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture())).toMatchObject({
      status: 200,
      body: {},
    });
    const [line] = logsWith(t.logs, 'handler threw');
    expect(line).toMatchObject({ level: 50, uid: 'u1', event: 'realtime_transcript' });
    expect((line!.err as { message: string }).message).toBe('LLM exploded');
  });

  it('a slow handler: 200 {} within the budget, logged, its signal aborted, late reply dropped', async () => {
    let signal: AbortSignal | undefined;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    t = await startTestServer(
      definePlugin({
        name: 'rt',
        onTranscript: async (ctx) => {
          signal = ctx.signal;
          await finished;
          return reply.message('too late to matter');
        },
      }),
      { realtimeBudgetMs: 150 },
    );
    const started = Date.now();
    const r = await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture());
    const elapsed = Date.now() - started;
    expect(r).toMatchObject({ status: 200, body: {} });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_000);
    expect(signal?.aborted).toBe(true);
    expect(logsWith(t.logs, 'did not finish within its time budget')[0]).toMatchObject({
      budgetMs: 150,
      level: 40,
    });
    finish();
    await vi.waitFor(() => expect(logsWith(t!.logs, 'its reply was dropped')).toHaveLength(1));
  });
});

describe('audio bytes', () => {
  it('hands PCM16 bytes and the sample rate to onAudio and answers {}', async () => {
    const onAudio = vi.fn();
    t = await startTestServer(definePlugin({ name: 'audio', onAudio }));
    const pcm = Buffer.from(pcm16Fixture({ seconds: 4, sampleRate: 16_000 }));
    const r = await t.post('/webhooks/audio?sample_rate=16000&uid=u1', pcm, {
      'content-type': 'application/octet-stream',
    });
    expect(r).toMatchObject({ status: 200, body: {} });
    const { event } = onAudio.mock.calls[0]![0];
    expect(event).toMatchObject({ sampleRate: 16_000, sampleCount: 64_000, durationSec: 4, channels: 1 });
    expect(Buffer.compare(event.bytes, pcm)).toBe(0);
    expect(event.samples()).toHaveLength(64_000);
    expect(event.toWav().subarray(0, 4).toString()).toBe('RIFF');
  });
});

describe('the double-notification pitfall', () => {
  it('drops a returned message when the handler already called ctx.notify', async () => {
    const sent: string[] = [];
    t = await startTestServer(
      definePlugin({
        name: 'rt',
        onTranscript: async (ctx) => {
          await ctx.notify('Task created');
          return reply.message('Task created');
        },
      }),
      {
        createAppClient: (uid) =>
          ({
            uid,
            notify: async (message: string) => void sent.push(message),
          }) as never,
      },
    );
    const r = await t.post('/webhooks/transcript?uid=u1', realtimeTranscriptFixture());
    expect(r).toMatchObject({ status: 200, body: {} });
    expect(sent).toEqual(['Task created']);
    expect(logsWith(t.logs, 'so the user is not notified twice')).toHaveLength(1);
  });
});

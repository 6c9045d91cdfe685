import type { Conversation, TranscriptSegment } from '@omi-kit/schemas';
import { OmiHeaderLower, verify } from '@omi-kit/webhook-types';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { describe, expect, it } from 'vitest';
import { createEmulator, documentIdFromSeed } from '../src/index.js';
import { appWebhookConversation, pythonIsoformat } from '../src/webhooks/app-webhook-conversation.js';
import { replayConversation } from '../src/webhooks/replay-conversation.js';
import { transcriptFlushes } from '../src/webhooks/transcript-flushes.js';
import { useReceiver } from './support/receiver.js';

const segment = (id: string, start: number, end: number): TranscriptSegment => ({
  id,
  text: `segment ${id}`,
  speaker: 'SPEAKER_00',
  speaker_id: 0,
  is_user: false,
  person_id: null,
  start,
  end,
  translations: [],
});

const SEGMENTS = [
  segment('a', 0.1, 0.6),
  segment('b', 0.7, 1.2),
  segment('c', 1.3, 1.9),
  segment('d', 2.0, 3.0),
  segment('e', 5.5, 7.25),
  segment('f', 7.3, 8.0),
];

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('transcriptFlushes (Omi pusher: 1 s flushes of the segments that ended since the last)', () => {
  it('groups segments by the second they end in and skips empty seconds', () => {
    const flushes = transcriptFlushes(SEGMENTS);
    expect(flushes.map((f) => [f.at, f.segments.map((s) => s.id)])).toEqual([
      [1, ['a']],
      [2, ['b', 'c']],
      [3, ['d']],
      [8, ['e', 'f']],
    ]);
  });

  it('orders flushes by time whatever the input order, keeping input order inside a flush', () => {
    const flushes = transcriptFlushes([SEGMENTS[4]!, SEGMENTS[0]!, SEGMENTS[2]!, SEGMENTS[1]!]);
    expect(flushes.map((f) => [f.at, f.segments.map((s) => s.id)])).toEqual([
      [1, ['a']],
      [2, ['c', 'b']],
      [8, ['e']],
    ]);
  });

  it('has nothing to send for a conversation without segments', () => {
    expect(transcriptFlushes([])).toEqual([]);
  });
});

describe('replayConversation', () => {
  const receiver = useReceiver();
  const conversation = { ...conversationFixture({ seed: 'replay' }), transcript_segments: SEGMENTS };

  it('streams {session_id: uid, segments} flushes in order, waiting for each second, then the conversation last', async () => {
    const time = fakeTime();
    const flushed: number[] = [];
    const result = await replayConversation({
      conversation,
      url: `${receiver.url}/hook`,
      uid: 'user-7',
      speed: 1,
      clock: time.clock,
      sleep: time.sleep,
      onFlush: (f) => flushed.push(f.at),
    });
    expect(result.ok).toBe(true);
    expect(flushed).toEqual([1, 2, 3, 8]);
    // Each flush is due at its second from the start; the fake clock only moves while sleeping.
    expect(time.sleeps).toEqual([1000, 1000, 1000, 5000]);

    const got = receiver.requests;
    expect(got).toHaveLength(5);
    const bodies = got.map((r) => JSON.parse(r.body.toString('utf8')));
    expect(bodies.slice(0, 4).map((b) => b.session_id)).toEqual(['user-7', 'user-7', 'user-7', 'user-7']);
    expect(bodies.slice(0, 4).map((b) => b.segments.map((s: TranscriptSegment) => s.id))).toEqual([
      ['a'],
      ['b', 'c'],
      ['d'],
      ['e', 'f'],
    ]);
    expect(got.every((r) => r.url === '/hook?uid=user-7')).toBe(true);
    expect(got.slice(0, 4).every((r) => r.headers[OmiHeaderLower.idempotencyKey] === undefined)).toBe(true);
    const last = got[4]!;
    expect(last.headers[OmiHeaderLower.idempotencyKey]).toBe(`conversation:${conversation.id}:finalization`);
    expect(bodies[4]).toEqual(conversation);
    expect(result.conversation.ok).toBe(true);
    expect(result.flushes.map((f) => f.delivery.status)).toEqual([200, 200, 200, 200]);
  });

  it('--speed 10 waits a tenth as long', async () => {
    const time = fakeTime();
    await replayConversation({
      conversation,
      url: `${receiver.url}/hook`,
      uid: 'u',
      speed: 10,
      clock: time.clock,
      sleep: time.sleep,
    });
    expect(time.sleeps).toEqual([100, 100, 100, 500]);
  });

  it.each([0, Number.POSITIVE_INFINITY])('speed %s does not wait at all', async (speed) => {
    const time = fakeTime();
    await replayConversation({
      conversation,
      url: `${receiver.url}/hook`,
      uid: 'u',
      speed,
      clock: time.clock,
      sleep: time.sleep,
    });
    expect(time.sleeps).toEqual([]);
    expect(receiver.requests).toHaveLength(5);
  });

  it('a slow plugin delays the next flush instead of piling them up (one after another per user)', async () => {
    let now = 0;
    const sleeps: number[] = [];
    receiver.respond = () => ({ status: 200 });
    await replayConversation({
      conversation,
      url: `${receiver.url}/hook`,
      uid: 'u',
      speed: 1,
      clock: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      delivery: {
        // Each delivery "takes" 1.5 s on the fake clock.
        onAttempt: () => {
          now += 1500;
        },
      },
    });
    // Flush 1 due at 1 s: wait 1000, then it ends at 2.5 s; flush 2 (due 2 s) and 3 (due 3 s, now 4 s) go
    // at once; flush 4 is due at 8 s (now 5.5 s): wait 2500.
    expect(sleeps).toEqual([1000, 2500]);
  });

  it('signs every delivery and reports failures without stopping; ok is false', async () => {
    receiver.respond = (_r, n) => (n === 1 ? { status: 500, body: 'oops' } : { status: 200, body: {} });
    const secret = 'whsec_replay';
    const result = await replayConversation({
      conversation,
      url: `${receiver.url}/hook`,
      uid: 'u',
      speed: 0,
      delivery: { secret },
    });
    expect(result.ok).toBe(false);
    expect(result.flushes.map((f) => f.delivery.status)).toEqual([200, 500, 200, 200]);
    expect(result.flushes[1]!.delivery.attempts).toHaveLength(1); // realtime is never retried
    expect(result.conversation.ok).toBe(true);
    for (const r of receiver.requests) verify({ headers: r.headers, body: r.body, uid: 'u', secret });
  });

  it('strips the Developer-Settings speaker_name from app segments', async () => {
    const named = {
      ...conversation,
      transcript_segments: [{ ...SEGMENTS[0]!, speaker_name: 'Dana' } as TranscriptSegment],
    };
    await replayConversation({ conversation: named, url: `${receiver.url}/h`, uid: 'u', speed: 0 });
    const flush = JSON.parse(receiver.requests[0]!.body.toString('utf8'));
    expect(flush.segments[0]).not.toHaveProperty('speaker_name');
  });
});

describe('seeded conversations for replay', () => {
  it('have deterministic ids, and come out in the app-webhook form (Python datetimes, no speaker_name)', async () => {
    const emulator = createEmulator({ seed: true });
    try {
      const id = documentIdFromSeed('seed:emulator-user:conversation:sprint-planning');
      const stored = emulator.state.conversations.get('emulator-user', id)!.conversation;
      expect(stored.structured.title).toBe('CSV Export Ships This Sprint');
      const wire = appWebhookConversation(stored) as Conversation & Record<string, unknown>;
      expect(wire.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/);
      expect(wire.started_at).toMatch(/\+00:00$/);
      expect(wire.transcript_segments.length).toBeGreaterThan(1);
      expect(wire.transcript_segments.every((s) => !('speaker_name' in s))).toBe(true);
      expect(wire.id).toBe(id);
    } finally {
      await emulator.close();
    }
  });

  it('pythonIsoformat writes microseconds only when there are some', () => {
    expect(pythonIsoformat('2026-01-15T09:00:00.000Z')).toBe('2026-01-15T09:00:00+00:00');
    expect(pythonIsoformat('2026-01-15T09:00:00.120Z')).toBe('2026-01-15T09:00:00.120000+00:00');
    expect(pythonIsoformat('not a date')).toBe('not a date');
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { expectValidationList, useEmulator, validationMessages } from './support/harness.js';
import { FROM_SEGMENTS_NS, pythonUuid5, UUID_ANY } from './support/ids.js';

// Reference §2.4 CreateConversationFromTranscriptRequest, §6 idempotency.

const PATH = '/v1/dev/user/conversations/from-segments';
const segments = [
  { text: 'Did you book the flight to Lisbon?', speaker: 'SPEAKER_01', start: 0, end: 2.5 },
  { text: 'Yes, we leave on Friday morning.', speaker: 'SPEAKER_00', is_user: true, start: 3, end: 5.5 },
];

describe('the test uuid5 helper matches Python', () => {
  it('uuid.uuid5(ns, "u1\\0s1") (value computed with CPython)', () => {
    expect(pythonUuid5(FROM_SEGMENTS_NS, 'u1\0s1')).toBe('69dee644-4580-56f5-b426-4037cd847a68');
  });
});

describe('POST /v1/dev/user/conversations/from-segments', () => {
  let now = Date.parse('2030-08-01T10:00:00.000Z');
  const omi = useEmulator({ rateLimitBoost: 100, clock: () => new Date(now) });
  let key: string;
  let uid: string;
  let n = 0;
  const post = (json: Record<string, unknown>) => omi.post(PATH, { key, json });
  const get = (id: string) =>
    omi.get(`/v1/dev/user/conversations/${id}`, { key, query: { include_transcript: true } });

  beforeEach(async () => {
    n += 1;
    uid = `segments-user-${n}`;
    key = await omi.key(undefined, uid);
    now += 3_600_000;
  });

  it('creates a completed conversation; default source is phone, language en', async () => {
    const r = await post({ transcript_segments: segments });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: expect.stringMatching(UUID_ANY), status: 'completed', discarded: false });
    const conv = await get(r.body.id);
    expect(conv.status).toBe(200);
    expect(conv.body).toMatchObject({ source: 'phone', language: 'en' });
    expect(conv.body.transcript_segments.map((s: { text: string }) => s.text)).toEqual(
      segments.map((s) => s.text),
    );
  });

  it('accepts another source', async () => {
    const r = await post({ transcript_segments: segments, source: 'omi' });
    expect((await get(r.body.id)).body.source).toBe('omi');
  });

  it('an unknown source is a 422 (ConversationSource enum)', async () => {
    const r = await post({ transcript_segments: segments, source: 'walkie_talkie' });
    expect(r.status).toBe(422);
    const [item] = expectValidationList(r.body);
    expect(item!.loc).toEqual(['body', 'source']);
  });

  it('without client_session_id it is not idempotent', async () => {
    const a = await post({ transcript_segments: segments });
    const b = await post({ transcript_segments: segments });
    expect(a.body.id).not.toBe(b.body.id);
  });

  describe('client_session_id idempotency', () => {
    it('the id is uuid5(fb2f1f36-..., uid + "\\0" + client_session_id)', async () => {
      const r = await post({ transcript_segments: segments, client_session_id: 'session-42' });
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(pythonUuid5(FROM_SEGMENTS_NS, `${uid}\0session-42`));
    });

    it('the session id is trimmed before hashing', async () => {
      const r = await post({ transcript_segments: segments, client_session_id: '  trimmed-session  ' });
      expect(r.body.id).toBe(pythonUuid5(FROM_SEGMENTS_NS, `${uid}\0trimmed-session`));
    });

    it('a repeat returns the same {id, status, discarded} and stores one conversation', async () => {
      const first = await post({ transcript_segments: segments, client_session_id: 'retry-me' });
      now += 10_000;
      const second = await post({
        transcript_segments: [{ text: 'Different text on retry.', start: 0, end: 1 }],
        client_session_id: 'retry-me',
      });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      const list = await omi.get('/v1/dev/user/conversations', { key });
      expect(list.body.map((c: { id: string }) => c.id)).toEqual([first.body.id]);
      // The first upload is kept.
      expect((await get(first.body.id)).body.transcript_segments[0].text).toBe(segments[0]!.text);
    });

    it('the same session id for two users gives two different ids', async () => {
      const mine = await post({ transcript_segments: segments, client_session_id: 'shared' });
      const otherKey = await omi.key(undefined, `${uid}-other`);
      const theirs = await omi.post(PATH, {
        key: otherKey,
        json: { transcript_segments: segments, client_session_id: 'shared' },
      });
      expect(theirs.body.id).toBe(pythonUuid5(FROM_SEGMENTS_NS, `${uid}-other\0shared`));
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it.each(['client_conversation_id', 'session_id', 'client_id'])('accepts the alias %s', async (alias) => {
      const r = await post({ transcript_segments: segments, [alias]: `alias-${alias}` });
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(pythonUuid5(FROM_SEGMENTS_NS, `${uid}\0alias-${alias}`));
    });

    it('a blank client_session_id is a 422', async () => {
      const r = await post({ transcript_segments: segments, client_session_id: '   ' });
      expect(r.status).toBe(422);
    });

    it('a client_session_id over 200 characters is a 422', async () => {
      const r = await post({ transcript_segments: segments, client_session_id: 's'.repeat(201) });
      expect(r.status).toBe(422);
      expectValidationList(r.body);
    });
  });

  describe('per-segment 422s', () => {
    it('end == start: "Segment {i}: end time must be after start time"', async () => {
      const r = await post({
        transcript_segments: [segments[0], { text: 'Zero length.', start: 4, end: 4 }],
      });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('Segment 1: end time must be after start time');
    });

    it('end < start', async () => {
      const r = await post({ transcript_segments: [{ text: 'Backwards.', start: 5, end: 3 }] });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('Segment 0: end time must be after start time');
    });

    it('a negative start: "Segment {i}: start time cannot be negative"', async () => {
      const r = await post({ transcript_segments: [{ text: 'Too early.', start: -1, end: 2 }] });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('Segment 0: start time cannot be negative');
    });

    it('blank text: "Segment {i}: text cannot be empty"', async () => {
      const r = await post({
        transcript_segments: [segments[0], segments[1], { text: '   ', start: 6, end: 7 }],
      });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('Segment 2: text cannot be empty');
    });

    it('a segment without start/end/text is a validation 422 on that segment', async () => {
      const r = await post({ transcript_segments: [{ speaker: 'SPEAKER_00' }] });
      expect(r.status).toBe(422);
      const items = expectValidationList(r.body);
      const locs = items.map((i) => i.loc.join('.'));
      expect(locs).toEqual(
        expect.arrayContaining([
          'body.transcript_segments.0.text',
          'body.transcript_segments.0.start',
          'body.transcript_segments.0.end',
        ]),
      );
    });

    it('no segments (min 1) and more than 500 are 422s', async () => {
      const empty = await post({ transcript_segments: [] });
      expect(empty.status).toBe(422);
      const many = Array.from({ length: 501 }, (_, i) => ({ text: `Line ${i}.`, start: i, end: i + 0.5 }));
      const tooMany = await post({ transcript_segments: many });
      expect(tooMany.status).toBe(422);
      const ok = await post({ transcript_segments: many.slice(0, 500) });
      expect(ok.status).toBe(200);
    });
  });

  describe('started_at / finished_at', () => {
    it('finished_at defaults to started_at + the last segment end', async () => {
      const r = await post({ transcript_segments: segments, started_at: '2030-02-02T08:00:00Z' });
      const conv = await get(r.body.id);
      expect(Date.parse(conv.body.started_at)).toBe(Date.parse('2030-02-02T08:00:00Z'));
      expect(Date.parse(conv.body.finished_at)).toBe(Date.parse('2030-02-02T08:00:05.500Z'));
    });

    it('started_at defaults to now', async () => {
      const r = await post({ transcript_segments: segments });
      const conv = await get(r.body.id);
      expect(Date.parse(conv.body.started_at)).toBe(now);
    });

    it.each([
      ['equal', '2030-02-02T08:00:00Z'],
      ['earlier', '2030-02-02T07:59:00Z'],
    ])('finished_at %s to started_at is 422 "finished_at must be after started_at"', async (_n, finished) => {
      const r = await post({
        transcript_segments: segments,
        started_at: '2030-02-02T08:00:00Z',
        finished_at: finished,
      });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('finished_at must be after started_at');
    });
  });
});

describe('a concurrent duplicate (conversationProcessingMs)', () => {
  const omi = useEmulator({ rateLimitBoost: 100, conversationProcessingMs: 400 });

  it('is 409 "Conversation creation already in progress"; later repeats are idempotent hits', async () => {
    const key = await omi.key(undefined, 'concurrent-user');
    const body = { transcript_segments: segments, client_session_id: 'race' };
    const first = omi.post(PATH, { key, json: body });
    await new Promise((r) => setTimeout(r, 50));
    const second = await omi.post(PATH, { key, json: body });
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ detail: 'Conversation creation already in progress' });
    const done = await first;
    expect(done.status).toBe(200);
    expect(done.body.id).toBe(pythonUuid5(FROM_SEGMENTS_NS, 'concurrent-user\0race'));
    const again = await omi.post(PATH, { key, json: body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done.body);
  });

  it('different session ids do not block each other', async () => {
    const key = await omi.key(undefined, 'concurrent-user-2');
    const [a, b] = await Promise.all([
      omi.post(PATH, { key, json: { transcript_segments: segments, client_session_id: 'one' } }),
      omi.post(PATH, { key, json: { transcript_segments: segments, client_session_id: 'two' } }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
  });
});

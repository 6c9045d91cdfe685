import {
  normalizeRealtimeTranscript,
  RealtimeTranscriptBody,
  RealtimeTranscriptPayload,
  webhookPayloadSchemas,
} from '@omi-kit/webhook-types';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

const segment = {
  id: 'seg-1',
  text: 'Hey Omi, remind me to call Dana.',
  speaker: 'SPEAKER_00',
  speaker_id: 0,
  is_user: true,
  person_id: null,
  start: 12.3,
  end: 15.0,
  translations: [{ lang: 'es', text: 'Oye Omi…' }],
  speaker_label_source: 'auto',
  speech_profile_processed: true,
  stt_provider: 'deepgram',
  speaker_identity_status: 'confirmed',
};

describe('normalizeRealtimeTranscript', () => {
  it("reads Omi's {session_id, segments} body, keeping unknown segment keys", () => {
    const result = normalizeRealtimeTranscript({ session_id: 'uid-1', segments: [segment] }, 'uid=uid-1');
    expect(result.variant).toBe('object');
    expect(result.sessionId).toBe('uid-1');
    expect(result.segments[0]).toMatchObject({ text: segment.text, speaker_identity_status: 'confirmed' });
  });

  it('reads the documented bare array with ?session_id=, mapping speakerId to speaker_id', () => {
    const docs = [
      {
        text: 'I think we should prioritize the mobile app.',
        speaker: 'SPEAKER_00',
        speakerId: 0,
        is_user: false,
        start: 10.0,
        end: 15.0,
      },
      {
        text: "Agreed, let's start with iOS.",
        speaker: 'SPEAKER_01',
        speakerId: 1,
        is_user: true,
        start: 16.0,
        end: 18.0,
      },
    ];
    const result = normalizeRealtimeTranscript(docs, 'session_id=abc123&uid=user123');
    expect(result).toMatchObject({ variant: 'array', sessionId: 'abc123' });
    expect(result.segments.map((s) => s.speaker_id)).toEqual([0, 1]);
    expect(normalizeRealtimeTranscript(docs, { uid: 'user123' }).sessionId).toBe('user123');
    expect(normalizeRealtimeTranscript(docs, new URLSearchParams('session_id=s')).sessionId).toBe('s');
    expect(normalizeRealtimeTranscript(docs).sessionId).toBe('');
  });

  it("falls back to the query when the body's session_id is missing or empty", () => {
    expect(normalizeRealtimeTranscript({ segments: [segment] }, '?uid=u9').sessionId).toBe('u9');
    expect(normalizeRealtimeTranscript({ session_id: '', segments: [] }, [['uid', 'u8']]).sessionId).toBe(
      'u8',
    );
  });

  it("reads the original guide's single-segment form", () => {
    const result = normalizeRealtimeTranscript({ text: 'hey omi' }, 'uid=u1');
    expect(result).toMatchObject({ variant: 'simple', sessionId: 'u1' });
    expect(result.segments).toEqual([
      expect.objectContaining({ text: 'hey omi', start: 0, end: 0, is_user: false, speaker: 'SPEAKER_00' }),
    ]);
  });

  it('throws a ZodError with paths for anything else', () => {
    for (const body of [null, 'text', 42, { segments: 'x' }, [{ start: 1 }], { session_id: 'u' }]) {
      expect(() => normalizeRealtimeTranscript(body)).toThrow(ZodError);
    }
  });

  it('exposes schemas for every accepted body', () => {
    expect(RealtimeTranscriptPayload.parse({ session_id: 'u', segments: [segment] }).segments).toHaveLength(
      1,
    );
    expect(RealtimeTranscriptBody.safeParse([segment]).success).toBe(true);
    expect(RealtimeTranscriptBody.safeParse({ text: 'hi' }).success).toBe(true);
    expect(webhookPayloadSchemas.realtime_transcript.safeParse({ nope: 1 }).success).toBe(false);
  });
});

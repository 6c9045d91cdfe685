import { TranscriptSegment } from '@omi-kit/schemas';
import { z } from 'zod';
import type { QueryInput } from './canonical-query.js';
import { queryValue } from './query-value.js';

/**
 * The body of a real-time transcript delivery as Omi's code sends it (`transcript_processed`,
 * `X-Omi-Event: realtime_transcript`): `{session_id, segments}`, where `session_id` equals the uid.
 */
export const RealtimeTranscriptPayload = z.looseObject({
  session_id: z.string().nullish(),
  segments: z.array(TranscriptSegment),
});
export type RealtimeTranscriptPayload = z.infer<typeof RealtimeTranscriptPayload>;

/** The documented variant: a bare array of segments, with `?session_id=` in the query (reference §8). */
export const RealtimeTranscriptArrayPayload = z.array(TranscriptSegment);
export type RealtimeTranscriptArrayPayload = z.infer<typeof RealtimeTranscriptArrayPayload>;

/**
 * The "transcript" body of Omi's original integration guide: one segment, of which only `text` is
 * sure. Accepted as a variant; missing `start`/`end` become 0.
 */
export const SimpleTranscriptPayload = z.looseObject({
  text: z.string(),
  session_id: z.string().nullish(),
  start: z.number().default(0),
  end: z.number().default(0),
});
export type SimpleTranscriptPayload = z.infer<typeof SimpleTranscriptPayload>;

/** Any accepted real-time transcript body. */
export const RealtimeTranscriptBody = z.union([
  RealtimeTranscriptPayload,
  RealtimeTranscriptArrayPayload,
  SimpleTranscriptPayload,
]);
export type RealtimeTranscriptBody = z.infer<typeof RealtimeTranscriptBody>;

export interface RealtimeTranscript {
  /** `session_id` of the body, else `?session_id=`, else the uid (which is what Omi puts there). */
  sessionId: string;
  segments: TranscriptSegment[];
  /** Which body form arrived. */
  variant: 'object' | 'array' | 'simple';
}

/**
 * One shape for every real-time transcript body: `{session_id, segments}` (Omi's code), a bare
 * array with `?session_id=` (Omi's docs) or a single segment (the original guide). The docs'
 * camelCase `speakerId` fills `speaker_id` when that is missing. Throws a `ZodError` otherwise.
 */
export function normalizeRealtimeTranscript(body: unknown, query?: QueryInput | null): RealtimeTranscript {
  const fallbackSession = () => queryValue(query, 'session_id') ?? queryValue(query, 'uid') ?? '';
  if (Array.isArray(body)) {
    const segments = RealtimeTranscriptArrayPayload.parse(body.map(withSpeakerId));
    return { sessionId: fallbackSession(), segments, variant: 'array' };
  }
  if (typeof body === 'object' && body !== null && !('segments' in body) && 'text' in body) {
    const simple = SimpleTranscriptPayload.parse(body);
    const segment = TranscriptSegment.parse(withSpeakerId(simple));
    return { sessionId: simple.session_id || fallbackSession(), segments: [segment], variant: 'simple' };
  }
  const withIds =
    typeof body === 'object' && body !== null && Array.isArray((body as { segments?: unknown }).segments)
      ? { ...body, segments: (body as { segments: unknown[] }).segments.map(withSpeakerId) }
      : body;
  const payload = RealtimeTranscriptPayload.parse(withIds);
  return {
    sessionId: payload.session_id || fallbackSession(),
    segments: payload.segments,
    variant: 'object',
  };
}

function withSpeakerId(segment: unknown): unknown {
  if (typeof segment !== 'object' || segment === null) return segment;
  const record = segment as Record<string, unknown>;
  if (record.speaker_id === undefined && typeof record.speakerId === 'number') {
    return { ...record, speaker_id: record.speakerId };
  }
  return segment;
}

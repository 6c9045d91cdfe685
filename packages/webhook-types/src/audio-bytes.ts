import { z } from 'zod';
import type { QueryInput } from './canonical-query.js';
import { queryValue } from './query-value.js';
import { type RawBody, rawBodyBytes } from './raw-body.js';

/**
 * The query of an audio-bytes delivery (`?sample_rate=<n>&uid=<uid>`, reference §2.3). The body is
 * raw PCM16 little-endian mono, `Content-Type: application/octet-stream`.
 */
export const AudioBytesQuery = z.looseObject({
  sample_rate: z.coerce.number().int().positive().max(384_000),
  uid: z.string().default(''),
});
export type AudioBytesQuery = z.infer<typeof AudioBytesQuery>;

/** Bytes per PCM16 sample (one channel). */
export const PCM16_BYTES_PER_SAMPLE = 2;

export interface AudioChunk {
  sampleRate: number;
  uid: string;
  /** Always 1: Omi sends mono. */
  channels: 1;
  byteLength: number;
  /** Whole 16-bit samples in the body. */
  sampleCount: number;
  /** `sampleCount / sampleRate`, in seconds (about 4 for app deliveries, 1 per developer-webhook chunk). */
  durationSec: number;
  /** True when the body has an odd byte count: the last byte is half a sample. */
  truncated: boolean;
}

/** Read `sample_rate` and `uid` from the query; throws a `ZodError` when `sample_rate` is missing or bad. */
export function parseAudioBytesQuery(query: QueryInput | null | undefined): AudioBytesQuery {
  return AudioBytesQuery.parse({
    sample_rate: queryValue(query, 'sample_rate'),
    uid: queryValue(query, 'uid'),
  });
}

/** What a PCM16 chunk holds: sample count and duration, given the query (or its parsed form). */
export function describeAudioChunk(
  body: RawBody,
  query: QueryInput | AudioBytesQuery | null | undefined,
): AudioChunk {
  const { sample_rate: sampleRate, uid } = isParsed(query) ? query : parseAudioBytesQuery(query);
  const byteLength = rawBodyBytes(body, 'audio body').byteLength;
  const sampleCount = Math.floor(byteLength / PCM16_BYTES_PER_SAMPLE);
  return {
    sampleRate,
    uid,
    channels: 1,
    byteLength,
    sampleCount,
    durationSec: sampleCount / sampleRate,
    truncated: byteLength % PCM16_BYTES_PER_SAMPLE !== 0,
  };
}

function isParsed(query: unknown): query is AudioBytesQuery {
  return (
    typeof query === 'object' && query !== null && typeof (query as AudioBytesQuery).sample_rate === 'number'
  );
}

/** The samples of a PCM16 little-endian chunk (a trailing half sample is dropped). */
export function pcm16Samples(body: RawBody): Int16Array {
  const bytes = rawBodyBytes(body, 'audio body');
  const samples = new Int16Array(Math.floor(bytes.byteLength / PCM16_BYTES_PER_SAMPLE));
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * PCM16_BYTES_PER_SAMPLE);
  return samples;
}

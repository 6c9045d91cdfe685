import { z } from 'zod';

/**
 * A transcript segment as webhooks carry it (`TranscriptSegment.model_dump()`).
 * `start`/`end` are seconds from the conversation start. Extra internal keys are kept.
 */
export const TranscriptSegment = z.looseObject({
  id: z.string().nullish(),
  text: z.string(),
  speaker: z.string().nullish().default('SPEAKER_00'),
  speaker_id: z.number().int().nullish(),
  is_user: z.boolean().default(false),
  person_id: z.string().nullish(),
  start: z.number(),
  end: z.number(),
  translations: z
    .array(z.looseObject({ lang: z.string(), text: z.string() }))
    .nullish()
    .default([]),
  speaker_label_source: z.string().nullish(),
  speech_profile_processed: z.boolean().nullish(),
  stt_provider: z.string().nullish(),
  /** Only on Developer-Settings webhooks. */
  speaker_name: z.string().nullish(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;

/**
 * A segment in Developer API responses: the response model drops `is_user`, `speaker` and
 * `person_id`; `speaker_name` is filled from the user's people when a transcript is requested.
 */
export const DeveloperTranscriptSegment = z.looseObject({
  id: z.string().nullish(),
  text: z.string(),
  speaker_id: z.number().int().nullish(),
  speaker_name: z.string().nullish(),
  start: z.number(),
  end: z.number(),
});
export type DeveloperTranscriptSegment = z.infer<typeof DeveloperTranscriptSegment>;

/** A segment we send to `POST /v1/dev/user/conversations/from-segments`. */
export const TranscriptSegmentInput = z.strictObject({
  text: z.string(),
  speaker: z.string().optional().describe('Speaker label, default "SPEAKER_00"'),
  speaker_id: z.number().int().nullish(),
  is_user: z.boolean().optional(),
  person_id: z.string().nullish(),
  start: z.number().describe('Seconds from the conversation start'),
  end: z.number().describe('Seconds from the conversation start; must be after start'),
});
export type TranscriptSegmentInput = z.infer<typeof TranscriptSegmentInput>;

import { z } from 'zod';
import { DateTimeInput, DateTimeString } from './datetime.js';
import { ConversationSource, ConversationSourceLenient, TextSource } from './enums.js';
import { Geolocation, GeolocationInput } from './geolocation.js';
import { Structured } from './structured.js';
import { DeveloperTranscriptSegment, TranscriptSegmentInput } from './transcript-segment.js';

/**
 * A conversation as the Developer API returns it. `transcript_segments` is present only when
 * `include_transcript=true` was asked (and on PATCH responses, which re-read the stored row).
 */
export const DeveloperConversation = z.looseObject({
  id: z.string(),
  created_at: DateTimeString,
  started_at: DateTimeString.nullable(),
  finished_at: DateTimeString.nullable(),
  structured: Structured,
  language: z.string().nullish(),
  source: ConversationSourceLenient.nullish(),
  transcript_segments: z.array(DeveloperTranscriptSegment).nullish(),
  geolocation: Geolocation.nullish(),
  folder_id: z.string().nullish(),
  folder_name: z.string().nullish(),
});
export type DeveloperConversation = z.infer<typeof DeveloperConversation>;

/** What both conversation creates return. `status` is normally "completed". */
export const CreateConversationResponse = z.looseObject({
  id: z.string(),
  status: z.string(),
  discarded: z.boolean(),
});
export type CreateConversationResponse = z.infer<typeof CreateConversationResponse>;

/**
 * `POST /v1/dev/user/conversations`: a text conversation run through Omi's whole pipeline.
 * Not idempotent: a retry creates a second conversation.
 */
export const CreateConversationRequest = z.strictObject({
  text: z.string().min(1).max(100_000),
  text_source: TextSource.optional().describe('Default "other_text"'),
  text_source_spec: z.string().nullish().describe('For example "email" or "slack"'),
  started_at: DateTimeInput.nullish().describe('Default now (UTC)'),
  finished_at: DateTimeInput.nullish().describe('Default started_at + 300 s; must be after started_at'),
  language: z.string().nullish().describe('Default "en"'),
  geolocation: GeolocationInput.nullish(),
});
export type CreateConversationRequest = z.input<typeof CreateConversationRequest>;

export const TRANSCRIPT_SEGMENTS_MAX = 500;

/**
 * `POST /v1/dev/user/conversations/from-segments`. With `client_session_id` the call is
 * idempotent: the id is a uuid5 of (uid, client_session_id), and a retry returns the same conversation.
 */
export const CreateConversationFromSegmentsRequest = z.strictObject({
  transcript_segments: z.array(TranscriptSegmentInput).min(1).max(TRANSCRIPT_SEGMENTS_MAX),
  client_session_id: z.string().min(1).max(200).nullish(),
  /** Accepted by Omi as aliases of `client_session_id`. */
  client_conversation_id: z.string().min(1).max(200).nullish(),
  session_id: z.string().min(1).max(200).nullish(),
  client_id: z.string().min(1).max(200).nullish(),
  source: ConversationSource.optional().describe('Default "phone" (the docs say external_integration)'),
  started_at: DateTimeInput.nullish(),
  finished_at: DateTimeInput.nullish(),
  language: z.string().nullish(),
  geolocation: GeolocationInput.nullish(),
  client_device_id: z.string().nullish(),
  client_platform: z.string().nullish(),
});
export type CreateConversationFromSegmentsRequest = z.input<typeof CreateConversationFromSegmentsRequest>;

/** `PATCH /v1/dev/user/conversations/{id}`: title and/or discarded. */
export const UpdateConversationRequest = z.strictObject({
  title: z.string().min(1).max(500).nullish(),
  discarded: z.boolean().nullish(),
});
export type UpdateConversationRequest = z.input<typeof UpdateConversationRequest>;

/** Query of `GET /v1/dev/user/conversations`; dates are inclusive and filter on `created_at`. */
export const ListConversationsQuery = z.strictObject({
  start_date: DateTimeInput.optional(),
  end_date: DateTimeInput.optional(),
  categories: z.string().optional().describe('Comma-separated conversation categories'),
  limit: z
    .number()
    .int()
    .optional()
    .describe('Default 25, clamped to 1..100 (1..25 with include_transcript)'),
  offset: z.number().int().optional(),
  include_transcript: z.boolean().optional(),
  folder_id: z.string().min(1).optional(),
  starred: z.boolean().optional(),
});
export type ListConversationsQuery = z.input<typeof ListConversationsQuery>;

export const GetConversationQuery = z.strictObject({
  include_transcript: z.boolean().optional(),
});
export type GetConversationQuery = z.input<typeof GetConversationQuery>;

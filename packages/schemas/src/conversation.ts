import { z } from 'zod';
import { DateTimeString } from './datetime.js';
import {
  ConversationSourceLenient,
  conversationStatusValues,
  conversationVisibilityValues,
} from './enums.js';
import { Geolocation } from './geolocation.js';
import { openEnum } from './open-enum.js';
import { Structured } from './structured.js';
import { TranscriptSegment } from './transcript-segment.js';

export const ConversationPhoto = z.looseObject({
  id: z.string().nullish(),
  base64: z.string(),
  description: z.string().nullish(),
  created_at: DateTimeString.nullish(),
  discarded: z.boolean().default(false),
});
export type ConversationPhoto = z.infer<typeof ConversationPhoto>;

/**
 * The whole Conversation model that a `memory_creation` (conversation created) webhook carries
 * (backend/models/conversation.py). Every key but `id` may be missing; extra keys are kept.
 */
export const Conversation = z.looseObject({
  id: z.string(),
  created_at: DateTimeString.nullish(),
  updated_at: DateTimeString.nullish(),
  started_at: DateTimeString.nullish(),
  finished_at: DateTimeString.nullish(),
  source: ConversationSourceLenient.nullish(),
  language: z.string().nullish(),
  structured: Structured.default(() => Structured.parse({})),
  transcript_segments: z.array(TranscriptSegment).default([]),
  transcript_segments_compressed: z.boolean().nullish(),
  geolocation: Geolocation.nullish(),
  photos: z.array(ConversationPhoto).default([]),
  audio_files: z.array(z.unknown()).nullish(),
  apps_results: z.array(z.looseObject({ app_id: z.string().nullish(), content: z.string() })).default([]),
  plugins_results: z
    .array(z.looseObject({ plugin_id: z.string().nullish(), content: z.string() }))
    .default([]),
  external_data: z.record(z.string(), z.unknown()).nullish(),
  /** The app that created the conversation through the Integration API, if any. */
  app_id: z.string().nullish(),
  discarded: z.boolean().default(false),
  visibility: openEnum(conversationVisibilityValues).nullish(),
  starred: z.boolean().nullish(),
  status: openEnum(conversationStatusValues).nullish(),
  is_locked: z.boolean().nullish(),
  folder_id: z.string().nullish(),
  /** Only on Developer-Settings webhooks. */
  folder_name: z.string().nullish(),
});
export type Conversation = z.infer<typeof Conversation>;

import { z } from 'zod';
import { DateTimeInput, DateTimeString } from './datetime.js';
import {
  ConversationCategoryLenient,
  ConversationSourceLenient,
  conversationStatusValues,
  MemoryCategoryLenient,
  TextSource,
} from './enums.js';
import { Geolocation } from './geolocation.js';
import { openEnum } from './open-enum.js';

/**
 * Omi's Integration API (`/v2/integrations/{app_id}/...?uid=`), called by an app with its `sk_` key
 * on behalf of a user who enabled it (backend/routers/integration.py, models/integrations.py).
 */

/** `sk_` + 32 lower-case hex characters, as `POST /v1/apps/{id}/keys` returns it once. */
export const APP_API_KEY_PATTERN = /^sk_[0-9a-f]{32}$/;

/** What an app may do through the Integration API (`ActionType`). */
export const appActionValues = [
  'create_conversation',
  'create_facts',
  'read_memories',
  'read_conversations',
  'read_tasks',
] as const;
export const AppAction = z.enum(appActionValues);
export type AppAction = z.infer<typeof AppAction>;

/** Aliases Omi's action gates also accept (utils/apps.py). */
export const appActionAliases = { create_memories: 'create_facts', read_facts: 'read_memories' } as const;

export const appCapabilityValues = [
  'chat',
  'memories',
  'external_integration',
  'proactive_notification',
  'persona',
] as const;
export const AppCapability = z.enum(appCapabilityValues);
export type AppCapability = z.infer<typeof AppCapability>;

/** A place as the Integration API takes it: only the coordinates. */
export const IntegrationGeolocationInput = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type IntegrationGeolocationInput = z.infer<typeof IntegrationGeolocationInput>;

/**
 * `POST /v2/integrations/{app_id}/user/conversations?uid=`. Processed synchronously; Omi sets
 * `source = "external_integration"` and the app's `app_id`, then fires every enabled app's
 * conversation-created webhook, this app's included. Not idempotent.
 */
export const IntegrationCreateConversationRequest = z.strictObject({
  text: z.string().min(1),
  started_at: DateTimeInput.nullish().describe('Default now'),
  finished_at: DateTimeInput.nullish().describe('Default started_at + 300 s'),
  text_source: TextSource.optional().describe('Default "audio_transcript"'),
  text_source_spec: z.string().nullish(),
  language: z.string().nullish().describe('Default "en"'),
  geolocation: IntegrationGeolocationInput.nullish(),
});
export type IntegrationCreateConversationRequest = z.input<typeof IntegrationCreateConversationRequest>;

export const integrationMemoryTextSourceValues = ['email', 'social_post', 'other'] as const;
export const IntegrationMemoryTextSource = z.enum(integrationMemoryTextSourceValues);

export const IntegrationMemoryInput = z.strictObject({
  content: z.string().min(1),
  tags: z.array(z.string()).optional(),
  /** Newer Omi versions keep it to trace a memory back to the app's record. */
  source_id: z.string().nullish(),
});
export type IntegrationMemoryInput = z.input<typeof IntegrationMemoryInput>;

/**
 * `POST /v2/integrations/{app_id}/user/memories?uid=`: either `text` (Omi extracts the memories)
 * or explicit `memories`; a body with neither is a 422.
 */
export const IntegrationCreateMemoriesRequest = z
  .strictObject({
    text: z.string().min(1).nullish(),
    text_source: IntegrationMemoryTextSource.optional().describe('Default "other"'),
    text_source_spec: z.string().nullish(),
    memories: z.array(IntegrationMemoryInput).nullish(),
  })
  .refine((b) => (b.text != null && b.text.length > 0) || (b.memories != null && b.memories.length > 0), {
    message: 'Either text or memories must be provided',
  });
export type IntegrationCreateMemoriesRequest = z.input<typeof IntegrationCreateMemoriesRequest>;

/** The writes answer `{}`. */
export const IntegrationEmptyResponse = z.looseObject({});
export type IntegrationEmptyResponse = z.infer<typeof IntegrationEmptyResponse>;

/** A transcript segment in Integration API reads: unlike the Developer API, it keeps `is_user`. */
export const ConversationItemSegment = z.looseObject({
  text: z.string(),
  speaker: z.string().nullish(),
  speaker_id: z.number().int().nullish(),
  is_user: z.boolean().default(false),
  person_id: z.string().nullish(),
  start: z.number(),
  end: z.number(),
});
export type ConversationItemSegment = z.infer<typeof ConversationItemSegment>;

/** `structured` in Integration API reads: action items carry `deleted` and no dates. */
export const ConversationItemStructured = z.looseObject({
  title: z.string().default(''),
  overview: z.string().default(''),
  emoji: z.string().default('🧠'),
  category: ConversationCategoryLenient.default('other'),
  action_items: z
    .array(
      z.looseObject({
        description: z.string(),
        completed: z.boolean().default(false),
        deleted: z.boolean().default(false),
      }),
    )
    .default([]),
  events: z.array(z.looseObject({})).default([]),
});
export type ConversationItemStructured = z.infer<typeof ConversationItemStructured>;

/** A conversation as the Integration API lists it (`ConversationItem`); datetimes end in `Z`. */
export const ConversationItem = z.looseObject({
  id: z.string(),
  created_at: DateTimeString.nullish(),
  started_at: DateTimeString.nullish(),
  finished_at: DateTimeString.nullish(),
  source: ConversationSourceLenient.nullish(),
  structured: ConversationItemStructured.default(() => ConversationItemStructured.parse({})),
  transcript_segments: z.array(ConversationItemSegment).default([]),
  discarded: z.boolean().default(false),
  /** The app that created the conversation; an app should ignore webhooks for its own. */
  app_id: z.string().nullish(),
  language: z.string().nullish(),
  external_data: z.record(z.string(), z.unknown()).nullish(),
  geolocation: Geolocation.nullish(),
  status: openEnum(conversationStatusValues).nullish(),
});
export type ConversationItem = z.infer<typeof ConversationItem>;

/** `GET /v2/integrations/{app_id}/conversations?uid=`. */
export const IntegrationListConversationsQuery = z.strictObject({
  limit: z.number().int().min(1).max(1000).optional().describe('Default 100, 1..1000'),
  offset: z.number().int().min(0).optional(),
  include_discarded: z.boolean().optional(),
  statuses: z.string().optional().describe('Comma-separated conversation statuses'),
  start_date: DateTimeInput.optional(),
  end_date: DateTimeInput.optional(),
  max_transcript_segments: z.number().int().min(-1).optional().describe('Default 100; -1 for all'),
});
export type IntegrationListConversationsQuery = z.input<typeof IntegrationListConversationsQuery>;

export const IntegrationConversationList = z.looseObject({ conversations: z.array(ConversationItem) });
export type IntegrationConversationList = z.infer<typeof IntegrationConversationList>;

/** `POST /v2/integrations/{app_id}/search/conversations?uid=` (`SearchRequest`). */
export const SearchConversationsRequest = z.strictObject({
  query: z.string().min(1),
  page: z.number().int().min(1).optional().describe('Default 1'),
  per_page: z.number().int().min(1).max(100).optional().describe('Default 10'),
  include_discarded: z.boolean().optional(),
  start_date: DateTimeInput.nullish(),
  end_date: DateTimeInput.nullish(),
});
export type SearchConversationsRequest = z.input<typeof SearchConversationsRequest>;

export const SearchConversationsResponse = z.looseObject({
  conversations: z.array(ConversationItem),
  total_pages: z.number().int(),
  current_page: z.number().int(),
  per_page: z.number().int(),
});
export type SearchConversationsResponse = z.infer<typeof SearchConversationsResponse>;

/** A memory as the Integration API lists it (`MemoryDB`); locked ones are cut to 70 characters. */
export const IntegrationMemory = z.looseObject({
  id: z.string(),
  uid: z.string().nullish(),
  content: z.string().default(''),
  category: MemoryCategoryLenient.default('interesting'),
  visibility: z.string().nullish(),
  tags: z.array(z.string()).default([]),
  created_at: DateTimeString.nullish(),
  updated_at: DateTimeString.nullish(),
  conversation_id: z.string().nullish(),
  app_id: z.string().nullish(),
  manually_added: z.boolean().default(false),
  reviewed: z.boolean().default(false),
  user_review: z.boolean().nullish(),
  edited: z.boolean().default(false),
  scoring: z.string().nullish(),
  is_locked: z.boolean().nullish(),
});
export type IntegrationMemory = z.infer<typeof IntegrationMemory>;

export const IntegrationListMemoriesQuery = z.strictObject({
  limit: z.number().int().min(1).max(1000).optional().describe('Default 100'),
  offset: z.number().int().min(0).optional(),
});
export type IntegrationListMemoriesQuery = z.input<typeof IntegrationListMemoriesQuery>;

export const IntegrationMemoryList = z.looseObject({ memories: z.array(IntegrationMemory) });
export type IntegrationMemoryList = z.infer<typeof IntegrationMemoryList>;

/** A task (action item) as the Integration API lists it. */
export const IntegrationTask = z.looseObject({
  id: z.string(),
  description: z.string(),
  completed: z.boolean().default(false),
  created_at: DateTimeString.nullish(),
  updated_at: DateTimeString.nullish(),
  due_at: DateTimeString.nullish(),
  completed_at: DateTimeString.nullish(),
  conversation_id: z.string().nullish(),
});
export type IntegrationTask = z.infer<typeof IntegrationTask>;

export const IntegrationListTasksQuery = z.strictObject({
  limit: z.number().int().min(1).max(1000).optional().describe('Default 100'),
  offset: z.number().int().min(0).optional(),
  completed: z.boolean().optional(),
  conversation_id: z.string().optional(),
  start_date: DateTimeInput.optional(),
  end_date: DateTimeInput.optional(),
  due_start_date: DateTimeInput.optional(),
  due_end_date: DateTimeInput.optional(),
});
export type IntegrationListTasksQuery = z.input<typeof IntegrationListTasksQuery>;

export const IntegrationTaskList = z.looseObject({ tasks: z.array(IntegrationTask) });
export type IntegrationTaskList = z.infer<typeof IntegrationTaskList>;

/** `POST /v2/integrations/{app_id}/notification?uid=&message=`: query parameters only, no body. */
export const NotificationQuery = z.strictObject({
  message: z.string().min(1),
});
export type NotificationQuery = z.input<typeof NotificationQuery>;

/** `200 {"status": "Ok"}`. */
export const NotificationResponse = z.looseObject({ status: z.string() });
export type NotificationResponse = z.infer<typeof NotificationResponse>;

/**
 * One delivered notification as Omi pushes it over FCM: titled "<App name> says", with the data
 * the Omi app uses to open the app's chat.
 */
export const AppNotification = z.looseObject({
  id: z.string(),
  app_id: z.string(),
  uid: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.looseObject({
    notification_type: z.string(),
    from_integration: z.string(),
    app_id: z.string(),
    navigate_to: z.string(),
  }),
  created_at: DateTimeString,
});
export type AppNotification = z.infer<typeof AppNotification>;

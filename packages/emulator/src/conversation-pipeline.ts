import { randomUUID } from 'node:crypto';
import type { Conversation, GeolocationInput, TranscriptSegment } from '@omi-kit/schemas';
import { actionItemsFrom, categoryFor, emojiFor, overviewFor, titleFor } from './llm-stand-ins.js';
import type { EmulatorState } from './state.js';

export interface ConversationInput {
  id?: string;
  uid: string;
  text: string;
  segments: TranscriptSegment[];
  source: string;
  startedAt: Date;
  finishedAt: Date;
  language: string;
  geolocation?: GeolocationInput | null;
  appId?: string | null;
  externalData?: Record<string, unknown> | null;
  clientDeviceId?: string | null;
  clientPlatform?: string | null;
  now: Date;
  /** Source of randomness for extracted action-item ids (the seed passes a deterministic one). */
  random?: (max: number) => number;
  /** False for the seed: only conversations created while running fire apps' webhooks. */
  fireWebhooks?: boolean;
}

/**
 * The emulator's version of Omi's `process_conversation`: the LLM steps are the deterministic
 * stand-ins of llm-stand-ins.ts; extracted action items are stored with the conversation's id.
 * The stand-in never discards a conversation (use PATCH discarded=true to test that path).
 */
export function processConversation(state: EmulatorState, input: ConversationInput): Conversation {
  const id = input.id ?? randomUUID();
  const now = input.now.toISOString();
  const category = categoryFor(input.text);
  const actionItems = actionItemsFrom(input.text);
  const conversation: Conversation = {
    id,
    created_at: now,
    updated_at: null,
    started_at: input.startedAt.toISOString(),
    finished_at: input.finishedAt.toISOString(),
    source: input.source as Conversation['source'],
    language: input.language,
    structured: {
      title: titleFor(input.text),
      overview: overviewFor(input.text),
      emoji: emojiFor(category),
      category,
      action_items: actionItems.map((description) => ({
        description,
        completed: false,
        created_at: now,
        updated_at: null,
        due_at: null,
        completed_at: null,
        conversation_id: id,
      })),
      events: [],
    },
    transcript_segments: input.segments,
    transcript_segments_compressed: false,
    geolocation: input.geolocation
      ? { address: null, google_place_id: null, location_type: null, ...input.geolocation }
      : null,
    photos: [],
    audio_files: [],
    apps_results: [],
    plugins_results: [],
    external_data: input.externalData ?? null,
    app_id: input.appId ?? null,
    discarded: false,
    visibility: 'private',
    starred: false,
    status: 'completed',
    is_locked: false,
    folder_id: null,
    client_device_id: input.clientDeviceId ?? null,
    client_platform: input.clientPlatform ?? null,
  } as Conversation;
  state.db.transaction(() => {
    state.conversations.save(input.uid, conversation);
    for (const description of actionItems) {
      state.actionItems.create(
        input.uid,
        { description, completed: false, dueAt: null, conversationId: id },
        input.now,
        input.random,
      );
    }
  })();
  if (input.fireWebhooks !== false) state.onConversationProcessed?.(input.uid, conversation);
  return conversation;
}

/** Text of a transcript, one segment per line, as the pipeline reads it. */
export function transcriptText(segments: { text: string }[]): string {
  return segments.map((s) => s.text.trim()).join(' ');
}

import type { z } from 'zod';
import { ButtonEventPayload } from './button-event-payload.js';
import { ChatToolCallBody } from './chat-tool-call.js';
import { ConversationCreatedBody } from './conversation-created-payload.js';
import { DaySummaryPayload } from './day-summary-payload.js';
import type { OmiEventName } from './omi-event.js';
import { RealtimeTranscriptBody } from './realtime-transcript-payload.js';

/**
 * The JSON body schema of each `X-Omi-Event`, for dispatching a signed delivery. `audio_bytes` has
 * no JSON body (raw PCM16; see `describeAudioChunk`), hence `null`. Use the `normalize…` functions
 * to get one shape out of the accepted variants.
 */
export const webhookPayloadSchemas = {
  memory_created: ConversationCreatedBody,
  realtime_transcript: RealtimeTranscriptBody,
  audio_bytes: null,
  day_summary: DaySummaryPayload,
  button_event: ButtonEventPayload,
  chat_tool: ChatToolCallBody,
} as const satisfies Record<OmiEventName, z.ZodType | null>;

/** The parsed body type of each JSON event. */
export type WebhookPayloads = {
  [E in keyof typeof webhookPayloadSchemas]: (typeof webhookPayloadSchemas)[E] extends z.ZodType
    ? z.output<(typeof webhookPayloadSchemas)[E]>
    : Uint8Array;
};

import { Conversation, compileAcceptor, DateTimeString } from '@omi-kit/schemas';
import { z } from 'zod';

/**
 * The body of a conversation-created delivery (`triggers_on: memory_creation`, `X-Omi-Event:
 * memory_created`): the whole Conversation model, lenient, extra keys kept (reference §2.1).
 */
export const ConversationCreatedPayload = Conversation;
export type ConversationCreatedPayload = Conversation;

/**
 * The "memory created" body of Omi's original integration guide: `{id, content, category, user_id}`.
 * Accepted as a variant; Omi's code sends {@link ConversationCreatedPayload}.
 */
export const SimpleMemoryCreatedPayload = z.looseObject({
  id: z.string(),
  content: z.string(),
  category: z.string().nullish(),
  user_id: z.string().nullish(),
  created_at: DateTimeString.nullish(),
});
export type SimpleMemoryCreatedPayload = z.infer<typeof SimpleMemoryCreatedPayload>;

/**
 * A conversation-created body of either form: the simple one when it has `content` and neither
 * `structured` nor `transcript_segments`, else a Conversation.
 */
export const ConversationCreatedBody = z.union([
  SimpleMemoryCreatedPayload.extend({
    structured: z.never().optional(),
    transcript_segments: z.never().optional(),
  }),
  ConversationCreatedPayload,
]);
export type ConversationCreatedBody = z.infer<typeof ConversationCreatedBody>;

/** A conversation-created body of either form, told apart by {@link normalizeConversationCreated}. */
export type ConversationCreatedEvent =
  | { variant: 'conversation'; conversation: ConversationCreatedPayload }
  | { variant: 'simple'; memory: SimpleMemoryCreatedPayload };

/**
 * Parse a conversation-created body. A body with `content` and neither `structured` nor
 * `transcript_segments` is the original guide's simple form; anything else is a Conversation.
 * Throws a `ZodError` (with the failing paths) when the body fits neither.
 */
export function normalizeConversationCreated(body: unknown): ConversationCreatedEvent {
  if (isSimpleMemory(body)) return { variant: 'simple', memory: SimpleMemoryCreatedPayload.parse(body) };
  return { variant: 'conversation', conversation: ConversationCreatedPayload.parse(body) };
}

/**
 * A quick check for the common case: `true` when `body` is certainly a valid full Conversation
 * (so `normalizeConversationCreated` would return it as the `conversation` variant, unchanged but
 * for the output copy zod makes). `false` means "not sure": call `normalizeConversationCreated`,
 * which either parses it or throws with the failing paths. About three times faster than parsing,
 * for receivers that only need to accept or refuse a delivery and read its `id` and `app_id`.
 *
 * `{ latin1: true }`: `body` was parsed from the raw bytes read as Latin-1 (`buffer.toString('latin1')`,
 * one character per byte) rather than decoded as UTF-8, which skips the decoding and lets
 * JSON.parse take its faster one-byte path; the answer stays safe (see `AcceptorOptions.latin1`),
 * but non-ASCII text in the parsed value is not the text that was sent.
 */
export function acceptsConversationCreated(
  body: unknown,
  options: { latin1?: boolean } = {},
): body is ConversationCreatedPayload {
  return !isSimpleMemory(body) && compileAcceptor(Conversation, { latin1: options.latin1 === true })(body);
}

function isSimpleMemory(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  return (
    typeof record.content === 'string' && !('structured' in record) && !('transcript_segments' in record)
  );
}

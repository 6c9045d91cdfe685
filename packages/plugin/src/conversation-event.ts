import { Conversation, compileAcceptor } from '@omi-kit/schemas';
import { normalizeConversationCreated } from '@omi-kit/webhook-types';

/**
 * A conversation-created body as one `Conversation`. The original guide's simple form
 * `{id, content, category}` becomes a conversation whose overview is the content. Throws a
 * ZodError naming the failing paths.
 */
export function toConversation(body: unknown): Conversation {
  // A full conversation that zod would hand back as it is (Omi sends every field) needs no parse:
  // the compiled check is about a third of the cost, and a queued job pays it on every attempt.
  if (isFullConversation(body) && compileAcceptor(Conversation, { unchanged: true })(body)) {
    return body as Conversation;
  }
  const event = normalizeConversationCreated(body);
  if (event.variant === 'conversation') return event.conversation;
  const { memory } = event;
  return Conversation.parse({
    id: memory.id,
    created_at: memory.created_at ?? null,
    structured: { overview: memory.content, ...(memory.category ? { category: memory.category } : {}) },
  });
}

/** Has the keys only the full model has (the simple form is `{id, content, category}`). */
function isFullConversation(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  return 'structured' in body || 'transcript_segments' in body;
}

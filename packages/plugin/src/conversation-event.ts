import { Conversation } from '@omi-kit/schemas';
import { normalizeConversationCreated } from '@omi-kit/webhook-types';

/**
 * A conversation-created body as one `Conversation`. The original guide's simple form
 * `{id, content, category}` becomes a conversation whose overview is the content. Throws a
 * ZodError naming the failing paths.
 */
export function toConversation(body: unknown): Conversation {
  const event = normalizeConversationCreated(body);
  if (event.variant === 'conversation') return event.conversation;
  const { memory } = event;
  return Conversation.parse({
    id: memory.id,
    created_at: memory.created_at ?? null,
    structured: { overview: memory.content, ...(memory.category ? { category: memory.category } : {}) },
  });
}

import type { Conversation } from '@omi-kit/schemas';

/**
 * True for a conversation this app created itself through the Integration API. Omi sends such a
 * conversation to every enabled app's webhook, the creator's included (source
 * `external_integration`, `app_id` = the creator): handling it again could loop forever.
 */
export function isOwnConversation(
  conversation: Pick<Conversation, 'app_id' | 'source'>,
  appId: string,
): boolean {
  return typeof conversation.app_id === 'string' && conversation.app_id === appId;
}

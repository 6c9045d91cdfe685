import type { Conversation } from '@omi-kit/schemas';
import { acceptsConversationCreated } from '@omi-kit/webhook-types';
import { tryParseJsonBody } from './parse-json-body.js';

/** What the receiving route reads of a conversation: the rest is the queued job's business. */
export type ConversationSummary = Pick<Conversation, 'id' | 'app_id' | 'source'>;

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The fast path of a conversation delivery: the id, app_id and source of a body that is certainly
 * a valid Conversation, read without decoding it as UTF-8. The bytes are parsed as Latin-1 (one
 * character per byte): JSON's structure, numbers and ASCII text come out the same, V8 skips the
 * decoding and parses a one-byte string, which on a 20 KB body with some non-ASCII text is about
 * 40% less work. The quick check is told so and never vouches for what such text could change.
 *
 * `undefined` means "take the exact path" (decode, parse, validate, 422 with zod's paths): malformed
 * JSON, a `__proto__` key, the simple form, anything the quick check is unsure of, and ids written
 * outside ASCII (their Latin-1 reading is not the text that was sent).
 */
export function peekConversation(raw: Buffer): ConversationSummary | undefined {
  const body = tryParseJsonBody(raw.toString('latin1'));
  if (body === undefined || !acceptsConversationCreated(body, { latin1: true })) return undefined;
  const { id, app_id: appId, source } = body;
  if (NON_ASCII.test(id)) return undefined;
  if (typeof appId === 'string' && NON_ASCII.test(appId)) return undefined;
  if (typeof source === 'string' && NON_ASCII.test(source)) return undefined;
  return { id, app_id: appId, source };
}

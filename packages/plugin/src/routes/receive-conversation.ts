import { acceptsConversationCreated } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { SignatureOutcome } from '../check-signature.js';
import { toConversation } from '../conversation-event.js';
import { dedupeKey } from '../dedupe-key.js';
import { isOwnConversation } from '../own-app-guard.js';
import { type ConversationSummary, peekConversation } from '../peek-conversation.js';
import { enqueueDelivery } from '../queued-delivery.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { parseOr422 } from '../zod-failure.js';

/**
 * A conversation-created delivery: validated, own conversations ignored, deduplicated, queued
 * durably, and acknowledged with 200 `{}` before any handler runs.
 */
export async function receiveConversation(
  deps: RuntimeDeps,
  request: FastifyRequest,
  params: {
    uid: string;
    /** The body's bytes as received (what is queued). */
    raw: Buffer;
    /** The body decoded and parsed (once), for the exact path. */
    json: () => unknown;
    /** Try the fast path first. */
    peek: boolean;
    signature: SignatureOutcome;
    receivedAt: number;
    log: FastifyBaseLogger;
  },
): Promise<object> {
  // The fast path reads nearly every real delivery without decoding its text; the quick check then
  // accepts it without building zod's copy. Anything either is unsure of goes through the full
  // parse, which also names the failing paths for the 422.
  const conversation =
    (params.peek ? peekConversation(params.raw) : undefined) ?? exactConversation(params.json());
  const log = params.log;
  if (isOwnConversation(conversation, deps.config.appId)) {
    log.info(
      { conversationId: conversation.id, source: conversation.source },
      'ignored a conversation created by this app (Omi sends it back to its creator; handling it could loop)',
    );
    return {};
  }
  const key = dedupeKey(request.headers, conversation.id);
  const outcome = await enqueueDelivery(
    deps.storage,
    deps.markers,
    {
      kind: 'conversation',
      uid: params.uid,
      key,
      body: params.raw,
      deliveryId: params.signature.deliveryId,
      signed: params.signature.signed,
      receivedAt: params.receivedAt,
    },
    deps.maxAttempts,
  );
  // The lazy logger answers the level check itself: at the default level nothing is built here.
  if (outcome === 'duplicate')
    log.info({ key }, 'redelivery acknowledged; already queued or handled, not run again');
  else log.debug({ key }, 'conversation queued');
  return {};
}

function exactConversation(body: unknown): ConversationSummary {
  return acceptsConversationCreated(body)
    ? body
    : parseOr422('conversation-created payload', () => toConversation(body));
}

import { normalizeRealtimeTranscript, type WebhookReply } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger } from 'fastify';
import type { SignatureOutcome } from '../check-signature.js';
import type { PluginDefinition } from '../plugin-definition.js';
import { readQueryValue } from '../read-query-value.js';
import { runInline } from '../run-inline.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { parseOr422 } from '../zod-failure.js';

/**
 * Real-time transcript segments, in either body shape: `{session_id, segments}` (what Omi's code
 * sends) or the docs' bare array with `?session_id=`. The handler runs inline; its reply is the answer.
 */
export function receiveTranscript(
  deps: RuntimeDeps,
  handler: NonNullable<PluginDefinition['onTranscript']>,
  params: {
    uid: string;
    url: string;
    body: unknown;
    signature: SignatureOutcome;
    receivedAt: number;
    log: FastifyBaseLogger;
  },
): Promise<WebhookReply> {
  const query = { uid: params.uid, session_id: readQueryValue(params.url, 'session_id') };
  const event = parseOr422('real-time transcript payload', () =>
    normalizeRealtimeTranscript(params.body, query),
  );
  return runInline(deps, handler, {
    uid: params.uid,
    event,
    log: params.log,
    delivery: {
      key: undefined,
      id: params.signature.deliveryId,
      signed: params.signature.signed,
      attempt: 1,
      receivedAt: new Date(params.receivedAt),
    },
  });
}

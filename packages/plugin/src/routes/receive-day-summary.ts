import { createHash } from 'node:crypto';
import { DaySummaryPayload } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { SignatureOutcome } from '../check-signature.js';
import { dedupeKey } from '../dedupe-key.js';
import { enqueueDelivery } from '../queued-delivery.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { parseOr422 } from '../zod-failure.js';

/**
 * A Developer-Settings day summary: validated, deduplicated on `Idempotency-Key` (Omi retries
 * these after 1, 5 and 30 s) or on the uid and date, queued like a conversation.
 */
export async function receiveDaySummary(
  deps: RuntimeDeps,
  request: FastifyRequest,
  params: {
    uid: string;
    text: string;
    /** The body's bytes as received (what is queued). */
    raw: Buffer;
    body: unknown;
    signature: SignatureOutcome;
    receivedAt: number;
    log: FastifyBaseLogger;
  },
): Promise<object> {
  const summary = parseOr422('day-summary payload', () => DaySummaryPayload.parse(params.body));
  const date = summary.summary_json?.date ?? summary.created_at;
  const fallback = `${params.uid}:${date ?? createHash('sha256').update(params.text).digest('hex').slice(0, 32)}`;
  const key = dedupeKey(request.headers, fallback);
  const outcome = await enqueueDelivery(
    deps.storage,
    deps.markers,
    {
      kind: 'day_summary',
      uid: params.uid,
      key,
      body: params.raw,
      deliveryId: params.signature.deliveryId,
      signed: params.signature.signed,
      receivedAt: params.receivedAt,
    },
    deps.maxAttempts,
  );
  if (outcome === 'duplicate')
    params.log.info({ key }, 'redelivery acknowledged; already queued or handled, not run again');
  return {};
}

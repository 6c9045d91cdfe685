import { OmiHeader, sign } from '@omi-kit/webhook-types';
import type { WebhookEvent } from './webhook-event.js';

export interface DeliveryHeadersInput {
  event: WebhookEvent;
  uid: string;
  body: Buffer;
  /** Signing secrets, current first; none means an unsigned delivery. */
  secrets: readonly string[];
  /** `X-Omi-Idempotency-Key` (conversations). */
  idempotencyKey: string | null;
  /** `Idempotency-Key` (Developer-Settings webhooks such as the day summary). */
  developerIdempotencyKey: string | null;
  /** `X-Omi-Delivery`, sent with the signature. */
  deliveryId: string;
  /** Signing time. */
  now: Date;
}

/**
 * The headers of one attempt. As in Omi, `X-Omi-Event` and `X-Omi-Delivery` come with the
 * signature only: an app without a secret gets the same request it got before signing existed.
 */
export function deliveryHeaders(input: DeliveryHeadersInput): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': input.event === 'audio_bytes' ? 'application/octet-stream' : 'application/json',
  };
  if (input.idempotencyKey) headers[OmiHeader.idempotencyKey] = input.idempotencyKey;
  if (input.developerIdempotencyKey)
    headers[OmiHeader.developerIdempotencyKey] = input.developerIdempotencyKey;
  if (input.secrets.length > 0) {
    headers[OmiHeader.signature] = sign({
      secrets: input.secrets,
      uid: input.uid,
      body: input.body,
      timestamp: input.now,
    });
    headers[OmiHeader.event] = input.event;
    headers[OmiHeader.delivery] = input.deliveryId;
  }
  return headers;
}

import {
  isWebhookSignatureError,
  OmiHeaderLower,
  verify,
  verifyChatToolRequest,
} from '@omi-kit/webhook-types';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { HttpFailure } from './http-failure.js';
import type { SignatureMode } from './plugin-config.js';

export interface SignatureSettings {
  /** `whsec_…` secrets; empty means no check. */
  secrets: string[];
  mode: SignatureMode;
  /** The clock for the ±300 s window, in ms. */
  now: () => number;
}

export interface SignatureOutcome {
  /** True when a signature verified. */
  signed: boolean;
  /** `X-Omi-Delivery` (chat tools: verified; webhooks: as sent). */
  deliveryId: string | undefined;
}

/**
 * Check a webhook's `v1` signature (or a chat-tool call's `v2`) on the raw bytes. With no secret
 * configured nothing is checked. A failure is a 401 in `enforce` mode; in `warn` mode it is logged
 * and the request goes on, because Omi sends requests unsigned when it cannot read its secret store.
 */
export function checkSignature(
  settings: SignatureSettings,
  request: FastifyRequest,
  raw: Buffer,
  scheme: { v1: { uid: string } } | { v2: true },
  log: FastifyBaseLogger,
): SignatureOutcome {
  const deliveryHeader = request.headers[OmiHeaderLower.delivery];
  const deliveryId = typeof deliveryHeader === 'string' ? deliveryHeader : undefined;
  if (settings.secrets.length === 0) return { signed: false, deliveryId };
  const now = new Date(settings.now());
  try {
    if ('v1' in scheme) {
      verify({ headers: request.headers, body: raw, uid: scheme.v1.uid, secrets: settings.secrets, now });
    } else {
      verifyChatToolRequest({
        headers: request.headers,
        method: request.method,
        url: request.url,
        body: raw,
        secrets: settings.secrets,
        now,
      });
    }
    return { signed: true, deliveryId };
  } catch (error) {
    if (!isWebhookSignatureError(error)) throw error;
    return rejectOrWarn(settings, error.code, error.message, log, deliveryId);
  }
}

/** The shared outcome of a failed check (also used by the chat-tool replay guard). */
export function rejectOrWarn(
  settings: SignatureSettings,
  reason: string,
  message: string,
  log: FastifyBaseLogger,
  deliveryId: string | undefined,
): SignatureOutcome {
  if (settings.mode === 'enforce') {
    log.warn({ reason }, 'request refused: signature check failed (401)');
    throw new HttpFailure(401, 'invalid_signature', message, { reason });
  }
  log.warn({ reason }, 'signature check failed; request accepted because OMI_SIGNATURE_MODE=warn');
  return { signed: false, deliveryId };
}

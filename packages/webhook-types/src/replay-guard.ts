import { DEFAULT_TOLERANCE_SEC } from './check-timestamp.js';
import { WebhookSignatureError } from './webhook-signature-error.js';

/**
 * Store `key` for `ttlSec` seconds unless it is already there; resolve `true` when it was stored now.
 * Redis `SET key 1 NX EX ttl`, SQL `INSERT … ON CONFLICT DO NOTHING`, or {@link memorySetIfAbsent}.
 */
export type SetIfAbsent = (key: string, ttlSec: number) => boolean | Promise<boolean>;

export interface ReplayGuardOptions {
  setIfAbsent: SetIfAbsent;
  /**
   * How long to remember a delivery id. Default 600 s: a signature is fresh for 300 s either side of
   * its `t`, so the same request can verify for up to 600 s after it first arrived.
   */
  ttlSec?: number;
  /** Prefix of the stored keys. Default `omi:delivery:`. */
  keyPrefix?: string;
}

/** Resolves when the delivery id is new; rejects with `replayed_delivery` when it was seen already. */
export type ReplayGuard = (delivery: string) => Promise<void>;

/**
 * Reject exact replays of signed chat-tool calls by remembering `X-Omi-Delivery` (reference §6.4).
 * Call it only after `verifyChatToolRequest` succeeded, so unsigned traffic cannot fill the store.
 * Not for webhooks: Omi re-sends conversation deliveries with the same id on purpose; deduplicate
 * those on the idempotency key instead.
 */
export function createReplayGuard(options: ReplayGuardOptions): ReplayGuard {
  const ttlSec = options.ttlSec ?? 2 * DEFAULT_TOLERANCE_SEC;
  const prefix = options.keyPrefix ?? 'omi:delivery:';
  if (!Number.isFinite(ttlSec) || ttlSec <= 0)
    throw new TypeError('ttlSec must be a positive number of seconds.');
  return async (delivery) => {
    if (typeof delivery !== 'string' || delivery === '') {
      throw new WebhookSignatureError(
        'missing_header',
        'No X-Omi-Delivery value to check. Pass the delivery returned by verifyChatToolRequest().',
      );
    }
    if (!(await options.setIfAbsent(prefix + delivery, ttlSec))) {
      throw new WebhookSignatureError(
        'replayed_delivery',
        `This X-Omi-Delivery was already received in the last ${ttlSec} s: the request is a replay. ` +
          'Reject it (Omi never sends the same signed chat-tool call twice).',
        { toleranceSec: ttlSec },
      );
    }
  };
}

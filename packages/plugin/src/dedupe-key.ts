import type { IncomingHttpHeaders } from 'node:http';
import { OmiHeaderLower } from '@omi-kit/webhook-types';

/**
 * The key a redelivery shares with the first delivery: `X-Omi-Idempotency-Key` (Omi's
 * finalization replays: `conversation:<id>:finalization`), else the Developer-Settings
 * `Idempotency-Key`, else what identifies the event (the conversation id).
 */
export function dedupeKey(headers: IncomingHttpHeaders, fallback: string | undefined): string | undefined {
  const omiKey = headers[OmiHeaderLower.idempotencyKey];
  if (typeof omiKey === 'string' && omiKey !== '') return omiKey;
  const developerKey = headers[OmiHeaderLower.developerIdempotencyKey];
  if (typeof developerKey === 'string' && developerKey !== '') return developerKey;
  return fallback;
}

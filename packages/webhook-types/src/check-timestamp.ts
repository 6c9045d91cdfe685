import { WebhookSignatureError } from './webhook-signature-error.js';

/** Throws `timestamp_too_old` / `timestamp_too_new` when `|now - timestamp| > toleranceSec`. */
export function checkTimestamp(timestamp: number, now: number, toleranceSec: number): void {
  if (Math.abs(now - timestamp) <= toleranceSec) return;
  const skewSec = Math.ceil(Math.abs(now - timestamp));
  const details = { timestamp, now: Math.floor(now), toleranceSec, skewSec };
  const beyond = skewSec - toleranceSec;
  if (timestamp < now) {
    throw new WebhookSignatureError(
      'timestamp_too_old',
      `The signature timestamp is ${skewSec} s old, ${beyond} s beyond the ${toleranceSec} s tolerance. ` +
        'Either this is a replayed or long-delayed request (reject it), or this server clock runs ahead: ' +
        'sync it with NTP.',
      details,
    );
  }
  throw new WebhookSignatureError(
    'timestamp_too_new',
    `The signature timestamp is ${skewSec} s in the future, ${beyond} s beyond the ${toleranceSec} s tolerance. ` +
      'This server clock is probably behind: sync it with NTP.',
    details,
  );
}

/** `toleranceSec` checked: a non-negative number (`Infinity` turns the check off, e.g. to replay a saved delivery). */
export function toleranceOf(value: number | undefined): number {
  const tolerance = value ?? DEFAULT_TOLERANCE_SEC;
  if (typeof tolerance !== 'number' || Number.isNaN(tolerance) || tolerance < 0) {
    throw new TypeError('toleranceSec must be a number of seconds, 0 or more.');
  }
  return tolerance;
}

/** Omi's tolerance: a signature is fresh for 300 s either side of its `t`. */
export const DEFAULT_TOLERANCE_SEC = 300;

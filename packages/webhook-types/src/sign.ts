import { computeSignature } from './compute-signature.js';
import type { RawBody } from './raw-body.js';
import { rawBodyBytes } from './raw-body.js';
import { type SecretInput, signingSecrets } from './signing-secrets.js';
import { unixSeconds } from './unix-seconds.js';

export interface SignInput extends SecretInput {
  /** The `uid` that goes in the delivery's query string (decoded); `''` for an event without one. */
  uid: string;
  /** The exact bytes that will be sent. */
  body: RawBody;
  /** Unix seconds or a Date; now when omitted. */
  timestamp?: number | Date;
}

/**
 * The `X-Omi-Signature` value Omi puts on a webhook delivery: `t=<unix>,v1=<hex>`, with one `v1=`
 * per secret (current first) during a rotation. For emulators and tests of your own endpoint.
 */
export function sign(input: SignInput): string {
  const secrets = signingSecrets(input);
  const body = rawBodyBytes(input.body);
  const timestamp = Math.trunc(unixSeconds(input.timestamp, 'timestamp'));
  const uid = input.uid ?? '';
  const signatures = secrets.map((secret) => `v1=${computeSignature({ secret, timestamp, uid, body })}`);
  return [`t=${timestamp}`, ...signatures].join(',');
}

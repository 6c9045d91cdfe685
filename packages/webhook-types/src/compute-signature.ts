import { hmacSha256Hex } from './hmac-sha256-hex.js';
import { type RawBody, rawBodyBytes } from './raw-body.js';

export interface ComputeSignatureInput {
  /** The whole `whsec_…` string; its UTF-8 bytes are the key (nothing stripped or decoded). */
  secret: string;
  /** Unix seconds, an integer. */
  timestamp: number | string;
  /** The decoded `uid` query value; `''` when the event has none. */
  uid: string;
  body: RawBody;
}

/** The `v1` signature: hex HMAC-SHA256 over `"<t>.<uid>."` followed by the raw body bytes (reference §6.3). */
export function computeSignature({ secret, timestamp, uid, body }: ComputeSignatureInput): string {
  return hmacSha256Hex(secret, Buffer.from(`${timestamp}.${uid ?? ''}.`, 'utf8'), rawBodyBytes(body));
}

import { createHmac } from 'node:crypto';

/** Hex HMAC-SHA256 keyed with the UTF-8 bytes of the whole secret string (nothing stripped or decoded). */
export function hmacSha256Hex(secret: string, ...chunks: Uint8Array[]): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  for (const chunk of chunks) hmac.update(chunk);
  return hmac.digest('hex');
}

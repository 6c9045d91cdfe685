import { createHash, randomBytes } from 'node:crypto';

/** A new app key, as `POST /v1/apps/{id}/keys` returns it once: `sk_` + 32 hex characters. */
export function newAppKey(): string {
  return `sk_${randomBytes(16).toString('hex')}`;
}

/** Omi stores app keys as sha256 hashes, and a leading `sk_` is optional when verifying. */
export function hashAppKey(key: string): string {
  const bare = key.startsWith('sk_') ? key.slice(3) : key;
  return createHash('sha256').update(bare, 'utf8').digest('hex');
}

import { checkFiniteNumber, checkName } from './argument-checks.js';
import { StorageError } from './errors/storage-error.js';
import { fromJson, toJson } from './json-value.js';
import type { StoredToken, TokenRecord } from './token-store.js';

const STRING_FIELDS = ['accessToken', 'refreshToken', 'scope', 'tokenType', 'sealed'] as const;

function invalid(message: string): StorageError {
  // Says which field is wrong, never what it held: these are secrets.
  return new StorageError('ERR_STORAGE_INVALID_ARGUMENT', `token: ${message}`);
}

/** Check a token record and build what the store keeps: defined fields only, `extra` copied through JSON. */
export function toStoredToken(provider: string, uid: string, token: TokenRecord, now: number): StoredToken {
  checkName(provider, 'provider');
  checkName(uid, 'uid');
  if (typeof token !== 'object' || token === null) throw invalid('must be an object.');
  const stored: { -readonly [K in keyof StoredToken]: StoredToken[K] } = { provider, uid, updatedAt: now };
  for (const field of STRING_FIELDS) {
    const value = token[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalid(`${field} must be a string.`);
    stored[field] = value;
  }
  if (stored.accessToken === undefined && stored.sealed === undefined) {
    throw invalid('give an accessToken, or a sealed blob that holds it.');
  }
  if (token.expiresAt !== undefined) stored.expiresAt = checkFiniteNumber(token.expiresAt, 'token.expiresAt');
  if (token.extra !== undefined) {
    if (typeof token.extra !== 'object' || token.extra === null || Array.isArray(token.extra)) {
      throw invalid('extra must be a plain object.');
    }
    stored.extra = fromJson<Record<string, unknown>>(toJson(token.extra, 'token.extra'));
  }
  return stored;
}

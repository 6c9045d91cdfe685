import * as crypto from 'node:crypto';
import { createHash, randomBytes, randomInt } from 'node:crypto';

type OneShotHash = (algorithm: string, data: string, encoding: 'buffer') => Buffer;

/**
 * Node's one-shot `crypto.hash`, cheaper than a Hash object, where it exists and returns bytes
 * (Node 20.12+); `createHash` otherwise.
 */
const oneShotHash = ((): OneShotHash | undefined => {
  const hash = (crypto as { hash?: OneShotHash }).hash;
  try {
    return hash && Buffer.isBuffer(hash('sha256', '', 'buffer')) ? hash : undefined;
  } catch {
    return undefined;
  }
})();
function sha256(data: string): Buffer {
  return oneShotHash
    ? oneShotHash('sha256', data, 'buffer')
    : createHash('sha256').update(data, 'utf8').digest();
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Omi's `document_id_from_seed`: the first 16 bytes of sha256(seed) shaped as a version-4 UUID.
 * Memory ids come from the content, so the same content always gets the same id.
 */
export function documentIdFromSeed(seed: string): string {
  const bytes = sha256(seed).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes);
}

/** RFC 4122 version-5 UUID (SHA-1 of namespace bytes + name), as Python's `uuid.uuid5`. */
export function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes);
}

/** The namespace Omi uses for idempotent from-segments conversation ids. */
export const FROM_SEGMENTS_NAMESPACE = 'fb2f1f36-3c84-47a4-9c62-b3f6fdb3fd13';

/** The id of a conversation created from segments with a client session id. */
export function fromSegmentsConversationId(uid: string, clientSessionId: string): string {
  return uuid5(FROM_SEGMENTS_NAMESPACE, `${uid}\0${clientSessionId}`);
}

const AUTO_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Firestore auto-id: 20 alphanumeric characters (action-item ids). */
export function firestoreAutoId(random: (max: number) => number = randomInt): string {
  let id = '';
  for (let i = 0; i < 20; i++) id += AUTO_ID_ALPHABET[random(AUTO_ID_ALPHABET.length)];
  return id;
}

/** `goal_` + 12 hex characters. */
export function goalId(): string {
  return `goal_${randomBytes(6).toString('hex')}`;
}

/** A new Developer API key: `omi_dev_` + 32 lower-case hex characters. */
export function newDevApiKey(): string {
  return `omi_dev_${randomBytes(16).toString('hex')}`;
}

/** Omi stores only sha256 of the key's hex part. */
export function hashDevApiKey(key: string): string {
  return createHash('sha256').update(key.slice('omi_dev_'.length), 'utf8').digest('hex');
}

/** `omi_dev_` + first 4 hex + `...` + last 4 hex. */
export function devApiKeyPrefix(key: string): string {
  const hex = key.slice('omi_dev_'.length);
  return `omi_dev_${hex.slice(0, 4)}...${hex.slice(-4)}`;
}

import { createHash } from 'node:crypto';

/**
 * Independent implementations of the reference's id rules (§1 "ID formats"), so the tests never
 * check the emulator against its own code.
 */
function hexUuid(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20, 32)].join('-');
}

/** `str(uuid.UUID(bytes=sha256(seed.encode('utf-8')).digest()[:16], version=4))`. */
export function expectedMemoryId(content: string): string {
  const b = Buffer.from(createHash('sha256').update(Buffer.from(content, 'utf8')).digest().subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return hexUuid(b);
}

/** Python's `uuid.uuid5(namespace, name)`. */
export function pythonUuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.split('-').join(''), 'hex');
  const digest = createHash('sha1')
    .update(Buffer.concat([ns, Buffer.from(name, 'utf8')]))
    .digest();
  const b = Buffer.from(digest.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return hexUuid(b);
}

export const FROM_SEGMENTS_NS = 'fb2f1f36-3c84-47a4-9c62-b3f6fdb3fd13';

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const UUID_ANY = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

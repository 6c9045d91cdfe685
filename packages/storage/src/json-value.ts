import { StorageError } from './errors/storage-error.js';
import { isRawJson, rawJsonContent } from './raw-json.js';

/**
 * Values are stored as JSON so every adapter returns the same thing: a copy, with Dates as ISO
 * strings and undefined properties dropped, exactly as JSON.stringify would. A {@link rawJson}
 * value is stored as the text it wraps.
 */
export function toJson(value: unknown, what: string): string {
  if (isRawJson(value)) {
    const stored = toStoredJson(value, what);
    return typeof stored === 'string' ? stored : stored.toString('utf8');
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new StorageError('ERR_STORAGE_INVALID_ARGUMENT', `${what} must be JSON-serialisable.`, { cause });
  }
  if (text === undefined) {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `${what} must be JSON-serialisable; received ${typeof value}.`,
    );
  }
  return text;
}

/** A job payload as stored: JSON text, or UTF-8 bytes when it came as {@link rawJson} bytes. */
export function toStoredJson(value: unknown, what: string): string | Buffer {
  if (isRawJson(value)) {
    const content = rawJsonContent(value);
    if (typeof content === 'string') return content;
    return Buffer.isBuffer(content)
      ? content
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  }
  return toJson(value, what);
}

export function fromJson<T>(json: string | Buffer): T {
  return JSON.parse(typeof json === 'string' ? json : json.toString('utf8')) as T;
}

import { StorageError } from './errors/storage-error.js';
import { isRawJson, rawJsonText } from './raw-json.js';

/**
 * Values are stored as JSON so every adapter returns the same thing: a copy, with Dates as ISO
 * strings and undefined properties dropped, exactly as JSON.stringify would. A {@link rawJson}
 * value is stored as the text it wraps.
 */
export function toJson(value: unknown, what: string): string {
  if (isRawJson(value)) return rawJsonText(value);
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

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

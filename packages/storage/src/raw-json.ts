const TEXT = Symbol.for('@omi-kit/storage.rawJson');

/** JSON text to store as it is, instead of a value to serialise. Made by {@link rawJson}. */
export interface RawJson {
  readonly [TEXT]: string;
}

/**
 * Wrap JSON text the caller has already produced or received, so a payload or value is stored
 * without being serialised again (a 20 KB webhook body costs more to re-escape than to store).
 * The text must be one valid JSON value: the store does not parse it, and a reader gets
 * `JSON.parse(text)`. Checks only that it is a non-empty string.
 */
export function rawJson(text: string): RawJson {
  if (typeof text !== 'string' || text.length === 0) {
    throw new TypeError('rawJson(text) takes the JSON text of one value, as a non-empty string.');
  }
  return Object.freeze({ [TEXT]: text });
}

export function isRawJson(value: unknown): value is RawJson {
  return typeof value === 'object' && value !== null && TEXT in value;
}

export function rawJsonText(value: RawJson): string {
  return value[TEXT];
}

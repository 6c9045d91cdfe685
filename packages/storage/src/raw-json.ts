const JSON_TEXT = Symbol.for('@omi-kit/storage.rawJson');

/** JSON to store as it is, instead of a value to serialise. Made by {@link rawJson}. */
export interface RawJson {
  readonly [JSON_TEXT]: string | Uint8Array;
}

/**
 * Wrap JSON the caller already has (as text, or as UTF-8 bytes such as a request body) so a job
 * payload or value is stored without being serialised again: a 20 KB webhook body costs more to
 * re-escape, or to re-encode as UTF-8, than to store. It must be one valid JSON value: the store
 * does not parse it, and a reader gets `JSON.parse` of it. Bytes are kept as given (the SQLite
 * adapter stores them as a BLOB), so do not change the buffer afterwards.
 */
export function rawJson(json: string | Uint8Array): RawJson {
  if (!(typeof json === 'string' || json instanceof Uint8Array) || json.length === 0) {
    throw new TypeError('rawJson(json) takes the JSON of one value, as a non-empty string or UTF-8 bytes.');
  }
  return Object.freeze({ [JSON_TEXT]: json });
}

export function isRawJson(value: unknown): value is RawJson {
  return typeof value === 'object' && value !== null && JSON_TEXT in value;
}

export function rawJsonContent(value: RawJson): string | Uint8Array {
  return value[JSON_TEXT];
}

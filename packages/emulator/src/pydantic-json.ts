/** Response keys whose values are datetimes in Omi's response models. */
const DATETIME_KEYS = new Set([
  'created_at',
  'updated_at',
  'started_at',
  'finished_at',
  'due_at',
  'completed_at',
  'last_used_at',
  'horizon_at',
  'recorded_at',
  'start',
]);

const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/**
 * A UTC datetime as pydantic v2 writes it: `Z`, and the fraction only with its significant
 * digits (`…:00Z`, `…:01.5Z`), where `Date#toISOString` always writes milliseconds (`…:00.000Z`).
 */
export function pydanticDatetime(iso: string): string {
  const match = ISO_UTC.exec(iso);
  if (!match) return iso;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction ? `${match[1]}.${fraction}Z` : `${match[1]}Z`;
}

/**
 * Rewrites, in place, every datetime field of a freshly built reply into pydantic's form. The
 * store keeps `toISOString()` strings (fixed width, so SQL comparisons stay correct); only the
 * wire form changes. A walk then native `JSON.stringify` costs a fraction of a stringify replacer.
 */
export function toPydanticDates<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object') toPydanticDates(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const v = record[key];
      if (typeof v === 'string') {
        if (DATETIME_KEYS.has(key)) record[key] = pydanticDatetime(v);
      } else if (v !== null && typeof v === 'object') toPydanticDates(v);
    }
  }
  return value;
}

/** A reply that is already JSON text (sent as it is, without a second serialisation). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toPydanticJson(payload: unknown): string {
  return JSON.stringify(toPydanticDates(payload));
}

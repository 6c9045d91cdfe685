import { z } from 'zod';

/**
 * An enum as Omi parses it: unknown values are replaced by `fallback`, the way Omi's
 * pydantic models coerce them (unknown conversation category -> "other", source -> "unknown").
 */
export function coercingEnum<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z.enum(values).catch(fallback);
}

/**
 * An enum whose future values must not break a parser: known values are typed, any other
 * string is kept as it is (used where Omi itself keeps the raw string).
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string()]) as unknown as z.ZodType<T[number] | (string & {})>;
}

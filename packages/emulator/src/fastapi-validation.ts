import type { ValidationErrorItem } from '@omi-kit/schemas';
import type { z } from 'zod';

/**
 * Request validation with FastAPI's semantics and pydantic v2's error list: query strings are
 * coerced the way pydantic's lax mode does, and every zod issue becomes a `{type, loc, msg, input}`
 * entry, so a client sees the same 422 body it would get from Omi.
 */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationErrorItem[] };

type Def = { type: string; innerType?: z.ZodType; checks?: { _zod: { def: { format?: string } } }[] };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

type ScalarKind = 'int' | 'float' | 'bool' | 'string';

function scalarKind(schema: z.ZodType): ScalarKind {
  let def = defOf(schema);
  while (def.innerType) def = defOf(def.innerType);
  if (def.type === 'boolean') return 'bool';
  if (def.type === 'number') {
    const isInt = (def.checks ?? []).some((c) => /int/.test(c._zod.def.format ?? ''));
    return isInt ? 'int' : 'float';
  }
  return 'string';
}

const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** pydantic's lax boolean from a query string; undefined when it cannot be read. */
export function laxBoolean(raw: string): boolean | undefined {
  const word = raw.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function coerce(kind: ScalarKind, raw: string, loc: (string | number)[]): unknown | ValidationErrorItem {
  switch (kind) {
    case 'int':
      if (/^\s*[+-]?\d+\s*$/.test(raw)) return Number.parseInt(raw, 10);
      if (/^\s*[+-]?\d+\.\d*\s*$/.test(raw) || /^\s*[+-]?\d*\.\d+\s*$/.test(raw)) {
        const n = Number(raw);
        if (Number.isInteger(n)) return n;
        return {
          type: 'int_parsing',
          loc,
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: raw,
        };
      }
      return {
        type: 'int_parsing',
        loc,
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: raw,
      };
    case 'float': {
      const n = raw.trim() === '' ? Number.NaN : Number(raw);
      if (Number.isFinite(n)) return n;
      return {
        type: 'float_parsing',
        loc,
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: raw,
      };
    }
    case 'bool': {
      const b = laxBoolean(raw);
      if (b !== undefined) return b;
      return {
        type: 'bool_parsing',
        loc,
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: raw,
      };
    }
    default:
      return raw;
  }
}

const isErrorItem = (v: unknown): v is ValidationErrorItem =>
  typeof v === 'object' && v !== null && 'msg' in v && 'loc' in v && 'type' in v;

/** Validates a query string (already split by Fastify) against a route's query schema. */
export function validateQuery<T>(
  schema: z.ZodObject,
  raw: Record<string, string | string[] | undefined>,
): ValidationResult<T> {
  const errors: ValidationErrorItem[] = [];
  const coerced: Record<string, unknown> = {};
  for (const [name, fieldSchema] of Object.entries(schema.shape)) {
    const value = raw[name];
    if (value === undefined) continue;
    // Starlette keeps the last of repeated parameters.
    const last = Array.isArray(value) ? value[value.length - 1]! : value;
    const result = coerce(scalarKind(fieldSchema as z.ZodType), last, ['query', name]);
    if (isErrorItem(result)) errors.push(result);
    else coerced[name] = result;
  }
  const known = new Set(Object.keys(schema.shape));
  const parsed = schema.safeParse(coerced);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') continue;
      if (errors.some((e) => e.loc[1] === issue.path[0])) continue;
      errors.push(toPydanticError(issue, 'query', coerced));
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const value = parsed.success ? parsed.data : {};
  for (const key of Object.keys(value as object))
    if (!known.has(key)) delete (value as Record<string, unknown>)[key];
  return { ok: true, value: value as T };
}

/** Validates a raw JSON body against a route's body schema, as FastAPI does. */
export function validateBody<T>(schema: z.ZodType, raw: Buffer | undefined): ValidationResult<T> {
  if (!raw || raw.length === 0) {
    return { ok: false, errors: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] };
  }
  let input: unknown;
  try {
    input = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    return {
      ok: false,
      errors: [
        {
          type: 'json_invalid',
          loc: ['body', position ? Number(position) : 0],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'Expecting value' },
        },
      ],
    };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          type: 'model_attributes_type',
          loc: ['body'],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input,
        },
      ],
    };
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as T };
  return {
    ok: false,
    errors: parsed.error.issues
      .filter((i) => i.code !== 'unrecognized_keys')
      .map((i) => toPydanticError(i, 'body', input)),
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((v) => `'${String(v)}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One zod issue as pydantic v2 would have reported it. */
export function toPydanticError(
  issue: z.core.$ZodIssue,
  where: 'body' | 'query',
  root: unknown,
): ValidationErrorItem {
  const path = issue.path as (string | number)[];
  const loc = [where, ...path];
  const input = valueAt(root, path);
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined)
        return {
          type: 'missing',
          loc,
          msg: 'Field required',
          input: valueAt(root, path.slice(0, -1)) ?? null,
        };
      const expected = issue.expected;
      if (expected === 'string')
        return { type: 'string_type', loc, msg: 'Input should be a valid string', input };
      if (expected === 'boolean')
        return { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input };
      if (expected === 'array') return { type: 'list_type', loc, msg: 'Input should be a valid list', input };
      if (expected === 'object')
        return {
          type: 'model_type',
          loc,
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input,
        };
      if (expected === 'int' || (expected === 'number' && typeof input === 'number'))
        return {
          type: 'int_from_float',
          loc,
          msg: 'Input should be a valid integer, got a number with a fractional part',
          input,
        };
      if (expected === 'number')
        return { type: 'float_type', loc, msg: 'Input should be a valid number', input };
      if (expected === 'null') return { type: 'none_required', loc, msg: 'Input should be None', input };
      return { type: `${expected}_type`, loc, msg: `Input should be a valid ${expected}`, input };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return {
          type: 'string_too_short',
          loc,
          msg: `String should have at least ${plural(min, 'character')}`,
          input,
          ctx: { min_length: min },
        };
      if (issue.origin === 'array') {
        const actual = Array.isArray(input) ? input.length : 0;
        return {
          type: 'too_short',
          loc,
          msg: `List should have at least ${plural(min, 'item')} after validation, not ${actual}`,
          input,
          ctx: { field_type: 'List', min_length: min, actual_length: actual },
        };
      }
      return issue.inclusive
        ? {
            type: 'greater_than_equal',
            loc,
            msg: `Input should be greater than or equal to ${min}`,
            input,
            ctx: { ge: min },
          }
        : { type: 'greater_than', loc, msg: `Input should be greater than ${min}`, input, ctx: { gt: min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string')
        return {
          type: 'string_too_long',
          loc,
          msg: `String should have at most ${plural(max, 'character')}`,
          input,
          ctx: { max_length: max },
        };
      if (issue.origin === 'array') {
        const actual = Array.isArray(input) ? input.length : 0;
        return {
          type: 'too_long',
          loc,
          msg: `List should have at most ${plural(max, 'item')} after validation, not ${actual}`,
          input,
          ctx: { field_type: 'List', max_length: max, actual_length: actual },
        };
      }
      return issue.inclusive
        ? {
            type: 'less_than_equal',
            loc,
            msg: `Input should be less than or equal to ${max}`,
            input,
            ctx: { le: max },
          }
        : { type: 'less_than', loc, msg: `Input should be less than ${max}`, input, ctx: { lt: max } };
    }
    case 'invalid_value': {
      const expected = quoteList(issue.values);
      return { type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
    }
    case 'invalid_union':
    case 'invalid_format': {
      if (typeof input !== 'string')
        return { type: 'datetime_type', loc, msg: 'Input should be a valid datetime', input };
      const reason = input.length < 10 ? 'input is too short' : 'invalid character in year';
      return {
        type: 'datetime_from_date_parsing',
        loc,
        msg: `Input should be a valid datetime or date, ${reason}`,
        input,
        ctx: { error: reason },
      };
    }
    default:
      return { type: 'value_error', loc, msg: `Value error, ${issue.message}`, input };
  }
}

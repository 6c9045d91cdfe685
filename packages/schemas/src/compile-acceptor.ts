import type { z } from 'zod';

/**
 * A quick yes/maybe check compiled from a zod schema: `true` means the schema certainly accepts
 * the value (its `parse` would succeed); `false` means "not sure", and the caller runs the schema
 * itself, which also produces the error paths. It never says `true` for a value the schema
 * rejects: objects, arrays, optionals, nullables, unions, catches and the plain leaves are checked
 * here without building zod's output copy, and everything else is handed to zod as it is.
 *
 * This is what lets a webhook receiver validate a 20 KB conversation in a few microseconds and
 * still answer 422 with zod's own paths when a body is wrong.
 */
export type Acceptor = (value: unknown) => boolean;

export interface AcceptorOptions {
  /**
   * Say yes only when zod would also hand the value back unchanged: no default filled in, no
   * `.catch()` fallback used, no unknown key stripped, no transform. The caller can then use the
   * value itself as the parse result (a client validating responses skips zod's copy).
   */
  unchanged?: boolean;
  /**
   * The value was parsed from bytes read as Latin-1 (one character per byte) instead of decoded as
   * UTF-8, which JSON.parse reads much faster and which keeps JSON's structure, numbers and ASCII
   * text intact; only non-ASCII text differs. Say yes only where that cannot change zod's answer on
   * the decoded value: a node zod checks itself (lengths, patterns, ...), an enum or literal, or an
   * object whose own keys are not ASCII, meeting non-ASCII text, says "not sure".
   */
  latin1?: boolean;
}

interface ZodInternals {
  _zod: {
    def: Record<string, unknown> & { type: string; checks?: unknown[]; coerce?: boolean };
    run(payload: { value: unknown; issues: unknown[] }, ctx: { async: boolean }): unknown;
    values?: Set<unknown>;
    check?: unknown;
  };
}

const SYNC = { async: false };

/** One cache per mode (unchanged × latin1). */
const compiled = Array.from({ length: 4 }, () => new WeakMap<z.ZodType, Acceptor>());

/** Compiled once per schema and mode: later calls for the same schema return the same function. */
export function compileAcceptor(schema: z.ZodType, options: AcceptorOptions = {}): Acceptor {
  const unchanged = options.unchanged === true;
  const latin1 = options.latin1 === true;
  const cache = compiled[(unchanged ? 1 : 0) + (latin1 ? 2 : 0)]!;
  let acceptor = cache.get(schema);
  if (!acceptor) {
    acceptor = compile(schema as unknown as ZodInternals, { seen: new Map(), unchanged, latin1 });
    cache.set(schema, acceptor);
  }
  return acceptor;
}

interface Compilation {
  seen: Map<ZodInternals, Acceptor>;
  unchanged: boolean;
  latin1: boolean;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Any string (value or key) below `value` with a character outside ASCII. */
function holdsNonAscii(value: unknown): boolean {
  if (typeof value === 'string') return NON_ASCII.test(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsNonAscii(item)) return true;
    return false;
  }
  for (const key in value) {
    if (NON_ASCII.test(key) || holdsNonAscii((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function compile(schema: ZodInternals, c: Compilation): Acceptor {
  const known = c.seen.get(schema);
  if (known) return known;
  // Recursive schemas (z.lazy) meet themselves again: the late-bound slot breaks the cycle.
  let compiled: Acceptor | undefined;
  const slot: Acceptor = (value) => compiled!(value);
  c.seen.set(schema, slot);
  compiled = build(schema, c);
  c.seen.set(schema, compiled);
  return compiled;
}

function build(schema: ZodInternals, c: Compilation): Acceptor {
  const def = schema._zod.def;
  // Formats (z.email(), z.int(), z.iso.datetime(), ...) are checks on the schema itself.
  const plain =
    !def.checks?.length &&
    !def.coerce &&
    def.format === undefined &&
    def.check === undefined &&
    typeof schema._zod.check !== 'function';
  switch (def.type) {
    case 'unknown':
    case 'any':
      return () => true;
    case 'string':
      return plain ? (value) => typeof value === 'string' : byZod(schema, c);
    case 'number':
      return plain ? (value) => typeof value === 'number' && Number.isFinite(value) : byZod(schema, c);
    case 'boolean':
      return plain ? (value) => typeof value === 'boolean' : byZod(schema, c);
    case 'null':
      return (value) => value === null;
    case 'enum':
    case 'literal': {
      // zod's own set of allowed values (for native enums it leaves out the reverse mappings).
      const values = schema._zod.values;
      if (!plain || !(values instanceof Set)) return byZod(schema, c);
      return c.latin1
        ? (value) => values.has(value) && !(typeof value === 'string' && NON_ASCII.test(value))
        : (value) => values.has(value);
    }
    case 'optional': {
      const inner = compile(def.innerType as ZodInternals, c);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compile(def.innerType as ZodInternals, c);
      return (value) => value === null || inner(value);
    }
    case 'default': {
      // undefined becomes the default value, which zod does not validate (a change, though).
      const inner = compile(def.innerType as ZodInternals, c);
      return c.unchanged
        ? (value) => value !== undefined && inner(value)
        : (value) => value === undefined || inner(value);
    }
    case 'catch':
      // A failure is replaced by the fallback value: a catch never rejects, but that is a change.
      return c.unchanged ? compile(def.innerType as ZodInternals, c) : () => true;
    case 'readonly':
      // zod freezes the output: not the same value.
      return c.unchanged ? byZod(schema, c) : compile(def.innerType as ZodInternals, c);
    case 'union': {
      // Exclusive unions (exactly one option) and discriminated ones are left to zod, and so is
      // every union when the value must come back unchanged (zod keeps the first option that
      // accepts, which may be one that changes it).
      if (c.unchanged || def.inclusive === false || def.discriminator !== undefined) return byZod(schema, c);
      const options = (def.options as ZodInternals[]).map((option) => compile(option, c));
      return (value) => {
        for (const option of options) if (option(value)) return true;
        return false;
      };
    }
    case 'array': {
      if (!plain) return byZod(schema, c);
      const element = compile(def.element as ZodInternals, c);
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (const item of value) if (!element(item)) return false;
        return true;
      };
    }
    case 'object':
      return plain ? objectAcceptor(def, c) : byZod(schema, c);
    default:
      return byZod(schema, c);
  }
}

function objectAcceptor(def: Record<string, unknown>, c: Compilation): Acceptor {
  const shape = def.shape as Record<string, ZodInternals>;
  const keys = Object.keys(shape);
  // A key spelled outside ASCII is not found under its Latin-1 reading, which could hide a bad value.
  if (c.latin1 && keys.some((key) => NON_ASCII.test(key))) return () => false;
  const fields = keys.map((key) => compile(shape[key]!, c));
  const known = new Set(keys);
  const catchall = def.catchall as ZodInternals | undefined;
  const catchallType = catchall?._zod.def.type;
  // No catchall strips unknown keys (a change); unknown/any keeps them: neither can fail.
  const rest: Acceptor | undefined =
    catchallType === 'unknown' || catchallType === 'any'
      ? undefined
      : catchall === undefined
        ? c.unchanged
          ? () => false
          : undefined
        : catchallType === 'never'
          ? () => false
          : compile(catchall, c);
  return (
    generatedObjectCheck(keys, fields, rest, known) ??
    ((value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const record = value as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) if (!fields[i]!(record[keys[i]!])) return false;
      if (rest) {
        for (const key in record) if (!known.has(key) && !rest(record[key])) return false;
      }
      return true;
    })
  );
}

/**
 * The same check as a function of its own, with each key read by name (`v["id"]`): V8 then
 * caches each read for the shapes it meets (JSON.parse gives every object of one kind the same
 * shape), where a loop over the keys makes every read a generic lookup. About 4x faster on a 20 KB
 * conversation. Undefined where code generation is not allowed (`--disallow-code-generation-from-strings`,
 * a Content Security Policy): the loop is used there. Only the keys, as JSON string literals, go into
 * the source; the field checks are passed in.
 */
function generatedObjectCheck(
  keys: readonly string[],
  fields: readonly Acceptor[],
  rest: Acceptor | undefined,
  known: ReadonlySet<string>,
): Acceptor | undefined {
  const reads = keys.map((key, i) => `if (!f[${i}](v[${JSON.stringify(key)}])) return false;`).join('\n');
  const others = rest ? 'for (const k in v) if (!known.has(k) && !rest(v[k])) return false;' : '';
  try {
    const make = new Function(
      'f',
      'rest',
      'known',
      `return function acceptObject(v) {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        ${reads}
        ${others}
        return true;
      };`,
    ) as (f: readonly Acceptor[], rest: Acceptor | undefined, known: ReadonlySet<string>) => Acceptor;
    return make(fields, rest, known);
  } catch {
    return undefined;
  }
}

/**
 * Ask zod itself about this one node (checks, coercions, pipes, transforms, records, ...). When the
 * value must come back unchanged, zod's output must be the very same value (true of primitives
 * that pass; objects and arrays come back as copies, so those are left to the caller's parse).
 */
function byZod(schema: ZodInternals, c: Compilation): Acceptor {
  return (value) => {
    if (c.latin1 && holdsNonAscii(value)) return false;
    const result = schema._zod.run({ value, issues: [] }, SYNC) as
      | { issues: unknown[]; value: unknown }
      | Promise<unknown>;
    return (
      !(result instanceof Promise) && result.issues.length === 0 && (!c.unchanged || result.value === value)
    );
  };
}

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

interface ZodInternals {
  _zod: {
    def: Record<string, unknown> & { type: string; checks?: unknown[]; coerce?: boolean };
    run(payload: { value: unknown; issues: unknown[] }, ctx: { async: boolean }): unknown;
    values?: Set<unknown>;
    check?: unknown;
  };
}

const SYNC = { async: false };

export function compileAcceptor(schema: z.ZodType): Acceptor {
  return compile(schema as unknown as ZodInternals, new Map());
}

function compile(schema: ZodInternals, seen: Map<ZodInternals, Acceptor>): Acceptor {
  const known = seen.get(schema);
  if (known) return known;
  // Recursive schemas (z.lazy) meet themselves again: the late-bound slot breaks the cycle.
  let compiled: Acceptor | undefined;
  const slot: Acceptor = (value) => compiled!(value);
  seen.set(schema, slot);
  compiled = build(schema, seen);
  seen.set(schema, compiled);
  return compiled;
}

function build(schema: ZodInternals, seen: Map<ZodInternals, Acceptor>): Acceptor {
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
      return plain ? (value) => typeof value === 'string' : byZod(schema);
    case 'number':
      return plain ? (value) => typeof value === 'number' && Number.isFinite(value) : byZod(schema);
    case 'boolean':
      return plain ? (value) => typeof value === 'boolean' : byZod(schema);
    case 'null':
      return (value) => value === null;
    case 'enum':
    case 'literal': {
      // zod's own set of allowed values (for native enums it leaves out the reverse mappings).
      const values = schema._zod.values;
      return plain && values instanceof Set ? (value) => values.has(value) : byZod(schema);
    }
    case 'optional': {
      const inner = compile(def.innerType as ZodInternals, seen);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compile(def.innerType as ZodInternals, seen);
      return (value) => value === null || inner(value);
    }
    case 'default': {
      // undefined becomes the default value, which zod does not validate.
      const inner = compile(def.innerType as ZodInternals, seen);
      return (value) => value === undefined || inner(value);
    }
    case 'catch':
      // A failure is replaced by the fallback value: a catch never rejects.
      return () => true;
    case 'readonly':
      return compile(def.innerType as ZodInternals, seen);
    case 'union': {
      // Exclusive unions (exactly one option) and discriminated ones are left to zod.
      if (def.inclusive === false || def.discriminator !== undefined) return byZod(schema);
      const options = (def.options as ZodInternals[]).map((option) => compile(option, seen));
      return (value) => {
        for (const option of options) if (option(value)) return true;
        return false;
      };
    }
    case 'array': {
      if (!plain) return byZod(schema);
      const element = compile(def.element as ZodInternals, seen);
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (const item of value) if (!element(item)) return false;
        return true;
      };
    }
    case 'object':
      return plain ? objectAcceptor(def, seen) : byZod(schema);
    default:
      return byZod(schema);
  }
}

function objectAcceptor(def: Record<string, unknown>, seen: Map<ZodInternals, Acceptor>): Acceptor {
  const shape = def.shape as Record<string, ZodInternals>;
  const keys = Object.keys(shape);
  const fields = keys.map((key) => compile(shape[key]!, seen));
  const known = new Set(keys);
  const catchall = def.catchall as ZodInternals | undefined;
  const catchallType = catchall?._zod.def.type;
  // No catchall strips unknown keys; unknown/any keeps them: either way they cannot fail.
  const rest: Acceptor | undefined =
    catchall === undefined || catchallType === 'unknown' || catchallType === 'any'
      ? undefined
      : catchallType === 'never'
        ? () => false
        : compile(catchall, seen);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) if (!fields[i]!(record[keys[i]!])) return false;
    if (rest) {
      for (const key in record) if (!known.has(key) && !rest(record[key])) return false;
    }
    return true;
  };
}

/** Ask zod itself about this one node (checks, coercions, pipes, transforms, records, ...). */
function byZod(schema: ZodInternals): Acceptor {
  return (value) => {
    const result = schema._zod.run({ value, issues: [] }, SYNC) as { issues: unknown[] } | Promise<unknown>;
    return !(result instanceof Promise) && result.issues.length === 0;
  };
}

import type { z } from 'zod';

/**
 * The same schema, but every object in it accepts and drops unknown keys, as Omi's server does
 * with the requests it receives. Our request schemas are strict (they refuse typos before sending);
 * an emulator of Omi's server must not be.
 */
export function acceptUnknownKeys<T extends z.ZodType>(schema: T): T {
  return loosen(schema) as T;
}

function loosen(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object': {
      const shape = (schema as z.ZodObject).shape;
      const loosened: Record<string, z.ZodType> = {};
      for (const [key, value] of Object.entries(shape)) loosened[key] = loosen(value as z.ZodType);
      return schema.clone({ ...def, shape: loosened, catchall: undefined } as never);
    }
    case 'array':
      return schema.clone({ ...def, element: loosen(def.element as z.ZodType) } as never);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return schema.clone({ ...def, innerType: loosen(def.innerType as z.ZodType) } as never);
    case 'union':
      return schema.clone({ ...def, options: (def.options as z.ZodType[]).map(loosen) } as never);
    case 'pipe':
      return schema.clone({
        ...def,
        in: loosen(def.in as z.ZodType),
        out: loosen(def.out as z.ZodType),
      } as never);
    default:
      return schema;
  }
}

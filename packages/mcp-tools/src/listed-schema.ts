import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft-07, what the v1 SDK and its clients' ajv read) of a zod schema, as the
 * caller sends it (`input`) or as the tool returns it (`output`).
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/**
 * An object schema for the SDK that accepts any object and is listed as `json`.
 *
 * The SDK validates arguments with the schema it lists, and a failure there comes back as bare
 * text, without `structuredContent` or a stable code. Our handlers validate with the real schema
 * themselves, so a bad date or category becomes an `invalid_arguments` result. For outputs it
 * lets the listed schema be `{type: object, anyOf: [success, error]}`, which zod cannot express
 * as an object.
 */
export function listedAs(json: JsonSchema): z.ZodObject {
  const schema = z.looseObject({});
  // zod's JSON Schema generator uses a schema's own `toJSONSchema` when it has one.
  (schema._zod as { toJSONSchema?: () => JsonSchema }).toJSONSchema = () => structuredClone(json);
  return schema;
}

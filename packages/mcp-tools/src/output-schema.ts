import { z } from 'zod';
import { type JsonSchema, jsonSchemaOf } from './listed-schema.js';
import { toolErrorCodes } from './tool-error.js';

/** The `structuredContent` of every failed call. */
export const ToolErrorPayload = z.strictObject({
  error: z.strictObject({
    code: z.enum(toolErrorCodes),
    message: z.string(),
    retry_after: z.number().int().nonnegative().optional().describe('Seconds until a retry can succeed'),
  }),
});
export type ToolErrorPayload = z.infer<typeof ToolErrorPayload>;

const errorBranch = jsonSchemaOf(ToolErrorPayload, 'output');

/**
 * `{type: object, anyOf: [success, error]}`, as Omi's hosted server lists it: the v1 client
 * validates `structuredContent` against the output schema even when `isError` is true.
 */
export function outputSchemaWithErrorBranch(success: z.ZodObject): JsonSchema {
  return { type: 'object', anyOf: [jsonSchemaOf(success, 'output'), errorBranch] };
}

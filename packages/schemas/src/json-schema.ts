import { z } from 'zod';
import * as actionItems from './action-items.js';
import * as ask from './ask.js';
import * as conversation from './conversation.js';
import * as dailySummary from './daily-summary.js';
import * as developerConversation from './developer-conversation.js';
import * as errors from './errors.js';
import * as folders from './folders.js';
import * as geolocation from './geolocation.js';
import * as goals from './goals.js';
import * as integrationApi from './integration-api.js';
import * as keys from './keys.js';
import * as memories from './memories.js';
import * as structured from './structured.js';
import * as transcriptSegment from './transcript-segment.js';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12) of a schema, describing the JSON on the wire: what a sender may put
 * there, with defaults shown and lenient fields as they are accepted.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

function zodSchemasOf(mod: Record<string, unknown>): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const [name, value] of Object.entries(mod)) {
    if (value instanceof z.ZodType && /^[A-Z]/.test(name) && !name.endsWith('Lenient')) out[name] = value;
  }
  return out;
}

/** Every named schema of the package: resources, requests, responses and webhook models. */
export const namedSchemas: Record<string, z.ZodType> = {
  ...zodSchemasOf(errors),
  ...zodSchemasOf(geolocation),
  ...zodSchemasOf(transcriptSegment),
  ...zodSchemasOf(structured),
  ...zodSchemasOf(conversation),
  ...zodSchemasOf(memories),
  ...zodSchemasOf(actionItems),
  ...zodSchemasOf(developerConversation),
  ...zodSchemasOf(ask),
  ...zodSchemasOf(folders),
  ...zodSchemasOf(goals),
  ...zodSchemasOf(dailySummary),
  ...zodSchemasOf(keys),
  ...zodSchemasOf(integrationApi),
};

/** JSON Schema of every named schema, keyed by name. */
export function allJsonSchemas(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(namedSchemas)) out[name] = toJsonSchema(schema);
  return out;
}

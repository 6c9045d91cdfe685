import type { z } from 'zod';
import { type DeveloperApiRoute, developerApiRoutes } from './developer-api-routes.js';
import { ErrorBody, HTTPValidationError } from './errors.js';
import { type JsonSchema, namedSchemas, toJsonSchema } from './json-schema.js';
import { developerRateLimitPolicies } from './rate-limits.js';

export interface OpenApiOptions {
  /** Server URL to list, for example the emulator's base URL. */
  serverUrl?: string;
  title?: string;
  version?: string;
  /** Extra routes (beyond the Developer API) to describe, keyed by operationId. */
  extraRoutes?: Record<string, DeveloperApiRoute>;
}

const nameOf = new Map<z.ZodType, string>(Object.entries(namedSchemas).map(([n, s]) => [s, n]));

function schemaRef(schema: z.ZodType): JsonSchema {
  const name = nameOf.get(schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  const def = (schema as unknown as { _zod: { def: { type: string; element?: z.ZodType } } })._zod.def;
  if (def.type === 'array' && def.element && nameOf.has(def.element)) {
    return { type: 'array', items: { $ref: `#/components/schemas/${nameOf.get(def.element)}` } };
  }
  return toJsonSchema(schema);
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

function operation(route: DeveloperApiRoute): JsonSchema {
  const parameters: JsonSchema[] = [];
  for (const name of route.pathParams ?? []) {
    parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  if (route.query) {
    const query = toJsonSchema(route.query) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      const { description, ...rest } = schema as JsonSchema & { description?: string };
      parameters.push({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  const policies = route.policies.map((p) => `${p} (${developerRateLimitPolicies[p]}/h)`);
  if (route.chargesTranscriptPolicy)
    policies.push('dev:conversation_transcript_read (25/h) with include_transcript');
  const responses: JsonSchema = {};
  if (route.successStatus === 204) responses['204'] = { description: 'No content' };
  else {
    responses['200'] = {
      description: 'Success',
      content: { 'application/json': { schema: route.response ? schemaRef(route.response) : {} } },
    };
  }
  responses['401'] = errorResponse('Missing or invalid credentials');
  if (route.scope) responses['403'] = errorResponse(`Insufficient permissions (needs ${route.scope})`);
  responses['422'] = {
    description: 'Validation error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/HTTPValidationError' } } },
  };
  if (route.policies.length > 0) responses['429'] = errorResponse('Rate limit exceeded (see Retry-After)');
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.scope || policies.length
      ? {
          description: [
            route.scope ? `Scope: \`${route.scope}\`.` : 'No scope needed.',
            policies.length ? `Rate-limit policies: ${policies.join(', ')}.` : '',
          ]
            .filter(Boolean)
            .join(' '),
        }
      : {}),
    security: [{ [route.auth === 'firebase' ? 'FirebaseIdToken' : 'DeveloperApiKey']: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: { required: true, content: { 'application/json': { schema: schemaRef(route.body) } } },
        }
      : {}),
    responses,
  };
}

/** An OpenAPI 3.1 document of the Developer API, generated from the schemas. */
export function developerApiOpenApi(options: OpenApiOptions = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const routes = { ...developerApiRoutes, ...options.extraRoutes } as Record<string, DeveloperApiRoute>;
  for (const route of Object.values(routes)) {
    const item = paths[route.path] ?? {};
    item[route.method.toLowerCase()] = operation(route);
    paths[route.path] = item;
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(namedSchemas)) schemas[name] = toJsonSchema(schema);
  schemas.ErrorBody = toJsonSchema(ErrorBody);
  schemas.HTTPValidationError = toJsonSchema(HTTPValidationError);
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Omi Developer API',
      version: options.version ?? '1.0.0',
      description: "Omi's Developer API as omi-kit models it (generated from @omi-kit/schemas).",
    },
    servers: [{ url: options.serverUrl ?? 'https://api.omi.me' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        DeveloperApiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A Developer API key: omi_dev_ followed by 32 hex characters',
        },
        FirebaseIdToken: { type: 'http', scheme: 'bearer', description: 'A Firebase ID token of the user' },
      },
    },
  };
}

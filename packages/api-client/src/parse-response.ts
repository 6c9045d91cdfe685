import { compileAcceptor } from '@omi-kit/schemas';
import type { z } from 'zod';
import { type OmiErrorRequest, OmiResponseValidationError } from './errors.js';
import { describeIssues, issuesOf } from './validate.js';

/**
 * A 2xx body as the call's result: parsed as JSON and, unless validation is off, checked leniently
 * against the route's schema (unknown fields kept, Omi's defaults filled in). A mismatch names the
 * paths at fault.
 */
export function parseResponse<T>(
  schema: z.ZodType<T> | null,
  request: OmiErrorRequest,
  status: number,
  text: string,
  validate: boolean,
): T {
  if (schema === null || status === 204) return null as T;
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    throw new OmiResponseValidationError({
      code: 'invalid_response',
      status,
      request,
      issues: [{ path: '(root)', message: 'not JSON' }],
      message: `Omi answered ${status} to ${request.method} ${request.path} with a body that is not JSON.`,
    });
  }
  if (!validate) return json as T;
  // Most answers are exactly what the schema describes: the quick check lets those through as
  // they are, and only the rest pay for zod's parse (which fills defaults and names bad paths).
  if (compileAcceptor(schema, { unchanged: true })(json)) return json as T;
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  throw new OmiResponseValidationError({
    code: 'invalid_response',
    status,
    request,
    issues,
    message: `Omi's answer to ${request.method} ${request.path} does not match the schema: ${describeIssues(issues)}. Pass validateResponses: false to get the raw body.`,
  });
}

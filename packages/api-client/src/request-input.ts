import { compileAcceptor } from '@omi-kit/schemas';
import type { z } from 'zod';
import { OmiRequestValidationError } from './errors.js';
import { describeIssues, issuesOf } from './validate.js';

/** Fills `{name}` placeholders with encoded values; an empty or missing value is refused. */
export function fillPath(
  template: string,
  params: Record<string, string> | undefined,
  operation: string,
): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new OmiRequestValidationError({
        code: 'invalid_request',
        issues: [{ path: name, message: 'required, a non-empty string' }],
        message: `${operation} needs a non-empty ${name}.`,
      });
    }
    return encodeURIComponent(value);
  });
}

/**
 * Checks what we send against the strict request schema, before it spends any rate-limit
 * allowance: unknown keys (typos) and Omi's limits are refused with the paths at fault.
 */
export function checkInput(
  schema: z.ZodType | undefined,
  value: unknown,
  where: 'query' | 'body',
  operation: string,
): void {
  if (!schema) return;
  // The compiled quick check never accepts what zod refuses; zod runs only to name the faults.
  if (compileAcceptor(schema)(value ?? {})) return;
  const result = schema.safeParse(value ?? {});
  if (result.success) return;
  const issues = issuesOf(result.error, where === 'query' ? 'query' : '');
  throw new OmiRequestValidationError({
    code: 'invalid_request',
    issues,
    message: `${operation}: the ${where} breaks Omi's rules, so it was not sent: ${describeIssues(issues)}.`,
  });
}

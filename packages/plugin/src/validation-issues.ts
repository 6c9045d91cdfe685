import type { z } from 'zod';

export interface ValidationIssue {
  /** Dotted path into the body, e.g. `transcript_segments.3.start`; `(body)` for the whole body. */
  path: string;
  message: string;
}

const MAX_ISSUES = 20;

/** The failing paths of a zod error, flattened (union branches included), at most 20. */
export function validationIssues(error: z.ZodError): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const visit = (issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]) => {
    for (const issue of issues) {
      if (out.length >= MAX_ISSUES) return;
      const path = [...prefix, ...issue.path];
      if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        for (const branch of issue.errors) visit(branch, path);
        continue;
      }
      out.push({ path: path.length ? path.map(String).join('.') : '(body)', message: issue.message });
    }
  };
  visit(error.issues, []);
  return out;
}

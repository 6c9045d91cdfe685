import type { z } from 'zod';
import type { OmiIssue } from './errors.js';

/** A zod issue path as `memories[3].content`. */
export function issuePath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export function issuesOf(error: z.ZodError, prefix = ''): OmiIssue[] {
  return error.issues.map((i) => ({ path: issuePath(i.path, prefix), message: i.message }));
}

export function describeIssues(issues: readonly OmiIssue[], max = 5): string {
  const shown = issues.slice(0, max).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > max) shown.push(`and ${issues.length - max} more`);
  return shown.join('; ');
}

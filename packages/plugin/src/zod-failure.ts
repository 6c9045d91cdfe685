import { z } from 'zod';
import { HttpFailure } from './http-failure.js';
import { validationIssues } from './validation-issues.js';

/** Run `parse`; a ZodError becomes a 422 whose body names the failing paths. */
export function parseOr422<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof z.ZodError) {
      const issues = validationIssues(error);
      throw new HttpFailure(
        422,
        'invalid_payload',
        `The body is not a valid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        { issues },
      );
    }
    throw error;
  }
}

import { ConversationCategory, DateTimeInput, MemoryCategory } from '@omi-kit/schemas';
import { z } from 'zod';

/** A calendar date that exists (2025-02-30 does not), `YYYY-MM-DD`. */
export const DateArg = z.iso
  .date({
    error: (issue) => `must be a real calendar date written YYYY-MM-DD (got ${JSON.stringify(issue.input)})`,
  })
  .describe('Calendar date, YYYY-MM-DD (UTC)');

/** A date-time or a date, as Omi accepts for `due_at`, with one plain message (the schema is a union). */
export const DueAtArg = z
  .string({ error: 'must be a string' })
  .refine((v) => DateTimeInput.safeParse(v).success, {
    error: (issue) =>
      `must be an ISO-8601 date-time with an offset (2025-06-30T17:00:00Z) or a date YYYY-MM-DD (got ${JSON.stringify(issue.input)})`,
  })
  .describe('ISO-8601 date-time with an offset, e.g. 2025-06-30T17:00:00Z, or a date YYYY-MM-DD');

function enumError(name: string, values: readonly string[]) {
  return (issue: { input?: unknown }) =>
    `invalid ${name} ${JSON.stringify(issue.input)}; expected one of: ${values.join(', ')}`;
}

export const MemoryCategoryArg = z.enum(MemoryCategory.options, {
  error: enumError('memory category', MemoryCategory.options),
});

export const ConversationCategoryArg = z.enum(ConversationCategory.options, {
  error: enumError('conversation category', ConversationCategory.options),
});

export function idArg(what: string) {
  return z
    .string()
    .trim()
    .min(1, { error: `the ${what} id must not be empty` })
    .max(200)
    .describe(`The ${what}'s id, as returned by the list tools`);
}

export function intArg(description: string, min: number, max: number, defaultValue: number) {
  return z
    .number()
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(defaultValue)
    .describe(description);
}

/** `start_date <= end_date`, checked before any request. */
export function datesInOrder(value: {
  start_date?: string | undefined;
  end_date?: string | undefined;
}): boolean {
  return !value.start_date || !value.end_date || value.start_date <= value.end_date;
}
export const datesInOrderError = {
  error: 'start_date must not be after end_date',
  path: ['end_date'],
};

/** The first instant of a UTC day, and its last millisecond: Omi filters inclusively. */
export function dayStart(date: string): string {
  return `${date}T00:00:00Z`;
}
export function dayEnd(date: string): string {
  return `${date}T23:59:59.999Z`;
}

import { z } from 'zod';

/**
 * A datetime as Omi sends it: an ISO-8601 string (`...Z` from the API, `+00:00` in webhooks).
 * Kept as the string it was, so a value round-trips unchanged.
 */
export const DateTimeString = z.string().describe('ISO-8601 datetime');

/**
 * A datetime we send: ISO-8601 with or without an offset, or a calendar date, all of which
 * pydantic accepts (a naive value is read as UTC).
 */
export const DateTimeInput = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()])
  .describe('ISO-8601 datetime, with an offset (naive values are read as UTC), or YYYY-MM-DD');

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = z.iso.date().describe('Calendar date, YYYY-MM-DD');

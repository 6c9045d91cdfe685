import { DailySummary, DateTimeString } from '@omi-kit/schemas';
import { z } from 'zod';

/**
 * The body of a Developer-Settings `day_summary` webhook (reference §2.4): `summary_json` is the
 * daily summary as JSON; `summary` is the legacy Python `str(dict)` of the same, not parseable as
 * JSON. There is no app trigger for it.
 */
export const DaySummaryPayload = z.looseObject({
  uid: z.string().nullish(),
  /** When the webhook was sent, ISO-8601 with `+00:00`. */
  created_at: DateTimeString.nullish(),
  /** Legacy: Python's `str()` of `summary_json`. Use `summary_json`. */
  summary: z.string().nullish(),
  summary_json: DailySummary.nullish(),
});
export type DaySummaryPayload = z.infer<typeof DaySummaryPayload>;

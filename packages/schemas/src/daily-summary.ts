import { z } from 'zod';
import { CalendarDate, DateTimeString } from './datetime.js';
import { actionItemPriorityValues } from './enums.js';
import { openEnum } from './open-enum.js';

export const DailySummaryStats = z.looseObject({
  total_conversations: z.number().int().default(0),
  total_duration_minutes: z.number().default(0),
  action_items_count: z.number().int().default(0),
});

export const DailySummaryHighlight = z.looseObject({
  topic: z.string(),
  emoji: z.string().default(''),
  summary: z.string().default(''),
  conversation_ids: z.array(z.string()).default([]),
});

export const DailySummaryActionItem = z.looseObject({
  description: z.string(),
  priority: openEnum(actionItemPriorityValues).default('medium'),
  completed: z.boolean().default(false),
  source_conversation_id: z.string().nullish(),
});

export const DailySummaryLocation = z.looseObject({
  latitude: z.number(),
  longitude: z.number(),
  address: z.string().nullish(),
  conversation_id: z.string().nullish(),
  time: z.string().nullish().describe('HH:MM'),
});

/**
 * A daily summary (models/daily_summary.py), as the Developer API and the `day_summary`
 * webhook's `summary_json` carry it. The wire shape is partly inferred (see the reference, §2.7).
 */
export const DailySummary = z.looseObject({
  id: z.string(),
  date: z.string().describe('YYYY-MM-DD'),
  created_at: DateTimeString.nullish(),
  headline: z.string().default(''),
  overview: z.string().default(''),
  day_emoji: z.string().default('📅'),
  stats: DailySummaryStats.default(() => DailySummaryStats.parse({})),
  highlights: z.array(DailySummaryHighlight).default([]),
  action_items: z.array(DailySummaryActionItem).default([]),
  unresolved_questions: z
    .array(z.looseObject({ question: z.string(), conversation_id: z.string().nullish() }))
    .default([]),
  decisions_made: z
    .array(z.looseObject({ decision: z.string(), conversation_id: z.string().nullish() }))
    .default([]),
  knowledge_nuggets: z
    .array(z.looseObject({ insight: z.string(), conversation_id: z.string().nullish() }))
    .default([]),
  locations: z.array(DailySummaryLocation).default([]),
});
export type DailySummary = z.infer<typeof DailySummary>;

/** `GET /v1/dev/user/daily-summaries` wraps the list: `{"summaries": [...]}`. */
export const DailySummaryList = z.looseObject({ summaries: z.array(DailySummary) });
export type DailySummaryList = z.infer<typeof DailySummaryList>;

export const ListDailySummariesQuery = z.strictObject({
  limit: z.number().int().min(1).max(100).optional().describe('Default 30, 1..100'),
  offset: z.number().int().min(0).optional(),
  start_date: CalendarDate.optional(),
  end_date: CalendarDate.optional(),
});
export type ListDailySummariesQuery = z.input<typeof ListDailySummariesQuery>;

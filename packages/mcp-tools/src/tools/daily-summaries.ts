import { DailySummary } from '@omi-kit/schemas';
import { z } from 'zod';
import { DateArg, datesInOrder, datesInOrderError, intArg } from '../arguments.js';
import { bounds } from '../bounds.js';
import { defineTool } from '../define-tool.js';

export const getDailySummaries = defineTool({
  name: 'get_daily_summaries',
  title: 'Get daily summaries',
  description:
    "List Omi's summaries of the user's days, newest first: headline, overview, highlights, decisions, open questions and action items per day. Filter by day (start_date/end_date, YYYY-MM-DD, inclusive); page with offset while has_more is true.",
  scope: 'conversations:read',
  preset: 'read',
  input: z
    .object({
      start_date: DateArg.optional().describe('First day, YYYY-MM-DD'),
      end_date: DateArg.optional().describe('Last day, YYYY-MM-DD'),
      limit: intArg('Summaries to return', 1, bounds.dailySummaryList.max, bounds.dailySummaryList.default),
      offset: intArg('Summaries to skip, for paging', 0, bounds.offsetMax, 0),
    })
    .refine(datesInOrder, datesInOrderError),
  output: z.object({
    daily_summaries: z.array(DailySummary),
    returned_count: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    has_more: z.boolean().describe('A full page came back: there may be more after offset + limit'),
  }),
  async run(args, { client, requestOptions }) {
    const { summaries } = await client.dailySummaries.list(
      {
        limit: args.limit,
        offset: args.offset,
        ...(args.start_date ? { start_date: args.start_date } : {}),
        ...(args.end_date ? { end_date: args.end_date } : {}),
      },
      requestOptions,
    );
    return {
      daily_summaries: summaries,
      returned_count: summaries.length,
      offset: args.offset,
      limit: args.limit,
      has_more: summaries.length >= args.limit,
    };
  },
});

import { z } from 'zod';
import { DateTimeString } from './datetime.js';

/** `POST /v1/dev/user/ask`: a question answered from the user's conversations. */
export const AskRequest = z.strictObject({
  question: z.string().min(1).max(1000),
  limit: z.number().int().min(1).max(10).optional().describe('Conversations to draw on, default 5'),
  timezone: z.string().optional().describe('IANA time zone, default "UTC"'),
});
export type AskRequest = z.input<typeof AskRequest>;

export const AskSource = z.looseObject({
  id: z.string(),
  title: z.string(),
  created_at: DateTimeString.nullish(),
});
export type AskSource = z.infer<typeof AskSource>;

export const AskResponse = z.looseObject({
  answer: z.string(),
  sources: z.array(AskSource),
});
export type AskResponse = z.infer<typeof AskResponse>;

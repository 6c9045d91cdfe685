import { AskRequest, AskResponse } from '@omi-kit/schemas';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const QUESTION_MAX = AskRequest.shape.question.maxLength ?? 1000;

export const ask = defineTool({
  name: 'ask',
  title: 'Ask Omi',
  description:
    'Ask Omi a question in plain language and get an answer drawn from the user\'s conversations, with the conversations it used as sources (id, title). Good for "what did I decide about X" or "when did I last talk to Y"; for exact transcripts follow up with get_conversation_by_id.',
  scope: 'conversations:read',
  preset: 'read',
  input: z.object({
    question: z
      .string()
      .trim()
      .min(1, { error: 'question must not be empty' })
      .max(QUESTION_MAX, { error: `question holds at most ${QUESTION_MAX} characters` })
      .describe("The question, in the user's words"),
    limit: z
      .number()
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(10, { error: 'must be at most 10' })
      .default(5)
      .describe('Conversations to draw the answer from'),
    timezone: z
      .string()
      .refine(isTimeZone, { error: (issue) => `unknown IANA time zone ${JSON.stringify(issue.input)}` })
      .default('UTC')
      .describe('The user\'s IANA time zone, e.g. Europe/Berlin, for "yesterday" or "last week"'),
  }),
  output: AskResponse,
  async run(args, { client, requestOptions }) {
    return client.ask(
      { question: args.question, limit: args.limit, timezone: args.timezone },
      requestOptions,
    );
  },
});

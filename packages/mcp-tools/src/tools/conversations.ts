import { OmiNotFoundError } from '@omi-kit/api-client';
import { DeveloperConversation } from '@omi-kit/schemas';
import { z } from 'zod';
import {
  ConversationCategoryArg,
  DateArg,
  datesInOrder,
  datesInOrderError,
  dayEnd,
  dayStart,
  idArg,
  intArg,
} from '../arguments.js';
import { boundConversation } from '../bound-conversation.js';
import { bounds } from '../bounds.js';
import { defineTool } from '../define-tool.js';

const transcriptBounds = {
  max_segments: intArg(
    'Transcript segments to return at most; truncated is true when more exist',
    1,
    bounds.maxSegments.max,
    bounds.maxSegments.default,
  ),
  max_chars: intArg(
    'Transcript characters to return at most; truncated is true when the transcript is longer',
    1,
    bounds.maxChars.max,
    bounds.maxChars.default,
  ),
};

/** A conversation card: everything but the transcript. */
const ConversationCard = DeveloperConversation.omit({ transcript_segments: true });

export const getConversations = defineTool({
  name: 'get_conversations',
  title: 'Get conversations',
  description:
    "List the user's recorded conversations, newest first: title, overview, category, action items and times, without transcripts. Filter by created date (start_date/end_date, YYYY-MM-DD, UTC, inclusive) and categories; page with offset while has_more is true. Use get_conversation_by_id for a transcript.",
  scope: 'conversations:read',
  preset: 'read',
  input: z
    .object({
      start_date: DateArg.optional().describe('Created on or after this day, YYYY-MM-DD (UTC)'),
      end_date: DateArg.optional().describe('Created on or before this day, YYYY-MM-DD (UTC)'),
      categories: z
        .array(ConversationCategoryArg)
        .max(40)
        .default([])
        .describe('Only conversations in these categories; empty for all'),
      limit: intArg(
        'Conversations to return',
        1,
        bounds.conversationList.max,
        bounds.conversationList.default,
      ),
      offset: intArg('Conversations to skip, for paging', 0, bounds.offsetMax, 0),
    })
    .refine(datesInOrder, datesInOrderError),
  output: z.object({
    conversations: z.array(ConversationCard),
    returned_count: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    has_more: z.boolean().describe('A full page came back: there may be more after offset + limit'),
  }),
  async run(args, { client, requestOptions }) {
    const categories = [...new Set(args.categories)];
    const list = await client.conversations.list(
      {
        limit: args.limit,
        offset: args.offset,
        ...(args.start_date ? { start_date: dayStart(args.start_date) } : {}),
        ...(args.end_date ? { end_date: dayEnd(args.end_date) } : {}),
        ...(categories.length ? { categories: categories.join(',') } : {}),
      },
      requestOptions,
    );
    const conversations = list.map(({ transcript_segments: _, ...card }) => card);
    return {
      conversations,
      returned_count: conversations.length,
      offset: args.offset,
      limit: args.limit,
      has_more: conversations.length >= args.limit,
    };
  },
});

const BoundedFields = {
  truncated: z.boolean().describe('The transcript was cut to max_segments / max_chars'),
  total_segments: z.number().int(),
  returned_segments: z.number().int(),
};

export const getConversationById = defineTool({
  name: 'get_conversation_by_id',
  title: 'Get conversation',
  description:
    'Read one conversation with its transcript (speaker, text and times of each segment), by id from get_conversations. Long transcripts are cut to max_segments and max_chars and marked truncated.',
  scope: 'conversations:read',
  preset: 'read',
  input: z.object({ conversation_id: idArg('conversation'), ...transcriptBounds }),
  output: z.object({ conversation: DeveloperConversation, ...BoundedFields }),
  failureContext: (args) => ({ resource: 'conversation', id: args.conversation_id }),
  async run(args, { client, requestOptions }) {
    const full = await client.conversations.get(
      args.conversation_id,
      { include_transcript: true },
      requestOptions,
    );
    const { chars: _, ...bounded } = boundConversation(full, {
      maxSegments: args.max_segments,
      maxChars: args.max_chars,
    });
    return bounded;
  },
});

export const getConversationsByIds = defineTool({
  name: 'get_conversations_by_ids',
  title: 'Get conversations',
  description: `Read up to ${bounds.idsPerBatch} conversations with their transcripts at once, by id. Ids that do not exist are listed in not_found; repeated ids are fetched once. Each transcript is cut to max_segments and max_chars, and all of them together to ${bounds.batchResponseChars} characters.`,
  scope: 'conversations:read',
  preset: 'read',
  input: z.object({
    conversation_ids: z
      .array(idArg('conversation'))
      .min(1, { error: 'conversation_ids must hold at least one id' })
      .max(bounds.idsPerBatch, { error: `conversation_ids holds at most ${bounds.idsPerBatch} ids` })
      .describe('Conversation ids, from get_conversations'),
    ...transcriptBounds,
  }),
  output: z.object({
    conversations: z.array(DeveloperConversation.extend(BoundedFields)),
    not_found: z.array(z.string()),
    truncated: z.boolean().describe('At least one transcript was cut'),
  }),
  async run(args, { client, requestOptions }) {
    const ids = [...new Set(args.conversation_ids)];
    // Two at a time: the client paces per rate-limit policy, and order is kept by index.
    const fetched: (Awaited<ReturnType<typeof client.conversations.get>> | null)[] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        try {
          fetched[i] = await client.conversations.get(ids[i]!, { include_transcript: true }, requestOptions);
        } catch (error) {
          if (!(error instanceof OmiNotFoundError)) throw error;
          fetched[i] = null;
        }
      }
    };
    await Promise.all([worker(), worker()]);
    let budget = bounds.batchResponseChars;
    let truncated = false;
    const conversations = [];
    const notFound: string[] = [];
    for (const [i, conversation] of fetched.entries()) {
      if (conversation === null) {
        notFound.push(ids[i]!);
        continue;
      }
      const {
        conversation: c,
        chars,
        ...rest
      } = boundConversation(conversation, {
        maxSegments: args.max_segments,
        maxChars: Math.min(args.max_chars, budget),
      });
      budget -= chars;
      truncated ||= rest.truncated;
      conversations.push({ ...c, ...rest });
    }
    return { conversations, not_found: notFound, truncated };
  },
});

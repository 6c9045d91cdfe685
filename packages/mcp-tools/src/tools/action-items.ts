import { CreateActionItemRequest, DeveloperActionItem } from '@omi-kit/schemas';
import { z } from 'zod';
import {
  DateArg,
  DueAtArg,
  datesInOrder,
  datesInOrderError,
  dayEnd,
  dayStart,
  idArg,
  intArg,
} from '../arguments.js';
import { bounds } from '../bounds.js';
import { defineTool } from '../define-tool.js';

// Omi's limit, from the request schema; trimmed first, as Omi does.
const DESCRIPTION_MAX = CreateActionItemRequest.shape.description.maxLength ?? 500;
const Description = z
  .string()
  .trim()
  .min(1, { error: 'description must not be empty' })
  .max(DESCRIPTION_MAX, { error: `description holds at most ${DESCRIPTION_MAX} characters` })
  .describe(`What is to be done, 1-${DESCRIPTION_MAX} characters`);

const ItemResult = z.object({ success: z.literal(true), action_item: DeveloperActionItem });

export const getActionItems = defineTool({
  name: 'get_action_items',
  title: 'Get action items',
  description:
    "List the user's action items (tasks and to-dos, many taken from conversations): open ones first, by due date, then done ones. Filter by completed and by created date (start_date/end_date, YYYY-MM-DD, UTC, inclusive); page with offset while has_more is true.",
  scope: 'action_items:read',
  preset: 'read',
  input: z
    .object({
      completed: z
        .boolean()
        .optional()
        .describe('true: only done items; false: only open items; omitted: both'),
      conversation_id: z.string().min(1).optional().describe('Only items taken from this conversation'),
      start_date: DateArg.optional().describe('Created on or after this day, YYYY-MM-DD (UTC)'),
      end_date: DateArg.optional().describe('Created on or before this day, YYYY-MM-DD (UTC)'),
      limit: intArg('Action items to return', 1, bounds.actionItemList.max, bounds.actionItemList.default),
      offset: intArg('Action items to skip, for paging', 0, bounds.offsetMax, 0),
    })
    .refine(datesInOrder, datesInOrderError),
  output: z.object({
    action_items: z.array(DeveloperActionItem),
    returned_count: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    has_more: z.boolean().describe('A full page came back: there may be more after offset + limit'),
  }),
  async run(args, { client, requestOptions }) {
    const items = await client.actionItems.list(
      {
        limit: args.limit,
        offset: args.offset,
        ...(args.completed === undefined ? {} : { completed: args.completed }),
        ...(args.conversation_id ? { conversation_id: args.conversation_id } : {}),
        ...(args.start_date ? { start_date: dayStart(args.start_date) } : {}),
        ...(args.end_date ? { end_date: dayEnd(args.end_date) } : {}),
      },
      requestOptions,
    );
    return {
      action_items: items,
      returned_count: items.length,
      offset: args.offset,
      limit: args.limit,
      has_more: items.length >= args.limit,
    };
  },
});

export const createActionItem = defineTool({
  name: 'create_action_item',
  title: 'Create action item',
  description:
    "Add a task to the user's action items, only when the user asked for it, optionally with a due date-time (due_at).",
  scope: 'action_items:write',
  preset: 'create',
  // As Omi's hosted registry marks it.
  annotations: { idempotentHint: true },
  input: z.object({
    description: Description,
    due_at: DueAtArg.optional(),
    completed: z.boolean().default(false).describe('Create it already done'),
  }),
  output: ItemResult,
  async run(args, { client, requestOptions }) {
    const action_item = await client.actionItems.create(
      {
        description: args.description,
        completed: args.completed,
        ...(args.due_at ? { due_at: args.due_at } : {}),
      },
      requestOptions,
    );
    return { success: true as const, action_item };
  },
});

export const completeActionItem = defineTool({
  name: 'complete_action_item',
  title: 'Complete action item',
  description:
    "Mark one of the user's action items done (or, with completed: false, open again), by id from get_action_items.",
  scope: 'action_items:write',
  preset: 'edit',
  input: z.object({
    action_item_id: idArg('action item'),
    completed: z.boolean().default(true).describe('false: mark it open again'),
  }),
  output: ItemResult,
  failureContext: (args) => ({ resource: 'action item', id: args.action_item_id }),
  async run(args, { client, requestOptions }) {
    const action_item = await client.actionItems.update(
      args.action_item_id,
      { completed: args.completed },
      requestOptions,
    );
    return { success: true as const, action_item };
  },
});

export const updateActionItem = defineTool({
  name: 'update_action_item',
  title: 'Update action item',
  description:
    "Change the description and/or the due date-time of one of the user's action items, by id from get_action_items. Omi cannot remove a due date.",
  scope: 'action_items:write',
  preset: 'edit',
  input: z
    .object({
      action_item_id: idArg('action item'),
      description: Description.optional(),
      due_at: DueAtArg.optional(),
    })
    .refine((a) => a.description !== undefined || a.due_at !== undefined, {
      error: 'give description and/or due_at: there is nothing to change',
      path: ['description'],
    }),
  output: ItemResult,
  failureContext: (args) => ({ resource: 'action item', id: args.action_item_id }),
  async run(args, { client, requestOptions }) {
    const action_item = await client.actionItems.update(
      args.action_item_id,
      {
        ...(args.description !== undefined ? { description: args.description } : {}),
        ...(args.due_at !== undefined ? { due_at: args.due_at } : {}),
      },
      requestOptions,
    );
    return { success: true as const, action_item };
  },
});

export const deleteActionItem = defineTool({
  name: 'delete_action_item',
  title: 'Delete action item',
  description:
    "Delete one of the user's action items for good, by id from get_action_items. Only when the user asked for it; to tick it off use complete_action_item instead.",
  scope: 'action_items:write',
  preset: 'delete',
  input: z.object({ action_item_id: idArg('action item') }),
  output: z.object({ success: z.literal(true) }),
  failureContext: (args) => ({ resource: 'action item', id: args.action_item_id }),
  async run(args, { client, requestOptions }) {
    await client.actionItems.delete(args.action_item_id, requestOptions);
    return { success: true as const };
  },
});

import { z } from 'zod';
import { DateTimeInput, DateTimeString } from './datetime.js';

/** An action item (task) as the Developer API returns it. */
export const DeveloperActionItem = z.looseObject({
  id: z.string(),
  description: z.string(),
  completed: z.boolean(),
  created_at: DateTimeString.nullish(),
  updated_at: DateTimeString.nullish(),
  due_at: DateTimeString.nullish(),
  completed_at: DateTimeString.nullish(),
  conversation_id: z.string().nullish(),
});
export type DeveloperActionItem = z.infer<typeof DeveloperActionItem>;

/** `POST /v1/dev/user/action-items`. Not idempotent: a retry creates a second item. */
export const CreateActionItemRequest = z.strictObject({
  description: z.string().min(1).max(500),
  completed: z.boolean().optional(),
  due_at: DateTimeInput.nullish(),
});
export type CreateActionItemRequest = z.input<typeof CreateActionItemRequest>;

export const ACTION_ITEM_BATCH_MAX = 50;

export const CreateActionItemsBatchRequest = z.strictObject({
  action_items: z.array(CreateActionItemRequest).max(ACTION_ITEM_BATCH_MAX),
});
export type CreateActionItemsBatchRequest = z.input<typeof CreateActionItemsBatchRequest>;

export const CreateActionItemsBatchResponse = z.looseObject({
  action_items: z.array(DeveloperActionItem),
  created_count: z.number().int(),
});
export type CreateActionItemsBatchResponse = z.infer<typeof CreateActionItemsBatchResponse>;

/** `PATCH /v1/dev/user/action-items/{id}`. `due_at: null` is ignored by Omi (it cannot clear a due date). */
export const UpdateActionItemRequest = z.strictObject({
  description: z.string().min(1).max(500).nullish(),
  completed: z.boolean().nullish(),
  due_at: DateTimeInput.nullish(),
});
export type UpdateActionItemRequest = z.input<typeof UpdateActionItemRequest>;

/** Query of `GET /v1/dev/user/action-items`; dates are inclusive and filter on `created_at`. */
export const ListActionItemsQuery = z.strictObject({
  conversation_id: z.string().optional(),
  completed: z.boolean().optional(),
  start_date: DateTimeInput.optional(),
  end_date: DateTimeInput.optional(),
  limit: z.number().int().optional().describe('Default 100, clamped to 1..1000'),
  offset: z.number().int().optional(),
});
export type ListActionItemsQuery = z.input<typeof ListActionItemsQuery>;

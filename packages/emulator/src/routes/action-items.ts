import type { CreateActionItemRequest, UpdateActionItemRequest } from '@omi-kit/schemas';
import { clamp, toUtcIso } from '../datetime-input.js';
import type { DevHandler, DevRequest } from '../developer-api.js';
import { notFound, paymentRequired, unprocessable } from '../http-error.js';
import type { EmulatorState } from '../state.js';
import { type ActionItemRow, type NewActionItem, toDeveloperActionItem } from '../store/action-items.js';

interface ListQuery {
  conversation_id?: string;
  completed?: boolean;
  start_date?: string;
  end_date?: string;
  limit?: number;
  offset?: number;
}

function toNew(req: CreateActionItemRequest): NewActionItem {
  return {
    description: req.description.trim(),
    completed: req.completed ?? false,
    dueAt: req.due_at ? toUtcIso(req.due_at) : null,
  };
}

function guard(state: EmulatorState, uid: string, id: string): ActionItemRow {
  const row = state.actionItems.get(uid, id);
  if (!row) throw notFound('Action item not found');
  if (row.is_locked && state.switches.enforce_locks) throw paymentRequired('action item');
  return row;
}

export const listActionItems: DevHandler = (req: DevRequest<ListQuery>, state) => {
  const q = req.query;
  const rows = state.actionItems.list(req.uid, {
    ...(q.conversation_id !== undefined ? { conversationId: q.conversation_id } : {}),
    ...(q.completed !== undefined ? { completed: q.completed } : {}),
    ...(q.start_date ? { startDate: toUtcIso(q.start_date) } : {}),
    ...(q.end_date ? { endDate: toUtcIso(q.end_date) } : {}),
    limit: clamp(q.limit ?? 100, 1, 1000),
    offset: Math.max(0, q.offset ?? 0),
  });
  // Locked items are dropped after pagination, so a page can come back short, as in Omi.
  return rows.filter((r) => !(r.is_locked && state.switches.enforce_locks)).map(toDeveloperActionItem);
};

export const createActionItem: DevHandler = (req: DevRequest<unknown, CreateActionItemRequest>, state) => {
  if (req.body.description.trim().length === 0) throw unprocessable('description cannot be empty');
  return toDeveloperActionItem(state.actionItems.create(req.uid, toNew(req.body), req.now));
};

export const createActionItemsBatch: DevHandler = (
  req: DevRequest<unknown, { action_items: CreateActionItemRequest[] }>,
  state,
) => {
  const items = req.body.action_items;
  if (items.length === 0) return { action_items: [], created_count: 0 };
  if (items.some((i) => i.description.trim().length === 0)) {
    throw unprocessable('All action items must have non-empty descriptions');
  }
  const rows = state.actionItems.createMany(req.uid, items.map(toNew), req.now);
  return { action_items: rows.map(toDeveloperActionItem), created_count: rows.length };
};

export const updateActionItem: DevHandler = (req: DevRequest<unknown, UpdateActionItemRequest>, state) => {
  const id = req.params.action_item_id!;
  guard(state, req.uid, id);
  const b = req.body;
  const now = req.now.toISOString();
  const fields: Partial<ActionItemRow> = {};
  if (b.description != null) {
    if (b.description.trim().length === 0) throw unprocessable('description cannot be empty');
    fields.description = b.description.trim();
  }
  if (b.completed != null) {
    fields.completed = b.completed ? 1 : 0;
    fields.completed_at = b.completed ? now : null;
  }
  // Omi applies only a non-null due_at: `due_at: null` cannot clear a due date.
  if (b.due_at != null) fields.due_at = toUtcIso(b.due_at);
  if (Object.keys(fields).length === 0) throw unprocessable('At least one field must be provided');
  state.actionItems.update(req.uid, id, { ...fields, updated_at: now });
  return toDeveloperActionItem(state.actionItems.get(req.uid, id)!);
};

export const deleteActionItem: DevHandler = (req, state) => {
  const id = req.params.action_item_id!;
  guard(state, req.uid, id);
  state.actionItems.delete(req.uid, id);
  return { success: true };
};

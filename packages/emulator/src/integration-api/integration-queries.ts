import type { Conversation } from '@omi-kit/schemas';
import type { ActionItemRow } from '../store/action-items.js';
import type { Db } from '../store/database.js';

export interface ConversationQuery {
  includeDiscarded: boolean;
  statuses: string[];
  startDate?: string | undefined;
  endDate?: string | undefined;
  limit: number;
  offset: number;
}

/** The Integration API's conversation list: unlike the Developer API it can include discarded ones. */
export function queryConversations(
  db: Db,
  uid: string,
  q: ConversationQuery,
): { conversation: Conversation; locked: boolean }[] {
  const where = ['uid = ?'];
  const args: unknown[] = [uid];
  if (!q.includeDiscarded) where.push('discarded = 0');
  if (q.statuses.length > 0) {
    where.push(`status IN (${q.statuses.map(() => '?').join(',')})`);
    args.push(...q.statuses);
  }
  if (q.startDate) {
    where.push('created_at >= ?');
    args.push(q.startDate);
  }
  if (q.endDate) {
    where.push('created_at <= ?');
    args.push(q.endDate);
  }
  return db
    .prepare<unknown[], { data: string; is_locked: number }>(
      `SELECT data, is_locked FROM conversations WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit, q.offset)
    .map((r) => ({ conversation: JSON.parse(r.data) as Conversation, locked: r.is_locked === 1 }));
}

export interface TaskQuery {
  completed?: boolean | undefined;
  conversationId?: string | undefined;
  startDate?: string | undefined;
  endDate?: string | undefined;
  dueStartDate?: string | undefined;
  dueEndDate?: string | undefined;
  limit: number;
  offset: number;
}

/** Tasks (action items) with the Integration API's filters, in the Developer API's order. */
export function queryTasks(db: Db, uid: string, q: TaskQuery): ActionItemRow[] {
  const where = ['uid = ?', 'deleted = 0', 'is_locked = 0'];
  const args: unknown[] = [uid];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    args.push(value);
  };
  if (q.completed !== undefined) add('completed = ?', q.completed ? 1 : 0);
  if (q.conversationId !== undefined) add('conversation_id = ?', q.conversationId);
  if (q.startDate) add('created_at >= ?', q.startDate);
  if (q.endDate) add('created_at <= ?', q.endDate);
  if (q.dueStartDate) add('due_at >= ?', q.dueStartDate);
  if (q.dueEndDate) add('due_at <= ?', q.dueEndDate);
  return db
    .prepare<unknown[], ActionItemRow>(
      `SELECT * FROM action_items WHERE ${where.join(' AND ')}
       ORDER BY completed ASC, (due_at IS NULL) ASC, due_at ASC, created_at DESC, seq DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit, q.offset);
}

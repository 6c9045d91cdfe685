import type { DeveloperActionItem } from '@omi-kit/schemas';
import { firestoreAutoId } from '../ids.js';
import type { Db } from './database.js';

export interface ActionItemRow {
  uid: string;
  id: string;
  description: string;
  completed: number;
  created_at: string;
  updated_at: string;
  due_at: string | null;
  completed_at: string | null;
  conversation_id: string | null;
  is_locked: number;
  deleted: number;
  seq: number;
}

export interface NewActionItem {
  description: string;
  completed: boolean;
  dueAt: string | null;
  conversationId?: string | null;
  createdAt?: string;
}

export interface ActionItemFilter {
  conversationId?: string;
  completed?: boolean;
  startDate?: string;
  endDate?: string;
  limit: number;
  offset: number;
}

/** Action items: 20-character ids; open first, by due date, then newest. */
export class ActionItemStore {
  private readonly insert;
  private readonly byId;
  private seq = 0;

  constructor(
    private readonly db: Db,
    private readonly random?: (max: number) => number,
  ) {
    this.insert = db.prepare(`INSERT INTO action_items
      (uid, id, description, completed, created_at, updated_at, due_at, completed_at, conversation_id, is_locked, deleted, seq)
      VALUES (@uid, @id, @description, @completed, @created_at, @updated_at, @due_at, @completed_at, @conversation_id, 0, 0, @seq)`);
    this.byId = db.prepare<[string, string], ActionItemRow>(
      'SELECT * FROM action_items WHERE uid = ? AND id = ? AND deleted = 0',
    );
    this.seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM action_items').get() as { s: number }).s;
  }

  create(uid: string, item: NewActionItem, now: Date, random = this.random): ActionItemRow {
    const at = item.createdAt ?? now.toISOString();
    const row: ActionItemRow = {
      uid,
      id: firestoreAutoId(random),
      description: item.description,
      completed: item.completed ? 1 : 0,
      created_at: at,
      updated_at: at,
      due_at: item.dueAt,
      completed_at: item.completed ? at : null,
      conversation_id: item.conversationId ?? null,
      is_locked: 0,
      deleted: 0,
      seq: ++this.seq,
    };
    this.insert.run(row);
    return row;
  }

  /** All or nothing, in one transaction, like Omi's batch write. */
  createMany(uid: string, items: NewActionItem[], now: Date): ActionItemRow[] {
    return this.db.transaction(() => items.map((i) => this.create(uid, i, now)))();
  }

  get(uid: string, id: string): ActionItemRow | undefined {
    return this.byId.get(uid, id);
  }

  list(uid: string, f: ActionItemFilter): ActionItemRow[] {
    const where = ['uid = ?', 'deleted = 0'];
    const args: unknown[] = [uid];
    if (f.conversationId !== undefined) {
      where.push('conversation_id = ?');
      args.push(f.conversationId);
    }
    if (f.completed !== undefined) {
      where.push('completed = ?');
      args.push(f.completed ? 1 : 0);
    }
    if (f.startDate) {
      where.push('created_at >= ?');
      args.push(f.startDate);
    }
    if (f.endDate) {
      where.push('created_at <= ?');
      args.push(f.endDate);
    }
    return this.db
      .prepare<unknown[], ActionItemRow>(
        `SELECT * FROM action_items WHERE ${where.join(' AND ')}
         ORDER BY completed ASC, (due_at IS NULL) ASC, due_at ASC, created_at DESC, seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, f.limit, f.offset);
  }

  update(uid: string, id: string, fields: Partial<ActionItemRow>): void {
    const sets = Object.keys(fields).map((k) => `${k} = @${k}`);
    this.db
      .prepare(`UPDATE action_items SET ${sets.join(', ')} WHERE uid = @uid AND id = @id`)
      .run({ ...fields, uid, id });
  }

  delete(uid: string, id: string): void {
    this.db.prepare('DELETE FROM action_items WHERE uid = ? AND id = ?').run(uid, id);
  }

  setLocked(uid: string, id: string, locked: boolean): boolean {
    return (
      this.db
        .prepare('UPDATE action_items SET is_locked = ? WHERE uid = ? AND id = ?')
        .run(locked ? 1 : 0, uid, id).changes > 0
    );
  }
}

export function toDeveloperActionItem(row: ActionItemRow): DeveloperActionItem {
  return {
    id: row.id,
    description: row.description,
    completed: row.completed === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    due_at: row.due_at,
    completed_at: row.completed_at,
    conversation_id: row.conversation_id,
  };
}

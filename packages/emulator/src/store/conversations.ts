import type { Conversation } from '@omi-kit/schemas';
import type { Db } from './database.js';

export interface ConversationRow {
  uid: string;
  id: string;
  created_at: string;
  status: string;
  discarded: number;
  category: string;
  folder_id: string | null;
  starred: number;
  is_locked: number;
  data: string;
}

export interface ConversationFilter {
  startDate?: string;
  endDate?: string;
  categories: string[];
  folderId?: string;
  starred?: boolean;
  limit: number;
  offset: number;
}

/** Conversations, stored whole in Omi's webhook shape, with the filtered fields as columns. */
export class ConversationStore {
  private readonly upsert;
  private readonly byId;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(`INSERT OR REPLACE INTO conversations
      (uid, id, created_at, status, discarded, category, folder_id, starred, is_locked, data)
      VALUES (@uid, @id, @created_at, @status, @discarded, @category, @folder_id, @starred, @is_locked, @data)`);
    this.byId = db.prepare<[string, string], ConversationRow>(
      'SELECT * FROM conversations WHERE uid = ? AND id = ?',
    );
  }

  save(uid: string, c: Conversation, isLocked = false): void {
    this.upsert.run({
      uid,
      id: c.id,
      created_at: c.created_at ?? new Date().toISOString(),
      status: c.status ?? 'completed',
      discarded: c.discarded ? 1 : 0,
      category: c.structured.category,
      folder_id: c.folder_id ?? null,
      starred: c.starred ? 1 : 0,
      is_locked: isLocked ? 1 : 0,
      data: JSON.stringify(c),
    });
  }

  getRow(uid: string, id: string): ConversationRow | undefined {
    return this.byId.get(uid, id);
  }

  get(uid: string, id: string): { conversation: Conversation; locked: boolean } | undefined {
    const row = this.byId.get(uid, id);
    return row
      ? { conversation: JSON.parse(row.data) as Conversation, locked: row.is_locked === 1 }
      : undefined;
  }

  /** Completed, not discarded; newest first; offset counts rows before locked ones are dropped. */
  list(uid: string, f: ConversationFilter): ConversationRow[] {
    const where = ['uid = ?', "status = 'completed'", 'discarded = 0'];
    const args: unknown[] = [uid];
    if (f.categories.length) {
      where.push(`category IN (${f.categories.map(() => '?').join(',')})`);
      args.push(...f.categories);
    }
    if (f.folderId !== undefined) {
      where.push('folder_id = ?');
      args.push(f.folderId);
    }
    if (f.starred !== undefined) {
      where.push('starred = ?');
      args.push(f.starred ? 1 : 0);
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
      .prepare<unknown[], ConversationRow>(
        `SELECT * FROM conversations WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, f.limit, f.offset);
  }

  /** Every conversation that ask may draw on: not discarded. */
  searchable(uid: string): ConversationRow[] {
    return this.db
      .prepare<[string], ConversationRow>(
        'SELECT * FROM conversations WHERE uid = ? AND discarded = 0 ORDER BY created_at DESC',
      )
      .all(uid);
  }

  countByFolder(uid: string): Map<string, number> {
    const rows = this.db
      .prepare<[string], { folder_id: string; n: number }>(
        'SELECT folder_id, COUNT(*) AS n FROM conversations WHERE uid = ? AND folder_id IS NOT NULL AND discarded = 0 GROUP BY folder_id',
      )
      .all(uid);
    return new Map(rows.map((r) => [r.folder_id, r.n]));
  }

  delete(uid: string, id: string): void {
    this.db.prepare('DELETE FROM conversations WHERE uid = ? AND id = ?').run(uid, id);
  }

  setLocked(uid: string, id: string, locked: boolean): boolean {
    return (
      this.db
        .prepare('UPDATE conversations SET is_locked = ? WHERE uid = ? AND id = ?')
        .run(locked ? 1 : 0, uid, id).changes > 0
    );
  }

  /** The from-segments claim for a client session: inserted once, so a concurrent twin sees it. */
  claim(uid: string, clientSessionId: string, conversationId: string, now: Date): 'claimed' | 'exists' {
    const existing = this.db
      .prepare<[string, string], { claimed_at: string }>(
        'SELECT claimed_at FROM conversation_claims WHERE uid = ? AND client_session_id = ?',
      )
      .get(uid, clientSessionId);
    // A claim older than 15 minutes whose conversation never appeared is stale: retry it.
    if (existing && now.getTime() - Date.parse(existing.claimed_at) < 15 * 60 * 1000) return 'exists';
    this.db
      .prepare(
        'INSERT OR REPLACE INTO conversation_claims (uid, client_session_id, conversation_id, claimed_at) VALUES (?, ?, ?, ?)',
      )
      .run(uid, clientSessionId, conversationId, now.toISOString());
    return 'claimed';
  }

  releaseClaim(uid: string, clientSessionId: string): void {
    this.db
      .prepare('DELETE FROM conversation_claims WHERE uid = ? AND client_session_id = ?')
      .run(uid, clientSessionId);
  }
}

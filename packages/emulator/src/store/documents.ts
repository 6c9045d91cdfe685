import type { Db } from './database.js';

/**
 * Folders, goals and daily summaries: JSON documents per user, with the one or two columns
 * their routes sort or filter on.
 */
export class FolderStore {
  constructor(private readonly db: Db) {}

  save(uid: string, folder: { id: string; order: number } & Record<string, unknown>): void {
    this.db
      .prepare('INSERT OR REPLACE INTO folders (uid, id, position, data) VALUES (?, ?, ?, ?)')
      .run(uid, folder.id, folder.order, JSON.stringify(folder));
  }

  list(uid: string): Record<string, unknown>[] {
    return this.db
      .prepare<[string], { data: string }>('SELECT data FROM folders WHERE uid = ? ORDER BY position, id')
      .all(uid)
      .map((r) => JSON.parse(r.data));
  }

  get(uid: string, id: string): Record<string, unknown> | undefined {
    const row = this.db
      .prepare<[string, string], { data: string }>('SELECT data FROM folders WHERE uid = ? AND id = ?')
      .get(uid, id);
    return row ? JSON.parse(row.data) : undefined;
  }
}

export interface GoalDoc extends Record<string, unknown> {
  id: string;
  created_at: string;
  is_active: boolean;
}

export class GoalStore {
  constructor(private readonly db: Db) {}

  save(uid: string, goal: GoalDoc): void {
    this.db
      .prepare('INSERT OR REPLACE INTO goals (uid, id, created_at, is_active, data) VALUES (?, ?, ?, ?, ?)')
      .run(uid, goal.id, goal.created_at, goal.is_active ? 1 : 0, JSON.stringify(goal));
  }

  get(uid: string, id: string): GoalDoc | undefined {
    const row = this.db
      .prepare<[string, string], { data: string }>('SELECT data FROM goals WHERE uid = ? AND id = ?')
      .get(uid, id);
    return row ? JSON.parse(row.data) : undefined;
  }

  list(uid: string, includeInactive: boolean, limit: number): GoalDoc[] {
    const sql = includeInactive
      ? 'SELECT data FROM goals WHERE uid = ? ORDER BY created_at DESC, id'
      : 'SELECT data FROM goals WHERE uid = ? AND is_active = 1 ORDER BY created_at DESC, id LIMIT ?';
    const stmt = this.db.prepare<unknown[], { data: string }>(sql);
    const rows = includeInactive ? stmt.all(uid) : stmt.all(uid, limit);
    return rows.map((r) => JSON.parse(r.data));
  }

  delete(uid: string, id: string): void {
    this.db.prepare('DELETE FROM goals WHERE uid = ? AND id = ?').run(uid, id);
    this.db.prepare('DELETE FROM goal_history WHERE uid = ? AND goal_id = ?').run(uid, id);
  }

  record(uid: string, goalId: string, date: string, value: number, recordedAt: string): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO goal_history (uid, goal_id, date, value, recorded_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(uid, goalId, date, value, recordedAt);
  }

  history(
    uid: string,
    goalId: string,
    sinceDate: string,
  ): { date: string; value: number; recorded_at: string }[] {
    return this.db
      .prepare<[string, string, string], { date: string; value: number; recorded_at: string }>(
        'SELECT date, value, recorded_at FROM goal_history WHERE uid = ? AND goal_id = ? AND date >= ? ORDER BY date',
      )
      .all(uid, goalId, sinceDate);
  }
}

export class DailySummaryStore {
  constructor(private readonly db: Db) {}

  save(uid: string, summary: { id: string; date: string } & Record<string, unknown>): void {
    this.db
      .prepare('INSERT OR REPLACE INTO daily_summaries (uid, id, date, data) VALUES (?, ?, ?, ?)')
      .run(uid, summary.id, summary.date, JSON.stringify(summary));
  }

  list(
    uid: string,
    limit: number,
    offset: number,
    startDate?: string,
    endDate?: string,
  ): Record<string, unknown>[] {
    const where = ['uid = ?'];
    const args: unknown[] = [uid];
    if (startDate) {
      where.push('date >= ?');
      args.push(startDate);
    }
    if (endDate) {
      where.push('date <= ?');
      args.push(endDate);
    }
    return this.db
      .prepare<unknown[], { data: string }>(
        `SELECT data FROM daily_summaries WHERE ${where.join(' AND ')} ORDER BY date DESC, id LIMIT ? OFFSET ?`,
      )
      .all(...args, limit, offset)
      .map((r) => JSON.parse(r.data));
  }

  get(uid: string, id: string): Record<string, unknown> | undefined {
    const row = this.db
      .prepare<[string, string], { data: string }>(
        'SELECT data FROM daily_summaries WHERE uid = ? AND id = ?',
      )
      .get(uid, id);
    return row ? JSON.parse(row.data) : undefined;
  }
}

import type { Db } from './database.js';

export interface UserRow {
  uid: string;
  name: string;
  created_at: string;
}

export class UserStore {
  constructor(private readonly db: Db) {}

  /** Creates the user if it does not exist yet. */
  ensure(uid: string, name: string, now: Date): UserRow {
    this.db
      .prepare('INSERT OR IGNORE INTO users (uid, name, created_at) VALUES (?, ?, ?)')
      .run(uid, name, now.toISOString());
    return this.get(uid)!;
  }

  get(uid: string): UserRow | undefined {
    return this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE uid = ?').get(uid);
  }
}

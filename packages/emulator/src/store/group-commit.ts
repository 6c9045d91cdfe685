import type { Db } from './database.js';

interface PendingWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the writes asked for during one event-loop turn in one transaction, after the turn, and
 * settles each caller's promise once that transaction has committed: a reply is never sent
 * before its write is in the database. One commit per turn instead of one per request is most
 * of what a busy create route spends. If the shared transaction fails, each write is run again
 * alone, so one bad write fails only its own request.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];

  constructor(private readonly db: Db) {}

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits what is waiting now (the emulator calls it on close, before closing the database). */
  flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let results: unknown[];
    try {
      results = this.db.transaction(() => batch.map((item) => item.write()))();
    } catch {
      for (const item of batch) {
        try {
          item.resolve(this.db.transaction(item.write)());
        } catch (error) {
          item.reject(error);
        }
      }
      return;
    }
    for (const [i, item] of batch.entries()) item.resolve(results[i]);
  }
}

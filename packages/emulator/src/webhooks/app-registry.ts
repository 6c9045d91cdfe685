import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.js';
import type { AppRecord, AppSource } from './app-source.js';

/*
 * Stand-in for the api-client branch's `integration-api/app-registry.ts`, until the two branches
 * meet: the same `apps` and `app_enablements` tables (same DDL), the same record and the same
 * method names, so the webhook sender works unchanged on either. Delete this file (and
 * app-admin-routes.ts) when merging, and pass the Integration API's registry to
 * `registerWebhookSender` instead.
 */

export type NewApp = Omit<AppRecord, 'id' | 'created_at'> & { id?: string | undefined };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS apps (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS app_enablements (
  app_id TEXT NOT NULL,
  uid TEXT NOT NULL,
  enabled_at TEXT NOT NULL,
  PRIMARY KEY (app_id, uid)
);
`;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID, the form of Omi's app ids. */
function ulid(now: Date): string {
  let time = now.getTime();
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[time % 32] + out;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  for (let i = 0; i < 16; i++) out += CROCKFORD[random[i]! % 32];
  return out;
}

/** Registered apps and which users enabled them. */
export class AppRegistry implements AppSource {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  register(app: NewApp, now: Date): AppRecord {
    const record: AppRecord = { ...app, id: app.id ?? ulid(now), created_at: now.toISOString() };
    this.db
      .prepare('INSERT INTO apps (id, name, created_at, data) VALUES (?, ?, ?, ?)')
      .run(record.id, record.name, record.created_at, JSON.stringify(record));
    return record;
  }

  get(appId: string): AppRecord | undefined {
    const row = this.db.prepare<[string], { data: string }>('SELECT data FROM apps WHERE id = ?').get(appId);
    return row ? (JSON.parse(row.data) as AppRecord) : undefined;
  }

  list(): AppRecord[] {
    return this.db
      .prepare<[], { data: string }>('SELECT data FROM apps ORDER BY created_at, id')
      .all()
      .map((r) => JSON.parse(r.data) as AppRecord);
  }

  enable(appId: string, uid: string, now: Date): void {
    this.db
      .prepare('INSERT OR IGNORE INTO app_enablements (app_id, uid, enabled_at) VALUES (?, ?, ?)')
      .run(appId, uid, now.toISOString());
  }

  disable(appId: string, uid: string): void {
    this.db.prepare('DELETE FROM app_enablements WHERE app_id = ? AND uid = ?').run(appId, uid);
  }

  isEnabled(appId: string, uid: string): boolean {
    return (
      this.db
        .prepare<[string, string], { n: number }>(
          'SELECT COUNT(*) AS n FROM app_enablements WHERE app_id = ? AND uid = ?',
        )
        .get(appId, uid)!.n > 0
    );
  }

  enabledUsers(appId: string): string[] {
    return this.db
      .prepare<[string], { uid: string }>(
        'SELECT uid FROM app_enablements WHERE app_id = ? ORDER BY enabled_at, uid',
      )
      .all(appId)
      .map((r) => r.uid);
  }

  reset(): void {
    this.db.transaction(() => {
      for (const table of ['apps', 'app_enablements']) this.db.prepare(`DELETE FROM ${table}`).run();
    })();
  }
}

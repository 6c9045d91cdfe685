import { randomUUID } from 'node:crypto';
import { appActionAliases } from '@omi-kit/schemas';
import type { Db } from '../store/database.js';
import { ulid } from './app-id.js';
import { hashAppKey, newAppKey } from './app-keys.js';
import { INTEGRATION_SCHEMA, INTEGRATION_TABLES } from './tables.js';

/** An app as the emulator keeps it: what Omi's app model says about the Integration API. */
export interface AppRecord {
  id: string;
  name: string;
  description: string;
  author: string;
  private: boolean;
  capabilities: string[];
  /** `external_integration.actions`, flattened to their names. */
  actions: string[];
  /** Webhook settings (trigger, URLs, auth steps, ...), kept for the webhook sender. */
  external_integration: Record<string, unknown> | null;
  proactive_notification: Record<string, unknown> | null;
  created_at: string;
}

export interface AppKeyRecord {
  id: string;
  app_id: string;
  label: string;
  created_at: string;
}

export type NewApp = Omit<AppRecord, 'id' | 'created_at'> & { id?: string | undefined };

/** Apps, their `sk_` keys (stored as sha256 only) and which users enabled them. */
export class AppRegistry {
  constructor(private readonly db: Db) {
    db.exec(INTEGRATION_SCHEMA);
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

  /** Mints a key; the secret is returned here once and only its hash is kept. */
  mintKey(appId: string, label: string, now: Date): AppKeyRecord & { secret: string } {
    const secret = newAppKey();
    const record: AppKeyRecord = { id: randomUUID(), app_id: appId, label, created_at: now.toISOString() };
    this.db
      .prepare('INSERT INTO app_keys (id, app_id, key_hash, label, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.id, appId, hashAppKey(secret), label, record.created_at);
    return { ...record, secret };
  }

  /** Omi's `verify_api_key(app_id, key)`: the key must have been issued for this app. */
  keyIsForApp(appId: string, key: string): boolean {
    const row = this.db
      .prepare<[string], { app_id: string }>('SELECT app_id FROM app_keys WHERE key_hash = ?')
      .get(hashAppKey(key));
    return row?.app_id === appId;
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

  /** Omi's action gate, which also accepts the aliases `create_memories` and `read_facts`. */
  hasAction(app: AppRecord, action: string): boolean {
    return app.actions.some(
      (a) => a === action || (appActionAliases as Record<string, string>)[a] === action,
    );
  }

  reset(): void {
    this.db.transaction(() => {
      for (const table of INTEGRATION_TABLES) this.db.prepare(`DELETE FROM ${table}`).run();
    })();
  }
}

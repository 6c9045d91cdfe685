import type { Db } from '../store/database.js';

const HOUR_MS = 60 * 60 * 1000;

/** Omi's `app_webhook_health:{app_id}` record (reference §2.0), as the emulator keeps it. */
export interface WebhookHealth {
  consecutive_failures: number;
  /** Set by the first failure and, as in Omi, not cleared by a later success. */
  first_failure_at: string | null;
  last_failure_at: string | null;
  last_success_at: string | null;
  last_status: number | null;
  last_error: string | null;
  /** When Omi would warn the owner (24 h and 48 h after the first failure) and disable the app (72 h). */
  warnings_at: string[];
  auto_disable_at: string | null;
}

const EMPTY: WebhookHealth = {
  consecutive_failures: 0,
  first_failure_at: null,
  last_failure_at: null,
  last_success_at: null,
  last_status: null,
  last_error: null,
  warnings_at: [],
  auto_disable_at: null,
};

/**
 * Per-app webhook health. Informational: the emulator shows when Omi would warn and disable, and
 * never disables an app itself.
 */
export class WebhookHealthStore {
  constructor(private readonly db: Db) {
    db.exec('CREATE TABLE IF NOT EXISTS app_webhook_health (app_id TEXT PRIMARY KEY, data TEXT NOT NULL)');
  }

  get(appId: string): WebhookHealth {
    const row = this.db
      .prepare<[string], { data: string }>('SELECT data FROM app_webhook_health WHERE app_id = ?')
      .get(appId);
    return row ? (JSON.parse(row.data) as WebhookHealth) : { ...EMPTY };
  }

  /** Records one attempt's outcome. */
  record(appId: string, ok: boolean, status: number | null, error: string | null, now: Date): WebhookHealth {
    const health = this.get(appId);
    const at = now.toISOString();
    if (ok) {
      health.consecutive_failures = 0;
      health.last_success_at = at;
    } else {
      health.consecutive_failures += 1;
      health.last_failure_at = at;
      health.last_error = error;
      if (!health.first_failure_at) {
        const first = now.getTime();
        health.first_failure_at = at;
        health.warnings_at = [24, 48].map((h) => new Date(first + h * HOUR_MS).toISOString());
        health.auto_disable_at = new Date(first + 72 * HOUR_MS).toISOString();
      }
    }
    health.last_status = status;
    this.db
      .prepare('INSERT OR REPLACE INTO app_webhook_health (app_id, data) VALUES (?, ?)')
      .run(appId, JSON.stringify(health));
    return health;
  }

  reset(): void {
    this.db.prepare('DELETE FROM app_webhook_health').run();
  }
}

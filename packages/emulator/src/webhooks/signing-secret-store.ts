import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.js';

/** Omi keeps signing with the previous secret this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface SigningSecretStatus {
  configured: boolean;
  created_at: string | null;
  previous_valid_until: string | null;
}

interface Row {
  app_id: string;
  secret: string;
  created_at: string;
  previous_secret: string | null;
  previous_valid_until: string | null;
}

/** A new secret as Omi mints it: `whsec_` + 43 URL-safe characters (32 random bytes). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Each app's webhook signing secret (Omi's `/v1/apps/{id}/webhook-signing-secret`): setting a
 * new one rotates, and the previous one keeps signing for 24 h. Kept in plain text: this is a
 * local emulator (Omi stores them AES-GCM-encrypted).
 */
export class SigningSecretStore {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS app_webhook_signing_secrets (
      app_id TEXT PRIMARY KEY,
      secret TEXT NOT NULL,
      created_at TEXT NOT NULL,
      previous_secret TEXT,
      previous_valid_until TEXT
    )`);
  }

  private row(appId: string): Row | undefined {
    return this.db
      .prepare<[string], Row>('SELECT * FROM app_webhook_signing_secrets WHERE app_id = ?')
      .get(appId);
  }

  /** Sets (or mints) the app's secret; an existing one becomes the previous for 24 h. */
  set(appId: string, now: Date, secret = newSigningSecret()): SigningSecretStatus & { secret: string } {
    const old = this.row(appId);
    const previousValidUntil = old ? new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() : null;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO app_webhook_signing_secrets
         (app_id, secret, created_at, previous_secret, previous_valid_until) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(appId, secret, now.toISOString(), old?.secret ?? null, previousValidUntil);
    return {
      secret,
      configured: true,
      created_at: now.toISOString(),
      previous_valid_until: previousValidUntil,
    };
  }

  status(appId: string): SigningSecretStatus {
    const row = this.row(appId);
    return {
      configured: row !== undefined,
      created_at: row?.created_at ?? null,
      previous_valid_until: row?.previous_valid_until ?? null,
    };
  }

  /** The secrets a delivery is signed with now: current first, then the previous during the overlap. */
  secretsFor(appId: string, now: Date): string[] {
    const row = this.row(appId);
    if (!row) return [];
    const previousValid =
      row.previous_secret && row.previous_valid_until && now.toISOString() < row.previous_valid_until;
    return previousValid ? [row.secret, row.previous_secret!] : [row.secret];
  }

  /** Turns signing off. */
  delete(appId: string): boolean {
    return this.db.prepare('DELETE FROM app_webhook_signing_secrets WHERE app_id = ?').run(appId).changes > 0;
  }

  reset(): void {
    this.db.prepare('DELETE FROM app_webhook_signing_secrets').run();
  }
}

import type { Statement } from 'better-sqlite3';
import { checkName } from '../argument-checks.js';
import type { Clock } from '../clock.js';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import { fromJson } from '../json-value.js';
import { toStoredToken } from '../stored-token.js';
import type { StoredToken, TokenRecord, TokenStore } from '../token-store.js';
import type { SqliteConnection } from './sqlite-connection.js';

type Key = { provider: string; uid: string };

interface Row {
  provider: string;
  uid: string;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: number | null;
  scope: string | null;
  tokenType: string | null;
  sealed: string | null;
  extra: string | null;
  updatedAt: number;
}

function fromRow(row: Row): StoredToken {
  const token: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) {
    if (value !== null) token[field] = field === 'extra' ? fromJson(value as string) : value;
  }
  return token as unknown as StoredToken;
}

/** TokenStore in the omi_kit_tokens table, one row per (provider, uid). */
export class SqliteTokenStore implements TokenStore {
  readonly #connection: SqliteConnection;
  readonly #clock: Clock;
  readonly #select: Statement<Key, Row>;
  readonly #upsert: Statement<Row>;
  readonly #delete: Statement<Key>;
  #closed = false;

  constructor(connection: SqliteConnection, clock: Clock) {
    this.#connection = connection;
    this.#clock = clock;
    const db = connection.acquire();
    this.#select = db.prepare(
      `SELECT provider, uid, access_token AS accessToken, refresh_token AS refreshToken, expires_at AS expiresAt,
              scope, token_type AS tokenType, sealed, extra, updated_at AS updatedAt
       FROM omi_kit_tokens WHERE provider = @provider AND uid = @uid`,
    );
    this.#upsert = db.prepare(
      `INSERT OR REPLACE INTO omi_kit_tokens
         (provider, uid, access_token, refresh_token, expires_at, scope, token_type, sealed, extra, updated_at)
       VALUES (@provider, @uid, @accessToken, @refreshToken, @expiresAt, @scope, @tokenType, @sealed, @extra, @updatedAt)`,
    );
    this.#delete = db.prepare('DELETE FROM omi_kit_tokens WHERE provider = @provider AND uid = @uid');
  }

  async get(provider: string, uid: string): Promise<StoredToken | undefined> {
    const row = this.#select.get(this.#key(provider, uid));
    return row && fromRow(row);
  }

  async save(provider: string, uid: string, token: TokenRecord): Promise<StoredToken> {
    this.#key(provider, uid);
    const stored = toStoredToken(provider, uid, token, this.#clock.now());
    this.#upsert.run({
      provider,
      uid,
      accessToken: stored.accessToken ?? null,
      refreshToken: stored.refreshToken ?? null,
      expiresAt: stored.expiresAt ?? null,
      scope: stored.scope ?? null,
      tokenType: stored.tokenType ?? null,
      sealed: stored.sealed ?? null,
      extra: stored.extra === undefined ? null : JSON.stringify(stored.extra),
      updatedAt: stored.updatedAt,
    });
    return stored;
  }

  async delete(provider: string, uid: string): Promise<boolean> {
    return this.#delete.run(this.#key(provider, uid)).changes === 1;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#connection.release();
  }

  #key(provider: string, uid: string): Key {
    if (this.#closed) throw new StorageClosedError('The SQLite token store');
    return { provider: checkName(provider, 'provider'), uid: checkName(uid, 'uid') };
  }
}

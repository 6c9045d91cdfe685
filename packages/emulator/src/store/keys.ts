import { randomBytes, randomUUID } from 'node:crypto';
import type { DevApiKey } from '@omi-kit/schemas';
import { hashIdToken } from '../auth.js';
import { devApiKeyPrefix, hashDevApiKey, newDevApiKey } from '../ids.js';
import type { Db } from './database.js';

interface KeyRow {
  id: string;
  uid: string;
  name: string;
  key_prefix: string;
  scopes: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** Developer API keys (only their sha256 is stored) and emulated Firebase ID tokens. */
export class KeyStore {
  constructor(private readonly db: Db) {}

  create(uid: string, name: string, scopes: string[] | null, now: Date): { key: string; record: DevApiKey } {
    const key = newDevApiKey();
    const row: KeyRow = {
      id: randomUUID(),
      uid,
      name,
      key_prefix: devApiKeyPrefix(key),
      scopes: scopes === null ? null : JSON.stringify(scopes),
      created_at: now.toISOString(),
      last_used_at: null,
    };
    this.db
      .prepare(`INSERT INTO dev_keys (id, uid, name, key_hash, key_prefix, scopes, created_at, last_used_at)
        VALUES (@id, @uid, @name, @key_hash, @key_prefix, @scopes, @created_at, NULL)`)
      .run({ ...row, key_hash: hashDevApiKey(key) });
    return { key, record: toDevApiKey(row) };
  }

  list(uid: string): DevApiKey[] {
    return this.db
      .prepare<[string], KeyRow>('SELECT * FROM dev_keys WHERE uid = ? ORDER BY created_at DESC, id')
      .all(uid)
      .map(toDevApiKey);
  }

  get(id: string): (DevApiKey & { uid: string }) | undefined {
    const row = this.db.prepare<[string], KeyRow>('SELECT * FROM dev_keys WHERE id = ?').get(id);
    return row ? { ...toDevApiKey(row), uid: row.uid } : undefined;
  }

  /** A no-op when the key is missing or someone else's, as in Omi. */
  revoke(uid: string, id: string): void {
    this.db.prepare('DELETE FROM dev_keys WHERE uid = ? AND id = ?').run(uid, id);
  }

  mintIdToken(uid: string): string {
    const token = `emulator-id-token.${randomBytes(24).toString('base64url')}`;
    this.db.prepare('INSERT INTO id_tokens (token_hash, uid) VALUES (?, ?)').run(hashIdToken(token), uid);
    return token;
  }
}

function toDevApiKey(row: KeyRow): DevApiKey {
  return {
    id: row.id,
    name: row.name,
    key_prefix: row.key_prefix,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    scopes: row.scopes === null ? null : (JSON.parse(row.scopes) as string[]),
  };
}

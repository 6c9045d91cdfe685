import { createHash } from 'node:crypto';
import { DEFAULT_READ_SCOPES } from '@omi-kit/schemas';
import type { Clock } from './clock.js';
import { OmiHttpError } from './http-error.js';
import { hashDevApiKey } from './ids.js';
import type { Db } from './store/database.js';

export interface DevKeyIdentity {
  uid: string;
  keyId: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Stored scopes; null means Omi's read-only default. */
  scopes: string[] | null;
}

const MISSING_HEADER = "Missing or invalid Authorization header. Must be 'Bearer API_KEY'";
const INVALID_KEY = 'Invalid API Key';
const MCP_KEY_ON_DEV_ROUTE =
  'MCP API keys (omi_mcp_...) only authenticate the MCP endpoints under /v1/mcp/ (for example GET /v1/mcp/memories, GET /v1/mcp/conversations) and the MCP server at /v1/mcp/sse. This endpoint requires a Developer API key (Settings -> Developer -> Create Key).';

interface KeyRow {
  id: string;
  uid: string;
  name: string;
  key_prefix: string;
  scopes: string | null;
  created_at: string;
  last_used_at: string | null;
}

/**
 * Authenticates `omi_dev_` keys as Omi's `get_api_key_auth` does. Keys are looked up by the
 * sha256 of their hex part; found keys are cached in memory, as Omi caches them in Redis.
 */
export class DevKeyAuthenticator {
  private readonly cache = new Map<string, DevKeyIdentity>();
  private readonly byHash;
  private readonly touch;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.byHash = db.prepare<[string], KeyRow>(
      'SELECT id, uid, name, key_prefix, scopes, created_at, last_used_at FROM dev_keys WHERE key_hash = ?',
    );
    this.touch = db.prepare<[string, string]>('UPDATE dev_keys SET last_used_at = ? WHERE id = ?');
  }

  authenticate(header: string | undefined): DevKeyIdentity {
    if (!header?.startsWith('Bearer ')) throw new OmiHttpError(401, MISSING_HEADER);
    const key = header.slice('Bearer '.length);
    if (key.startsWith('omi_mcp_')) throw new OmiHttpError(401, MCP_KEY_ON_DEV_ROUTE);
    if (!key.startsWith('omi_dev_')) throw new OmiHttpError(401, INVALID_KEY);
    // Keyed by the key itself: a hit costs no hashing (Omi caches by hash in Redis; same effect).
    const cached = this.cache.get(key);
    if (cached) return cached;
    const row = this.byHash.get(hashDevApiKey(key));
    if (!row) throw new OmiHttpError(401, INVALID_KEY);
    // last_used_at is updated on a cache miss only, as in Omi.
    const now = this.clock().toISOString();
    this.touch.run(now, row.id);
    const identity: DevKeyIdentity = {
      uid: row.uid,
      keyId: row.id,
      name: row.name,
      keyPrefix: row.key_prefix,
      createdAt: row.created_at,
      lastUsedAt: now,
      scopes: row.scopes === null ? null : (JSON.parse(row.scopes) as string[]),
    };
    this.cache.set(key, identity);
    return identity;
  }

  /** Forget cached keys (after a revoke or a reset). */
  invalidate(): void {
    this.cache.clear();
  }
}

export function effectiveScopes(identity: DevKeyIdentity): string[] {
  return identity.scopes ?? [...DEFAULT_READ_SCOPES];
}

/** Emulated Firebase ID tokens, for the key-management routes. */
export function hashIdToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function authenticateIdToken(db: Db, header: string | undefined): string {
  // FastAPI's HTTPBearer: a missing or non-Bearer header is "Not authenticated".
  if (!header || !/^Bearer\s+\S/i.test(header)) {
    throw new OmiHttpError(401, 'Not authenticated', { 'www-authenticate': 'Bearer' });
  }
  const token = header.replace(/^Bearer\s+/i, '');
  const row = db
    .prepare<[string], { uid: string }>('SELECT uid FROM id_tokens WHERE token_hash = ?')
    .get(hashIdToken(token));
  if (!row) throw new OmiHttpError(401, 'Invalid authentication credentials');
  return row.uid;
}

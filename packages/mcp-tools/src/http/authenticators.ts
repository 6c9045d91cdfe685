import { createHash, timingSafeEqual } from 'node:crypto';
import {
  createOmiClient,
  OmiAuthError,
  type OmiClient,
  type OmiClientOptions,
  OmiConnectionError,
  OmiRateLimitError,
  OmiTimeoutError,
  OmiUnavailableError,
} from '@omi-kit/api-client';
import { DEV_API_KEY_PATTERN } from '@omi-kit/schemas';

/** Who a bearer token belongs to: the client its tool calls use, and that key's scopes. */
export interface OmiMcpCaller {
  client: OmiClient;
  /** The Developer API scopes of the client's key (`null`: Omi's read-only default). */
  scopes: readonly string[] | null;
}

/** Checks a bearer token: the caller, or `null` for an unknown token (answered 401). */
export type OmiMcpAuthenticator = (token: string) => Promise<OmiMcpCaller | null>;

/** The token could not be checked now (Omi unreachable, rate limited): answered 503 + Retry-After. */
export class AuthUnavailableError extends Error {
  override name = 'AuthUnavailableError';
  constructor(
    message: string,
    readonly retryAfter: number = 30,
  ) {
    super(message);
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export interface StaticTokenOptions {
  /** Bearer tokens the server accepts (for example from `MCP_AUTH_TOKENS`); at least one. */
  tokens: readonly string[];
  /** The client every caller's tool calls use (the server's own Omi key). */
  client: OmiClient;
  /** The scopes of the client's key; omitted, read once with `client.key.get()`. */
  scopes?: readonly string[] | null;
}

/**
 * One Omi key on the server, shared by callers that present one of `tokens`. Tokens are compared
 * as SHA-256 digests in constant time.
 */
export function staticTokenAuthenticator(options: StaticTokenOptions): OmiMcpAuthenticator {
  const accepted = options.tokens.filter((t) => t.length > 0).map(digest);
  if (accepted.length === 0) throw new Error('staticTokenAuthenticator needs at least one non-empty token.');
  let scopes: Promise<readonly string[] | null> | null =
    options.scopes === undefined ? null : Promise.resolve(options.scopes);
  const scopesOfKey = () => {
    scopes ??= options.client.key.get({ waitForRateLimit: false }).then(
      (key) => key.scopes ?? null,
      (error: unknown) => {
        scopes = null;
        throw unavailable(error);
      },
    );
    return scopes;
  };
  return async (token) => {
    const presented = digest(token);
    // Compare with every accepted token, so timing does not tell which one nearly matched.
    let match = false;
    for (const candidate of accepted) match = timingSafeEqual(presented, candidate) || match;
    if (!match) return null;
    return { client: options.client, scopes: await scopesOfKey() };
  };
}

export interface OmiKeyAuthenticatorOptions {
  /** Options of the per-key clients (base URL, timeouts, rate limits); `apiKey` is the caller's. */
  clientOptions?: Omit<OmiClientOptions, 'apiKey'>;
  /** How long a verified key and its scopes are trusted before asking Omi again (default 60 s). */
  cacheTtlMs?: number;
  /** Keys kept at most (default 1000; the oldest goes first). */
  maxKeys?: number;
  /** Injected time, for tests. */
  now?: () => number;
}

function unavailable(error: unknown): Error {
  if (error instanceof OmiRateLimitError || error instanceof OmiUnavailableError) {
    return new AuthUnavailableError('Omi could not check the key now.', error.retryAfter ?? 30);
  }
  if (error instanceof OmiConnectionError || error instanceof OmiTimeoutError) {
    return new AuthUnavailableError('Omi could not be reached to check the key.');
  }
  return error instanceof Error ? error : new Error(String(error));
}

interface CachedKey {
  client: OmiClient;
  scopes: readonly string[] | null;
  verifiedAt: number;
}

/**
 * Each caller brings their own Developer API key (`omi_dev_...`) as the bearer token, as Omi's
 * hosted server takes `omi_mcp_` keys: the key is checked with `GET /v1/dev/key`, which also gives
 * its scopes, and the caller's tools use a client of their own (so rate-limit pacing is per key).
 */
export function omiKeyAuthenticator(options: OmiKeyAuthenticatorOptions = {}): OmiMcpAuthenticator {
  const ttl = options.cacheTtlMs ?? 60_000;
  const maxKeys = options.maxKeys ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CachedKey>();
  const pending = new Map<string, Promise<OmiMcpCaller | null>>();

  const verify = async (id: string, token: string, known: CachedKey | undefined) => {
    const client = known?.client ?? createOmiClient({ ...options.clientOptions, apiKey: token });
    try {
      const key = await client.key.get({ waitForRateLimit: false, maxRetries: 1 });
      const entry = { client, scopes: key.scopes ?? null, verifiedAt: now() };
      cache.delete(id);
      cache.set(id, entry);
      if (cache.size > maxKeys) cache.delete(cache.keys().next().value!);
      return { client, scopes: entry.scopes };
    } catch (error) {
      if (error instanceof OmiAuthError) {
        cache.delete(id);
        return null;
      }
      throw unavailable(error);
    }
  };

  return async (token) => {
    if (!DEV_API_KEY_PATTERN.test(token)) return null;
    const id = digest(token).toString('hex');
    const known = cache.get(id);
    if (known && now() - known.verifiedAt < ttl) return { client: known.client, scopes: known.scopes };
    // Concurrent first requests with one key share one check.
    let check = pending.get(id);
    if (!check) {
      check = verify(id, token, known).finally(() => pending.delete(id));
      pending.set(id, check);
    }
    return check;
  };
}

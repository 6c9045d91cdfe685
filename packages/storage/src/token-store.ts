/**
 * OAuth tokens as the OAuth package hands them over. The store keeps strings as given and never
 * looks inside them, so the caller encrypts: put ciphertext in accessToken/refreshToken, or keep
 * everything secret in `sealed` and leave the rest for what must stay readable (expiresAt, scope).
 */
export interface TokenRecord {
  accessToken?: string;
  refreshToken?: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt?: number;
  scope?: string;
  tokenType?: string;
  /** An opaque blob, e.g. the encrypted JSON of the secret fields. */
  sealed?: string;
  /** Anything else worth keeping (provider account id, …); must be JSON-serialisable. */
  extra?: Record<string, unknown>;
}

export interface StoredToken extends TokenRecord {
  readonly provider: string;
  readonly uid: string;
  /** When it was last saved (ms since the epoch). */
  readonly updatedAt: number;
}

/** Tokens keyed by (provider, Omi uid). Expired tokens are still returned: they hold the refresh token. */
export interface TokenStore {
  get(provider: string, uid: string): Promise<StoredToken | undefined>;
  /** Insert or replace the whole record. */
  save(provider: string, uid: string, token: TokenRecord): Promise<StoredToken>;
  /** true when there was a record to delete. */
  delete(provider: string, uid: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface SetOptions {
  /** Time to live in milliseconds; the entry is invisible once it has passed. Omit to keep it forever. */
  ttlMs?: number;
}

/**
 * A key-value store for small JSON-serialisable values with an optional time to live.
 * Every read returns a copy; expired entries behave exactly like missing ones and are removed
 * later by purgeExpired() (which adapters also run periodically).
 */
export interface KeyValueStore {
  /** The value stored under `key`, or undefined when it is missing or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Store `value` under `key`, replacing any previous value and TTL. */
  set(key: string, value: unknown, options?: SetOptions): Promise<void>;
  /**
   * Store `value` only when `key` is missing or expired. Atomic, also across processes sharing a
   * SQLite file: of many concurrent calls with the same key exactly one returns true. This is how
   * webhook deliveries are deduplicated.
   */
  setIfAbsent(key: string, value: unknown, options?: SetOptions): Promise<boolean>;
  /**
   * Atomically add `by` (default 1) to the number under `key` and return the result. A missing or
   * expired key starts from 0 and takes `ttlMs`; an existing key keeps its expiry (a fixed window).
   * Throws ERR_STORAGE_NOT_A_NUMBER when the stored value is not a number.
   */
  increment(key: string, by?: number, options?: SetOptions): Promise<number>;
  /** Remove `key`; true when a live (not expired) value was there. */
  delete(key: string): Promise<boolean>;
  /** Remove every expired entry now and return how many were removed. */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
}

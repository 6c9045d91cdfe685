import { checkName } from '../argument-checks.js';
import type { Clock } from '../clock.js';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import { toStoredToken } from '../stored-token.js';
import type { StoredToken, TokenRecord, TokenStore } from '../token-store.js';

/** TokenStore in a Map; every read returns a copy. */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>();
  readonly #clock: Clock;
  #closed = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async get(provider: string, uid: string): Promise<StoredToken | undefined> {
    const token = this.#tokens.get(this.#key(provider, uid));
    return token && structuredClone(token);
  }

  async save(provider: string, uid: string, token: TokenRecord): Promise<StoredToken> {
    const key = this.#key(provider, uid);
    const stored = toStoredToken(provider, uid, token, this.#clock.now());
    this.#tokens.set(key, stored);
    return structuredClone(stored);
  }

  async delete(provider: string, uid: string): Promise<boolean> {
    return this.#tokens.delete(this.#key(provider, uid));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#tokens.clear();
  }

  #key(provider: string, uid: string): string {
    if (this.#closed) throw new StorageClosedError('The memory token store');
    // JSON keeps ("a:b", "c") and ("a", "b:c") apart.
    return JSON.stringify([checkName(provider, 'provider'), checkName(uid, 'uid')]);
  }
}

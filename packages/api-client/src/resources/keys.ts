import type { CreateDevApiKeyRequest, DevApiKey, DevApiKeyCreated } from '@omi-kit/schemas';
import type { DeveloperContext } from '../developer-context.js';
import type { RequestOptions } from '../transport.js';

/**
 * Key management. Omi refuses omi_dev_ keys here: every call needs the user's Firebase ID token,
 * passed as `idToken` (the emulator mints one with `createIdToken()`).
 */
export class Keys {
  constructor(private readonly ctx: DeveloperContext) {}

  list(auth: { idToken: string }, options?: RequestOptions): Promise<DevApiKey[]> {
    return this.ctx.request('listApiKeys', { idToken: auth.idToken }, options);
  }

  /** The new key is in the answer's `key`, once. Not idempotent. */
  create(
    key: CreateDevApiKeyRequest,
    auth: { idToken: string },
    options?: RequestOptions,
  ): Promise<DevApiKeyCreated> {
    return this.ctx.request('createApiKey', { body: key, idToken: auth.idToken }, options);
  }

  /** 204 even when the key does not exist. */
  async revoke(keyId: string, auth: { idToken: string }, options?: RequestOptions): Promise<void> {
    await this.ctx.request('revokeApiKey', { params: { key_id: keyId }, idToken: auth.idToken }, options);
  }
}

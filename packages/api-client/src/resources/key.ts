import type { DevApiKey } from '@omi-kit/schemas';
import type { DeveloperContext } from '../developer-context.js';
import type { RequestOptions } from '../transport.js';

/** The calling key. */
export class Key {
  constructor(private readonly ctx: DeveloperContext) {}

  /** Name, prefix and effective scopes of the key this client uses (no scope needed). */
  get(options?: RequestOptions): Promise<DevApiKey> {
    return this.ctx.request('getCallingApiKey', {}, options);
  }
}

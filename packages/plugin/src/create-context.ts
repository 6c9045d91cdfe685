import { createHash } from 'node:crypto';
import { OmiConfigError, OmiRateLimitError } from '@omi-kit/api-client';
import type { Storage } from '@omi-kit/storage';
import type { FastifyBaseLogger } from 'fastify';
import { OmiAppSecretMissingError } from './errors/omi-app-secret-missing-error.js';
import type { BaseContext } from './handler-context.js';
import type { CreateAppClient, OmiUserClient } from './omi-user-client.js';

export interface ContextDeps {
  storage: Storage;
  appId: string;
  createAppClient: CreateAppClient;
}

/** What the runtime learns from a handler run: did it push a notification itself? */
export interface ContextState {
  notified: boolean;
}

const NOTIFIED_TTL_MS = 7 * 24 * 3_600_000;

/**
 * The context shared by every handler. `notifyKey` names the event across retries: a text already
 * pushed for it (by an earlier attempt of the same job) is not pushed again.
 */
export function createBaseContext(
  deps: ContextDeps,
  params: { uid: string; log: FastifyBaseLogger; signal: AbortSignal; notifyKey?: string },
): { ctx: BaseContext; state: ContextState } {
  const { uid, log } = params;
  const state: ContextState = { notified: false };
  const sentNow = new Set<string>();
  let client: OmiUserClient | undefined;
  const ctx: BaseContext = {
    uid,
    appId: deps.appId,
    log,
    store: deps.storage,
    signal: params.signal,
    get omi() {
      client ??= deps.createAppClient(uid);
      return client;
    },
    async notify(text) {
      if (typeof text !== 'string' || text.trim() === '') {
        throw new TypeError('notify(text) needs a non-empty string.');
      }
      state.notified = true;
      if (sentNow.has(text)) return;
      sentNow.add(text);
      const marker = params.notifyKey
        ? `omi-plugin:notified:${params.notifyKey}:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
        : undefined;
      if (marker && !(await deps.storage.kv.setIfAbsent(marker, 1, { ttlMs: NOTIFIED_TTL_MS }))) {
        log.info('notification not sent again: an earlier attempt of this event sent the same text');
        return;
      }
      try {
        await ctx.omi.notify(text);
        log.info('notification sent');
      } catch (error) {
        // Nothing was pushed (no key, a bad key, or the hour's 10 notifications are spent): a later attempt may send it.
        if (
          error instanceof OmiAppSecretMissingError ||
          error instanceof OmiConfigError ||
          error instanceof OmiRateLimitError
        ) {
          if (marker) await deps.storage.kv.delete(marker);
          sentNow.delete(text);
        }
        throw error;
      }
    },
  };
  return { ctx, state };
}

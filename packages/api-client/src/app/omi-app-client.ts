import {
  type IntegrationApiOperationId,
  type IntegrationApiRoute,
  integrationApiRoutes,
} from '@omi-kit/schemas';
import { checkAppApiKey } from '../api-key.js';
import { type CommonClientOptions, readEnv } from '../client-options.js';
import { createTransport } from '../create-transport.js';
import { OmiConfigError } from '../errors.js';
import type { IntegrationArgs, IntegrationResult } from '../operation-types.js';
import type { RateLimitStatus } from '../rate-limiter.js';
import { checkInput } from '../request-input.js';
import { integrationRetryRules } from '../retry-rules.js';
import type { CallResult, RequestOptions, Transport } from '../transport.js';
import { OmiAppUserClient } from './omi-app-user-client.js';
import { readRateLimitHeaders, type WindowInfo } from './rate-limit-headers.js';

export interface OmiAppClientOptions extends CommonClientOptions {
  /** Your app's id; default `process.env.OMI_APP_ID`. */
  appId?: string;
  /** Your app's `sk_` key; default `process.env.OMI_APP_API_KEY`. Checked now; never echoed. */
  apiKey?: string;
}

const APP_AUTH_HINT =
  "Check that the app's sk_ key (apiKey or OMI_APP_API_KEY) is current and belongs to this app id.";

/**
 * Omi's Integration API for apps (`sk_` keys). Calls act for one user who enabled the app:
 * `client.forUser(uid)`. Omi limits each app and user to 10 conversations, 60 memory writes and
 * 10 notifications per hour; the client paces them per user.
 */
export class OmiAppClient {
  readonly appId: string;
  readonly #transport: Transport;

  constructor(options: OmiAppClientOptions = {}) {
    const appId = options.appId ?? readEnv('OMI_APP_ID');
    if (!appId || appId.trim() !== appId || /[/?#\s]/.test(appId)) {
      throw new OmiConfigError({
        code: 'invalid_config',
        message: appId
          ? 'appId must be your app id as Omi shows it, without spaces, slashes or query characters.'
          : 'No app id: pass appId, or set OMI_APP_ID.',
      });
    }
    this.appId = appId;
    const key = checkAppApiKey(options.apiKey ?? readEnv('OMI_APP_API_KEY'));
    this.#transport = createTransport(options, { key, authHint: APP_AUTH_HINT });
  }

  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  /** Calls made for one user (who must have enabled the app). */
  forUser(uid: string): OmiAppUserClient {
    if (typeof uid !== 'string' || uid.trim() === '') {
      throw new OmiConfigError({
        code: 'invalid_config',
        message: "forUser needs the user's uid (a non-empty string).",
      });
    }
    return new OmiAppUserClient(this, uid);
  }

  /** Any Integration API operation for a user, with the client's pacing, retries and errors. */
  async request<K extends IntegrationApiOperationId>(
    operationId: K,
    uid: string,
    args: IntegrationArgs<K> = {},
    options?: RequestOptions,
  ): Promise<CallResult<IntegrationResult<K>>> {
    const route = integrationApiRoutes[operationId] as IntegrationApiRoute;
    const operation = `integration.${operationId}`;
    checkInput(route.query, args.query, 'query', operation);
    checkInput(route.body, args.body, 'body', operation);
    return (await this.#transport.send({
      operation,
      method: route.method,
      path: route.path.replace('{app_id}', encodeURIComponent(this.appId)),
      query: { uid, ...(args.query as Record<string, unknown> | undefined) },
      body: args.body,
      charges: route.policy ? [{ policy: route.policy, subject: uid }] : [],
      idempotent: integrationRetryRules[operationId].idempotent,
      schema: route.response,
      options: operationId === 'notify' ? { waitForRateLimit: false, ...options } : options,
    })) as CallResult<IntegrationResult<K>>;
  }

  /** What the pacer knows, per policy and user. */
  rateLimitStatus(): RateLimitStatus[] {
    return this.#transport.limiter.status();
  }

  /** @internal Notifications report their window in headers: keeps the pacer in step with Omi. */
  syncRateLimit(policy: string, uid: string, headers: Headers): WindowInfo | null {
    const info = readRateLimitHeaders(headers, this.#transport.now());
    if (info) {
      this.#transport.limiter.sync(
        { policy, subject: uid },
        { limit: info.limit, remaining: info.remaining, resetAtMs: info.resetAt.getTime() },
      );
    }
    return info;
  }

  toJSON(): Record<string, unknown> {
    return { appId: this.appId, baseUrl: this.baseUrl };
  }
}

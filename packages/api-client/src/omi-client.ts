import {
  type AskRequest,
  type AskResponse,
  type DeveloperApiOperationId,
  type DeveloperApiRoute,
  developerApiRoutes,
} from '@omi-kit/schemas';
import { checkDevApiKey } from './api-key.js';
import { type CommonClientOptions, readEnv } from './client-options.js';
import { createTransport } from './create-transport.js';
import type { DeveloperContext } from './developer-context.js';
import { OmiConfigError, OmiPermissionError } from './errors.js';
import { emit, type OmiHooks } from './hooks.js';
import type { DeveloperArgs, DeveloperResult } from './operation-types.js';
import type { RateLimitCharge, RateLimitStatus } from './rate-limiter.js';
import { checkInput, fillPath } from './request-input.js';
import { ActionItems } from './resources/action-items.js';
import { Conversations } from './resources/conversations.js';
import { DailySummaries } from './resources/daily-summaries.js';
import { Folders } from './resources/folders.js';
import { Goals } from './resources/goals.js';
import { Key } from './resources/key.js';
import { Keys } from './resources/keys.js';
import { Memories } from './resources/memories.js';
import { developerRetryRules } from './retry-rules.js';
import type { RequestOptions, Transport } from './transport.js';

export interface OmiClientOptions extends CommonClientOptions {
  /** An `omi_dev_` key; default `process.env.OMI_API_KEY`. Checked now; never echoed. */
  apiKey?: string;
  /**
   * What memory reads do when Omi answers 403 `developer_memory_access_not_ready` (the account is
   * not enabled for the developer memory API yet): `empty` (default) answers an empty result and
   * calls `hooks.onWarning`, as Omi's reference advises; `throw` raises the `OmiPermissionError`.
   */
  memoryAccessNotReady?: 'empty' | 'throw';
}

const TRANSCRIPT_POLICY = 'dev:conversation_transcript_read';
const DEV_AUTH_HINT =
  'Check that OMI_API_KEY (or apiKey) is a current Developer API key; create one in the Omi app under Settings -> Developer -> Create Key.';

/**
 * Omi's Developer API, grouped by resource. Every call is paced per Omi rate-limit policy,
 * retried only when that is safe, and typed and validated with @omi-kit/schemas.
 */
export class OmiClient {
  readonly memories: Memories;
  readonly actionItems: ActionItems;
  readonly conversations: Conversations;
  readonly folders: Folders;
  readonly goals: Goals;
  readonly dailySummaries: DailySummaries;
  /** The calling key. */
  readonly key: Key;
  /** Key management (needs a Firebase ID token, not this client's key). */
  readonly keys: Keys;
  readonly #transport: Transport;
  readonly #hooks: OmiHooks;
  readonly #memoryAccessNotReady: 'empty' | 'throw';

  constructor(options: OmiClientOptions = {}) {
    const key = checkDevApiKey(options.apiKey ?? readEnv('OMI_API_KEY'));
    this.#transport = createTransport(options, { key, authHint: DEV_AUTH_HINT });
    this.#hooks = options.hooks ?? {};
    this.#memoryAccessNotReady = options.memoryAccessNotReady ?? 'empty';
    const ctx: DeveloperContext = {
      request: (operationId, args, o) => this.request(operationId, args, o),
      memoryRead: (operation, path, run, empty) => this.#memoryRead(operation, path, run, empty),
    };
    this.memories = new Memories(ctx);
    this.actionItems = new ActionItems(ctx);
    this.conversations = new Conversations(ctx);
    this.folders = new Folders(ctx);
    this.goals = new Goals(ctx);
    this.dailySummaries = new DailySummaries(ctx);
    this.key = new Key(ctx);
    this.keys = new Keys(ctx);
  }

  /** The base URL calls go to. */
  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  /** Answers a question from the user's conversations (charged to `dev:ask`, 25 per hour at base). */
  ask(question: string | AskRequest, options?: RequestOptions): Promise<AskResponse> {
    const body = typeof question === 'string' ? { question } : question;
    return this.request('ask', { body }, options);
  }

  /**
   * Any Developer API operation by its OpenAPI operationId, with the same pacing, retry rules,
   * validation and errors as the named methods.
   */
  async request<K extends DeveloperApiOperationId>(
    operationId: K,
    args: DeveloperArgs<K> = {},
    options?: RequestOptions,
  ): Promise<DeveloperResult<K>> {
    const route = developerApiRoutes[operationId] as DeveloperApiRoute;
    const path = fillPath(route.path, args.params as Record<string, string> | undefined, operationId);
    const query = args.query as Record<string, unknown> | undefined;
    checkInput(route.query, query, 'query', operationId);
    checkInput(route.body, args.body, 'body', operationId);
    const charges: RateLimitCharge[] = route.policies.map((policy) => ({ policy }));
    if (route.chargesTranscriptPolicy && query?.include_transcript === true) {
      charges.push({ policy: TRANSCRIPT_POLICY });
    }
    let authorization: string | undefined;
    if (route.auth === 'firebase') {
      if (!args.idToken) {
        throw new OmiConfigError({
          code: 'invalid_config',
          message: `${operationId} is key management: Omi refuses omi_dev_ keys there. Pass the user's Firebase ID token as idToken.`,
        });
      }
      authorization = `Bearer ${args.idToken}`;
    }
    const result = await this.#transport.send({
      operation: operationId,
      method: route.method,
      path,
      query,
      body: args.body,
      charges,
      idempotent: developerRetryRules[operationId].idempotent,
      retryConflict: operationId === 'createConversationFromSegments',
      ...(route.method === 'DELETE' && route.response ? { notFoundAfterRetryIs: { success: true } } : {}),
      schema: route.response,
      ...(authorization ? { authorization } : {}),
      options,
    });
    return result.data as DeveloperResult<K>;
  }

  /** What the client's pacer knows: per policy, the limit, what is used, and when the window ends. */
  rateLimitStatus(): RateLimitStatus[] {
    return this.#transport.limiter.status();
  }

  #memoryRead<T>(operation: string, path: string, run: () => Promise<T>, empty: () => T): Promise<T> {
    return run().catch((error: unknown) => {
      if (
        this.#memoryAccessNotReady === 'empty' &&
        error instanceof OmiPermissionError &&
        error.code === 'developer_memory_access_not_ready'
      ) {
        emit(this.#hooks, 'onWarning', {
          operation,
          method: 'GET',
          path,
          code: error.code,
          message: `${error.message} Answered as an empty result.`,
        });
        return empty();
      }
      throw error;
    });
  }

  /** Keeps the key out of `console.log(client)` and JSON. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl };
  }
}

import type {
  IntegrationConversationList,
  IntegrationCreateConversationRequest,
  IntegrationCreateMemoriesRequest,
  IntegrationEmptyResponse,
  IntegrationListConversationsQuery,
  IntegrationListMemoriesQuery,
  IntegrationListTasksQuery,
  IntegrationMemoryList,
  IntegrationTaskList,
  NotificationResponse,
  SearchConversationsRequest,
  SearchConversationsResponse,
} from '@omi-kit/schemas';
import type { RequestOptions } from '../transport.js';
import type { OmiAppClient } from './omi-app-client.js';
import type { WindowInfo } from './rate-limit-headers.js';

/** `notify`'s answer, with the hour's notification allowance as Omi reported it. */
export type NotifyResult = NotificationResponse & { rateLimit: WindowInfo | null };

/** The Integration API for one user. */
export class OmiAppUserClient {
  constructor(
    private readonly app: OmiAppClient,
    readonly uid: string,
  ) {}

  /**
   * A conversation from text (needs the `create_conversation` action; 10 per hour). Not idempotent:
   * never re-sent once it may have reached Omi. Omi then fires every enabled app's
   * conversation-created webhook, yours included: skip conversations whose `app_id` is yours.
   */
  async createConversation(
    conversation: IntegrationCreateConversationRequest,
    options?: RequestOptions,
  ): Promise<IntegrationEmptyResponse> {
    return (await this.app.request('createConversation', this.uid, { body: conversation }, options)).data;
  }

  /** Memories from `text` or an explicit `memories` list (needs `create_facts`; 60 per hour). Not idempotent. */
  async createMemories(
    memories: IntegrationCreateMemoriesRequest,
    options?: RequestOptions,
  ): Promise<IntegrationEmptyResponse> {
    return (await this.app.request('createMemories', this.uid, { body: memories }, options)).data;
  }

  /** Needs `read_conversations`. */
  async listConversations(
    query: IntegrationListConversationsQuery = {},
    options?: RequestOptions,
  ): Promise<IntegrationConversationList> {
    return (await this.app.request('listConversations', this.uid, { query }, options)).data;
  }

  /** Needs `read_conversations`. */
  async searchConversations(
    search: string | SearchConversationsRequest,
    options?: RequestOptions,
  ): Promise<SearchConversationsResponse> {
    const body = typeof search === 'string' ? { query: search } : search;
    return (await this.app.request('searchConversations', this.uid, { body }, options)).data;
  }

  /** Needs `read_memories`. */
  async listMemories(
    query: IntegrationListMemoriesQuery = {},
    options?: RequestOptions,
  ): Promise<IntegrationMemoryList> {
    return (await this.app.request('listMemories', this.uid, { query }, options)).data;
  }

  /** Needs `read_tasks`. */
  async listTasks(
    query: IntegrationListTasksQuery = {},
    options?: RequestOptions,
  ): Promise<IntegrationTaskList> {
    return (await this.app.request('listTasks', this.uid, { query }, options)).data;
  }

  /**
   * Pushes "<App name> says: message" to the user. Omi allows 10 per hour per app and user: when
   * they are spent this throws `OmiRateLimitError` at once (with `retryAfter`) rather than waiting
   * up to an hour; pass `waitForRateLimit: true` to wait instead. Never re-sent once it may have
   * reached Omi (a repeat would push twice).
   */
  async notify(message: string, options?: RequestOptions): Promise<NotifyResult> {
    const result = await this.app.request('notify', this.uid, { query: { message } }, options);
    const rateLimit = this.app.syncRateLimit('integration:notifications', this.uid, result.headers);
    return { ...result.data, rateLimit };
  }
}

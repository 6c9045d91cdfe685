import type {
  CreateConversationFromSegmentsRequest,
  CreateConversationRequest,
  CreateConversationResponse,
  DeveloperConversation,
  GetConversationQuery,
  ListConversationsQuery,
  SuccessResponse,
  UpdateConversationRequest,
} from '@omi-kit/schemas';
import { type DeveloperContext, MAX_PAGE, pageSizeFor } from '../developer-context.js';
import type { ListAllQuery } from '../operation-types.js';
import { Paginator } from '../paginator.js';
import type { RequestOptions } from '../transport.js';

/** Conversations. Text creates are not idempotent; creates from segments are made so. */
export class Conversations {
  constructor(private readonly ctx: DeveloperContext) {}

  /** One page of completed conversations, newest first (`include_transcript` also charges the transcript limit). */
  list(query: ListConversationsQuery = {}, options?: RequestOptions): Promise<DeveloperConversation[]> {
    return this.ctx.request('listConversations', { query }, options);
  }

  /** Every conversation, a page at a time (100 per page, 25 with transcripts). */
  listAll(
    query: ListAllQuery<ListConversationsQuery> = {},
    options?: RequestOptions,
  ): Paginator<DeveloperConversation> {
    const { pageSize, offset, ...filters } = query;
    const max = filters.include_transcript ? MAX_PAGE.conversationsWithTranscript : MAX_PAGE.conversations;
    return new Paginator({
      pageSize: pageSizeFor(pageSize, max),
      offset: offset ?? 0,
      idOf: (c) => c.id,
      fetchPage: (page) => this.list({ ...filters, ...page }, options),
    });
  }

  get(
    id: string,
    query: GetConversationQuery = {},
    options?: RequestOptions,
  ): Promise<DeveloperConversation> {
    return this.ctx.request('getConversation', { params: { conversation_id: id }, query }, options);
  }

  /**
   * A conversation from text, run through Omi's whole pipeline. Not idempotent: once it may have
   * reached Omi it is never sent again.
   */
  create(
    conversation: CreateConversationRequest,
    options?: RequestOptions,
  ): Promise<CreateConversationResponse> {
    return this.ctx.request('createConversation', { body: conversation }, options);
  }

  /**
   * A conversation from transcript segments. Without a `client_session_id` (or one of its aliases)
   * the client adds a random one, so retries return the same conversation instead of a second one.
   */
  createFromSegments(
    conversation: CreateConversationFromSegmentsRequest,
    options?: RequestOptions,
  ): Promise<CreateConversationResponse> {
    const c = conversation;
    const hasSession =
      c.client_session_id != null ||
      c.client_conversation_id != null ||
      c.session_id != null ||
      c.client_id != null;
    const body = hasSession ? c : { ...c, client_session_id: globalThis.crypto.randomUUID() };
    return this.ctx.request('createConversationFromSegments', { body }, options);
  }

  /** Rename, discard (`discarded: true`) or restore. */
  update(
    id: string,
    changes: UpdateConversationRequest,
    options?: RequestOptions,
  ): Promise<DeveloperConversation> {
    return this.ctx.request(
      'updateConversation',
      { params: { conversation_id: id }, body: changes },
      options,
    );
  }

  delete(id: string, options?: RequestOptions): Promise<SuccessResponse> {
    return this.ctx.request('deleteConversation', { params: { conversation_id: id } }, options);
  }
}

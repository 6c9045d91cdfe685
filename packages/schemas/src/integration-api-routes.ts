import type { z } from 'zod';
import type { HttpMethod } from './developer-api-routes.js';
import {
  type AppAction,
  IntegrationConversationList,
  IntegrationCreateConversationRequest,
  IntegrationCreateMemoriesRequest,
  IntegrationEmptyResponse,
  IntegrationListConversationsQuery,
  IntegrationListMemoriesQuery,
  IntegrationListTasksQuery,
  IntegrationMemoryList,
  IntegrationTaskList,
  NotificationQuery,
  NotificationResponse,
  SearchConversationsRequest,
  SearchConversationsResponse,
} from './integration-api.js';
import type { IntegrationRateLimitPolicy } from './rate-limits.js';

/** One route of the Integration API. Every path has `{app_id}` and takes `?uid=`. */
export interface IntegrationApiRoute {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  /** The action the app must declare; null when being installed by the user is enough. */
  action: AppAction | null;
  /** Rate-limit policy, counted per app and user; null when Omi does not limit the route. */
  policy: IntegrationRateLimitPolicy | null;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
}

function route<const R extends IntegrationApiRoute>(r: R): R {
  return r;
}

/** Every route of Omi's Integration API for `sk_` app keys (apps-and-webhooks reference, §4-5). */
export const integrationApiRoutes = {
  createConversation: route({
    operationId: 'createConversation',
    method: 'POST',
    path: '/v2/integrations/{app_id}/user/conversations',
    summary: 'Create a conversation from text for the user (not idempotent; fires webhooks)',
    action: 'create_conversation',
    policy: 'integration:conversations',
    body: IntegrationCreateConversationRequest,
    response: IntegrationEmptyResponse,
  }),
  createMemories: route({
    operationId: 'createMemories',
    method: 'POST',
    path: '/v2/integrations/{app_id}/user/memories',
    summary: 'Create memories (facts) from text or an explicit list',
    action: 'create_facts',
    policy: 'integration:memories',
    body: IntegrationCreateMemoriesRequest,
    response: IntegrationEmptyResponse,
  }),
  listConversations: route({
    operationId: 'listConversations',
    method: 'GET',
    path: '/v2/integrations/{app_id}/conversations',
    summary: "List the user's conversations; locked ones are redacted",
    action: 'read_conversations',
    policy: null,
    query: IntegrationListConversationsQuery,
    response: IntegrationConversationList,
  }),
  searchConversations: route({
    operationId: 'searchConversations',
    method: 'POST',
    path: '/v2/integrations/{app_id}/search/conversations',
    summary: "Search the user's conversations, a page at a time",
    action: 'read_conversations',
    policy: null,
    body: SearchConversationsRequest,
    response: SearchConversationsResponse,
  }),
  listMemories: route({
    operationId: 'listMemories',
    method: 'GET',
    path: '/v2/integrations/{app_id}/memories',
    summary: "List the user's memories; locked ones are cut to 70 characters",
    action: 'read_memories',
    policy: null,
    query: IntegrationListMemoriesQuery,
    response: IntegrationMemoryList,
  }),
  listTasks: route({
    operationId: 'listTasks',
    method: 'GET',
    path: '/v2/integrations/{app_id}/tasks',
    summary: "List the user's tasks (action items)",
    action: 'read_tasks',
    policy: null,
    query: IntegrationListTasksQuery,
    response: IntegrationTaskList,
  }),
  notify: route({
    operationId: 'notify',
    method: 'POST',
    path: '/v2/integrations/{app_id}/notification',
    summary: 'Push a notification to the user ("<App name> says"); 10 per hour per app and user',
    action: null,
    policy: 'integration:notifications',
    query: NotificationQuery,
    response: NotificationResponse,
  }),
} as const satisfies Record<string, IntegrationApiRoute>;

export type IntegrationApiOperationId = keyof typeof integrationApiRoutes;

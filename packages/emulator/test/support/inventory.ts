/**
 * The Developer API route inventory as the reference states it (§8 for the routes, §3 "Route to
 * scope map" for scopes, §4 for rate-limit policies). Written out by hand from the reference on
 * purpose: the tests compare the emulator against this, not against @omi-kit/schemas' own table.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** With sample path parameters filled in. */
  path: string;
  /** The route's template, as in §8. */
  template: string;
  auth: 'dev_key' | 'firebase';
  scope: string | null;
  /** The §4 policy, or null when the reference does not give a limit for it. */
  policy: string | null;
  /** A body that passes validation (so a test can reach the handler), when the route takes one. */
  body?: unknown;
  /** Query that passes validation, when the route needs one. */
  query?: Record<string, string>;
}

export const BASE_LIMITS: Record<string, number> = {
  'dev:memories_read': 120,
  'dev:memories': 120,
  'dev:memories_batch': 15,
  'dev:action_items_read': 120,
  'dev:action_items_write': 120,
  'dev:conversations_read': 60,
  'dev:conversation_detail_read': 60,
  'dev:conversation_transcript_read': 25,
  'dev:conversations': 25,
  'dev:ask': 25,
  'dev:goals_read': 120,
  'dev:goals_write': 120,
};

const MISSING = 'no-such-id';

export const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    template: '/v1/dev/keys',
    path: '/v1/dev/keys',
    auth: 'firebase',
    scope: null,
    policy: null,
  },
  {
    method: 'POST',
    template: '/v1/dev/keys',
    path: '/v1/dev/keys',
    auth: 'firebase',
    scope: null,
    policy: null,
    body: { name: 'k' },
  },
  {
    method: 'DELETE',
    template: '/v1/dev/keys/{key_id}',
    path: `/v1/dev/keys/${MISSING}`,
    auth: 'firebase',
    scope: null,
    policy: null,
  },
  // dev:key_read exists but its limit is unknown (§4), so no base limit is asserted for it.
  { method: 'GET', template: '/v1/dev/key', path: '/v1/dev/key', auth: 'dev_key', scope: null, policy: null },
  {
    method: 'GET',
    template: '/v1/dev/user/memories',
    path: '/v1/dev/user/memories',
    auth: 'dev_key',
    scope: 'memories:read',
    policy: 'dev:memories_read',
  },
  {
    method: 'POST',
    template: '/v1/dev/user/memories',
    path: '/v1/dev/user/memories',
    auth: 'dev_key',
    scope: 'memories:write',
    policy: 'dev:memories',
    body: { content: 'Scope probe memory', category: 'manual' },
  },
  {
    method: 'POST',
    template: '/v1/dev/user/memories/batch',
    path: '/v1/dev/user/memories/batch',
    auth: 'dev_key',
    scope: 'memories:write',
    policy: 'dev:memories_batch',
    body: { memories: [] },
  },
  {
    method: 'GET',
    template: '/v1/dev/user/memories/vector/search',
    path: '/v1/dev/user/memories/vector/search',
    auth: 'dev_key',
    scope: 'memories:read',
    policy: 'dev:memories_read',
    query: { query: 'probe' },
  },
  {
    method: 'PATCH',
    template: '/v1/dev/user/memories/{memory_id}',
    path: `/v1/dev/user/memories/${MISSING}`,
    auth: 'dev_key',
    scope: 'memories:write',
    policy: 'dev:memories',
    body: { tags: ['x'] },
  },
  {
    method: 'DELETE',
    template: '/v1/dev/user/memories/{memory_id}',
    path: `/v1/dev/user/memories/${MISSING}`,
    auth: 'dev_key',
    scope: 'memories:write',
    policy: 'dev:memories',
  },
  {
    method: 'GET',
    template: '/v1/dev/user/action-items',
    path: '/v1/dev/user/action-items',
    auth: 'dev_key',
    scope: 'action_items:read',
    policy: 'dev:action_items_read',
  },
  {
    method: 'POST',
    template: '/v1/dev/user/action-items',
    path: '/v1/dev/user/action-items',
    auth: 'dev_key',
    scope: 'action_items:write',
    policy: 'dev:action_items_write',
    body: { description: 'Scope probe task' },
  },
  {
    method: 'POST',
    template: '/v1/dev/user/action-items/batch',
    path: '/v1/dev/user/action-items/batch',
    auth: 'dev_key',
    scope: 'action_items:write',
    policy: 'dev:action_items_write',
    body: { action_items: [] },
  },
  {
    method: 'PATCH',
    template: '/v1/dev/user/action-items/{action_item_id}',
    path: `/v1/dev/user/action-items/${MISSING}`,
    auth: 'dev_key',
    scope: 'action_items:write',
    policy: 'dev:action_items_write',
    body: { completed: true },
  },
  {
    method: 'DELETE',
    template: '/v1/dev/user/action-items/{action_item_id}',
    path: `/v1/dev/user/action-items/${MISSING}`,
    auth: 'dev_key',
    scope: 'action_items:write',
    policy: 'dev:action_items_write',
  },
  {
    method: 'GET',
    template: '/v1/dev/user/conversations',
    path: '/v1/dev/user/conversations',
    auth: 'dev_key',
    scope: 'conversations:read',
    policy: 'dev:conversations_read',
  },
  {
    method: 'POST',
    template: '/v1/dev/user/conversations',
    path: '/v1/dev/user/conversations',
    auth: 'dev_key',
    scope: 'conversations:write',
    policy: 'dev:conversations',
    body: { text: 'A short scope probe conversation about the weather.' },
  },
  {
    method: 'POST',
    template: '/v1/dev/user/conversations/from-segments',
    path: '/v1/dev/user/conversations/from-segments',
    auth: 'dev_key',
    scope: 'conversations:write',
    policy: 'dev:conversations',
    body: { transcript_segments: [{ text: 'Scope probe.', start: 0, end: 1 }] },
  },
  {
    method: 'GET',
    template: '/v1/dev/user/conversations/{conversation_id}',
    path: `/v1/dev/user/conversations/${MISSING}`,
    auth: 'dev_key',
    scope: 'conversations:read',
    policy: 'dev:conversation_detail_read',
  },
  {
    method: 'PATCH',
    template: '/v1/dev/user/conversations/{conversation_id}',
    path: `/v1/dev/user/conversations/${MISSING}`,
    auth: 'dev_key',
    scope: 'conversations:write',
    policy: 'dev:conversations',
    body: { title: 'x' },
  },
  {
    method: 'DELETE',
    template: '/v1/dev/user/conversations/{conversation_id}',
    path: `/v1/dev/user/conversations/${MISSING}`,
    auth: 'dev_key',
    scope: 'conversations:write',
    policy: 'dev:conversations',
  },
  {
    method: 'POST',
    template: '/v1/dev/user/ask',
    path: '/v1/dev/user/ask',
    auth: 'dev_key',
    scope: 'conversations:read',
    policy: 'dev:ask',
    body: { question: 'What did I plan?' },
  },
  {
    method: 'GET',
    template: '/v1/dev/user/folders',
    path: '/v1/dev/user/folders',
    auth: 'dev_key',
    scope: 'conversations:read',
    policy: 'dev:conversations_read',
  },
  {
    method: 'GET',
    template: '/v1/dev/user/goals',
    path: '/v1/dev/user/goals',
    auth: 'dev_key',
    scope: 'goals:read',
    policy: 'dev:goals_read',
  },
  {
    method: 'POST',
    template: '/v1/dev/user/goals',
    path: '/v1/dev/user/goals',
    auth: 'dev_key',
    scope: 'goals:write',
    policy: 'dev:goals_write',
    body: { title: 'Scope probe goal' },
  },
  {
    method: 'GET',
    template: '/v1/dev/user/goals/{goal_id}',
    path: `/v1/dev/user/goals/${MISSING}`,
    auth: 'dev_key',
    scope: 'goals:read',
    policy: 'dev:goals_read',
  },
  {
    method: 'PATCH',
    template: '/v1/dev/user/goals/{goal_id}',
    path: `/v1/dev/user/goals/${MISSING}`,
    auth: 'dev_key',
    scope: 'goals:write',
    policy: 'dev:goals_write',
    body: { title: 'x' },
  },
  {
    method: 'DELETE',
    template: '/v1/dev/user/goals/{goal_id}',
    path: `/v1/dev/user/goals/${MISSING}`,
    auth: 'dev_key',
    scope: 'goals:write',
    policy: 'dev:goals_write',
  },
  {
    method: 'PATCH',
    template: '/v1/dev/user/goals/{goal_id}/progress',
    path: `/v1/dev/user/goals/${MISSING}/progress`,
    auth: 'dev_key',
    scope: 'goals:write',
    policy: 'dev:goals_write',
    query: { current_value: '3' },
  },
  {
    method: 'GET',
    template: '/v1/dev/user/goals/{goal_id}/history',
    path: `/v1/dev/user/goals/${MISSING}/history`,
    auth: 'dev_key',
    scope: 'goals:read',
    policy: 'dev:goals_read',
  },
  // Daily summaries: scope from daily-summaries.mdx; the rate-limit policy is unknown (§2.7).
  {
    method: 'GET',
    template: '/v1/dev/user/daily-summaries',
    path: '/v1/dev/user/daily-summaries',
    auth: 'dev_key',
    scope: 'conversations:read',
    policy: null,
  },
  {
    method: 'GET',
    template: '/v1/dev/user/daily-summaries/{summary_id}',
    path: `/v1/dev/user/daily-summaries/${MISSING}`,
    auth: 'dev_key',
    scope: 'conversations:read',
    policy: null,
  },
];

export const DEV_KEY_ROUTES = ROUTES.filter((r) => r.auth === 'dev_key');
export const FIREBASE_ROUTES = ROUTES.filter((r) => r.auth === 'firebase');
export const SCOPED_ROUTES = ROUTES.filter((r) => r.scope !== null);

export const label = (r: RouteSpec) => `${r.method} ${r.template}`;

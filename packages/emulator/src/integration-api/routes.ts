import {
  acceptUnknownKeys,
  type IntegrationApiOperationId,
  type IntegrationApiRoute,
  type IntegrationCreateConversationRequest,
  type IntegrationCreateMemoriesRequest,
  integrationApiRoutes,
  integrationRateLimitPolicies,
  type SearchConversationsRequest,
} from '@omi-kit/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { processConversation } from '../conversation-pipeline.js';
import { clamp, toUtcIso } from '../datetime-input.js';
import { validateBody, validateQuery } from '../fastapi-validation.js';
import { OmiHttpError } from '../http-error.js';
import { memoryCategoryFor, relevance, sentences } from '../llm-stand-ins.js';
import type { EmulatorState } from '../state.js';
import { toDeveloperActionItem } from '../store/action-items.js';
import { toDeveloperMemory } from '../store/memories.js';
import type { AppRecord, AppRegistry } from './app-registry.js';
import { toConversationItem } from './conversation-item.js';
import type { HourBucketLimiter } from './hour-bucket-limiter.js';
import { queryConversations, queryTasks } from './integration-queries.js';
import type { NotificationLog } from './notification-log.js';

export interface IntegrationDeps {
  state: EmulatorState;
  registry: AppRegistry;
  notifications: NotificationLog;
  notificationLimiter: HourBucketLimiter;
}

interface AppCall<Q = Record<string, unknown>, B = unknown> {
  app: AppRecord;
  uid: string;
  query: Q;
  body: B;
  now: Date;
  /** Headers to add to the answer. */
  headers: Record<string, string>;
}

/** Each handler states the query and body it reads; `never` lets any of them be listed here. */
type AppHandler = (call: AppCall<never, never>, deps: IntegrationDeps) => unknown;

const ACTION_WORDS: Record<string, string> = {
  create_conversation: 'create conversations',
  create_facts: 'create memories',
  read_conversations: 'read conversations',
  read_memories: 'read memories',
  read_tasks: 'read tasks',
};

const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Omi's `/v2/integrations/{app_id}/...` routes. The checks run in the order of Omi's handlers,
 * which do them in their body, after FastAPI has validated the query and body: 422, then 401 for
 * a missing or malformed header, 404 for an unknown app, 403 for a key of another app, 403 when
 * the user has not enabled the app, 403 for a missing action, then the per app+user rate limit.
 */
export function registerIntegrationRoutes(app: FastifyInstance, deps: IntegrationDeps): void {
  for (const [operationId, route] of Object.entries(integrationApiRoutes) as [
    IntegrationApiOperationId,
    IntegrationApiRoute,
  ][]) {
    const query = (route.query ?? z.strictObject({})).extend({ uid: z.string().min(1) });
    const body = route.body ? acceptUnknownKeys(route.body) : undefined;
    const handler = handlers[operationId];
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      handler: async (request, reply) => {
        const call = check(request, route, query, body, deps);
        try {
          const result = await handler(call as AppCall<never, never>, deps);
          return reply.headers(call.headers).send(result);
        } catch (error) {
          if (error instanceof OmiHttpError) Object.assign(error.headers, call.headers);
          throw error;
        }
      },
    });
  }
}

function check(
  request: FastifyRequest,
  route: IntegrationApiRoute,
  querySchema: z.ZodObject,
  bodySchema: z.ZodType | undefined,
  deps: IntegrationDeps,
): AppCall {
  const { state, registry } = deps;
  const errors = [];
  const q = validateQuery<Record<string, unknown>>(querySchema, request.query as Record<string, string>);
  if (!q.ok) errors.push(...q.errors);
  let body: unknown;
  if (bodySchema) {
    const b = validateBody(bodySchema, request.body as Buffer | undefined);
    if (b.ok) body = b.value;
    else errors.push(...b.errors);
  }
  if (errors.length > 0) throw new OmiHttpError(422, errors);
  const query = q.ok ? q.value : {};
  const uid = query.uid as string;

  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ') || header.length <= 'Bearer '.length) {
    throw new OmiHttpError(401, "Missing or invalid Authorization header. Must be 'Bearer <API key>'");
  }
  const appId = (request.params as { app_id: string }).app_id;
  const app = registry.get(appId);
  if (!app) throw new OmiHttpError(404, 'App not found');
  if (!registry.keyIsForApp(appId, header.slice('Bearer '.length).trim())) {
    throw new OmiHttpError(403, 'Invalid API key');
  }
  if (!registry.isEnabled(appId, uid)) {
    throw new OmiHttpError(
      403,
      route.operationId === 'notify'
        ? 'User does not have this app installed'
        : 'App is not enabled for this user',
    );
  }
  if (route.action && !registry.hasAction(app, route.action)) {
    throw new OmiHttpError(403, `App does not have the capability to ${ACTION_WORDS[route.action]}`);
  }
  const call: AppCall = { app, uid, query, body, now: state.clock(), headers: {} };
  if (route.policy === 'integration:notifications') {
    call.headers = deps.notificationLimiter.hit(
      `${appId}:${uid}`,
      integrationRateLimitPolicies[route.policy],
    ).headers;
  } else if (route.policy) {
    state.limiter.hit(route.policy, `${appId}:${uid}`, integrationRateLimitPolicies[route.policy]);
  }
  return call;
}

const dateOrUndefined = (v: unknown) => (typeof v === 'string' && v ? toUtcIso(v) : undefined);

const handlers: Record<IntegrationApiOperationId, AppHandler> = {
  createConversation: (call: AppCall<unknown, IntegrationCreateConversationRequest>, { state }) => {
    const b = call.body;
    const text = b.text.trim();
    if (!text) throw new OmiHttpError(422, 'text cannot be empty');
    const startedAt = b.started_at ? new Date(toUtcIso(b.started_at)) : call.now;
    const finishedAt = b.finished_at
      ? new Date(toUtcIso(b.finished_at))
      : new Date(startedAt.getTime() + 300_000);
    processConversation(state, {
      uid: call.uid,
      text,
      segments: [],
      source: 'external_integration',
      startedAt,
      finishedAt,
      language: b.language ?? 'en',
      geolocation: b.geolocation ?? null,
      appId: call.app.id,
      externalData: {
        text,
        text_source: b.text_source ?? 'audio_transcript',
        text_source_spec: b.text_source_spec ?? null,
      },
      now: call.now,
    });
    return {};
  },

  createMemories: (call: AppCall<unknown, IntegrationCreateMemoriesRequest>, { state }) => {
    const b = call.body;
    // Omi extracts facts from text with an LLM; the stand-in keeps each sentence of five words or more.
    const fromText = (b.text ? sentences(b.text) : [])
      .filter((s) => s.split(' ').length >= 5)
      .map((content) => ({ content: content.slice(0, 500), tags: [] as string[] }));
    const explicit = (b.memories ?? []).map((m) => ({ content: m.content.trim(), tags: m.tags ?? [] }));
    const items = [...fromText, ...explicit].filter((m) => m.content.length > 0);
    state.memories.createMany(
      call.uid,
      items.map((m) => ({
        content: m.content,
        category: memoryCategoryFor(m.content),
        visibility: 'private',
        tags: m.tags,
        manuallyAdded: false,
        now: call.now,
      })),
    );
    return {};
  },

  listConversations: (call, { state }) => {
    const q = call.query as Record<string, unknown>;
    const statuses =
      typeof q.statuses === 'string'
        ? q.statuses
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : ['processing', 'completed'];
    const rows = queryConversations(state.db, call.uid, {
      includeDiscarded: q.include_discarded === true,
      statuses,
      startDate: dateOrUndefined(q.start_date),
      endDate: dateOrUndefined(q.end_date),
      limit: (q.limit as number | undefined) ?? 100,
      offset: (q.offset as number | undefined) ?? 0,
    });
    const max = (q.max_transcript_segments as number | undefined) ?? 100;
    const enforce = state.switches.enforce_locks;
    return { conversations: rows.map((r) => toConversationItem(r.conversation, r.locked && enforce, max)) };
  },

  searchConversations: (call: AppCall<unknown, SearchConversationsRequest>, { state }) => {
    const b = call.body;
    const page = b.page ?? 1;
    const perPage = b.per_page ?? 10;
    const enforce = state.switches.enforce_locks;
    const matches = queryConversations(state.db, call.uid, {
      includeDiscarded: b.include_discarded === true,
      statuses: ['completed'],
      startDate: dateOrUndefined(b.start_date),
      endDate: dateOrUndefined(b.end_date),
      limit: -1,
      offset: 0,
    })
      .map((r) => {
        const c = r.conversation;
        const text = `${c.structured.title} ${c.structured.overview} ${c.transcript_segments.map((s) => s.text).join(' ')}`;
        return { r, score: relevance(b.query, text) };
      })
      .filter((x) => x.score > 0)
      .sort(
        (a, b2) =>
          b2.score - a.score ||
          (b2.r.conversation.created_at ?? '').localeCompare(a.r.conversation.created_at ?? ''),
      );
    const pageItems = matches.slice((page - 1) * perPage, page * perPage);
    return {
      conversations: pageItems.map(({ r }) => toConversationItem(r.conversation, r.locked && enforce, 100)),
      total_pages: Math.ceil(matches.length / perPage),
      current_page: page,
      per_page: perPage,
    };
  },

  listMemories: (call, { state }) => {
    const q = call.query as { limit?: number; offset?: number };
    const enforce = state.switches.enforce_locks;
    const rows = state.memories.list(
      call.uid,
      clamp(q.limit ?? 100, 1, 1000),
      Math.max(0, q.offset ?? 0),
      [],
    );
    return {
      memories: rows.map((row) => ({
        ...toDeveloperMemory(row, enforce),
        uid: call.uid,
        is_locked: row.is_locked === 1,
      })),
    };
  },

  listTasks: (call, { state }) => {
    const q = call.query as Record<string, unknown>;
    const rows = queryTasks(state.db, call.uid, {
      completed: q.completed as boolean | undefined,
      conversationId: q.conversation_id as string | undefined,
      startDate: dateOrUndefined(q.start_date),
      endDate: dateOrUndefined(q.end_date),
      dueStartDate: dateOrUndefined(q.due_start_date),
      dueEndDate: dateOrUndefined(q.due_end_date),
      limit: (q.limit as number | undefined) ?? 100,
      offset: (q.offset as number | undefined) ?? 0,
    });
    return { tasks: rows.map(toDeveloperActionItem) };
  },

  notify: (call, { notifications }) => {
    notifications.record(call.app, call.uid, (call.query as { message: string }).message, call.now);
    return { status: 'Ok' };
  },
};

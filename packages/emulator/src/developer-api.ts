import {
  acceptUnknownKeys,
  type DeveloperApiOperationId,
  type DeveloperApiRoute,
  developerApiRoutes,
  developerRateLimitPolicies,
  hasScope,
  type Scope,
} from '@omi-kit/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { authenticateIdToken, type DevKeyIdentity } from './auth.js';
import { laxBoolean, validateBody, validateQuery } from './fastapi-validation.js';
import { OmiHttpError } from './http-error.js';
import { RawJson } from './pydantic-json.js';
import type { EmulatorState } from './state.js';

/** What a Developer API handler receives once auth, scope, rate limit and validation passed. */
export interface DevRequest<Q = Record<string, unknown>, B = unknown> {
  uid: string;
  /** The calling key (absent on Firebase-authenticated key-management routes). */
  key?: DevKeyIdentity;
  query: Q;
  body: B;
  params: Record<string, string>;
  headers: FastifyRequest['headers'];
  now: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: each handler declares the query and body types it reads.
export type DevHandler = (req: DevRequest<any, any>, state: EmulatorState) => unknown | Promise<unknown>;
export type DevHandlers = Record<DeveloperApiOperationId, DevHandler>;

const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Registers every Developer API route, each running Omi's checks in Omi's order:
 * 401 auth -> 403 account fence -> 403 scope -> 429/503 rate limit -> 422 validation -> handler.
 */
export function registerDeveloperApi(
  app: FastifyInstance,
  state: EmulatorState,
  handlers: DevHandlers,
): void {
  for (const [operationId, route] of Object.entries(developerApiRoutes) as [
    DeveloperApiOperationId,
    DeveloperApiRoute,
  ][]) {
    const handler = handlers[operationId];
    const body = route.body ? acceptUnknownKeys(route.body) : undefined;
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      handler: async (request, reply) => {
        const dev = await checkRequest(request, route, body, state);
        const result = await handler(dev, state);
        if (route.successStatus === 204) return reply.code(204).send();
        if (result instanceof RawJson) return reply.type('application/json; charset=utf-8').send(result.text);
        return result;
      },
    });
  }
}

async function checkRequest(
  request: FastifyRequest,
  route: DeveloperApiRoute,
  body: z.ZodType | undefined,
  state: EmulatorState,
): Promise<DevRequest> {
  const now = state.clock();
  let uid: string;
  let key: DevKeyIdentity | undefined;
  if (route.auth === 'firebase') {
    uid = authenticateIdToken(state.db, request.headers.authorization);
  } else {
    key = state.auth.authenticate(request.headers.authorization);
    uid = key.uid;
    if (state.switches.account_deletion_in_progress) {
      throw new OmiHttpError(403, {
        code: 'account_deletion_in_progress',
        status: 'in_progress',
        retryable: false,
      });
    }
    if (route.scope && !hasScope(key.scopes, route.scope as Scope)) {
      throw new OmiHttpError(403, `Insufficient permissions. Required scope: ${route.scope}`);
    }
    if (route.policies.length > 0) {
      if (state.switches.rate_limiter_unavailable) throw new OmiHttpError(503, 'Rate limiter unavailable');
      const subject =
        route.operationId === 'getCallingApiKey'
          ? `app:developer_api:key:${key.keyId}`
          : `dev:${uid}:developer_api:${key.keyId}`;
      for (const policy of route.policies)
        state.limiter.hit(policy, subject, developerRateLimitPolicies[policy]);
      const rawTranscript = (request.query as Record<string, string | undefined>).include_transcript;
      if (
        route.chargesTranscriptPolicy &&
        rawTranscript !== undefined &&
        laxBoolean(String(rawTranscript)) === true
      ) {
        state.limiter.hit(
          'dev:conversation_transcript_read',
          subject,
          developerRateLimitPolicies['dev:conversation_transcript_read'],
        );
      }
    }
    if (route.tag === 'memories' && state.switches.memory_access_not_ready) {
      throw new OmiHttpError(403, {
        code: 'developer_memory_access_not_ready',
        reason: 'missing_rollout_state',
        message:
          'Developer memory access is not ready for this account yet. Your API key can be valid and correctly scoped; retry later.',
        consumer: 'developer_api',
        archive_default_visible: false,
      });
    }
  }
  let query: Record<string, unknown> = {};
  const errors = [];
  if (route.query) {
    const q = validateQuery<Record<string, unknown>>(route.query, request.query as Record<string, string>);
    if (q.ok) query = q.value;
    else errors.push(...q.errors);
  }
  let parsedBody: unknown;
  if (body) {
    const b = validateBody(body, request.body as Buffer | undefined);
    if (b.ok) parsedBody = b.value;
    else errors.push(...b.errors);
  }
  if (errors.length > 0) throw new OmiHttpError(422, errors);
  return {
    uid,
    ...(key ? { key } : {}),
    query,
    body: parsedBody,
    params: request.params as Record<string, string>,
    headers: request.headers,
    now,
  };
}

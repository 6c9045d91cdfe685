import { developerApiOpenApi, developerApiRoutes, scopeValues } from '@omi-kit/schemas';
import Fastify, { type FastifyInstance } from 'fastify';
import { DevKeyAuthenticator } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { registerDeveloperApi } from './developer-api.js';
import { OmiHttpError } from './http-error.js';
import {
  type IntegrationApi,
  type RegisterAppInput,
  registerIntegrationApi,
} from './integration-api/index.js';
import { toPydanticJson } from './pydantic-json.js';
import { FixedWindowRateLimiter } from './rate-limiter.js';
import * as actionItems from './routes/action-items.js';
import { mintKey, registerAdminRoutes, resetState } from './routes/admin.js';
import * as conversations from './routes/conversations.js';
import * as goals from './routes/goals.js';
import * as memories from './routes/memories.js';
import * as misc from './routes/misc.js';
import { DEFAULT_UID, DEFAULT_USER_NAME, seed } from './seed.js';
import type { EmulatorState } from './state.js';
import { ActionItemStore } from './store/action-items.js';
import { ConversationStore } from './store/conversations.js';
import { openDatabase } from './store/database.js';
import { DailySummaryStore, FolderStore, GoalStore } from './store/documents.js';
import { GroupCommit } from './store/group-commit.js';
import { KeyStore } from './store/keys.js';
import { MemoryStore } from './store/memories.js';
import { UserStore } from './store/users.js';
import { defaultSwitches } from './switches.js';
import { registerWebhookSender, type WebhookSender, type WebhookSenderOptions } from './webhooks/index.js';

export interface EmulatorOptions {
  /** SQLite file path, or `:memory:` (the default). A file survives a restart. */
  db?: string;
  /** Seed the default user with realistic data (no-op if already seeded). */
  seed?: boolean;
  /** Multiplies Omi's base rate limits (Omi's `RATE_LIMIT_BOOST`), default 1. */
  rateLimitBoost?: number;
  /** Injected clock, for tests of time windows. */
  clock?: Clock;
  /** Keep created conversations "processing" this long (exercises from-segments 409s). */
  conversationProcessingMs?: number;
  /** Called with one line per request (method, path, status, duration); never with headers. */
  log?: (line: string) => void;
  /** Deliveries to registered apps: timeouts (default 2 s / 15 s) and retry waits (1 s, 5 s, 30 s). */
  webhooks?: Pick<WebhookSenderOptions, 'timeouts' | 'retryDelaysMs'>;
}

export interface Emulator {
  app: FastifyInstance;
  state: EmulatorState;
  /** Webhook deliveries to registered apps: signing secrets, health, the delivery log, `idle()`. */
  webhooks: WebhookSender;
  /** Mint a Developer API key (every scope unless `scopes` is given; `null` is read-only). */
  createKey(scopes?: readonly string[] | null, uid?: string): string;
  /** Mint an emulated Firebase ID token for the key-management routes. */
  createIdToken(uid?: string): string;
  reset(options?: { seed?: boolean }): void;
  /** The Integration API (sk_ app keys): apps, enablements, the notification record. */
  integration: IntegrationApi;
  /** Register an app (every action unless `actions` says otherwise), mint its sk_ key; `enabled_for` enables it. */
  createApp(input: RegisterAppInput): { appId: string; apiKey: string };
  /** Listen; resolves with the base URL (`http://host:port`, the real port when 0 was given). */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Builds a local Omi: the Developer API, the admin API, and `GET /openapi.json`. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clock = options.clock ?? systemClock;
  const dbPath = options.db ?? ':memory:';
  const db = openDatabase(dbPath);
  const state: EmulatorState = {
    db,
    writes: new GroupCommit(db),
    clock,
    limiter: new FixedWindowRateLimiter({ clock, boost: options.rateLimitBoost ?? 1 }),
    auth: new DevKeyAuthenticator(db, clock),
    switches: defaultSwitches(),
    memories: new MemoryStore(db),
    actionItems: new ActionItemStore(db),
    conversations: new ConversationStore(db),
    folders: new FolderStore(db),
    goals: new GoalStore(db),
    dailySummaries: new DailySummaryStore(db),
    keys: new KeyStore(db),
    users: new UserStore(db),
    defaultUid: DEFAULT_UID,
    conversationProcessingMs: options.conversationProcessingMs ?? 0,
  };
  state.users.ensure(DEFAULT_UID, DEFAULT_USER_NAME, clock());
  if (options.seed) seed(state);

  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024, forceCloseConnections: true });
  // FastAPI reads the body itself: keep it raw so bad JSON becomes a 422 like Omi's, not Fastify's 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setReplySerializer((payload) => toPydanticJson(payload));

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof OmiHttpError) {
      return reply.code(error.statusCode).headers(error.headers).send({ detail: error.detail });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.code(413).send({ detail: 'Request body too large' });
    if (status && status >= 400 && status < 500)
      return reply.code(status).send({ detail: (error as Error).message });
    // Not an Omi answer: the emulator's own storage is full, which the user can fix.
    if ((error as { code?: string }).code === 'SQLITE_FULL') {
      return reply.code(507).send({
        detail:
          dbPath === ':memory:'
            ? "The emulator's in-memory database is full (SQLite's memdb holds 1 GiB). Start it with --db FILE to keep more, or reset it (POST /_emulator/reset)."
            : `The emulator's database file ${dbPath} cannot grow: the disk is full.`,
      });
    }
    return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
  });
  // Starlette answers a known path with the wrong method 405, with the methods it allows.
  const pathMethods = Object.values(developerApiRoutes).map((route) => ({
    pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
    method: route.method,
  }));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = pathMethods.filter((p) => p.pattern.test(path)).map((p) => p.method);
    if (allowed.length > 0) {
      return reply.code(405).header('allow', allowed.join(', ')).send({ detail: 'Method Not Allowed' });
    }
    return reply.code(404).send({ detail: 'Not Found' });
  });

  if (options.log) {
    const log = options.log;
    app.addHook('onResponse', async (request, reply) => {
      log(
        `${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`,
      );
    });
  }

  registerDeveloperApi(app, state, { ...memories, ...actionItems, ...conversations, ...goals, ...misc });
  registerAdminRoutes(app, state);
  const integration = registerIntegrationApi(app, state);
  const webhooks = registerWebhookSender(app, state, { ...options.webhooks, apps: integration.registry });
  let baseUrl = 'http://127.0.0.1';
  app.get('/openapi.json', async () =>
    developerApiOpenApi({ serverUrl: baseUrl, title: 'Omi Developer API (omi-kit emulator)' }),
  );

  return {
    app,
    state,
    webhooks,
    createKey: (scopes = scopeValues, uid) => mintKey(state, scopes === null ? null : [...scopes], uid),
    createIdToken: (uid = DEFAULT_UID) => {
      state.users.ensure(uid, uid, clock());
      return state.keys.mintIdToken(uid);
    },
    reset: (o = {}) => {
      resetState(state, o.seed ?? false);
      integration.reset();
      webhooks.reset();
    },
    integration,
    createApp: (input) => {
      const { app: created, apiKey } = integration.createApp(input);
      return { appId: created.id, apiKey };
    },
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      const realPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      baseUrl = `http://${shownHost}:${realPort}`;
      return baseUrl;
    },
    async close() {
      await webhooks.close();
      await app.close();
      state.writes.flush();
      db.close();
    },
  };
}

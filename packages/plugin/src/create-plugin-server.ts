import {
  type JobInfo,
  type OpenStorageOptions,
  openStorage,
  type QueueStats,
  type Storage,
  type Worker,
} from '@omi-kit/storage';
import type { FastifyBaseLogger } from 'fastify';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { defaultBodyLimit } from './body-limit.js';
import { defaultAppClient } from './default-app-client.js';
import { definePlugin } from './define-plugin.js';
import { doneMarkers } from './done-markers.js';
import { startEventWorker, type WorkerSettings } from './event-worker.js';
import { HttpFailure } from './http-failure.js';
import { createInFlight } from './in-flight.js';
import { lazyChildLogger } from './lazy-child-logger.js';
import { loggerOptions } from './logger-options.js';
import type { CreateAppClient } from './omi-user-client.js';
import { type Env, loadPluginConfig, type PluginConfig } from './plugin-config.js';
import type { PluginDefinition } from './plugin-definition.js';
import { EVENTS_QUEUE, type QueuedDelivery } from './queued-delivery.js';
import { registerChatToolRoutes } from './routes/chat-tool-routes.js';
import { registerInfoRoutes } from './routes/info-routes.js';
import { registerWebhookRoutes } from './routes/webhook-routes.js';
import type { RuntimeDeps } from './runtime-deps.js';
import { createSetupGate } from './setup-gate.js';

export interface PluginServerOptions {
  /** Where the configuration is read (default `process.env`). */
  env?: Env;
  /** Settings that win over the environment (same checks). */
  config?: Partial<PluginConfig>;
  /** Use this storage instead of opening `STORAGE_URL`; it is then yours to close. */
  storage?: Storage;
  /** Options for opening `STORAGE_URL` (clock, retry policy, …). */
  storageOptions?: OpenStorageOptions;
  /** `false` for no logs, or pino options merged into the defaults (e.g. `{ stream }`). */
  logger?: false | Record<string, unknown>;
  /** A ready pino logger instead. */
  loggerInstance?: FastifyBaseLogger;
  /** Largest body accepted, in bytes (default 32 MiB; see the README for why). */
  bodyLimit?: number;
  /** How long real-time handlers may take before the answer goes out without them (default 10 000 ms). */
  realtimeBudgetMs?: number;
  /** How long a chat tool may take (default 110 000 ms; Omi waits 120 s). */
  chatToolBudgetMs?: number;
  /** How long a handled delivery is remembered for dedupe (default 7 days). */
  dedupeTtlMs?: number;
  /** Attempts per queued event before the dead-letter list (default: the storage's policy, 8). */
  maxAttempts?: number;
  /** Worker settings, or `false` to run no worker in this process (only receive and queue). */
  worker?: false | WorkerSettings;
  /** The Integration API client per uid, e.g. `(uid) => createOmiAppClient({...}).forUser(uid)`. */
  createAppClient?: CreateAppClient;
  /** The `fetch` of the Integration API client (tests). */
  fetch?: typeof fetch;
  /** The clock for signatures and timestamps, in ms (tests). */
  now?: () => number;
  /** Other Fastify options. */
  fastify?: Omit<FastifyServerOptions, 'logger' | 'loggerInstance' | 'bodyLimit'>;
}

/** What the runtime exposes beside the Fastify instance. */
export interface PluginRuntime {
  readonly plugin: PluginDefinition;
  readonly config: PluginConfig;
  readonly storage: Storage;
  /** Counts of the event queue. */
  stats(): Promise<QueueStats>;
  /** Events that used up their attempts. */
  deadLetters(limit?: number): Promise<JobInfo<QueuedDelivery>[]>;
  /** Put a dead letter back with fresh attempts. */
  requeueDead(id: string): Promise<boolean>;
  /** Resolves once no queued event is waiting or running (delayed retries aside). For tests and scripts. */
  idle(timeoutMs?: number): Promise<void>;
}

export type PluginServer = FastifyInstance & {
  readonly runtime: PluginRuntime;
  /** Listen on `HOST:PORT`; resolves with the address. */
  start(): Promise<string>;
};

/**
 * A Fastify server for the plugin, with every Omi route. Nothing listens until `start()` (or
 * `listen()`); `close()` stops taking requests, lets in-flight requests, queued jobs and real-time
 * handlers finish, then closes the storage it opened.
 */
export async function createPluginServer(
  plugin: PluginDefinition,
  options: PluginServerOptions = {},
): Promise<PluginServer> {
  definePlugin(plugin);
  const config = loadPluginConfig(options.env ?? process.env, options.config);
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;
  const app = Fastify({
    childLoggerFactory: lazyChildLogger,
    ...options.fastify,
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger === false ? false : loggerOptions(config.logLevel, options.logger ?? {}) }),
    bodyLimit,
  });
  const log = app.log.child({ plugin: plugin.name });
  const storage =
    options.storage ?? (await openStorage(config.storageUrl, { logger: log, ...options.storageOptions }));
  const inFlight = createInFlight();
  const createAppClient = options.createAppClient ?? defaultAppClient(config, options.fetch);
  const now = options.now ?? Date.now;
  const deps: RuntimeDeps = {
    plugin,
    config,
    storage,
    markers: doneMarkers(storage.kv, options.dedupeTtlMs ?? 7 * 24 * 3_600_000),
    inFlight,
    signature: { secrets: config.webhookSecrets, mode: config.signatureMode, now },
    context: { storage, appId: config.appId, createAppClient },
    gate: createSetupGate(plugin),
    realtimeBudgetMs: options.realtimeBudgetMs ?? 10_000,
    chatToolBudgetMs: options.chatToolBudgetMs ?? 110_000,
    maxAttempts: options.maxAttempts,
    now,
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpFailure) return reply.code(error.statusCode).send(error.body());
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      request.log.warn({ bodyLimit }, 'request refused: body too large (413)');
      return reply.code(413).send({
        error: 'payload_too_large',
        message: `The body is larger than the ${bodyLimit}-byte limit; raise the bodyLimit option if Omi really sends this much.`,
      });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'bad_request', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'The request could not be processed.' });
  });

  registerInfoRoutes(app, deps);
  // The raw bytes are what Omi signed: this scope parses every body as a Buffer, and nothing else does.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    registerWebhookRoutes(scope, deps);
    registerChatToolRoutes(scope, deps);
  });
  if (plugin.routes) {
    const routes = plugin.routes.bind(plugin);
    await app.register(async (scope) => routes(scope));
  }

  // A keep-alive connection that is busy when close() starts would hold it open until its idle
  // timeout: answers sent while closing ask the client to close the connection.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  let worker: Worker | undefined;
  app.addHook('onReady', async () => {
    if (options.worker !== false) worker = startEventWorker(deps, log, options.worker ?? {});
  });
  app.addHook('onClose', async () => {
    await worker?.stop();
    await inFlight.drain();
    if (!options.storage) await storage.close();
  });

  const runtime: PluginRuntime = {
    plugin,
    config,
    storage,
    stats: () => storage.jobs.stats(EVENTS_QUEUE),
    deadLetters: (limit = 100) => storage.jobs.listDead<QueuedDelivery>(EVENTS_QUEUE, { limit }),
    requeueDead: (id) => storage.jobs.requeueDead(EVENTS_QUEUE, id),
    async idle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const stats = await storage.jobs.stats(EVENTS_QUEUE);
        if (stats.waiting === 0 && stats.reserved === 0) return;
        if (Date.now() > deadline) throw new Error(`the event queue is not idle after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
  app.decorate('runtime', runtime);
  app.decorate('start', () => app.listen({ port: config.port, host: config.host }));
  return app as unknown as PluginServer;
}

import type { Conversation } from '@omi-kit/schemas';
import { createWorker, type Job, type Worker } from '@omi-kit/storage';
import { DaySummaryPayload } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger } from 'fastify';
import { toConversation } from './conversation-event.js';
import { createBaseContext } from './create-context.js';
import { SetupIncompleteError } from './errors/setup-incomplete-error.js';
import type { HandlerContext } from './handler-context.js';
import { deliverQueuedReply } from './handler-reply.js';
import { lazyChildLogger } from './lazy-child-logger.js';
import { EVENTS_QUEUE, type QueuedDelivery, queuedEventBody } from './queued-delivery.js';
import type { RuntimeDeps } from './runtime-deps.js';

export interface WorkerSettings {
  /** Jobs run at once (default 4: handlers mostly wait on LLMs and APIs). */
  concurrency?: number;
  /** How often an idle worker looks for jobs (default 250 ms). */
  pollIntervalMs?: number;
  /** A job whose process died is run again after this long (default 30 s; a heartbeat keeps long jobs). */
  visibilityTimeoutMs?: number;
}

/** The worker that runs queued conversation and day-summary handlers (retries, then dead letters). */
export function startEventWorker(
  deps: RuntimeDeps,
  log: FastifyBaseLogger,
  settings: WorkerSettings,
): Worker {
  return createWorker<QueuedDelivery>({
    queue: EVENTS_QUEUE,
    store: deps.storage.jobs,
    concurrency: settings.concurrency ?? 4,
    pollIntervalMs: settings.pollIntervalMs ?? 250,
    visibilityTimeoutMs: settings.visibilityTimeoutMs ?? 30_000,
    logger: log,
    handler: (job, { signal }) => runQueuedJob(deps, log, job, signal),
  });
}

/**
 * One attempt at a queued delivery. Skipped when a done marker says it was handled; otherwise the
 * handler runs, a returned `{message}` is pushed, and the marker is written before the queue acks.
 * A throw fails the attempt: the queue retries it with backoff, then dead-letters it.
 */
export async function runQueuedJob(
  deps: RuntimeDeps,
  baseLog: FastifyBaseLogger,
  job: Job<QueuedDelivery>,
  signal: AbortSignal,
): Promise<void> {
  const delivery = job.payload;
  // Made only if the job logs something at an enabled level (a pino child costs about 10 µs).
  const log = lazyChildLogger(baseLog, {
    event: delivery.kind,
    uid: delivery.uid,
    jobId: job.id,
    attempt: job.attempt,
  });
  if (await deps.markers.isDone(job.id)) {
    log.info('delivery already handled; not run again');
    return;
  }
  const handler = delivery.kind === 'conversation' ? deps.plugin.onConversation : deps.plugin.onDaySummary;
  if (!handler) {
    log.warn('no handler for this queued event any more; dropped');
    return;
  }
  const body = queuedEventBody(delivery);
  const event: Conversation | DaySummaryPayload =
    delivery.kind === 'conversation' ? toConversation(body) : DaySummaryPayload.parse(body);
  const { ctx, state } = createBaseContext(deps.context, {
    uid: delivery.uid,
    log,
    signal,
    notifyKey: job.id,
  });
  const full = Object.assign(ctx, {
    event,
    delivery: {
      key: delivery.key,
      id: delivery.deliveryId,
      signed: delivery.signed,
      attempt: job.attempt,
      receivedAt: new Date(delivery.receivedAt),
    },
  });
  let result: unknown;
  try {
    if (!(await deps.gate(ctx))) {
      log.info('user has not finished setup: event acknowledged and not processed');
      await deps.markers.markDone(job.id);
      return;
    }
    result = await (handler as (ctx: HandlerContext<typeof event>) => unknown).call(deps.plugin, full);
  } catch (error) {
    if (error instanceof SetupIncompleteError) {
      log.info({ reason: error.message }, 'user has not finished setup: event dropped, not retried');
      await deps.markers.markDone(job.id);
      return;
    }
    throw error;
  }
  await deliverQueuedReply(result, ctx, state, log);
  await deps.markers.markDone(job.id);
}

import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import type { AppSource } from './app-source.js';
import { type FanoutDeps, fanOutConversation } from './conversation-fanout.js';
import { DeliveryLog } from './delivery-log.js';
import { registerLiveSessionRoute } from './live-session-routes.js';
import type { Timeouts } from './post-once.js';
import { SigningSecretStore } from './signing-secret-store.js';
import { registerWebhookAdminRoutes } from './webhook-admin-routes.js';
import { WebhookHealthStore } from './webhook-health.js';

export interface WebhookSenderOptions {
  /** The app registry to read: the Integration API's (`/_emulator/apps`). */
  apps: AppSource;
  /** Default 2 s connect, 15 s read, as Omi. */
  timeouts?: Timeouts;
  /** Waits between attempts of a failed conversation delivery; default 1 s, 5 s, 30 s. */
  retryDelaysMs?: readonly number[];
}

/** The emulator's deliveries to registered apps. */
export interface WebhookSender {
  apps: AppSource;
  secrets: SigningSecretStore;
  health: WebhookHealthStore;
  log: DeliveryLog;
  /** Resolves when every delivery started so far (retries included) has finished. */
  idle(): Promise<void>;
  reset(): void;
  /** Cancels deliveries in flight and waits for them to stop. */
  close(): Promise<void>;
}

/**
 * Makes conversations processed by the emulator fire registered apps' `memory_creation` webhooks
 * (asynchronously, after the API call that created them), and mounts the admin routes for
 * signing secrets, the delivery log and live sessions (`POST /_emulator/live`, which streams a
 * recording's transcript to the `transcript_processed` apps first).
 */
export function registerWebhookSender(
  app: FastifyInstance,
  state: EmulatorState,
  options: WebhookSenderOptions,
): WebhookSender {
  const { apps } = options;
  const secrets = new SigningSecretStore(state.db);
  const health = new WebhookHealthStore(state.db);
  const log = new DeliveryLog(state.db);
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();

  const track = (work: () => Promise<void>) => {
    const promise = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error) => process.emitWarning(`omi-emulator: webhook fan-out failed: ${error}`))
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };

  const deliveries: FanoutDeps = {
    state,
    apps,
    secrets,
    health,
    log,
    timeouts: options.timeouts,
    retryDelaysMs: options.retryDelaysMs,
    signal: controller.signal,
  };
  state.onConversationProcessed = (uid, conversation) => {
    if (controller.signal.aborted) return;
    track(() => fanOutConversation(deliveries, uid, conversation));
  };

  // The apps themselves are the Integration API's to reset.
  const reset = () => {
    secrets.reset();
    health.reset();
    log.reset();
  };
  registerWebhookAdminRoutes(app, { state, apps, secrets, health, log, reset });
  registerLiveSessionRoute(app, deliveries);

  const idle = async () => {
    while (inFlight.size > 0) await Promise.all(inFlight);
  };
  return {
    apps,
    secrets,
    health,
    log,
    idle,
    reset,
    async close() {
      controller.abort(new Error('The emulator is closing.'));
      await idle();
    },
  };
}

export type { AppRecord, AppSource } from './app-source.js';
export { type DeliverWebhookInput, deliverWebhook, type WebhookDelivery } from './deliver-webhook.js';
export { type ReplayInput, type ReplayResult, replayConversation } from './replay-conversation.js';

import type { Conversation } from '@omi-kit/schemas';
import type { EmulatorState } from '../state.js';
import type { AppSource } from './app-source.js';
import { appWebhookConversation } from './app-webhook-conversation.js';
import { appWebhookTarget } from './app-webhook-target.js';
import { deliverWebhook } from './deliver-webhook.js';
import type { DeliveryLog } from './delivery-log.js';
import type { Timeouts } from './post-once.js';
import type { SigningSecretStore } from './signing-secret-store.js';
import type { WebhookHealthStore } from './webhook-health.js';

export interface FanoutDeps {
  state: EmulatorState;
  apps: AppSource;
  secrets: SigningSecretStore;
  health: WebhookHealthStore;
  log: DeliveryLog;
  timeouts?: Timeouts | undefined;
  retryDelaysMs?: readonly number[] | undefined;
  signal: AbortSignal;
}

/**
 * Omi's `trigger_external_integrations` for a processed conversation: every app the user enabled
 * whose trigger is `memory_creation` gets it, concurrently, the creating app included (Omi does
 * that; apps must ignore their own `app_id`). Discarded and locked conversations are skipped.
 * Unlike Omi, loopback and private addresses are allowed: plugins run on localhost here.
 */
export async function fanOutConversation(
  deps: FanoutDeps,
  uid: string,
  conversation: Conversation,
): Promise<void> {
  if (deps.signal.aborted || conversation.discarded || conversation.is_locked) return;
  const targets = deps.apps
    .list()
    .map((app) => ({ app, target: appWebhookTarget(app) }))
    .filter(({ app, target }) => target?.trigger === 'memory_creation' && deps.apps.isEnabled(app.id, uid));
  if (targets.length === 0) return;
  const body = appWebhookConversation(conversation);
  const { state } = deps;
  await Promise.all(
    targets.map(async ({ app, target }) => {
      const startedAt = state.clock();
      const delivery = await deliverWebhook({
        event: 'memory_created',
        url: target!.url,
        uid,
        body,
        secrets: deps.secrets.secretsFor(app.id, startedAt),
        now: state.clock,
        signal: deps.signal,
        ...(deps.timeouts ? { timeouts: deps.timeouts } : {}),
        ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
        onAttempt: (attempt) => {
          if (attempt.error?.code === 'aborted') return;
          deps.health.record(
            app.id,
            attempt.ok,
            attempt.status,
            attempt.error?.message ?? null,
            state.clock(),
          );
        },
      });
      if (delivery.error?.code === 'aborted') return;
      deps.log.add(app.id, conversation.id, delivery, startedAt, state.clock());
    }),
  );
}

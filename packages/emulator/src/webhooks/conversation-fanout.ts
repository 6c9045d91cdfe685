import type { Conversation } from '@omi-kit/schemas';
import type { EmulatorState } from '../state.js';
import type { AppRecord, AppSource } from './app-source.js';
import { appWebhookConversation } from './app-webhook-conversation.js';
import { appWebhookTarget } from './app-webhook-target.js';
import { type DeliveryAttempt, deliverWebhook, type WebhookDelivery } from './deliver-webhook.js';
import type { DeliveryLog } from './delivery-log.js';
import type { Timeouts } from './post-once.js';
import { isRetried, OMI_RETRY_DELAYS_MS } from './retry-policy.js';
import type { SigningSecretStore } from './signing-secret-store.js';
import { sleep } from './sleep.js';
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

interface AppRun {
  app: AppRecord;
  url: string;
  startedAt: Date;
  attempts: DeliveryAttempt[];
  last?: WebhookDelivery;
}

/**
 * Omi's `trigger_external_integrations` for a processed conversation: every app the user enabled
 * whose trigger is `memory_creation` gets it, concurrently, the creating app included (Omi does
 * that; apps must ignore their own `app_id`). Discarded and locked conversations are skipped.
 * When an app answers 5xx, 408, 425, 429 or not at all, Omi's finalization job runs the whole
 * fan-out again with the same idempotency key, so the apps that did answer get it again too:
 * the emulator does the same, after each of `retryDelaysMs`. Unlike Omi, loopback and private
 * addresses are allowed: plugins run on localhost here.
 */
export async function fanOutConversation(
  deps: FanoutDeps,
  uid: string,
  conversation: Conversation,
): Promise<void> {
  if (deps.signal.aborted || conversation.discarded || conversation.is_locked) return;
  const { state } = deps;
  const runs: AppRun[] = deps.apps.list().flatMap((app) => {
    const target = appWebhookTarget(app);
    if (target?.trigger !== 'memory_creation' || !deps.apps.isEnabled(app.id, uid)) return [];
    return [{ app, url: target.url, startedAt: state.clock(), attempts: [] }];
  });
  if (runs.length === 0) return;
  const body = appWebhookConversation(conversation);
  const delays = deps.retryDelaysMs ?? OMI_RETRY_DELAYS_MS;

  for (let round = 0; ; round++) {
    await Promise.all(
      runs.map(async (run) => {
        run.last = await deliverWebhook({
          event: 'memory_created',
          url: run.url,
          uid,
          body,
          secrets: deps.secrets.secretsFor(run.app.id, state.clock()),
          now: state.clock,
          signal: deps.signal,
          retryDelaysMs: [], // the whole fan-out is what is retried
          ...(deps.timeouts ? { timeouts: deps.timeouts } : {}),
        });
      }),
    );
    if (deps.signal.aborted) return;
    const again =
      round < delays.length &&
      runs.some((run) => isRetried('memory_created', run.last!.status) && !run.last!.ok);
    for (const run of runs) {
      const attempt = run.last!.attempts[0]!;
      run.attempts.push({ ...attempt, attempt: round + 1, retryInMs: again ? delays[round]! : null });
      deps.health.record(
        run.app.id,
        attempt.ok,
        attempt.status,
        attempt.error?.message ?? null,
        state.clock(),
      );
    }
    if (!again) break;
    try {
      await sleep(delays[round]!, deps.signal);
    } catch {
      return; // the emulator is closing
    }
  }
  for (const run of runs) {
    const last = run.attempts.at(-1)!;
    const delivery: WebhookDelivery = {
      ...run.last!,
      ok: last.ok,
      status: last.status,
      latencyMs: last.latencyMs,
      reply: last.reply,
      attempt: last.attempt,
      error: last.error,
      maxAttempts: delays.length + 1,
      attempts: run.attempts,
    };
    deps.log.add(run.app.id, conversation.id, delivery, run.startedAt, state.clock());
  }
}

import type { WebhookReply } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger } from 'fastify';
import { createBaseContext } from './create-context.js';
import { SetupIncompleteError } from './errors/setup-incomplete-error.js';
import type { DeliveryInfo, HandlerContext } from './handler-context.js';
import { realtimeReply } from './handler-reply.js';
import { runWithinBudget } from './run-within-budget.js';
import type { RuntimeDeps } from './runtime-deps.js';

const NOT_SET_UP = Symbol('not set up');

/**
 * Run a real-time handler while Omi waits: within the time budget, its reply is the answer; past
 * it, or when it throws or the user has not finished setup, the answer is 200 `{}` and a log line.
 * Never a 4xx or 5xx: Omi counts those against the app and eventually disables it.
 */
export async function runInline<E>(
  deps: RuntimeDeps,
  handler: (ctx: HandlerContext<E>) => unknown,
  params: { uid: string; event: E; delivery: DeliveryInfo; log: FastifyBaseLogger },
): Promise<WebhookReply> {
  const { log } = params;
  const controller = new AbortController();
  const { ctx, state } = createBaseContext(deps.context, { uid: params.uid, log, signal: controller.signal });
  const full = Object.assign(ctx, { event: params.event, delivery: params.delivery }) as HandlerContext<E>;
  try {
    const outcome = await runWithinBudget(
      async () => ((await deps.gate(ctx)) ? handler.call(deps.plugin, full) : NOT_SET_UP),
      deps.realtimeBudgetMs,
      controller,
      deps.inFlight,
      ({ value, error }) => {
        if (error !== undefined)
          log.error({ err: error }, 'handler failed after its time budget had run out');
        else if (value && typeof value === 'object' && ('message' in value || 'notification' in value)) {
          log.warn(
            'handler finished after its time budget; its reply was dropped (use ctx.notify() for results that take longer)',
          );
        } else log.info('handler finished after its time budget');
      },
    );
    if (!outcome.finished) {
      log.warn(
        { budgetMs: deps.realtimeBudgetMs },
        'handler did not finish within its time budget: answered 200 {} and left it running (ctx.signal is aborted)',
      );
      return {};
    }
    if (outcome.value === NOT_SET_UP) {
      log.info('user has not finished setup: answered 200 {} and did not run the handler');
      return {};
    }
    return realtimeReply(outcome.value, state, log);
  } catch (error) {
    if (error instanceof SetupIncompleteError) {
      log.info({ reason: error.message }, 'user has not finished setup: answered 200 {}');
      return {};
    }
    log.error({ err: error }, 'handler threw: answered 200 {} (a failing webhook gets the app disabled)');
    return {};
  }
}

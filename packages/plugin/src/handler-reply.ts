import { WebhookReply } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger } from 'fastify';
import type { ContextState } from './create-context.js';
import type { BaseContext } from './handler-context.js';

const SILENT: WebhookReply = {};

function checked(result: unknown, log: FastifyBaseLogger): WebhookReply {
  if (result === undefined || result === null) return SILENT;
  const parsed = WebhookReply.safeParse(result);
  if (parsed.success) return parsed.data;
  log.error(
    { issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(reply)'}: ${i.message}`) },
    'the handler returned something that is not a webhook reply; answering {} (use reply.message() or reply.proactive())',
  );
  return SILENT;
}

/**
 * The HTTP reply of a real-time handler. When the handler already pushed with `ctx.notify`, a
 * returned `{message}` or `{notification}` is dropped: Omi would push a second time (the
 * double-notification pitfall of real plugins).
 */
export function realtimeReply(result: unknown, state: ContextState, log: FastifyBaseLogger): WebhookReply {
  const reply = checked(result, log);
  if (state.notified && (reply.message !== undefined || reply.notification !== undefined)) {
    log.warn(
      'the handler called ctx.notify() and also returned a message; the message was dropped so the user is not notified twice',
    );
    return SILENT;
  }
  return reply;
}

/**
 * What a queued handler returned: its HTTP reply went out when the job was queued, so a
 * `{message}` is pushed with `ctx.notify` instead, unless the handler already notified. A failed
 * push is logged, not retried: the handler's own side effects must not run twice for it.
 */
export async function deliverQueuedReply(
  result: unknown,
  ctx: BaseContext,
  state: ContextState,
  log: FastifyBaseLogger,
): Promise<void> {
  const reply = checked(result, log);
  if (reply.notification !== undefined) {
    log.warn(
      'a queued handler returned {notification}: Omi runs proactive notifications only from real-time replies; ignored',
    );
  }
  if (reply.message === undefined || reply.message === '') return;
  if (state.notified) {
    log.warn(
      'the handler called ctx.notify() and also returned a message; the message was not sent so the user is not notified twice',
    );
    return;
  }
  try {
    await ctx.notify(reply.message);
  } catch (error) {
    log.error({ err: error }, 'the returned message could not be sent as a notification');
  }
}

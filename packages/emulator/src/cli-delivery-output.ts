import type { DeliveryAttempt, DeliveryTarget } from './webhooks/deliver-webhook.js';

const MAX_REPLY_CHARS = 300;

/** `--> memory_created POST http://…?uid=U  signed  X-Omi-Idempotency-Key: …`: what is about to go out. */
export function formatTarget(target: DeliveryTarget, what = ''): string {
  const parts = [`--> ${target.event}${what ? ` ${what}` : ''} POST ${target.url}`];
  parts.push(target.signed ? 'signed' : 'unsigned');
  if (target.idempotencyKey) parts.push(`X-Omi-Idempotency-Key: ${target.idempotencyKey}`);
  return parts.join('  ');
}

function formatReply(reply: unknown): string {
  if (reply === null) return '(no answer)';
  if (reply === '') return '(empty)';
  const text = JSON.stringify(reply);
  return text.length > MAX_REPLY_CHARS ? `${text.slice(0, MAX_REPLY_CHARS)}… (${text.length} chars)` : text;
}

const NO_ANSWER: Record<string, string> = {
  timeout: 'timeout',
  connect_timeout: 'connect timeout',
  network: 'network error',
  aborted: 'cancelled',
};

function statusTag(attempt: DeliveryAttempt): string {
  if (attempt.status !== null) return `[${attempt.status}]`;
  return `[${NO_ANSWER[attempt.error?.code ?? ''] ?? 'failed'}]`;
}

/**
 * One line per attempt: `<-- [200] memory_created  12.3 ms  attempt 1/4  reply: {}`, then what
 * went wrong and whether Omi would try again.
 */
export function formatAttempt(attempt: DeliveryAttempt, target: DeliveryTarget, label = ''): string {
  const parts = [
    `<-- ${statusTag(attempt)} ${target.event}${label ? ` ${label}` : ''}`,
    `${attempt.latencyMs} ms`,
    `attempt ${attempt.attempt}/${target.maxAttempts}`,
    `reply: ${formatReply(attempt.reply)}`,
  ];
  if (attempt.error) parts.push(attempt.error.message);
  if (attempt.retryInMs !== null) {
    const key = target.idempotencyKey ? 'X-Omi-Idempotency-Key' : 'Idempotency-Key';
    parts.push(`retrying in ${attempt.retryInMs / 1000} s with the same ${key}`);
  }
  return parts.join('  ');
}

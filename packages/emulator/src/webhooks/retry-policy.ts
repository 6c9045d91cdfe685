import type { WebhookEvent } from './webhook-event.js';

/**
 * When a failed delivery is tried again, and after how long. Omi's realtime and audio sends are
 * never retried. A conversation delivery that gets a 5xx, 408, 425, 429 or no answer fails the
 * finalization job's fan-out, and the job runs it again with the same idempotency key; the
 * Developer-Settings webhooks (day summary) retry 5xx, 408, 429 and timeouts after 1 s, 5 s and
 * 30 s (`DEV_WEBHOOK_RETRY_DELAYS`). The finalization job's own timing is not documented, so the
 * emulator uses that one documented schedule for both: at most 4 attempts, 36 s of waiting.
 */
export const OMI_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000];

const RETRIED_4XX: Record<WebhookEvent, readonly number[]> = {
  memory_created: [408, 425, 429],
  day_summary: [408, 429],
  realtime_transcript: [],
  audio_bytes: [],
};

/** Whether Omi ever retries deliveries of this event. */
export function retriesEvent(event: WebhookEvent): boolean {
  return event === 'memory_created' || event === 'day_summary';
}

/** Whether Omi would try this delivery again after this answer (`status` null: no answer at all). */
export function isRetried(event: WebhookEvent, status: number | null): boolean {
  if (!retriesEvent(event)) return false;
  if (status === null) return true; // timeouts and dropped connections
  return status >= 500 || RETRIED_4XX[event].includes(status);
}

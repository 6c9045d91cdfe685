import type { Conversation } from '@omi-kit/schemas';
import { appWebhookSegment } from './app-webhook-conversation.js';
import { type DeliverWebhookInput, deliverWebhook, type WebhookDelivery } from './deliver-webhook.js';
import { sleep as realSleep, type Sleep } from './sleep.js';
import { type TranscriptFlush, transcriptFlushes } from './transcript-flushes.js';

export type ReplayDeliveryOptions = Omit<
  DeliverWebhookInput,
  'event' | 'url' | 'uid' | 'body' | 'sleep' | 'signal'
>;

export interface ReplayInput {
  /** The finished conversation, as it will be delivered at the end. */
  conversation: Conversation;
  /** Where the transcript flushes go, and the conversation unless `conversationUrl` is given. */
  url: string;
  /** Where the finished conversation goes, for a plugin with one route per trigger. */
  conversationUrl?: string;
  uid: string;
  /** 1 = real time, 10 = ten times faster; 0 or Infinity = no waiting. */
  speed: number;
  /** Milliseconds on a monotonic clock; injected with `sleep` so tests do not wait. */
  clock?: () => number;
  sleep?: Sleep;
  signal?: AbortSignal;
  /** Called before each flush is sent (its index, 0-based). */
  onFlush?: (flush: TranscriptFlush, index: number, total: number) => void;
  /** For every delivery: `secret`, `timeouts`, `retryDelaysMs`, `onAttempt`... */
  delivery?: ReplayDeliveryOptions;
}

export interface ReplayResult {
  flushes: { flush: TranscriptFlush; delivery: WebhookDelivery }[];
  conversation: WebhookDelivery;
  /** Every delivery answered 2xx. */
  ok: boolean;
}

/**
 * Plays a conversation to a plugin the way a live one reaches it: its transcript in Omi's 1 s
 * flushes of `{session_id: uid, segments}` (`realtime_transcript`), each sent when its second comes
 * (scaled by `speed`; one after another, so a slow plugin delays the next, as Omi's per-user queue
 * does), then the finished conversation (`memory_created`).
 */
export async function replayConversation(input: ReplayInput): Promise<ReplayResult> {
  const { conversation, url, uid, speed, clock = () => performance.now(), signal } = input;
  const wait = input.sleep ?? realSleep;
  const common = { ...input.delivery, url, uid, sleep: wait, ...(signal ? { signal } : {}) };
  const flushes = transcriptFlushes(conversation.transcript_segments ?? []);
  const results: ReplayResult['flushes'] = [];
  const realTime = speed > 0 && Number.isFinite(speed);
  const started = clock();

  for (const [index, flush] of flushes.entries()) {
    if (realTime) {
      const due = started + (flush.at * 1000) / speed;
      const remaining = due - clock();
      if (remaining > 0) await wait(remaining, signal);
    }
    input.onFlush?.(flush, index, flushes.length);
    const delivery = await deliverWebhook({
      ...common,
      event: 'realtime_transcript',
      body: { session_id: uid, segments: flush.segments.map(appWebhookSegment) },
    });
    results.push({ flush, delivery });
  }
  const final = await deliverWebhook({
    ...common,
    url: input.conversationUrl ?? url,
    event: 'memory_created',
    body: conversation,
  });
  return {
    flushes: results,
    conversation: final,
    ok: final.ok && results.every((r) => r.delivery.ok),
  };
}

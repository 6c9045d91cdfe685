import type { TranscriptSegment } from '@omi-kit/schemas';
import { appWebhookSegment } from './app-webhook-conversation.js';
import { appWebhookTarget } from './app-webhook-target.js';
import type { FanoutDeps } from './conversation-fanout.js';
import { deliverWebhook } from './deliver-webhook.js';
import { sleep as realSleep, type Sleep } from './sleep.js';
import { transcriptFlushes } from './transcript-flushes.js';

/** The fan-out's dependencies (its retry waits unused: real-time deliveries are not retried). */
export type LiveSessionDeps = FanoutDeps & { sleep?: Sleep };

/** What one `transcript_processed` app was sent during a live session. */
export interface LiveAppRun {
  app_id: string;
  url: string;
  /** Flushes sent, and how many the app answered with a 2xx. */
  flushes: number;
  ok: number;
  /** The app's replies that were not empty (`{message}` is what Omi would push to the user). */
  replies: unknown[];
}

/**
 * The live part of a recording, as Omi's pusher plays it to the user's `transcript_processed`
 * apps: the segments in 1 s flushes of `{session_id: uid, segments}` (`realtime_transcript`), each
 * sent when its second comes (scaled by `speed`; 0 sends them back to back), one after another per
 * app (a slow app delays its own next flush, as Omi's per-user queue does), the apps side by side.
 * Not retried (Omi does not retry real-time deliveries); every delivery is logged and counted in
 * the app's webhook health. The finished conversation is the caller's to process next, which
 * fires the `memory_creation` apps as any conversation the emulator makes.
 */
export async function streamToTranscriptApps(
  deps: LiveSessionDeps,
  uid: string,
  segments: readonly TranscriptSegment[],
  speed: number,
): Promise<LiveAppRun[]> {
  const { state } = deps;
  const wait = deps.sleep ?? realSleep;
  const flushes = transcriptFlushes(segments);
  const targets = deps.apps.list().flatMap((app) => {
    const target = appWebhookTarget(app);
    if (target?.trigger !== 'transcript_processed' || !deps.apps.isEnabled(app.id, uid)) return [];
    return [{ appId: app.id, url: target.url }];
  });
  const realTime = speed > 0 && Number.isFinite(speed);
  const started = performance.now();

  return Promise.all(
    targets.map(async ({ appId, url }) => {
      const run: LiveAppRun = { app_id: appId, url, flushes: 0, ok: 0, replies: [] };
      for (const flush of flushes) {
        if (deps.signal.aborted) break;
        if (realTime) {
          const remaining = started + (flush.at * 1000) / speed - performance.now();
          if (remaining > 0) {
            try {
              await wait(remaining, deps.signal);
            } catch {
              break; // the emulator is closing
            }
          }
        }
        const startedAt = state.clock();
        const delivery = await deliverWebhook({
          event: 'realtime_transcript',
          url,
          uid,
          body: { session_id: uid, segments: flush.segments.map(appWebhookSegment) },
          secrets: deps.secrets.secretsFor(appId, state.clock()),
          now: state.clock,
          signal: deps.signal,
          retryDelaysMs: [],
          ...(deps.timeouts ? { timeouts: deps.timeouts } : {}),
        });
        run.flushes += 1;
        if (delivery.ok) run.ok += 1;
        if (delivery.ok && delivery.reply !== '' && delivery.reply !== null) {
          const empty =
            typeof delivery.reply === 'object' && Object.keys(delivery.reply as object).length === 0;
          if (!empty) run.replies.push(delivery.reply);
        }
        deps.health.record(
          appId,
          delivery.ok,
          delivery.status,
          delivery.error?.message ?? null,
          state.clock(),
        );
        deps.log.add(appId, null, delivery, startedAt, state.clock());
      }
      return run;
    }),
  );
}

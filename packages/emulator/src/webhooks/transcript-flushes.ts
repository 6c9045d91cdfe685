import type { TranscriptSegment } from '@omi-kit/schemas';

export interface TranscriptFlush {
  /** Seconds from the start of the conversation when Omi's pusher sends this batch. */
  at: number;
  segments: TranscriptSegment[];
}

/**
 * The batches a live conversation reaches a `transcript_processed` app in: Omi's pusher queues
 * each segment as it is transcribed (when it ends) and flushes the queue every second
 * (`TRANSCRIPT_QUEUE_FLUSH_INTERVAL = 1.0`), so a segment ending at 3.4 s goes out at 4 s with
 * the others that ended after 3 s. Seconds with nothing new send nothing.
 */
export function transcriptFlushes(segments: readonly TranscriptSegment[]): TranscriptFlush[] {
  const byTick = new Map<number, TranscriptSegment[]>();
  for (const segment of segments) {
    const end = Number.isFinite(segment.end) ? segment.end : segment.start;
    const tick = Math.max(0, Math.ceil(Number.isFinite(end) ? end : 0));
    byTick.set(tick, [...(byTick.get(tick) ?? []), segment]);
  }
  return [...byTick.entries()].sort(([a], [b]) => a - b).map(([at, group]) => ({ at, segments: group }));
}

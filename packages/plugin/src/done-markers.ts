import type { KeyValueStore } from '@omi-kit/storage';

/**
 * Which queued deliveries have been handled. The queue itself dedupes while a job exists (its id
 * is the dedupe key); once the job is acked the id is free again, so the worker leaves a marker
 * before acking and redeliveries after that are recognised by it. Nothing is marked before the job
 * is durably enqueued, so a crash can never make a delivery look handled when it was not.
 */
export interface DoneMarkers {
  /** The key-value key of a job's marker (enqueue's `unlessKey`). */
  keyOf(jobId: string): string;
  isDone(jobId: string): Promise<boolean>;
  markDone(jobId: string): Promise<void>;
}

export function doneMarkers(kv: KeyValueStore, ttlMs: number): DoneMarkers {
  const key = (jobId: string) => `omi-plugin:done:${jobId}`;
  return {
    keyOf: key,
    isDone: async (jobId) => (await kv.get(key(jobId))) !== undefined,
    markDone: (jobId) => kv.set(key(jobId), 1, { ttlMs }),
  };
}

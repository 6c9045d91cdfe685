import type { Storage } from '@omi-kit/storage';
import type { DoneMarkers } from './done-markers.js';

/** The queue that holds conversation and day-summary deliveries until a worker has handled them. */
export const EVENTS_QUEUE = 'omi-plugin.events';

export type QueuedKind = 'conversation' | 'day_summary';

/** A delivery as stored in the queue: the raw JSON text as received (never re-serialised). */
export interface QueuedDelivery {
  kind: QueuedKind;
  uid: string;
  /** The dedupe key, when there is one. */
  key: string | undefined;
  body: string;
  deliveryId: string | undefined;
  signed: boolean;
  /** ms since the epoch. */
  receivedAt: number;
}

/** The job id of a delivery: the dedupe key, per kind. */
export function jobIdOf(kind: QueuedKind, key: string | undefined): string | undefined {
  return key === undefined ? undefined : `${kind}:${key}`;
}

/**
 * Store the delivery durably; `duplicate` when it is queued, running, dead-lettered or already
 * handled. One read and one insert: the job id is the dedupe key while the job exists, and the
 * done marker after it was acked.
 */
export async function enqueueDelivery(
  storage: Storage,
  markers: DoneMarkers,
  delivery: QueuedDelivery,
  maxAttempts: number | undefined,
): Promise<'queued' | 'duplicate'> {
  const id = jobIdOf(delivery.kind, delivery.key);
  if (id !== undefined && (await markers.isDone(id))) return 'duplicate';
  const { created } = await storage.jobs.enqueue(EVENTS_QUEUE, delivery, {
    ...(id !== undefined && { id }),
    ...(maxAttempts !== undefined && { maxAttempts }),
  });
  return created ? 'queued' : 'duplicate';
}

import { rawJson, type Storage } from '@omi-kit/storage';
import type { DoneMarkers } from './done-markers.js';

/** The queue that holds conversation and day-summary deliveries until a worker has handled them. */
export const EVENTS_QUEUE = 'omi-plugin.events';

export type QueuedKind = 'conversation' | 'day_summary';

/** A delivery as the receiving route hands it over: the body is the JSON text as received. */
export interface IncomingDelivery {
  kind: QueuedKind;
  uid: string;
  /** The dedupe key, when there is one. */
  key: string | undefined;
  /** The body's bytes, already parsed and validated once (so known to be valid JSON). */
  body: Buffer;
  deliveryId: string | undefined;
  signed: boolean;
  /** ms since the epoch. */
  receivedAt: number;
}

/**
 * A delivery as stored in the queue. The body's text is written into the job verbatim (it is
 * never re-serialised), so it comes back as the parsed `event`. Jobs queued by earlier versions
 * carry `body` as a string instead.
 */
export interface QueuedDelivery {
  kind: QueuedKind;
  uid: string;
  key?: string;
  deliveryId?: string;
  signed: boolean;
  receivedAt: number;
  event?: unknown;
  /** @deprecated jobs from 0.1 only: the body's JSON text. */
  body?: string;
}

/** The body of a queued delivery, whichever version queued it. */
export function queuedEventBody(delivery: QueuedDelivery): unknown {
  return delivery.body !== undefined ? JSON.parse(delivery.body) : delivery.event;
}

const CLOSE = Buffer.from('}');

/**
 * The job's JSON as UTF-8 bytes: the metadata serialised, the body's bytes spliced in as they
 * came (no decoding, re-escaping or re-encoding of a 20 KB body on the hot path).
 */
function queuedJson(delivery: IncomingDelivery): Buffer {
  const { body, ...meta } = delivery;
  // A byte-order mark is allowed before a JSON body but not inside a JSON document.
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  const head = JSON.stringify(meta);
  return Buffer.concat([Buffer.from(`${head.slice(0, -1)},"event":`), bom ? body.subarray(3) : body, CLOSE]);
}

/** The job id of a delivery: the dedupe key, per kind. */
export function jobIdOf(kind: QueuedKind, key: string | undefined): string | undefined {
  return key === undefined ? undefined : `${kind}:${key}`;
}

/**
 * Store the delivery durably; `duplicate` when it is queued, running, dead-lettered or already
 * handled. One insert: the job id is the dedupe key while the job exists, and the done marker after
 * it was acked, checked in the same statement (`unlessKey`).
 */
export async function enqueueDelivery(
  storage: Storage,
  markers: DoneMarkers,
  delivery: IncomingDelivery,
  maxAttempts: number | undefined,
): Promise<'queued' | 'duplicate'> {
  const id = jobIdOf(delivery.kind, delivery.key);
  const { created } = await storage.jobs.enqueue(EVENTS_QUEUE, rawJson(queuedJson(delivery)), {
    ...(id !== undefined && { id, unlessKey: markers.keyOf(id) }),
    ...(maxAttempts !== undefined && { maxAttempts }),
  });
  return created ? 'queued' : 'duplicate';
}

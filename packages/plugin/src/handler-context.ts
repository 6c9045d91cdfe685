import type { Storage } from '@omi-kit/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { OmiUserClient } from './omi-user-client.js';

/** Where a delivery came from and how far along it is. */
export interface DeliveryInfo {
  /** The dedupe key: `X-Omi-Idempotency-Key` (or `Idempotency-Key`), else derived from the event. */
  key: string | undefined;
  /** `X-Omi-Delivery`, on signed requests. */
  id: string | undefined;
  /** True when the request carried a signature that verified. */
  signed: boolean;
  /** 1 on the first run of a queued event, 2 on its first retry, …; always 1 for inline events. */
  attempt: number;
  /** When the request arrived. */
  receivedAt: Date;
}

/** What every handler receives. */
export interface BaseContext {
  /** The Omi user, from `?uid=`. */
  uid: string;
  /** Your app id (`OMI_APP_ID`). */
  appId: string;
  /** A pino child logger bound to this delivery (Fastify's logger, secrets redacted). */
  log: FastifyBaseLogger;
  /** Key-value store, job queue and token store (`@omi-kit/storage`, from `STORAGE_URL`). */
  store: Storage;
  /**
   * The Integration API bound to this uid. Calls need `OMI_APP_SECRET`; without it the first call
   * throws `ERR_OMI_APP_SECRET_MISSING` (nothing fails at start).
   */
  readonly omi: OmiUserClient;
  /**
   * Push a notification to this user (Integration API, 10 per hour per user). At most once per
   * text per event, also across retries; and when you call it, a `{message}` you return for the
   * same event is not sent as well (Omi would push twice).
   */
  notify(text: string): Promise<void>;
  /** Aborted when the work should stop: the time budget ran out, or the job's reservation was lost. */
  signal: AbortSignal;
}

/** The context of a webhook handler: `ctx.event` is the typed, validated payload. */
export interface HandlerContext<E> extends BaseContext {
  event: E;
  delivery: DeliveryInfo;
}

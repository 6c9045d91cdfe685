import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { compactJson } from './compact-json.js';
import { deliveryHeaders } from './delivery-headers.js';
import { postOnce, type Timeouts } from './post-once.js';
import { isRetried, OMI_RETRY_DELAYS_MS, retriesEvent } from './retry-policy.js';
import { sleep as realSleep, type Sleep } from './sleep.js';
import type { WebhookEvent } from './webhook-event.js';
import { webhookUrl } from './webhook-url.js';

export interface DeliverWebhookInput {
  event: WebhookEvent;
  /** The webhook URL as configured; `uid` (and `sample_rate`) are appended the way Omi does. */
  url: string;
  uid: string;
  /** A JSON value (sent compactly, as Omi's Python does) or, for `audio_bytes`, the PCM16 bytes. */
  body: unknown;
  /** `audio_bytes` only. Default 16000. */
  sampleRate?: number;
  /** Sign with this `whsec_…` secret (v1). Several during a rotation: `secrets`, current first. */
  secret?: string | undefined;
  secrets?: readonly string[] | undefined;
  /** Conversations: `X-Omi-Idempotency-Key`, default `conversation:<body.id>:finalization`. */
  idempotencyKey?: string;
  /** Default 2 s connect, 15 s read, as Omi. */
  timeouts?: Timeouts;
  /** Waits between attempts of a retried delivery; default {@link OMI_RETRY_DELAYS_MS}; `[]` = no retry. */
  retryDelaysMs?: readonly number[];
  /** Signing time; the wall clock by default. */
  now?: () => Date;
  sleep?: Sleep;
  signal?: AbortSignal;
  agent?: http.Agent;
  /** Called once before the first attempt, with where it goes. */
  onStart?: (delivery: DeliveryTarget) => void;
  /** Called after every attempt, e.g. to print it. */
  onAttempt?: (attempt: DeliveryAttempt, delivery: DeliveryTarget) => void;
}

export type DeliveryErrorCode =
  | 'redirect'
  | 'http_status'
  | 'timeout'
  | 'connect_timeout'
  | 'network'
  | 'aborted';

export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number;
  /** HTTP status, or null when no answer came (timeout, refused...). */
  status: number | null;
  /** Any 2xx. */
  ok: boolean;
  latencyMs: number;
  /** The plugin's answer: parsed JSON, else the text ('' when empty); null without an answer. */
  reply: unknown;
  /** Why it failed, with what to do about it. */
  error: { code: DeliveryErrorCode; message: string } | null;
  /** Milliseconds until the next attempt, or null when this was the last. */
  retryInMs: number | null;
}

export interface DeliveryTarget {
  event: WebhookEvent;
  /** The URL posted to, uid appended. */
  url: string;
  uid: string;
  /** `X-Omi-Delivery` (sent when signed). */
  deliveryId: string;
  idempotencyKey: string | null;
  signed: boolean;
  /** How many attempts Omi would make at most. */
  maxAttempts: number;
}

export interface WebhookDelivery extends DeliveryTarget {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  reply: unknown;
  /** The last attempt's number. */
  attempt: number;
  error: DeliveryAttempt['error'];
  attempts: DeliveryAttempt[];
}

/**
 * Delivers one webhook the way Omi does (reference §2.0, §6): URL with `?uid=`, compact JSON or
 * PCM16 bytes, `X-Omi-Idempotency-Key` on conversations, `v1` signature when a secret is given,
 * 2 s / 15 s timeouts, redirects not followed (a 3xx fails), any 2xx succeeds, and retries with the
 * same key where Omi retries ({@link isRetried}). Never throws for a failed delivery.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<WebhookDelivery> {
  const { event, uid } = input;
  const audio = event === 'audio_bytes';
  const body = audio ? Buffer.from(input.body as Uint8Array) : compactJson(input.body);
  const url = webhookUrl(input.url, uid, audio ? (input.sampleRate ?? 16_000) : undefined);
  const idempotencyKey =
    event === 'memory_created'
      ? (input.idempotencyKey ?? `conversation:${(input.body as { id?: unknown })?.id}:finalization`)
      : null;
  const developerKey = event === 'day_summary' ? randomUUID() : null;
  const secrets = [...(input.secret ? [input.secret] : []), ...(input.secrets ?? [])];
  const delays = retriesEvent(event) ? (input.retryDelaysMs ?? OMI_RETRY_DELAYS_MS) : [];
  const target: DeliveryTarget = {
    event,
    url,
    uid,
    deliveryId: idempotencyKey ?? developerKey ?? randomUUID(),
    idempotencyKey,
    signed: secrets.length > 0,
    maxAttempts: delays.length + 1,
  };
  const now = input.now ?? (() => new Date());
  const wait = input.sleep ?? realSleep;
  const attempts: DeliveryAttempt[] = [];
  input.onStart?.(target);

  for (let n = 1; ; n++) {
    const headers = deliveryHeaders({
      event,
      uid,
      body,
      secrets,
      idempotencyKey,
      developerIdempotencyKey: developerKey,
      deliveryId: target.deliveryId,
      now: now(),
    });
    const outcome = await postOnce(url, headers, body, {
      ...(input.timeouts ? { timeouts: input.timeouts } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.agent ? { agent: input.agent } : {}),
    });
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const aborted = outcome.error?.code === 'aborted' || input.signal?.aborted === true;
    const again = !ok && !aborted && n <= delays.length && isRetried(event, outcome.status);
    const attempt: DeliveryAttempt = {
      attempt: n,
      status: outcome.status,
      ok,
      latencyMs: outcome.latencyMs,
      reply: outcome.status === null ? null : parseReply(outcome.body),
      error: ok ? null : (outcome.error ?? statusError(outcome.status!, outcome.headers.location)),
      retryInMs: again ? delays[n - 1]! : null,
    };
    attempts.push(attempt);
    input.onAttempt?.(attempt, target);
    if (!again) break;
    try {
      await wait(attempt.retryInMs!, input.signal);
    } catch {
      break; // cancelled while waiting
    }
  }
  const last = attempts.at(-1)!;
  return {
    ...target,
    ok: last.ok,
    status: last.status,
    latencyMs: last.latencyMs,
    reply: last.reply,
    attempt: last.attempt,
    error: last.error,
    attempts,
  };
}

function parseReply(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (!text.trim()) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function statusError(status: number, location: string | undefined): DeliveryAttempt['error'] {
  if (status >= 300 && status < 400) {
    return {
      code: 'redirect',
      message:
        `Omi does not follow redirects: ${status}${location ? ` to ${location}` : ''} counts as a failed ` +
        'delivery. Check the webhook URL for a missing/extra trailing slash or an http:// to https:// upgrade.',
    };
  }
  const hint =
    status === 401 || status === 403
      ? ' Omi counts it as a failure and disables apps that keep failing; answer 200 {} to a user who has not finished setup.'
      : status === 404
        ? ' Check the webhook path.'
        : '';
  return { code: 'http_status', message: `Answered ${status}; Omi needs a 2xx.${hint}` };
}

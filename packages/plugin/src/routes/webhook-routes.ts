import { type OmiEventName, OmiHeaderLower } from '@omi-kit/webhook-types';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { checkSignature } from '../check-signature.js';
import { HttpFailure } from '../http-failure.js';
import { lazyChildLogger } from '../lazy-child-logger.js';
import { parseJsonBody } from '../parse-json-body.js';
import { readQueryValue } from '../read-query-value.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { receiveAudio } from './receive-audio.js';
import { receiveConversation } from './receive-conversation.js';
import { receiveDaySummary } from './receive-day-summary.js';
import { receiveTranscript } from './receive-transcript.js';

type WebhookEvent = Extract<
  OmiEventName,
  'memory_created' | 'realtime_transcript' | 'audio_bytes' | 'day_summary'
>;

/** The webhook paths and the `X-Omi-Event` each expects. `/webhooks/omi` takes any of them. */
export const webhookPaths: Readonly<Record<WebhookEvent, string>> = {
  memory_created: '/webhooks/conversation',
  realtime_transcript: '/webhooks/transcript',
  audio_bytes: '/webhooks/audio',
  day_summary: '/webhooks/day-summary',
};

const handlerOf = {
  memory_created: 'onConversation',
  realtime_transcript: 'onTranscript',
  audio_bytes: 'onAudio',
  day_summary: 'onDaySummary',
} as const;

const EMPTY = Buffer.alloc(0);

/**
 * The webhook routes. They share a route-scoped parser that keeps the raw bytes (the signature
 * covers them), then run: uid → signature → JSON → schema → per-event work.
 */
export function registerWebhookRoutes(scope: FastifyInstance, deps: RuntimeDeps): void {
  const warned = new Set<string>();
  const warnOnce = (log: FastifyBaseLogger, key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    log.warn(message);
  };

  async function receive(request: FastifyRequest, routeEvent: WebhookEvent | undefined): Promise<object> {
    const receivedAt = deps.now();
    const uid = readQueryValue(request.url, 'uid');
    if (!uid) {
      throw new HttpFailure(
        400,
        'missing_uid',
        'The request has no uid query parameter. Omi calls <webhook_url>?uid=<uid>: check the webhook URL in the app.',
      );
    }
    const raw = Buffer.isBuffer(request.body) ? request.body : EMPTY;
    const signature = checkSignature(deps.signature, request, raw, { v1: { uid } }, request.log);

    // X-Omi-Event is only trusted on a verified request; otherwise the path (or the body) says what it is.
    const header = request.headers[OmiHeaderLower.event];
    const signedEvent = signature.signed && typeof header === 'string' ? header : undefined;
    let text: string | undefined;
    let body: unknown;
    const json = () => {
      if (text === undefined) {
        text = raw.toString('utf8');
        body = parseJsonBody(text);
      }
      return body;
    };
    let event: string;
    if (signedEvent) {
      event = signedEvent;
      if (routeEvent && signedEvent !== routeEvent) {
        warnOnce(
          request.log,
          `${routeEvent}>${signedEvent}`,
          `a signed ${signedEvent} delivery arrived on ${webhookPaths[routeEvent]}; it is handled as ${signedEvent} (check the URL configured in Omi)`,
        );
      }
    } else event = routeEvent ?? sniff(request, json);

    const log = lazyChildLogger(request.log, { event, uid });
    if (!(event in handlerOf)) {
      warnOnce(log, event, `received a ${event} event, which this plugin does not handle; answered 200 {}`);
      return {};
    }
    const handlerName = handlerOf[event as WebhookEvent];
    const handler = deps.plugin[handlerName];
    if (!handler) {
      warnOnce(
        log,
        event,
        `received a ${event} delivery but the plugin has no ${handlerName}; answered 200 {}`,
      );
      return {};
    }
    switch (event as WebhookEvent) {
      case 'audio_bytes':
        return receiveAudio(deps, deps.plugin.onAudio!, {
          uid,
          url: request.url,
          raw,
          signature,
          receivedAt,
          log,
        });
      case 'realtime_transcript':
        return receiveTranscript(deps, deps.plugin.onTranscript!, {
          uid,
          url: request.url,
          body: json(),
          signature,
          receivedAt,
          log,
        });
      case 'memory_created': {
        return receiveConversation(deps, request, {
          uid,
          raw,
          json,
          // Unless the body was parsed already (to tell what an unsigned /webhooks/omi request is).
          peek: text === undefined,
          signature,
          receivedAt,
          log,
        });
      }
      case 'day_summary': {
        const parsed = json();
        return receiveDaySummary(deps, request, {
          uid,
          text: text!,
          raw,
          body: parsed,
          signature,
          receivedAt,
          log,
        });
      }
    }
  }

  for (const [event, path] of Object.entries(webhookPaths) as Array<[WebhookEvent, string]>) {
    scope.post(path, (request) => receive(request, event));
  }
  scope.post('/webhooks/omi', (request) => receive(request, undefined));
}

// One URL for every event, unsigned: audio is octet-stream, and the JSON bodies differ in shape.
function sniff(request: FastifyRequest, json: () => unknown): WebhookEvent {
  if (String(request.headers['content-type'] ?? '').startsWith('application/octet-stream'))
    return 'audio_bytes';
  const body = json();
  if (Array.isArray(body)) return 'realtime_transcript';
  if (body && typeof body === 'object') {
    if ('segments' in body || ('text' in body && !('id' in body))) return 'realtime_transcript';
    if ('summary_json' in body || 'summary' in body) return 'day_summary';
  }
  return 'memory_created';
}

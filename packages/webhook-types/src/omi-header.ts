/** The HTTP headers Omi sets on webhook deliveries and chat-tool calls (reference §2.0, §6.2). */
export const OmiHeader = {
  /** `t=<unix s>,v1=<hex>[,v1=<hex>]` on webhooks, `t=<unix s>,v2=<hex>…` on chat-tool calls. */
  signature: 'X-Omi-Signature',
  /** The event name, one of {@link OmiEvent}. Only on signed requests. */
  event: 'X-Omi-Event',
  /** A delivery id; signed (and worth remembering against replays) on chat-tool calls. */
  delivery: 'X-Omi-Delivery',
  /** `conversation:<id>:finalization` on conversation deliveries replayed by the finalization job. */
  idempotencyKey: 'X-Omi-Idempotency-Key',
  /** Always present on Developer-Settings webhooks (a uuid4 unless Omi was given one). */
  developerIdempotencyKey: 'Idempotency-Key',
} as const;

/** The same names in lower case, as Node's `IncomingMessage.headers` keys them. */
export const OmiHeaderLower = {
  signature: 'x-omi-signature',
  event: 'x-omi-event',
  delivery: 'x-omi-delivery',
  idempotencyKey: 'x-omi-idempotency-key',
  developerIdempotencyKey: 'idempotency-key',
} as const satisfies { [K in keyof typeof OmiHeader]: Lowercase<(typeof OmiHeader)[K]> };

export type OmiHeaderName = (typeof OmiHeader)[keyof typeof OmiHeader];

import { chatToolStringToSign } from './chat-tool-string-to-sign.js';
import { checkTimestamp, toleranceOf } from './check-timestamp.js';
import { hmacSha256Hex } from './hmac-sha256-hex.js';
import { matchesAny } from './matches-any.js';
import { OmiHeader } from './omi-header.js';
import { parseSignatureHeader } from './parse-signature-header.js';
import { type RawBody, rawBodyBytes } from './raw-body.js';
import { type HeaderSource, readHeader } from './read-header.js';
import { type RequestTarget, requestTarget } from './request-target.js';
import { type SecretInput, signingSecrets } from './signing-secrets.js';
import { unixSeconds } from './unix-seconds.js';
import { WebhookSignatureError } from './webhook-signature-error.js';

export interface VerifyChatToolRequestInput extends SecretInput, RequestTarget {
  /** The request headers (`X-Omi-Signature`, `X-Omi-Delivery` and `X-Omi-Event` are read from them). */
  headers: HeaderSource;
  /** The request method, e.g. `req.method`. */
  method: string;
  /** The raw body as received; empty or omitted for GET. */
  body?: RawBody | null | undefined;
  /** Seconds a signature stays valid either side of its `t`. Default 300. */
  toleranceSec?: number;
  /** The current time as Unix seconds or a Date; the wall clock when omitted. */
  now?: number | Date;
}

export interface VerifiedChatToolRequest {
  /** The signed `t`, in Unix seconds. */
  timestamp: number;
  /** `X-Omi-Delivery`: remember it for the tolerance window to reject replays (see `createReplayGuard`). */
  delivery: string;
  /** `X-Omi-Event`, normally `chat_tool`. */
  event: string;
  /** Which of the given secrets matched (0-based). */
  secretIndex: number;
}

/**
 * Check the `v2` signature of a chat-tool call (reference §6.4). Pass the method, the path and query
 * as received (`url: req.url` does both) and the raw body. Returns what matched, or throws a
 * {@link WebhookSignatureError}.
 */
export function verifyChatToolRequest(input: VerifyChatToolRequestInput): VerifiedChatToolRequest {
  const secrets = signingSecrets(input);
  const body = input.body === undefined || input.body === null ? Buffer.alloc(0) : rawBodyBytes(input.body);
  const tolerance = toleranceOf(input.toleranceSec);
  const now = unixSeconds(input.now, 'now');
  const header = readHeader(input.headers, OmiHeader.signature);
  const delivery = readHeader(input.headers, OmiHeader.delivery);
  const event = readHeader(input.headers, OmiHeader.event);
  const missing = [
    !header && OmiHeader.signature,
    !delivery && OmiHeader.delivery,
    !event && OmiHeader.event,
  ].filter(Boolean);
  if (!header || !delivery || !event) {
    throw new WebhookSignatureError(
      'missing_header',
      `The request has no ${missing.join(', ')} header. A signed chat-tool call carries X-Omi-Signature, ` +
        'X-Omi-Delivery and X-Omi-Event; without them, signing is not enabled for this app or Omi sent the ' +
        'call unsigned (signing fails open). Reject it, or accept unsigned calls only in a warn mode.',
    );
  }
  const parsed = parseSignatureHeader(header, 'v2');
  if (parsed.signatures.length === 0) {
    const webhook = parsed.keys.includes('v1');
    throw new WebhookSignatureError(
      'no_signatures',
      'X-Omi-Signature has no v2= signature' +
        (webhook
          ? ' but a v1= one: this is a webhook delivery. Check it with verify().'
          : '. Pass the header value exactly as received; Omi signs chat-tool calls with t=<unix seconds>,v2=<hex>.'),
      { timestamp: parsed.timestamp },
    );
  }
  checkTimestamp(parsed.timestamp, now, tolerance);
  const message = chatToolStringToSign({
    timestamp: parsed.timestampText,
    delivery,
    event,
    method: input.method,
    body,
    ...requestTarget(input),
  });
  for (const [secretIndex, secret] of secrets.entries()) {
    if (matchesAny(hmacSha256Hex(secret, message), parsed.signatures)) {
      return { timestamp: parsed.timestamp, delivery, event, secretIndex };
    }
  }
  const tried = secrets.length === 1 ? 'the secret' : `any of the ${secrets.length} secrets`;
  throw new WebhookSignatureError(
    'signature_mismatch',
    `No v2 signature in X-Omi-Signature matches this request for ${tried}. Check that you pass: the method; ` +
      'the path exactly as Omi called it (the public path if a proxy rewrites it, with no .. resolved); the ' +
      'query as received (the raw string is safest); the raw body bytes; and the current whsec_… secret of this app.',
    { timestamp: parsed.timestamp, secretCount: secrets.length },
  );
}

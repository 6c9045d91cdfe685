import { checkTimestamp, toleranceOf } from './check-timestamp.js';
import { computeSignature } from './compute-signature.js';
import { matchesAny } from './matches-any.js';
import { OmiHeader } from './omi-header.js';
import { parseSignatureHeader } from './parse-signature-header.js';
import { type RawBody, rawBodyBytes } from './raw-body.js';
import { type HeaderSource, readHeader } from './read-header.js';
import { type SecretInput, signingSecrets } from './signing-secrets.js';
import { unixSeconds } from './unix-seconds.js';
import { WebhookSignatureError } from './webhook-signature-error.js';

export interface VerifyInput extends SecretInput {
  /** The `X-Omi-Signature` value, e.g. `req.headers['x-omi-signature']`. Or pass `headers`. */
  header?: string | readonly string[] | null | undefined;
  /** All request headers; `X-Omi-Signature` is read from them when `header` is not given. */
  headers?: HeaderSource | null | undefined;
  /** The raw request body, exactly as received: Buffer, Uint8Array, ArrayBuffer or a UTF-8 string. */
  body: RawBody;
  /** The decoded `uid` query parameter (`''` for an event without one). */
  uid: string;
  /** Seconds a signature stays valid either side of its `t`. Default 300. */
  toleranceSec?: number;
  /** The current time as Unix seconds or a Date; the wall clock when omitted. */
  now?: number | Date;
}

export interface VerifiedSignature {
  /** The signed `t`, in Unix seconds. */
  timestamp: number;
  /** Which of the given secrets matched (0-based), e.g. to notice deliveries still signed with an old one. */
  secretIndex: number;
}

/**
 * Check the `v1` signature of a webhook delivery (reference §6.3). Returns what matched, or
 * throws a {@link WebhookSignatureError} whose `code` and message say what is wrong.
 */
export function verify(input: VerifyInput): VerifiedSignature {
  const secrets = signingSecrets(input);
  const body = rawBodyBytes(input.body);
  const tolerance = toleranceOf(input.toleranceSec);
  const now = unixSeconds(input.now, 'now');
  const header = headerValue(input);
  if (!header) {
    throw new WebhookSignatureError(
      'missing_header',
      'The request has no X-Omi-Signature header. Either signing is not enabled for this app or user ' +
        '(enable it with POST /v1/apps/{app_id}/webhook-signing-secret), or Omi could not read the secret ' +
        'and sent it unsigned (signing fails open). Reject it, or accept unsigned requests only in a warn mode.',
    );
  }
  const parsed = parseSignatureHeader(header, 'v1');
  if (parsed.signatures.length === 0) {
    const chatTool = parsed.keys.includes('v2');
    throw new WebhookSignatureError(
      'no_signatures',
      'X-Omi-Signature has no v1= signature' +
        (chatTool
          ? ' but a v2= one: this is a chat-tool call. Check it with verifyChatToolRequest().'
          : '. Pass the header value exactly as received; Omi sends t=<unix seconds>,v1=<hex>.'),
      { timestamp: parsed.timestamp },
    );
  }
  checkTimestamp(parsed.timestamp, now, tolerance);
  const uid = input.uid ?? '';
  for (const [secretIndex, secret] of secrets.entries()) {
    const expected = computeSignature({ secret, timestamp: parsed.timestampText, uid, body });
    if (matchesAny(expected, parsed.signatures)) return { timestamp: parsed.timestamp, secretIndex };
  }
  throw new WebhookSignatureError('signature_mismatch', mismatchMessage(secrets, uid), {
    timestamp: parsed.timestamp,
    secretCount: secrets.length,
  });
}

function headerValue(input: VerifyInput): string | undefined {
  const header = input.header ?? readHeader(input.headers, OmiHeader.signature);
  if (Array.isArray(header)) return header[0];
  return (header as string | undefined) || undefined;
}

function mismatchMessage(secrets: readonly string[], uid: string): string {
  const tried = secrets.length === 1 ? 'the secret' : `any of the ${secrets.length} secrets`;
  const hints = [
    'the raw body bytes exactly as received (not JSON parsed and serialized again)',
    uid === ''
      ? "the uid from the query string (you passed '', which is right only for events without a uid)"
      : 'the decoded uid from the query string of this request',
    'the current whsec_… secret of this app (Developer-Settings webhooks have their own per-user secret)',
  ];
  let message = `No v1 signature in X-Omi-Signature matches this request for ${tried}. Check that you pass: ${hints.join('; ')}.`;
  if (!secrets.some((secret) => secret.startsWith('whsec_'))) {
    message += ' No secret given starts with whsec_: is it the webhook signing secret, not an API key?';
  }
  return message;
}

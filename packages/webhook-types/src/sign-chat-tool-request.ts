import { randomUUID } from 'node:crypto';
import { chatToolStringToSign } from './chat-tool-string-to-sign.js';
import { hmacSha256Hex } from './hmac-sha256-hex.js';
import { OmiEvent } from './omi-event.js';
import { OmiHeader } from './omi-header.js';
import type { RawBody } from './raw-body.js';
import { type RequestTarget, requestTarget } from './request-target.js';
import { type SecretInput, signingSecrets } from './signing-secrets.js';
import { unixSeconds } from './unix-seconds.js';

export interface SignChatToolRequestInput extends SecretInput, RequestTarget {
  /** The HTTP method, e.g. `POST`. */
  method: string;
  /** The exact body bytes that will be sent; omit for GET. */
  body?: RawBody | null | undefined;
  /** `X-Omi-Delivery`; a new UUID when omitted. */
  delivery?: string | undefined;
  /** `X-Omi-Event`; `chat_tool` when omitted. */
  event?: string | undefined;
  /** Unix seconds or a Date; now when omitted. */
  timestamp?: number | Date;
}

/** The three headers of a `v2`-signed chat-tool call (a type alias, so it fits any header record). */
export type ChatToolSignatureHeaders = {
  'X-Omi-Signature': string;
  'X-Omi-Event': string;
  'X-Omi-Delivery': string;
};

/**
 * Sign a chat-tool call the way Omi does (reference §6.4): `t=<unix>,v2=<hex>`, one `v2=` per secret.
 * Send the query exactly as passed here: the receiver canonicalises what it gets.
 */
export function signChatToolRequest(input: SignChatToolRequestInput): ChatToolSignatureHeaders {
  const secrets = signingSecrets(input);
  const timestamp = Math.trunc(unixSeconds(input.timestamp, 'timestamp'));
  const delivery = input.delivery ?? randomUUID();
  const event = input.event ?? OmiEvent.chatTool;
  const message = chatToolStringToSign({
    timestamp,
    delivery,
    event,
    method: input.method,
    body: input.body,
    ...requestTarget(input),
  });
  const signatures = secrets.map((secret) => `v2=${hmacSha256Hex(secret, message)}`);
  return {
    [OmiHeader.signature]: [`t=${timestamp}`, ...signatures].join(','),
    [OmiHeader.event]: event,
    [OmiHeader.delivery]: delivery,
  };
}

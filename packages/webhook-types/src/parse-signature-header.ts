import { WebhookSignatureError } from './webhook-signature-error.js';

/** `v1` signs webhook deliveries, `v2` signs chat-tool calls. */
export type SignatureScheme = 'v1' | 'v2';

export interface ParsedSignatureHeader {
  /** `t`, in Unix seconds. */
  timestamp: number;
  /** `t` as the signed string has it: the integer in plain decimal. */
  timestampText: string;
  /** The non-empty values of the requested scheme, in header order. */
  signatures: string[];
  /** Every key other than `t` that had a value, e.g. `['v2']` on a chat-tool call. */
  keys: string[];
}

// What Python's int() accepts from ASCII: surrounding whitespace, a sign, `_` between digits.
const INTEGER = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/**
 * Split an `X-Omi-Signature` value the way Omi's receiver code does: on `,`, then each trimmed part
 * on its first `=`. Parts without `=` and unknown keys are ignored. Throws `malformed_header` when
 * `t` is missing or not an integer.
 */
export function parseSignatureHeader(value: string, scheme: SignatureScheme = 'v1'): ParsedSignatureHeader {
  let timestampText: string | undefined;
  const signatures: string[] = [];
  const keys: string[] = [];
  for (const part of value.split(',')) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    if (eq === -1) continue;
    const key = trimmed.slice(0, eq);
    const item = trimmed.slice(eq + 1);
    if (key === 't') {
      if (!INTEGER.test(item)) {
        throw new WebhookSignatureError(
          'malformed_header',
          'X-Omi-Signature has a t= that is not an integer. Pass the header value exactly as received; ' +
            'it looks like t=<unix seconds>,v1=<hex>.',
        );
      }
      timestampText = BigInt(item.trim().replaceAll('_', '')).toString();
    } else if (item) {
      if (key === scheme) signatures.push(item);
      if (!keys.includes(key)) keys.push(key);
    }
  }
  if (timestampText === undefined) {
    throw new WebhookSignatureError(
      'malformed_header',
      'X-Omi-Signature has no t=<unix seconds>. Pass the header value exactly as received; it looks like ' +
        't=<unix seconds>,v1=<hex>. A header in another format was not made by Omi.',
    );
  }
  return { timestamp: Number(timestampText), timestampText, signatures, keys };
}

import { canonicalPath } from './canonical-path.js';
import { canonicalQuery, type QueryInput } from './canonical-query.js';
import { type RawBody, rawBodyBytes } from './raw-body.js';
import { WebhookSignatureError } from './webhook-signature-error.js';

export interface ChatToolRequestParts {
  /** Unix seconds, an integer (as in `t=`). */
  timestamp: number | string;
  /** `X-Omi-Delivery`. */
  delivery: string;
  /** `X-Omi-Event`, `chat_tool` for tool calls. */
  event: string;
  /** The HTTP method; compared upper-case. */
  method: string;
  /** The request path as received, e.g. `/tools/create_issue` (not resolved or normalised). */
  path: string;
  /** The query as received; see {@link QueryInput}. */
  query?: QueryInput | null | undefined;
  /** The raw body; empty (or omitted) for GET. */
  body?: RawBody | null | undefined;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * The exact bytes a `v2` signature covers (reference §6.4):
 * `v2\n<t>\n<delivery>\n<event>\n<METHOD>\n<canonical path>\n<canonical query>\n` then the raw body.
 */
export function chatToolStringToSign(parts: ChatToolRequestParts): Buffer {
  const fields = { 'X-Omi-Delivery': parts.delivery, 'X-Omi-Event': parts.event, method: parts.method };
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value)) {
      throw new WebhookSignatureError(
        name === 'method' ? 'malformed_request' : 'malformed_header',
        `${name} must be non-empty printable ASCII (no line breaks, no non-ASCII characters). ` +
          (name === 'method'
            ? 'Pass the request method, e.g. req.method.'
            : 'Pass the header exactly as received; a value like this was not sent by Omi.'),
      );
    }
  }
  const lines = [
    'v2',
    BigInt(typeof parts.timestamp === 'number' ? Math.trunc(parts.timestamp) : parts.timestamp).toString(),
    parts.delivery,
    parts.event,
    parts.method.toUpperCase(),
    canonicalPath(parts.path),
    canonicalQuery(parts.query),
  ];
  const body = parts.body === undefined || parts.body === null ? Buffer.alloc(0) : rawBodyBytes(parts.body);
  return Buffer.concat([Buffer.from(lines.map((line) => `${line}\n`).join(''), 'ascii'), body]);
}

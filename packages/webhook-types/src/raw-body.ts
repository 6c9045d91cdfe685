import { WebhookSignatureError } from './webhook-signature-error.js';

/** The request body exactly as received. A string stands for its UTF-8 bytes. */
export type RawBody = string | Uint8Array | ArrayBuffer;

const PARSER_HINT =
  "In Fastify add a content-type parser with parseAs: 'buffer' on the webhook route; in Express use " +
  "express.raw({ type: '*/*' }); with fetch use await request.arrayBuffer().";

/** The bytes of a raw body; throws `body_not_raw` for anything that is not raw. */
export function rawBodyBytes(body: unknown, what = 'body'): Buffer {
  if (typeof body === 'string') {
    // `String(parsedObject)`: the bytes on the wire were never this.
    if (body === '[object Object]') {
      throw new WebhookSignatureError(
        'body_not_raw',
        `The ${what} is the string "[object Object]", a parsed object turned into a string. ` +
          `Pass the raw request body, not the parsed JSON. ${PARSER_HINT}`,
      );
    }
    return Buffer.from(body, 'utf8');
  }
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body === undefined || body === null) {
    throw new WebhookSignatureError(
      'body_not_raw',
      `The ${what} is ${String(body)}. Pass the raw request body (Buffer, Uint8Array or string) exactly as ` +
        `received; if a body parser already consumed the stream, keep the raw bytes instead. ${PARSER_HINT}`,
    );
  }
  const kind = Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'an object' : `a ${typeof body}`;
  throw new WebhookSignatureError(
    'body_not_raw',
    `The ${what} is ${kind}, not the raw request body. Pass the raw request body, not the parsed JSON: ` +
      `re-serialized JSON does not have the bytes Omi signed. ${PARSER_HINT}`,
  );
}

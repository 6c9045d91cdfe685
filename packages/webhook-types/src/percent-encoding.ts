import { WebhookSignatureError } from './webhook-signature-error.js';

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** RFC 3986 unreserved bytes as they are, every other byte as `%XX` (uppercase). */
export function percentEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/** The UTF-8 bytes of `text` with `%XX` decoded; a `%` not followed by two hex digits stays as it is. */
export function percentDecode(text: string): Uint8Array {
  const bytes = utf8(text);
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x25 && i + 2 < bytes.length) {
      const high = hexValue(bytes[i + 1]!);
      const low = hexValue(bytes[i + 2]!);
      if (high >= 0 && low >= 0) {
        out[length++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

// Unpaired surrogates cannot be UTF-8 encoded; Omi's code refuses them rather than substitute U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The UTF-8 bytes of `text`; throws `malformed_request` for text with unpaired surrogates. */
export function utf8(text: string): Buffer {
  if (LONE_SURROGATE.test(text)) {
    throw new WebhookSignatureError(
      'malformed_request',
      'The request path or query contains an unpaired UTF-16 surrogate, which has no UTF-8 form. ' +
        'Pass the path and query as received.',
    );
  }
  return Buffer.from(text, 'utf8');
}

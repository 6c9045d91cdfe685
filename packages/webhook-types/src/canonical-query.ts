import { percentDecode, percentEncode, utf8 } from './percent-encoding.js';
import { WebhookSignatureError } from './webhook-signature-error.js';

/**
 * A query as the receiver has it: the raw query string (a leading `?` is ignored), `URLSearchParams`,
 * decoded `[name, value]` pairs, or a parsed record such as Fastify's `req.query` (arrays keep order).
 */
export type QueryInput =
  | string
  | URLSearchParams
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | readonly string[] | undefined>>;

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * The `v2` canonical query (reference §6.4): decoded pairs, each name and value UTF-8 encoded with
 * RFC 3986 unreserved characters as they are and every other byte as `%XX` (so a space is `%20`),
 * stable-sorted by encoded name (repeated names keep their order), joined as `name=value` with `&`.
 */
export function canonicalQuery(query: QueryInput | undefined | null): string {
  const encoded = queryPairs(query).map(([name, value]) => [encode(name), encode(value)] as const);
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

function encode(text: string): string {
  return percentEncode(utf8(text));
}

function queryPairs(query: QueryInput | undefined | null): Array<readonly [string, string]> {
  if (query === undefined || query === null) return [];
  if (typeof query === 'string') return parseQueryString(query);
  if (query instanceof URLSearchParams) return [...query.entries()];
  if (Symbol.iterator in query) {
    return [...(query as Iterable<readonly [string, string]>)].map((pair) => {
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof pair[0] !== 'string' ||
        typeof pair[1] !== 'string'
      ) {
        throw malformedQuery();
      }
      return [pair[0], pair[1]] as const;
    });
  }
  const pairs: Array<readonly [string, string]> = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'string') throw malformedQuery();
      pairs.push([name, item]);
    }
  }
  return pairs;
}

// Python's parse_qsl(query, keep_blank_values=True), which is what Omi's receiver code uses.
function parseQueryString(query: string): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (const field of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const name = eq === -1 ? field : field.slice(0, eq);
    const value = eq === -1 ? '' : field.slice(eq + 1);
    pairs.push([unquote(name.replaceAll('+', ' ')), unquote(value.replaceAll('+', ' '))]);
  }
  return pairs;
}

// Python's unquote(errors='replace'): runs of ASCII are percent-decoded as UTF-8 with U+FFFD for bad
// bytes; other characters are kept as they are.
function unquote(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/[^\u0080-\uffff]+/g, (ascii) => decoder.decode(percentDecode(ascii)));
}

function malformedQuery(): WebhookSignatureError {
  return new WebhookSignatureError(
    'malformed_request',
    'The query must be the raw query string, URLSearchParams, [name, value] string pairs, or a record of ' +
      'strings and string arrays. Nested objects (from a qs-style parser) cannot be canonicalised: pass the raw query string.',
  );
}

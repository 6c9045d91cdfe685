import type { QueryInput } from './canonical-query.js';

/** Where a chat-tool request went: `url` (Node's `req.url`, or an absolute URL) or `path` plus `query`. */
export interface RequestTarget {
  /** `/tools/x?uid=…` as in Node's `req.url`, or an absolute URL. Not normalised in any way. */
  url?: string | undefined;
  /** The path as received; used when `url` is not given. */
  path?: string | undefined;
  /** The query as received; used when `url` is not given. */
  query?: QueryInput | null | undefined;
}

const ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;

/** The path and raw query of a target, without parsing that would resolve `..` or re-encode anything. */
export function requestTarget(target: RequestTarget): { path: string; query: QueryInput | null | undefined } {
  if (target.url === undefined) return { path: target.path ?? '', query: target.query };
  const withoutFragment = target.url.split('#', 1)[0]!;
  const rest = withoutFragment.replace(ORIGIN, '');
  const mark = rest.indexOf('?');
  return mark === -1 ? { path: rest, query: '' } : { path: rest.slice(0, mark), query: rest.slice(mark + 1) };
}

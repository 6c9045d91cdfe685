import { percentDecode, percentEncode } from './percent-encoding.js';

/**
 * The `v2` canonical path (reference §6.4): each `/`-separated segment percent-decoded to bytes, then
 * re-encoded with the query's byte rule; an empty path is `/`. Dot segments are not resolved, so pass
 * the path as received (the one you route on).
 */
export function canonicalPath(path: string): string {
  if (!path) return '/';
  return path
    .split('/')
    .map((segment) => percentEncode(percentDecode(segment)))
    .join('/');
}

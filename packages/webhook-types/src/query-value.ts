import type { QueryInput } from './canonical-query.js';

/** The first value of `name` in a query given in any of the {@link QueryInput} forms, decoded. */
export function queryValue(query: QueryInput | null | undefined, name: string): string | undefined {
  if (query === undefined || query === null) return undefined;
  if (typeof query === 'string') {
    return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).get(name) ?? undefined;
  }
  if (query instanceof URLSearchParams) return query.get(name) ?? undefined;
  if (Symbol.iterator in query) {
    for (const [key, value] of query as Iterable<readonly [string, string]>) if (key === name) return value;
    return undefined;
  }
  const value = (query as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

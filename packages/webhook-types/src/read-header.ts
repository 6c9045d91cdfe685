/** Any common shape of request headers: fetch `Headers`, Node/Fastify/Express `req.headers`, a plain record. */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>;

/** The value of one header, looked up case-insensitively; the first one when repeated. */
export function readHeader(headers: HeaderSource | undefined | null, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  const wanted = name.toLowerCase();
  const exact = record[wanted] ?? record[name];
  if (exact !== undefined && exact !== null) return headerValue(exact);
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === wanted && value !== undefined && value !== null) return headerValue(value);
  }
  return undefined;
}

function headerValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return String(value);
}

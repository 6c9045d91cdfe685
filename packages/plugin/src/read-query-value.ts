/**
 * One query parameter from a raw request URL, tolerant of how Omi builds URLs: it appends `?uid=`
 * even when the configured URL already has a `?` (auth steps, setup-completed, OAuth redirects), so
 * `/setup?step=2?uid=U` must give `U` just as `/setup?step=2&uid=U` does. Omi does not URL-encode
 * the value; an encoded one is decoded. The first non-empty value wins.
 */
export function readQueryValue(url: string, name: string): string | undefined {
  const start = url.indexOf('?');
  if (start === -1) return undefined;
  const hash = url.indexOf('#', start);
  const query = url.slice(start + 1, hash === -1 ? undefined : hash);
  const prefix = `${name}=`;
  for (const part of query.split(/[&?]/)) {
    if (!part.startsWith(prefix)) continue;
    const value = decode(part.slice(prefix.length));
    if (value !== '') return value;
  }
  return undefined;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

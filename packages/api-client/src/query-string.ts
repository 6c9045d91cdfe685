/** `?name=value&...` for the defined values; arrays are joined with commas, as Omi reads them. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  let out = '';
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    out += `${out ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(text)}`;
  }
  return out;
}

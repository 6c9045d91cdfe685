/**
 * A GET tool call's arguments arrive as query strings. Convert each to the type its JSON Schema
 * property asks for (number, integer, boolean, array, object), so the tool's zod `args` need no
 * `z.coerce`. Values that do not convert are left as they are for the schema to reject.
 */
export function coerceQueryArgs(
  args: Record<string, unknown>,
  properties: Readonly<Record<string, Record<string, unknown>>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const [name, value] of Object.entries(args)) {
    const type = properties[name]?.type;
    if (type === 'array') {
      out[name] = Array.isArray(value) ? value : [value];
      continue;
    }
    if (typeof value !== 'string') continue;
    if ((type === 'number' || type === 'integer') && value.trim() !== '' && Number.isFinite(Number(value))) {
      out[name] = Number(value);
    } else if (type === 'boolean' && (value === 'true' || value === 'false')) {
      out[name] = value === 'true';
    } else if (type === 'object') {
      try {
        out[name] = JSON.parse(value);
      } catch {}
    }
  }
  return out;
}

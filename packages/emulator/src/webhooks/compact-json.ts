/**
 * A JSON body as Omi's Python writes it: `json.dumps(value, separators=(',', ':'),
 * ensure_ascii=False)`, i.e. no spaces and non-ASCII characters as UTF-8, which is exactly what
 * `JSON.stringify` produces. (Python writes a float such as 12.0 as `12.0`, JavaScript as `12`;
 * the signature covers the bytes actually sent, so it verifies either way.)
 */
export function compactJson(value: unknown): Buffer {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('A webhook JSON body cannot be undefined or a function.');
  return Buffer.from(text, 'utf8');
}

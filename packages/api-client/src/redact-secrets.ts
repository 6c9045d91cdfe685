/** Anything shaped like an Omi secret: Developer API, MCP and app keys. */
const SECRET_PATTERN = /\b(omi_dev_|omi_mcp_|sk_)[A-Za-z0-9]{8,}/g;
/** A bearer credential of any kind (a Firebase ID token is not shaped like our keys). */
const BEARER_PATTERN = /\b(Bearer\s+)(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * Replaces every secret-looking token, and the given secrets themselves, by a fixed mask, so an
 * error message or a hook payload never carries a key even when a server or proxy echoes one.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out.replace(SECRET_PATTERN, '$1[redacted]').replace(BEARER_PATTERN, '$1[redacted]');
}

/** The same, applied to every string inside a JSON-like value. */
export function redactSecretsDeep(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactSecretsDeep(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactSecretsDeep(v, secrets);
    return out;
  }
  return value;
}

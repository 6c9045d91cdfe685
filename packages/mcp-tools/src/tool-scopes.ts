import { DEFAULT_READ_SCOPES, type Scope, scopeValues } from '@omi-kit/schemas';

/**
 * The Developer API scopes a key grants, from what a caller passes: `memories:read` as Omi's
 * Developer API writes it, or `memories.read` as Omi's MCP OAuth scopes do. `null` is Omi's
 * read-only default (a key created without scopes). Unknown scopes are dropped.
 */
export function normalizeScopes(scopes: readonly string[] | null): Scope[] {
  if (scopes === null) return [...DEFAULT_READ_SCOPES];
  const known = new Set<string>(scopeValues);
  const out = new Set<Scope>();
  for (const raw of scopes) {
    const scope = raw.trim().replace('.', ':');
    if (known.has(scope)) out.add(scope as Scope);
  }
  return [...out];
}

import { z } from 'zod';

/** The eight Developer API scopes (utils/scopes.py, goals version). `write` does not imply `read`. */
export const scopeValues = [
  'conversations:read',
  'conversations:write',
  'memories:read',
  'memories:write',
  'action_items:read',
  'action_items:write',
  'goals:read',
  'goals:write',
] as const;
export const Scope = z.enum(scopeValues);
export type Scope = z.infer<typeof Scope>;

/** What a key with `scopes: null` may do: read only. */
export const DEFAULT_READ_SCOPES: readonly Scope[] = [
  'conversations:read',
  'memories:read',
  'action_items:read',
  'goals:read',
];

/** Omi's `has_scope`: `null` scopes mean the read-only default set. */
export function hasScope(scopes: readonly string[] | null | undefined, scope: Scope): boolean {
  return (scopes ?? DEFAULT_READ_SCOPES).includes(scope);
}

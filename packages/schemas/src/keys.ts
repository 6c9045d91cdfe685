import { z } from 'zod';
import { DateTimeString } from './datetime.js';
import { Scope } from './scopes.js';

/** `omi_dev_` + 32 lower-case hex characters: 40 characters in all. */
export const DEV_API_KEY_PATTERN = /^omi_dev_[0-9a-f]{32}$/;
export const DevApiKeyString = z
  .string()
  .regex(DEV_API_KEY_PATTERN, 'expected omi_dev_ followed by 32 hex characters');

/** A Developer API key's record; the secret itself is never listed. */
export const DevApiKey = z.looseObject({
  id: z.string(),
  name: z.string(),
  /** `omi_dev_` + first 4 hex + `...` + last 4 hex. */
  key_prefix: z.string(),
  created_at: DateTimeString,
  last_used_at: DateTimeString.nullish(),
  scopes: z.array(z.string()).nullish(),
});
export type DevApiKey = z.infer<typeof DevApiKey>;

/** Returned once, on creation: the record plus the key. */
export const DevApiKeyCreated = DevApiKey.extend({ key: z.string() });
export type DevApiKeyCreated = z.infer<typeof DevApiKeyCreated>;

/** `POST /v1/dev/keys` (Firebase auth). Omitted or null scopes give the read-only default. */
export const CreateDevApiKeyRequest = z.strictObject({
  name: z.string(),
  scopes: z.array(Scope).nullish(),
});
export type CreateDevApiKeyRequest = z.input<typeof CreateDevApiKeyRequest>;

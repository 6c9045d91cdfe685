import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './cli-args.js';
import { DEFAULT_UID } from './seed.js';
import type { Timeouts } from './webhooks/post-once.js';

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;

/** The flags `trigger` and `replay` share. */
export const DELIVERY_FLAGS = {
  to: { type: 'string' },
  uid: { type: 'string' },
  secret: { type: 'string' },
  timeout: { type: 'string' },
  'no-retry': { type: 'boolean' },
  'new-id': { type: 'boolean' },
} as const satisfies FlagSpec;

export interface DeliveryFlags {
  to: string;
  uid: string | undefined;
  secret: string | undefined;
  timeouts: Timeouts | undefined;
  retryDelaysMs: readonly number[] | undefined;
  newId: boolean;
}

export function parseCommandArgs(argv: string[], options: FlagSpec) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ''));
  }
}

/** Checks the shared flags; `warn` receives advice that does not stop the command. */
export function deliveryFlags(
  values: Record<string, string | boolean | undefined>,
  warn: (line: string) => void,
): DeliveryFlags {
  const to = values.to as string | undefined;
  if (!to) throw new UsageError('--to URL is required: the webhook URL of your plugin');
  if (!/^https?:\/\/[^/\s]+/i.test(to)) {
    throw new UsageError(`--to must be an http:// or https:// URL, got "${to}"`);
  }
  const uid = values.uid as string | undefined;
  if (uid !== undefined && !uid.trim()) throw new UsageError('--uid must not be empty');
  const secret = values.secret as string | undefined;
  if (secret !== undefined) {
    if (!secret) throw new UsageError('--secret must not be empty');
    if (secret.trim() !== secret) {
      throw new UsageError('--secret has leading or trailing whitespace; Omi secrets (whsec_…) never do');
    }
    if (!secret.startsWith('whsec_')) warn("note: Omi's signing secrets start with whsec_; signing anyway.");
  }
  let timeouts: Timeouts | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!String(values.timeout).trim() || !Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(`--timeout must be a number of seconds > 0, got "${values.timeout}"`);
    }
    timeouts = { readMs: seconds * 1000 };
  }
  return {
    to,
    uid,
    secret,
    timeouts,
    retryDelaysMs: values['no-retry'] === true ? [] : undefined,
    newId: values['new-id'] === true,
  };
}

/** The user a delivery is for when `--uid` is not given. */
export const defaultUid = (flags: DeliveryFlags, fallback = DEFAULT_UID) => flags.uid ?? fallback;

/** Reads a file given on the command line, as a usage error when it cannot be read. */
export function readFlagFile(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(
      code === 'ENOENT' ? `${flag} ${path}: no such file` : `${flag} ${path}: ${(error as Error).message}`,
    );
  }
}

/** Parses a JSON file given on the command line, as a usage error when it is not JSON. */
export function readJsonFile(path: string, flag: string): unknown {
  const text = readFlagFile(path, flag).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

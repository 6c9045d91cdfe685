import { parseArgs } from 'node:util';

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface StartOptions {
  port: number;
  host: string;
  db: string;
  seed: boolean;
  rateLimitBoost: number;
}

export const USAGE = `Usage: omi-emulator <command> [options]

Commands:
  start       Run a local Omi (Developer API) and print its URL and an API key

Options for start:
  --port N               port to listen on (default 8787; 0 picks a free port)
  --host H               interface to bind (default 127.0.0.1)
  --db PATH|:memory:     SQLite database file, kept across restarts (default :memory:)
  --seed                 add a realistic user: conversations, memories, action items, goals...
  --rate-limit-boost N   multiply Omi's hourly rate limits by N (default 1)
  -h, --help             show this help`;

function positiveNumber(flag: string, raw: string | undefined, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${flag} must be a ${integer ? 'whole number' : 'number'} >= 0, got "${raw}"`);
  }
  return value;
}

export function parseStartArgs(argv: string[]): StartOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'boolean' },
        'rate-limit-boost': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ''));
  }
  const port = positiveNumber('port', values.port as string | undefined, 8787, true);
  if (port > 65535) throw new UsageError(`--port must be between 0 and 65535, got "${values.port}"`);
  const boost = positiveNumber(
    'rate-limit-boost',
    values['rate-limit-boost'] as string | undefined,
    1,
    false,
  );
  if (boost === 0) throw new UsageError('--rate-limit-boost must be greater than 0');
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  if (!host.trim()) throw new UsageError('--host must not be empty');
  const db = (values.db as string | undefined) ?? ':memory:';
  if (!db.trim()) throw new UsageError('--db must be a file path or :memory:');
  return { port, host, db, seed: values.seed === true, rateLimitBoost: boost };
}

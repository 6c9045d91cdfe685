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
  trigger     Send your plugin one webhook as Omi does: conversation, transcript, audio or day-summary
  replay      Stream a conversation's transcript to your plugin in Omi's 1 s flushes, then deliver it
  live        Play a conversation as a live recording to the apps registered with a running emulator

Options for start:
  --port N               port to listen on (default 8787; 0 picks a free port)
  --host H               interface to bind (default 127.0.0.1)
  --db PATH|:memory:     SQLite database file, kept across restarts (default :memory:)
  --seed                 add a realistic user: conversations, memories, action items, goals...
  --rate-limit-boost N   multiply Omi's hourly rate limits by N (default 1)
  -h, --help             show this help

omi-emulator trigger conversation|transcript|audio|day-summary --to URL [options]
  --to URL               your plugin's webhook URL; Omi appends ?uid=U (&uid=U after a query)
  --uid U                the user the delivery is for (default emulator-user)
  --secret whsec_...     sign it (X-Omi-Signature v1), as an app with a signing secret
  --fixture FILE         send this JSON body instead of a generated one (audio: raw PCM16 or .wav)
  --sample-rate N        audio only (default 16000)
  --new-id               give a --fixture conversation a fresh id (a new idempotency key)

omi-emulator replay ID|FILE --to URL [options]
  ID                     a conversation id (or seed name: sprint-planning, ...) in --db
  FILE                   a conversation JSON file (a memory_created webhook body)
  --speed N              1 = real time (default), 10 = ten times faster, 0 = no waiting
  --db PATH              the emulator database to read ID from (default: the built-in seed)
  --conversation-to URL  deliver the finished conversation here instead of --to
  --uid, --secret, --new-id as for trigger

omi-emulator live ID|FILE [options]
  ID, FILE, --db, --speed as for replay; --uid as for trigger
  --emulator URL         the running emulator (default $OMI_API_BASE_URL, else http://127.0.0.1:8787):
                         its transcript_processed apps get the flushes, then its memory_creation apps
                         the conversation (POST /_emulator/live)

Options for trigger and replay:
  --timeout S            seconds to wait for each answer (default 15, as Omi)
  --no-retry             do not retry failed conversation/day-summary deliveries (default: 1 s, 5 s, 30 s)

Deliveries follow Omi: 2 s connect / 15 s read timeouts, redirects not followed, any 2xx succeeds,
retries keep the same idempotency key. Each attempt prints its status, latency and the reply.
Exit code: 0 when the plugin answered 2xx, 1 when it did not, 2 for bad flags.`;

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

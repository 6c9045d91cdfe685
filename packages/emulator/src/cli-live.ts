import { UsageError } from './cli-args.js';
import { parseCommandArgs } from './cli-delivery-flags.js';
import { loadConversation } from './cli-replay.js';
import type { CliIo } from './cli-trigger.js';
import { DEFAULT_UID } from './seed.js';
import { transcriptFlushes } from './webhooks/transcript-flushes.js';

/** What `POST /_emulator/live` answers. */
interface LiveAnswer {
  conversation: { id: string };
  transcript_apps: { app_id: string; url: string; flushes: number; ok: number; replies: unknown[] }[];
}

const DEFAULT_EMULATOR = 'http://127.0.0.1:8787';

/**
 * `omi-emulator live ID|FILE [--emulator URL] [--uid U] [--speed N] [--db PATH]`: plays the
 * conversation's transcript as a live recording through a running emulator (`POST /_emulator/live`),
 * to every app registered there: the `transcript_processed` apps get the 1 s flushes, then the
 * conversation is made and the `memory_creation` apps get it. Resolves with the exit code: 0 when
 * every flush was answered 2xx, 1 when one was not or the emulator could not be reached.
 */
export async function runLive(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    emulator: { type: 'string' },
    uid: { type: 'string' },
    speed: { type: 'string' },
    db: { type: 'string' },
  });
  const ref = positionals[0];
  if (!ref) throw new UsageError('live needs a conversation: an id from the database, or a JSON FILE');
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const emulator = (
    (values.emulator as string | undefined) ??
    process.env.OMI_API_BASE_URL ??
    DEFAULT_EMULATOR
  )
    .trim()
    .replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/i.test(emulator)) {
    throw new UsageError(`--emulator must be the emulator's base URL (http://host:port), got "${emulator}"`);
  }
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!String(values.speed ?? '1').trim() || Number.isNaN(speed) || speed < 0 || speed > 1000) {
    throw new UsageError(`--speed must be a number from 0 (no waiting) to 1000, got "${values.speed}"`);
  }
  const uidFlag = values.uid as string | undefined;
  if (uidFlag !== undefined && !uidFlag.trim()) throw new UsageError('--uid must not be empty');
  const loaded = loadConversation(ref, values.db as string | undefined, uidFlag);
  const uid = uidFlag ?? loaded.uid ?? DEFAULT_UID;
  const segments = loaded.conversation.transcript_segments ?? [];
  const flushes = transcriptFlushes(segments);
  const pace = speed === 0 ? 'no waiting' : `${speed}x`;
  io.out(
    `live recording for uid ${uid}: "${loaded.conversation.structured?.title ?? ''}", ${segments.length} segments ` +
      `in ${flushes.length} flushes over ${flushes.at(-1)?.at ?? 0} s (${pace}), through ${emulator}`,
  );

  let response: Response;
  try {
    response = await fetch(`${emulator}/_emulator/live`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        uid,
        speed,
        transcript_segments: segments.map((s) => ({
          text: s.text,
          // Undefined values are left out: the from-segments input takes no null label or flag.
          speaker: s.speaker ?? undefined,
          speaker_id: s.speaker_id ?? null,
          is_user: s.is_user ?? undefined,
          person_id: s.person_id ?? null,
          start: s.start,
          end: s.end,
        })),
      }),
    });
  } catch (error) {
    io.err(
      `omi-emulator: could not reach the emulator at ${emulator} (${(error as Error).message}); ` +
        'start one with "omi-emulator start", or pass --emulator URL',
    );
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    io.err(`omi-emulator: the emulator answered ${response.status}: ${text}`);
    return 1;
  }
  const answer = JSON.parse(text) as LiveAnswer;
  if (answer.transcript_apps.length === 0) {
    io.out(
      `no transcript_processed app is enabled for uid ${uid} (register one with POST ${emulator}/_emulator/apps)`,
    );
  }
  for (const app of answer.transcript_apps) {
    io.out(`<-- app ${app.app_id} ${app.url}: ${app.ok}/${app.flushes} flushes answered 2xx`);
    for (const reply of app.replies) io.out(`    reply: ${JSON.stringify(reply)}`);
  }
  io.out(
    `conversation ${answer.conversation.id} made; its memory_creation deliveries follow ` +
      `(GET ${emulator}/_emulator/deliveries?uid=${encodeURIComponent(uid)})`,
  );
  return answer.transcript_apps.every((app) => app.ok === app.flushes) ? 0 : 1;
}

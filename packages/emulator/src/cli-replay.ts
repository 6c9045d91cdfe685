import { existsSync, statSync } from 'node:fs';
import type { Conversation } from '@omi-kit/schemas';
import Database from 'better-sqlite3';
import { UsageError } from './cli-args.js';
import { DELIVERY_FLAGS, deliveryFlags, parseCommandArgs, readJsonFile } from './cli-delivery-flags.js';
import { formatAttempt, formatTarget } from './cli-delivery-output.js';
import type { CliIo } from './cli-trigger.js';
import { withNewId } from './cli-trigger.js';
import { documentIdFromSeed } from './ids.js';
import { DEFAULT_UID } from './seed.js';
import { createEmulator } from './server.js';
import type { Db } from './store/database.js';
import { appWebhookConversation } from './webhooks/app-webhook-conversation.js';
import { replayConversation } from './webhooks/replay-conversation.js';
import { transcriptFlushes } from './webhooks/transcript-flushes.js';

export interface Loaded {
  conversation: Conversation;
  /** The owner, when the conversation came from a database. */
  uid: string | null;
}

type Row = { uid: string; id: string; data: string };

/** A conversation by id (or seed key, e.g. `sprint-planning`) from an emulator database. */
function fromDatabase(db: Db, ref: string, uid: string | undefined, where: string): Loaded {
  const byId = (id: string) =>
    uid
      ? db
          .prepare<[string, string], Row>('SELECT uid, id, data FROM conversations WHERE id = ? AND uid = ?')
          .get(id, uid)
      : db.prepare<[string], Row>('SELECT uid, id, data FROM conversations WHERE id = ? LIMIT 1').get(id);
  const row = byId(ref) ?? byId(documentIdFromSeed(`seed:${uid ?? DEFAULT_UID}:conversation:${ref}`));
  if (row) return { conversation: appWebhookConversation(JSON.parse(row.data)), uid: row.uid };
  const known = db
    .prepare<[], Row>('SELECT uid, id, data FROM conversations ORDER BY created_at DESC LIMIT 10')
    .all()
    .map((r) => `  ${r.id}  ${(JSON.parse(r.data) as Conversation).structured?.title ?? ''} (uid ${r.uid})`);
  throw new UsageError(
    `no conversation "${ref}" in ${where}${uid ? ` for uid ${uid}` : ''}. ` +
      (known.length ? `Recent ones:\n${known.join('\n')}` : 'It has no conversations.'),
  );
}

/** A conversation from a JSON FILE, or by id (or seed name) from `dbPath` or the built-in seed. */
export function loadConversation(ref: string, dbPath: string | undefined, uid: string | undefined): Loaded {
  const isFile = ref.endsWith('.json') || (existsSync(ref) && statSync(ref).isFile());
  if (isFile) {
    if (dbPath) throw new UsageError('--db is for a conversation id; a FILE is read as it is');
    const conversation = readJsonFile(ref, 'replay') as Conversation;
    if (!conversation || !Array.isArray(conversation.transcript_segments)) {
      throw new UsageError(
        `${ref} has no "transcript_segments" list: replay needs a conversation (a memory_created webhook body)`,
      );
    }
    if (typeof conversation.id !== 'string') throw new UsageError(`${ref} has no string "id"`);
    return { conversation, uid: null };
  }
  if (dbPath) {
    if (!existsSync(dbPath)) throw new UsageError(`--db ${dbPath}: no such file`);
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return fromDatabase(db, ref, uid, dbPath);
    } finally {
      db.close();
    }
  }
  // No database: the built-in seed, whose conversation ids are the same on every run.
  const emulator = createEmulator({ seed: true });
  try {
    return fromDatabase(emulator.state.db, ref, uid, 'the built-in seed (pass --db PATH for yours)');
  } finally {
    void emulator.close();
  }
}

/**
 * `omi-emulator replay ID|FILE --to URL [--speed N]`: the conversation's transcript in Omi's 1 s
 * flushes, then the finished conversation. Resolves with the exit code: 0 when every delivery
 * was answered 2xx.
 */
export async function runReplay(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...DELIVERY_FLAGS,
    speed: { type: 'string' },
    db: { type: 'string' },
    'conversation-to': { type: 'string' },
  });
  const ref = positionals[0];
  if (!ref) throw new UsageError('replay needs a conversation: an id from the database, or a JSON FILE');
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const flags = deliveryFlags(values, io.err);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!String(values.speed ?? '1').trim() || Number.isNaN(speed) || speed < 0) {
    throw new UsageError(`--speed must be a number >= 0 (0 = no waiting), got "${values.speed}"`);
  }
  const conversationTo = values['conversation-to'] as string | undefined;
  if (conversationTo !== undefined && !/^https?:\/\/[^/\s]+/i.test(conversationTo)) {
    throw new UsageError(`--conversation-to must be an http:// or https:// URL, got "${conversationTo}"`);
  }
  const loaded = loadConversation(ref, values.db as string | undefined, flags.uid);
  const conversation = flags.newId ? withNewId(loaded.conversation) : loaded.conversation;
  const uid = flags.uid ?? loaded.uid ?? DEFAULT_UID;
  const flushes = transcriptFlushes(conversation.transcript_segments ?? []);
  const pace = speed === 0 || !Number.isFinite(speed) ? 'no waiting' : `${speed}x`;
  io.out(
    `replaying conversation ${conversation.id} "${conversation.structured?.title ?? ''}" for uid ${uid}: ` +
      `${conversation.transcript_segments?.length ?? 0} segments in ${flushes.length} flushes over ` +
      `${flushes.at(-1)?.at ?? 0} s (${pace}) to ${flags.to}, then the conversation` +
      (conversationTo ? ` to ${conversationTo}` : '') +
      (flags.secret ? ', signed' : ''),
  );

  let label = '';
  const result = await replayConversation({
    conversation,
    url: flags.to,
    ...(conversationTo ? { conversationUrl: conversationTo } : {}),
    uid,
    speed,
    onFlush: (flush, index, total) => {
      label = `#${index + 1}/${total} (${flush.segments.length} segment${flush.segments.length === 1 ? '' : 's'} at ${flush.at} s)`;
    },
    delivery: {
      ...(flags.secret ? { secret: flags.secret } : {}),
      ...(flags.timeouts ? { timeouts: flags.timeouts } : {}),
      ...(flags.retryDelaysMs ? { retryDelaysMs: flags.retryDelaysMs } : {}),
      onStart: (target) => {
        if (target.event === 'memory_created') io.out(formatTarget(target));
      },
      onAttempt: (attempt, target) =>
        io.out(formatAttempt(attempt, target, target.event === 'realtime_transcript' ? label : '')),
    },
  });
  return result.ok ? 0 : 1;
}

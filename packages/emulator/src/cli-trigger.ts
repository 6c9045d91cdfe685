import { randomUUID } from 'node:crypto';
import {
  ConversationCreatedPayload,
  DaySummaryPayload,
  RealtimeTranscriptPayload,
} from '@omi-kit/webhook-types';
import {
  conversationFixture,
  daySummaryFixture,
  pcm16Fixture,
  realtimeTranscriptFixture,
} from '@omi-kit/webhook-types/fixtures';
import type { z } from 'zod';
import { UsageError } from './cli-args.js';
import {
  DELIVERY_FLAGS,
  type DeliveryFlags,
  defaultUid,
  deliveryFlags,
  parseCommandArgs,
  readFlagFile,
  readJsonFile,
} from './cli-delivery-flags.js';
import { formatAttempt, formatTarget } from './cli-delivery-output.js';
import { deliverWebhook } from './webhooks/deliver-webhook.js';
import { pcm16FromFile } from './webhooks/pcm16-from-file.js';
import type { WebhookEvent } from './webhooks/webhook-event.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const EVENT_OF = {
  conversation: 'memory_created',
  transcript: 'realtime_transcript',
  audio: 'audio_bytes',
  'day-summary': 'day_summary',
} as const satisfies Record<string, WebhookEvent>;
type TriggerKind = keyof typeof EVENT_OF;

interface Payload {
  body: unknown;
  sampleRate?: number;
}

/** Warns when a fixture file is not what Omi sends; it is still sent, to test a plugin's 4xx paths. */
function checkShape(schema: z.ZodType, body: unknown, what: string, io: CliIo): void {
  const result = schema.safeParse(body);
  if (result.success) return;
  const paths = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  io.err(`note: the fixture is not a valid ${what} (${paths.join('; ')}); sending it as it is.`);
}

/** Gives a conversation a fresh id, and its action items with it. */
export function withNewId<T>(conversation: T): T {
  const c = structuredClone(conversation) as { id?: string; structured?: { action_items?: unknown[] } };
  const old = c.id;
  c.id = randomUUID();
  for (const item of c.structured?.action_items ?? []) {
    const i = item as { conversation_id?: string | null };
    if (i.conversation_id === old) i.conversation_id = c.id;
  }
  return c as T;
}

function buildPayload(
  kind: TriggerKind,
  uid: string,
  flags: DeliveryFlags,
  fixture: string | undefined,
  sampleRateFlag: number | undefined,
  io: CliIo,
): Payload {
  const now = Date.now();
  switch (kind) {
    case 'conversation': {
      if (!fixture) {
        // A fresh seed each time: a new conversation id, so a deduplicating plugin runs it again.
        return { body: conversationFixture({ seed: randomUUID(), startedAt: now - 20 * 60_000 }) };
      }
      const body = readJsonFile(fixture, '--fixture');
      checkShape(ConversationCreatedPayload, body, 'conversation', io);
      if (typeof (body as { id?: unknown })?.id !== 'string') {
        throw new UsageError(
          `--fixture ${fixture} has no string "id": a conversation needs one (it makes the idempotency key)`,
        );
      }
      return { body: flags.newId ? withNewId(body) : body };
    }
    case 'transcript': {
      if (!fixture) {
        return { body: realtimeTranscriptFixture({ uid, seed: randomUUID(), segments: 2 }) };
      }
      const raw = readJsonFile(fixture, '--fixture');
      // A bare list of segments is wrapped the way Omi's code sends it.
      const body = Array.isArray(raw) ? { session_id: uid, segments: raw } : raw;
      checkShape(RealtimeTranscriptPayload, body, 'real-time transcript batch', io);
      return { body };
    }
    case 'audio': {
      if (!fixture) {
        const sampleRate = sampleRateFlag ?? 16_000;
        return { body: pcm16Fixture({ sampleRate, seed: randomUUID() }), sampleRate };
      }
      let audio: ReturnType<typeof pcm16FromFile>;
      try {
        audio = pcm16FromFile(readFlagFile(fixture, '--fixture'));
      } catch (error) {
        throw new UsageError(`--fixture ${fixture}: ${(error as Error).message}`);
      }
      if (audio.pcm.length % 2 !== 0) io.err('note: odd byte count; PCM16 samples are 2 bytes each.');
      return { body: audio.pcm, sampleRate: sampleRateFlag ?? audio.sampleRate ?? 16_000 };
    }
    case 'day-summary': {
      if (!fixture) {
        const date = new Date(now).toISOString().slice(0, 10);
        return { body: daySummaryFixture({ uid, date, sentAt: now, seed: randomUUID() }) };
      }
      const body = readJsonFile(fixture, '--fixture');
      checkShape(DaySummaryPayload, body, 'day summary', io);
      return { body };
    }
  }
}

/**
 * `omi-emulator trigger conversation|transcript|audio|day-summary --to URL`: one delivery as Omi
 * makes it, one line per attempt. Resolves with the exit code: 0 when the plugin answered 2xx.
 */
export async function runTrigger(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...DELIVERY_FLAGS,
    fixture: { type: 'string' },
    'sample-rate': { type: 'string' },
  });
  const kind = positionals[0];
  if (!kind) throw new UsageError('trigger needs an event: conversation, transcript, audio or day-summary');
  if (!(kind in EVENT_OF)) {
    throw new UsageError(
      `unknown event "${kind}" for trigger; use conversation, transcript, audio or day-summary`,
    );
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const flags = deliveryFlags(values, io.err);
  let sampleRate: number | undefined;
  if (values['sample-rate'] !== undefined) {
    if (kind !== 'audio') throw new UsageError('--sample-rate applies to trigger audio only');
    sampleRate = Number(values['sample-rate']);
    if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
      throw new UsageError(`--sample-rate must be a whole number of Hz, got "${values['sample-rate']}"`);
    }
  }
  if (flags.newId && kind !== 'conversation') throw new UsageError('--new-id applies to conversations only');
  const uid = defaultUid(flags);
  const payload = buildPayload(
    kind as TriggerKind,
    uid,
    flags,
    values.fixture as string | undefined,
    sampleRate,
    io,
  );

  const delivery = await deliverWebhook({
    event: EVENT_OF[kind as TriggerKind],
    url: flags.to,
    uid,
    body: payload.body,
    ...(payload.sampleRate ? { sampleRate: payload.sampleRate } : {}),
    ...(flags.secret ? { secret: flags.secret } : {}),
    ...(flags.timeouts ? { timeouts: flags.timeouts } : {}),
    ...(flags.retryDelaysMs ? { retryDelaysMs: flags.retryDelaysMs } : {}),
    onStart: (target) => io.out(formatTarget(target)),
    onAttempt: (attempt, target) => io.out(formatAttempt(attempt, target)),
  });
  return delivery.ok ? 0 : 1;
}

import type { Conversation, Geolocation } from '@omi-kit/schemas';
import type {
  AudioChunk,
  ChatMessagesConfig,
  DaySummaryPayload,
  RealtimeTranscript,
  WebhookReply,
} from '@omi-kit/webhook-types';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { BaseContext, HandlerContext } from './handler-context.js';

type MaybePromise<T> = T | Promise<T>;

/** A real-time audio chunk: raw PCM16 little-endian mono bytes and what they hold. */
export interface AudioEvent extends AudioChunk {
  bytes: Buffer;
  /** The samples as numbers. */
  samples(): Int16Array;
  /** A playable WAV file of this chunk. */
  toWav(): Buffer;
}

export type ConversationContext = HandlerContext<Conversation>;
export type TranscriptContext = HandlerContext<RealtimeTranscript>;
export type AudioContext = HandlerContext<AudioEvent>;
export type DaySummaryContext = HandlerContext<DaySummaryPayload>;

/** What a chat tool's `run` receives: the validated arguments and the usual context. */
export interface ChatToolContext<Args> extends BaseContext {
  args: Args;
  toolName: string;
  geolocation: Geolocation | null;
  /** `X-Omi-Delivery` of a signed call. */
  deliveryId: string | undefined;
}

export type ChatToolMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A chat tool: its manifest entry (from `args`, a zod object) and what it does. */
export interface ChatTool<S extends z.ZodType = z.ZodType> {
  /** 1-64 letters, digits, `_` or `-`; the LLM sees `<app_id>_<name>`. */
  name: string;
  /** Tells the LLM when to call it. */
  description: string;
  /** The arguments as a zod object; becomes the manifest's `parameters`. For GET tools use `z.coerce` for numbers. */
  args?: S;
  /** Default POST. GET tools receive their arguments in the query string. */
  method?: ChatToolMethod;
  /** Shown while the tool runs, e.g. "Creating GitHub issue...". */
  statusMessage?: string;
  /** Shown to users; Omi does not enforce it (check `ctx.uid` yourself). */
  authRequired?: boolean;
  /** Return the result (a string or JSON); throw `ChatToolError` to say in words why it failed. */
  run(ctx: ChatToolContext<z.output<S>>): unknown;
}

/** What `setupCompleted` receives. */
export type SetupContext = Omit<BaseContext, 'notify' | 'signal'>;

export interface PluginDefinition {
  /** Shown in logs and `/health`. */
  name: string;
  /**
   * A conversation was created (`memory_creation`). Queued durably and acknowledged at once; runs
   * in a worker with retries and backoff, then the dead-letter list. A returned `{message}` is
   * pushed with `notify` (the HTTP reply went out long before).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
  onConversation?(ctx: ConversationContext): MaybePromise<WebhookReply | undefined | void>;
  /**
   * New real-time transcript segments (`transcript_processed`, about once a second). Runs inline
   * within the time budget (default 10 s); the returned `{message}` (longer than 5 characters) is
   * pushed by Omi, `{notification}` runs Omi's proactive pipeline.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is the common case
  onTranscript?(ctx: TranscriptContext): MaybePromise<WebhookReply | undefined | void>;
  /** About 4 s of PCM16 audio (`audio_bytes`). Runs inline within the time budget; Omi ignores the reply. */
  onAudio?(ctx: AudioContext): MaybePromise<void>;
  /** The Developer-Settings day summary. Queued like conversations. */
  onDaySummary?(ctx: DaySummaryContext): MaybePromise<void>;
  /** Chat tools, served at `/tools/<name>` and listed at `/.well-known/omi-tools.json`. */
  // biome-ignore lint/suspicious/noExplicitAny: each tool keeps its own args type; `unknown` would reject them
  chatTools?: readonly ChatTool<any>[];
  /** The manifest's `chat_messages`. */
  chatMessages?: ChatMessagesConfig;
  /** Answers Omi's `GET /setup-completed?uid=` probe. Default: always true. */
  setupCompleted?(ctx: SetupContext): MaybePromise<boolean>;
  /**
   * Skip webhooks (200 `{}` and a log line) for users whose `setupCompleted` is false.
   * Default true when `setupCompleted` is given.
   */
  ignoreUntilSetupCompleted?: boolean;
  /** Add your own routes (App Home, OAuth, settings) to the same server. */
  routes?(app: FastifyInstance): void | Promise<void>;
}

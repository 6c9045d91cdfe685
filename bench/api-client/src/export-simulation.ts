import { createOmiClient, type ResponseEvent } from '@omi-kit/api-client';
import { VirtualClock } from '@omi-kit/api-client/testing';
import { createEmulator } from '@omi-kit/emulator';
import { Conversation, developerRateLimitPolicies } from '@omi-kit/schemas';
import { round } from './stats.js';

const HOUR = 3_600_000;
/** One-way virtual network latency: Omi sees a request this long after the client sent it. */
const LATENCY_MS = 40;

export interface ExportDemand {
  memories: number;
  actionItems: number;
  conversations: number;
  /** Conversations fetched one by one (the detail policy). */
  details: number;
}

interface PolicyFigures {
  limit: number;
  requests: number;
  firstHour: number;
  /** Virtual hours from the export's start to this policy's last request. */
  spanHours: number;
  /** The least span Omi's fixed windows allow for this many requests. */
  idealSpanHours: number;
}

export interface ExportResult {
  requests: number;
  rateLimited: number;
  virtualHours: number;
  policies: Record<string, PolicyFigures>;
  /** Over every policy: the least of ideal span / actual span (1 = as fast as Omi allows). */
  throughputVsAllowed: number;
  /** Over every policy with enough demand: the least share of its first hour's allowance used. */
  firstHourShare: number;
}

function seed(emulator: ReturnType<typeof createEmulator>, demand: ExportDemand, now: Date): string[] {
  const { state } = emulator;
  const uid = state.defaultUid;
  state.memories.createMany(
    uid,
    Array.from({ length: demand.memories }, (_, i) => ({
      content: `Exported memory ${i}: prefers tea after lunch`,
      category: 'interesting' as const,
      visibility: 'private',
      tags: [],
      manuallyAdded: true,
      now: new Date(now.getTime() - i * 1000),
    })),
  );
  state.actionItems.createMany(
    uid,
    Array.from({ length: demand.actionItems }, (_, i) => ({
      description: `Exported action item ${i}`,
      completed: i % 3 === 0,
      dueAt: null,
    })),
    now,
  );
  const ids: string[] = [];
  for (let i = 0; i < demand.conversations; i++) {
    const at = new Date(now.getTime() - i * 60_000).toISOString();
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    ids.push(id);
    state.conversations.save(
      uid,
      Conversation.parse({
        id,
        created_at: at,
        started_at: at,
        finished_at: at,
        source: 'omi',
        status: 'completed',
        structured: { title: `Conversation ${i}`, overview: 'A talk about the export.', category: 'work' },
        transcript_segments: Array.from({ length: 6 }, (_, s) => ({
          text: `Line ${s} of conversation ${i}.`,
          speaker: `SPEAKER_0${s % 2}`,
          is_user: s % 2 === 0,
          start: s * 3,
          end: s * 3 + 2.5,
        })),
      }),
    );
  }
  return ids.slice(0, demand.details);
}

/**
 * A long export under Omi's base limits (boost 1), in virtual time against the emulator: every
 * memory and action item (10 per page), every conversation with its transcript (25 per page, so
 * also charged to the transcript limit), and some conversations one by one, all at once. Omi's
 * windows are the emulator's real fixed windows; the client only knows the base limits.
 */
export async function simulateExport(demand: ExportDemand, paced: boolean): Promise<ExportResult> {
  const clock = new VirtualClock();
  const stop = clock.autoAdvance();
  const emulator = createEmulator({ clock: () => clock.date() });
  try {
    const detailIds = seed(emulator, demand, clock.date());
    const baseUrl = await emulator.listen({ port: 0 });
    const tracked = clock.trackFetch();
    const sentAt = new Map<string, number[]>();
    const responses: ResponseEvent[] = [];
    const policyOf: Record<string, string[]> = {
      listMemories: ['dev:memories_read'],
      listActionItems: ['dev:action_items_read'],
      listConversations: ['dev:conversations_read', 'dev:conversation_transcript_read'],
      getConversation: ['dev:conversation_detail_read'],
    };
    const client = createOmiClient({
      apiKey: emulator.createKey(),
      baseUrl,
      clock,
      rateLimits: paced ? {} : false,
      maxRetries: 20,
      fetch: async (input, init) => {
        await clock.sleep(LATENCY_MS);
        const response = await tracked(input, init);
        await clock.sleep(LATENCY_MS);
        return response;
      },
      hooks: {
        onRequest: (e) => {
          for (const p of policyOf[e.operation] ?? []) sentAt.set(p, [...(sentAt.get(p) ?? []), clock.now()]);
        },
        onResponse: (e) => responses.push(e),
      },
    });
    const start = clock.now();
    const details = async () => {
      const queue = [...detailIds];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let id = queue.shift(); id; id = queue.shift()) await client.conversations.get(id);
        }),
      );
    };
    const [memories, actionItems, conversations] = await Promise.all([
      client.memories.listAll({ pageSize: 10 }).toArray(),
      client.actionItems.listAll({ pageSize: 10 }).toArray(),
      client.conversations.listAll({ include_transcript: true }).toArray(),
      details(),
    ]);
    if (memories.length !== demand.memories || actionItems.length !== demand.actionItems) {
      throw new Error('the export lost items');
    }
    if (conversations.length !== demand.conversations) throw new Error('the export lost conversations');
    const limitOf = (p: string) => developerRateLimitPolicies[p as keyof typeof developerRateLimitPolicies];
    // A call charged to several policies waits for the tightest: its fastest span is theirs.
    const idealSpan = new Map<string, number>();
    for (const group of Object.values(policyOf)) {
      const span = Math.max(...group.map((p) => Math.ceil((sentAt.get(p)?.length ?? 0) / limitOf(p)) - 1));
      for (const p of group) idealSpan.set(p, Math.max(idealSpan.get(p) ?? 0, span));
    }
    const policies: Record<string, PolicyFigures> = {};
    for (const [policy, times] of sentAt) {
      policies[policy] = {
        limit: limitOf(policy),
        requests: times.length,
        firstHour: times.filter((t) => t - start < HOUR).length,
        spanHours: round((Math.max(...times) - start) / HOUR, 4),
        idealSpanHours: idealSpan.get(policy) ?? 0,
      };
    }
    const spans = Object.values(policies).filter((p) => p.idealSpanHours > 0);
    const busy = Object.values(policies).filter((p) => p.requests >= p.limit);
    return {
      requests: responses.length,
      rateLimited: responses.filter((r) => r.status === 429).length,
      virtualHours: round((clock.now() - start) / HOUR, 4),
      policies,
      throughputVsAllowed: round(Math.min(...spans.map((p) => p.idealSpanHours / p.spanHours)), 4),
      firstHourShare: round(Math.min(...busy.map((p) => p.firstHour / p.limit)), 4),
    };
  } finally {
    stop();
    await emulator.close();
  }
}

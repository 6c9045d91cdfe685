import { randomUUID } from 'node:crypto';
import {
  type Conversation,
  type CreateConversationFromSegmentsRequest,
  type CreateConversationRequest,
  conversationCategoryValues,
  type DeveloperConversation,
  type TranscriptSegment,
  type UpdateConversationRequest,
} from '@omi-kit/schemas';
import { type ConversationInput, processConversation, transcriptText } from '../conversation-pipeline.js';
import { clamp, toUtcIso } from '../datetime-input.js';
import type { DevHandler, DevRequest } from '../developer-api.js';
import { notFound, OmiHttpError, paymentRequired, unprocessable } from '../http-error.js';
import { fromSegmentsConversationId } from '../ids.js';
import type { EmulatorState } from '../state.js';

interface ListQuery {
  start_date?: string;
  end_date?: string;
  categories?: string;
  limit?: number;
  offset?: number;
  include_transcript?: boolean;
  folder_id?: string;
  starred?: boolean;
}

function speakerName(state: EmulatorState, uid: string, s: TranscriptSegment): string | null {
  if (s.is_user) return state.users.get(uid)?.name ?? 'You';
  if (typeof s.speaker_name === 'string') return s.speaker_name;
  return s.speaker_id != null ? `Speaker ${s.speaker_id}` : null;
}

/** A stored conversation as the Developer API shows it. */
export function toDeveloperConversation(
  state: EmulatorState,
  uid: string,
  c: Conversation,
  includeTranscript: boolean,
  folderNames: Map<string, string>,
): DeveloperConversation {
  const out: DeveloperConversation = {
    id: c.id,
    created_at: c.created_at ?? '',
    started_at: c.started_at ?? null,
    finished_at: c.finished_at ?? null,
    structured: {
      title: c.structured.title,
      overview: c.structured.overview,
      emoji: c.structured.emoji,
      category: c.structured.category,
      action_items: c.structured.action_items.map((a) => ({
        description: a.description,
        completed: a.completed,
        created_at: a.created_at ?? null,
        updated_at: a.updated_at ?? null,
        due_at: a.due_at ?? null,
        completed_at: a.completed_at ?? null,
        conversation_id: a.conversation_id ?? null,
      })),
      events: c.structured.events,
    },
    language: c.language ?? null,
    source: c.source ?? null,
    geolocation: c.geolocation ?? null,
    folder_id: c.folder_id ?? null,
    folder_name: c.folder_id ? (folderNames.get(c.folder_id) ?? null) : null,
  };
  if (includeTranscript) {
    out.transcript_segments = c.transcript_segments.map((s) => ({
      id: s.id ?? null,
      text: s.text,
      speaker_id: s.speaker_id ?? speakerIdFromLabel(s.speaker),
      speaker_name: speakerName(state, uid, s),
      start: s.start,
      end: s.end,
    }));
  }
  return out;
}

/** `SPEAKER_03` -> 3, as Omi derives speaker_id when it is not given. */
function speakerIdFromLabel(label: string | null | undefined): number | null {
  const m = /^SPEAKER_(\d+)$/.exec(label ?? '');
  return m ? Number(m[1]) : null;
}

function folderNames(state: EmulatorState, uid: string): Map<string, string> {
  return new Map(state.folders.list(uid).map((f) => [f.id as string, f.name as string]));
}

function parseCategories(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      if (!(conversationCategoryValues as readonly string[]).includes(c)) {
        throw new OmiHttpError(400, `Invalid category '${c}' is not a valid CategoryEnum`);
      }
      return c;
    });
}

export const listConversations: DevHandler = (req: DevRequest<ListQuery>, state) => {
  const q = req.query;
  const categories = parseCategories(q.categories);
  const withTranscript = q.include_transcript === true;
  const rows = state.conversations.list(req.uid, {
    categories,
    ...(q.start_date ? { startDate: toUtcIso(q.start_date) } : {}),
    ...(q.end_date ? { endDate: toUtcIso(q.end_date) } : {}),
    ...(q.folder_id !== undefined ? { folderId: q.folder_id } : {}),
    ...(q.starred !== undefined ? { starred: q.starred } : {}),
    limit: clamp(q.limit ?? 25, 1, withTranscript ? 25 : 100),
    offset: Math.max(0, q.offset ?? 0),
  });
  const names = folderNames(state, req.uid);
  return rows
    .filter((r) => !(r.is_locked && state.switches.enforce_locks))
    .map((r) =>
      toDeveloperConversation(state, req.uid, JSON.parse(r.data) as Conversation, withTranscript, names),
    );
};

export const getConversation: DevHandler = (req: DevRequest<{ include_transcript?: boolean }>, state) => {
  const found = state.conversations.get(req.uid, req.params.conversation_id!);
  if (!found || (found.locked && state.switches.enforce_locks)) throw notFound('Conversation not found');
  return toDeveloperConversation(
    state,
    req.uid,
    found.conversation,
    req.query.include_transcript === true,
    folderNames(state, req.uid),
  );
};

export const createConversation: DevHandler = (
  req: DevRequest<unknown, CreateConversationRequest>,
  state,
) => {
  const b = req.body;
  const text = b.text.trim();
  if (!text) throw unprocessable('text cannot be empty');
  const startedAt = b.started_at ? new Date(toUtcIso(b.started_at)) : req.now;
  const finishedAt = b.finished_at
    ? new Date(toUtcIso(b.finished_at))
    : new Date(startedAt.getTime() + 300_000);
  if (finishedAt < startedAt) throw unprocessable('finished_at must be after started_at');
  const c = processConversation(state, {
    uid: req.uid,
    text,
    segments: [],
    source: 'external_integration',
    startedAt,
    finishedAt,
    language: b.language ?? 'en',
    geolocation: b.geolocation ?? null,
    externalData: {
      text,
      text_source: b.text_source ?? 'other_text',
      text_source_spec: b.text_source_spec ?? null,
    },
    now: req.now,
  });
  return { id: c.id, status: c.status, discarded: c.discarded };
};

function checkGeolocation(g: { latitude: number; longitude: number } | null | undefined) {
  if (g && (Math.abs(g.latitude) > 90 || Math.abs(g.longitude) > 180)) {
    throw unprocessable('Invalid geolocation coordinates');
  }
}

/** The fields of a from-segments body that make the conversation (not its idempotency). */
export type SegmentsConversationBody = Omit<
  CreateConversationFromSegmentsRequest,
  'client_session_id' | 'client_conversation_id' | 'session_id' | 'client_id'
>;

/**
 * Checks a from-segments body as Omi does (422 with its messages) and builds the pipeline's input:
 * segments with ids and speaker ids, start and finish times. Shared by the Developer API route and
 * the emulator's live sessions (`POST /_emulator/live`), which stream the same segments first.
 */
export function segmentsConversationInput(
  uid: string,
  b: SegmentsConversationBody,
  now: Date,
  headers: Record<string, unknown> = {},
): ConversationInput {
  b.transcript_segments.forEach((s, i) => {
    if (!(s.end > s.start)) throw unprocessable(`Segment ${i}: end time must be after start time`);
    if (s.start < 0) throw unprocessable(`Segment ${i}: start time cannot be negative`);
    if (s.text.trim().length === 0) throw unprocessable(`Segment ${i}: text cannot be empty`);
  });
  checkGeolocation(b.geolocation);
  const startedAt = b.started_at ? new Date(toUtcIso(b.started_at)) : now;
  const last = b.transcript_segments[b.transcript_segments.length - 1]!;
  const finishedAt = b.finished_at
    ? new Date(toUtcIso(b.finished_at))
    : new Date(startedAt.getTime() + last.end * 1000);
  if (finishedAt <= startedAt) throw unprocessable('finished_at must be after started_at');
  const segments: TranscriptSegment[] = b.transcript_segments.map((s) => ({
    id: randomUUID(),
    text: s.text,
    speaker: s.speaker ?? 'SPEAKER_00',
    speaker_id: s.speaker_id ?? speakerIdFromLabel(s.speaker ?? 'SPEAKER_00'),
    is_user: s.is_user ?? false,
    person_id: s.person_id ?? null,
    start: s.start,
    end: s.end,
    translations: [],
  }));
  return {
    uid,
    text: transcriptText(segments),
    segments,
    source: b.source ?? 'phone',
    startedAt,
    finishedAt,
    language: b.language ?? 'en',
    geolocation: b.geolocation ?? null,
    clientDeviceId: b.client_device_id ?? (headers['x-device-id-hash'] as string | undefined) ?? null,
    clientPlatform: b.client_platform ?? (headers['x-app-platform'] as string | undefined) ?? null,
    now,
  };
}

export const createConversationFromSegments: DevHandler = async (
  req: DevRequest<unknown, CreateConversationFromSegmentsRequest>,
  state,
) => {
  const b = req.body;
  const input = segmentsConversationInput(req.uid, b, req.now, req.headers);
  const rawSessionId = b.client_session_id ?? b.client_conversation_id ?? b.session_id ?? b.client_id;
  const sessionId = rawSessionId?.trim();
  if (rawSessionId != null && !sessionId) throw unprocessable('client_session_id cannot be empty');

  let id: string = randomUUID();
  if (sessionId) {
    id = fromSegmentsConversationId(req.uid, sessionId);
    const existing = state.conversations.getRow(req.uid, id);
    if (existing) return { id, status: existing.status, discarded: existing.discarded === 1 };
    if (state.conversations.claim(req.uid, sessionId, id, req.now) === 'exists') {
      throw new OmiHttpError(409, 'Conversation creation already in progress');
    }
  }
  try {
    if (state.conversationProcessingMs > 0)
      await new Promise((r) => setTimeout(r, state.conversationProcessingMs));
    const c = processConversation(state, { ...input, id });
    return { id: c.id, status: c.status, discarded: c.discarded };
  } finally {
    if (sessionId) state.conversations.releaseClaim(req.uid, sessionId);
  }
};

function guard(state: EmulatorState, uid: string, id: string) {
  const found = state.conversations.get(uid, id);
  if (!found) throw notFound('Conversation not found');
  if (found.locked && state.switches.enforce_locks) throw paymentRequired('conversation');
  return found;
}

export const updateConversation: DevHandler = (
  req: DevRequest<unknown, UpdateConversationRequest>,
  state,
) => {
  const id = req.params.conversation_id!;
  const b = req.body;
  const found = guard(state, req.uid, id);
  const c = found.conversation;
  if (b.title == null && b.discarded == null) {
    throw unprocessable('At least one field (title or discarded) must be provided');
  }
  if (b.title != null) {
    // Omi trims and stores the title as it is, even when nothing is left.
    c.structured.title = b.title.trim();
    (c as Record<string, unknown>).title_set_by_user = true;
  }
  if (b.discarded != null) c.discarded = b.discarded;
  c.updated_at = req.now.toISOString();
  state.conversations.save(req.uid, c, found.locked);
  // The re-read includes the stored transcript: nothing strips it on this path.
  return toDeveloperConversation(state, req.uid, c, true, folderNames(state, req.uid));
};

export const deleteConversation: DevHandler = (req, state) => {
  const id = req.params.conversation_id!;
  guard(state, req.uid, id);
  state.conversations.delete(req.uid, id);
  return { success: true };
};

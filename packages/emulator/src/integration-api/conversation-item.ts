import type { Conversation, ConversationItem } from '@omi-kit/schemas';

/**
 * A stored conversation as the Integration API shows it (`ConversationItem`): segments keep
 * `is_user` and `speaker`, at most `maxSegments` of them (-1: all); a locked conversation is
 * redacted (no overview, no transcript).
 */
export function toConversationItem(c: Conversation, locked: boolean, maxSegments: number): ConversationItem {
  const segments = maxSegments < 0 ? c.transcript_segments : c.transcript_segments.slice(0, maxSegments);
  return {
    id: c.id,
    created_at: c.created_at ?? null,
    started_at: c.started_at ?? null,
    finished_at: c.finished_at ?? null,
    source: c.source ?? null,
    structured: {
      title: c.structured.title,
      overview: locked ? '' : c.structured.overview,
      emoji: c.structured.emoji,
      category: c.structured.category,
      action_items: c.structured.action_items.map((a) => ({
        description: a.description,
        completed: a.completed,
        deleted: false,
      })),
      events: c.structured.events,
    },
    transcript_segments: locked
      ? []
      : segments.map((s) => ({
          text: s.text,
          speaker: s.speaker ?? 'SPEAKER_00',
          speaker_id: s.speaker_id ?? null,
          is_user: s.is_user,
          person_id: s.person_id ?? null,
          start: s.start,
          end: s.end,
        })),
    discarded: c.discarded,
    app_id: c.app_id ?? null,
    language: c.language ?? null,
    external_data: c.external_data ?? null,
    geolocation: c.geolocation ?? null,
    status: c.status ?? 'completed',
    ...(locked ? { is_locked: true } : {}),
  };
}

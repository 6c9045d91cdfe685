import { type AskRequest, type Conversation, DEFAULT_READ_SCOPES, scopeValues } from '@omi-kit/schemas';
import type { DevHandler, DevRequest } from '../developer-api.js';
import { notFound, OmiHttpError, unprocessable } from '../http-error.js';
import { answerFor, relevance } from '../llm-stand-ins.js';

export const listFolders: DevHandler = (req, state) => {
  const counts = state.conversations.countByFolder(req.uid);
  return state.folders
    .list(req.uid)
    .map((f) => ({ ...f, conversation_count: counts.get(f.id as string) ?? 0 }));
};

export const listDailySummaries: DevHandler = (
  req: DevRequest<{ limit?: number; offset?: number; start_date?: string; end_date?: string }>,
  state,
) => {
  const q = req.query;
  return {
    summaries: state.dailySummaries.list(req.uid, q.limit ?? 30, q.offset ?? 0, q.start_date, q.end_date),
  };
};

export const getDailySummary: DevHandler = (req, state) => {
  const summary = state.dailySummaries.get(req.uid, req.params.summary_id!);
  if (!summary) throw notFound('Daily summary not found');
  return summary;
};

function isIanaTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ask: DevHandler = (req: DevRequest<unknown, AskRequest>, state) => {
  const b = req.body;
  const timezone = b.timezone ?? 'UTC';
  if (!isIanaTimeZone(timezone)) {
    throw unprocessable([
      {
        type: 'value_error',
        loc: ['body', 'timezone'],
        msg: `Value error, timezone must be a valid IANA timezone name (for example 'America/New_York'), got '${timezone}'`,
        input: timezone,
      },
    ]);
  }
  if (state.switches.search_unavailable) throw new OmiHttpError(503, 'Search is temporarily unavailable');
  const limit = b.limit ?? 5;
  const matches = state.conversations
    .searchable(req.uid)
    .filter((r) => !(r.is_locked && state.switches.enforce_locks))
    .map((r) => JSON.parse(r.data) as Conversation)
    .map((c) => ({
      c,
      score: relevance(
        b.question,
        `${c.structured.title} ${c.structured.overview} ${c.transcript_segments.map((s) => s.text).join(' ')}`,
      ),
    }))
    .filter((x) => x.score > 0)
    .sort((a, b2) => b2.score - a.score || (b2.c.created_at ?? '').localeCompare(a.c.created_at ?? ''))
    .slice(0, limit)
    .map(({ c }) => ({
      id: c.id,
      title: c.structured.title,
      overview: c.structured.overview,
      created_at: c.created_at ?? '',
    }));
  return {
    answer: answerFor(b.question, matches),
    sources: matches.map((m) => ({ id: m.id, title: m.title, created_at: m.created_at || null })),
  };
};

export const listApiKeys: DevHandler = (req, state) => state.keys.list(req.uid);

export const createApiKey: DevHandler = (
  req: DevRequest<unknown, { name: string; scopes?: string[] | null }>,
  state,
) => {
  const name = req.body.name.trim();
  if (!name) throw unprocessable('Key name cannot be empty');
  if (/omi_(dev|mcp)_[0-9a-f]{8,}/i.test(name)) throw unprocessable('Key name must not contain an API key');
  const scopes = req.body.scopes ?? null;
  if (scopes !== null && !scopes.every((s) => (scopeValues as readonly string[]).includes(s))) {
    throw new OmiHttpError(
      400,
      `Invalid scopes. Available: [${scopeValues.map((s) => `'${s}'`).join(', ')}]`,
    );
  }
  const { key, record } = state.keys.create(req.uid, name, scopes, req.now);
  return { ...record, key };
};

export const revokeApiKey: DevHandler = (req, state) => {
  state.keys.revoke(req.uid, req.params.key_id!);
  state.auth.invalidate();
  return null;
};

export const getCallingApiKey: DevHandler = (req, state) => {
  const record = state.keys.get(req.key!.keyId);
  if (!record || record.uid !== req.uid) throw new OmiHttpError(401, 'Invalid API Key');
  const { uid: _uid, ...key } = record;
  return { ...key, scopes: key.scopes ?? [...DEFAULT_READ_SCOPES] };
};

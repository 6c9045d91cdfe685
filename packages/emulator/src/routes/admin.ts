import { scopeValues } from '@omi-kit/schemas';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OmiHttpError } from '../http-error.js';
import { DEFAULT_UID, seed } from '../seed.js';
import type { EmulatorState } from '../state.js';
import { DATA_TABLES } from '../store/database.js';
import { Switches } from '../switches.js';

const MintKey = z.strictObject({
  scopes: z.array(z.string()).nullish(),
  uid: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
});
const UidBody = z.strictObject({ uid: z.string().min(1).optional() });
const Reset = z.strictObject({ seed: z.boolean().optional() });
const Lock = z.strictObject({
  resource: z.enum(['memory', 'action_item', 'conversation']),
  id: z.string().min(1),
  uid: z.string().min(1).optional(),
  locked: z.boolean().default(true),
});
/** Every switch optional and without its default, so a PUT changes only the switches it names. */
const SwitchesPatch = z.strictObject(
  Object.fromEntries(Object.keys(Switches.shape).map((name) => [name, z.boolean().optional()])),
);
const RateLimits = z.strictObject({
  boost: z.number().positive().optional(),
  shadow_mode: z.boolean().optional(),
});

/** The server keeps bodies raw (for FastAPI-style 422s); the admin API reads them as JSON here. */
function jsonBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body ?? {};
  const text = body.toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new OmiHttpError(400, 'Invalid request to the emulator admin API. body: not valid JSON');
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(jsonBody(body));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new OmiHttpError(400, `Invalid request to the emulator admin API. ${issues.join('; ')}`);
}

/** Wipes every table and the rate-limit windows; optionally seeds the default user again. */
export function resetState(state: EmulatorState, withSeed: boolean): void {
  state.db.transaction(() => {
    for (const table of DATA_TABLES) state.db.prepare(`DELETE FROM ${table}`).run();
  })();
  state.auth.invalidate();
  state.limiter.reset();
  Object.assign(state.switches, Switches.parse({}));
  state.users.ensure(state.defaultUid, 'Alex Rivera', state.clock());
  if (withSeed) seed(state, state.defaultUid);
}

/** Mints a Developer API key for a user (the default user unless a uid is given). */
export function mintKey(
  state: EmulatorState,
  scopes: string[] | null,
  uid = state.defaultUid,
  name = 'emulator',
): string {
  const unknown = (scopes ?? []).filter((s) => !(scopeValues as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new OmiHttpError(
      400,
      `Unknown scope(s): ${unknown.join(', ')}. Use any of: ${scopeValues.join(', ')}, or null for the read-only default.`,
    );
  }
  state.users.ensure(uid, uid === DEFAULT_UID ? 'Alex Rivera' : uid, state.clock());
  return state.keys.create(uid, name, scopes, state.clock()).key;
}

/**
 * The emulator-only admin API, under `/_emulator` (never under `/v1`): mint keys and ID tokens,
 * reset, seed, lock items, flip failure switches and tune rate limits. It has no auth: the
 * emulator listens on 127.0.0.1 by default.
 */
export function registerAdminRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/_emulator/keys', async (request) => {
    const body = parse(MintKey, request.body);
    const uid = body.uid ?? state.defaultUid;
    const scopes = body.scopes ?? null;
    const key = mintKey(state, scopes, uid, body.name);
    return { key, uid, scopes };
  });

  app.post('/_emulator/id-tokens', async (request) => {
    const { uid = state.defaultUid } = parse(UidBody, request.body);
    state.users.ensure(uid, uid, state.clock());
    return { token: state.keys.mintIdToken(uid), uid };
  });

  app.post('/_emulator/reset', async (request) => {
    const { seed: withSeed = false } = parse(Reset, request.body);
    resetState(state, withSeed);
    return { ok: true, seeded: withSeed };
  });

  app.post('/_emulator/seed', async (request) => {
    const { uid = state.defaultUid } = parse(UidBody, request.body);
    seed(state, uid);
    return { ok: true, uid };
  });

  app.get('/_emulator/switches', async () => state.switches);
  app.put('/_emulator/switches', async (request) => {
    const patch = parse(SwitchesPatch, request.body);
    for (const [name, value] of Object.entries(patch)) {
      if (value !== undefined) state.switches[name as keyof Switches] = value;
    }
    return state.switches;
  });

  app.post('/_emulator/locks', async (request) => {
    const body = parse(Lock, request.body);
    const uid = body.uid ?? state.defaultUid;
    const store = {
      memory: state.memories,
      action_item: state.actionItems,
      conversation: state.conversations,
    }[body.resource];
    if (!store.setLocked(uid, body.id, body.locked)) {
      throw new OmiHttpError(404, `No ${body.resource.replace('_', ' ')} with id ${body.id} for user ${uid}`);
    }
    return { ok: true, resource: body.resource, id: body.id, locked: body.locked };
  });

  app.get('/_emulator/rate-limits', async () => ({
    boost: state.limiter.boost,
    shadow_mode: state.limiter.shadowMode,
  }));
  app.put('/_emulator/rate-limits', async (request) => {
    const body = parse(RateLimits, request.body);
    if (body.boost !== undefined) state.limiter.boost = body.boost;
    if (body.shadow_mode !== undefined) state.limiter.shadowMode = body.shadow_mode;
    return { boost: state.limiter.boost, shadow_mode: state.limiter.shadowMode };
  });
  app.delete('/_emulator/rate-limits', async () => {
    state.limiter.reset();
    return { ok: true };
  });
}

import { CreateConversationFromSegmentsRequest } from '@omi-kit/schemas';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { processConversation } from '../conversation-pipeline.js';
import { OmiHttpError } from '../http-error.js';
import { segmentsConversationInput } from '../routes/conversations.js';
import { type LiveSessionDeps, streamToTranscriptApps } from './live-session.js';
import { parseAdminBody } from './parse-admin-body.js';

/**
 * `POST /_emulator/live`: a from-segments body (without the idempotency ids) plus `uid` (default
 * the emulator's user) and `speed` (1 = real time, 0 = no waiting, the default).
 */
const LiveSessionRequest = CreateConversationFromSegmentsRequest.omit({
  client_session_id: true,
  client_conversation_id: true,
  session_id: true,
  client_id: true,
}).extend({
  uid: z.string().min(1).optional(),
  speed: z.number().min(0).max(1000).optional(),
});

/**
 * A recording as Omi's live path plays it to the user's apps: the transcript streamed to the
 * `transcript_processed` apps the user enabled (see streamToTranscriptApps), then the finished
 * conversation made by the pipeline, which fires the `memory_creation` apps as every conversation
 * the emulator makes does. Answers when the streaming is over, with the conversation's id and
 * what each transcript app was sent and replied; the conversation webhooks follow (see
 * `GET /_emulator/deliveries`). A bad body is 400 (422 for segments Omi refuses) before anything is sent.
 */
export function registerLiveSessionRoute(app: FastifyInstance, deps: LiveSessionDeps): void {
  app.post('/_emulator/live', async (request) => {
    const { uid: given, speed = 0, ...body } = parseAdminBody(LiveSessionRequest, request.body);
    const { state } = deps;
    const uid = given ?? state.defaultUid;
    const input = segmentsConversationInput(uid, body, state.clock(), request.headers);
    state.users.ensure(uid, uid, state.clock());
    const transcriptApps = await streamToTranscriptApps(deps, uid, input.segments, speed);
    if (deps.signal.aborted)
      throw new OmiHttpError(503, 'The emulator is closing; the recording was cut short.');
    const conversation = processConversation(state, { ...input, now: state.clock() });
    return {
      conversation: { id: conversation.id, status: conversation.status, discarded: conversation.discarded },
      transcript_apps: transcriptApps,
    };
  });
}

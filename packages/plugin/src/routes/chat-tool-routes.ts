import { createReplayGuard, isWebhookSignatureError, parseChatToolCall } from '@omi-kit/webhook-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chatToolsManifest } from '../chat-tools-manifest.js';
import { checkSignature, rejectOrWarn } from '../check-signature.js';
import { coerceQueryArgs } from '../coerce-query-args.js';
import { createBaseContext } from '../create-context.js';
import { ChatToolError } from '../errors/chat-tool-error.js';
import { HttpFailure } from '../http-failure.js';
import { parseJsonBody } from '../parse-json-body.js';
import type { ChatTool, ChatToolContext } from '../plugin-definition.js';
import { runWithinBudget } from '../run-within-budget.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import { validationIssues } from '../validation-issues.js';

const EMPTY = Buffer.alloc(0);

/**
 * `/tools/<name>` for every chat tool (any method: Omi sends GET calls as query parameters and
 * the others as a JSON body), `v2`-signed when a secret is set. Answers are always 200 once the
 * call is Omi's: `{result}`, or `{message}` explaining a failure in words, because chat-tool
 * errors count against the app's webhook health just like webhook failures.
 */
export function registerChatToolRoutes(scope: FastifyInstance, deps: RuntimeDeps): void {
  const tools = new Map<string, ChatTool>((deps.plugin.chatTools ?? []).map((tool) => [tool.name, tool]));
  const manifest = chatToolsManifest(deps.plugin);
  const properties = new Map(manifest.tools.map((tool) => [tool.name, tool.parameters?.properties ?? {}]));
  const replayGuard = createReplayGuard({
    keyPrefix: 'omi-plugin:tool-delivery:',
    setIfAbsent: (key, ttlSec) => deps.storage.kv.setIfAbsent(key, 1, { ttlMs: ttlSec * 1000 }),
  });

  scope.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/tools/:name',
    handler: async (request: FastifyRequest<{ Params: { name: string } }>) => {
      const tool = tools.get(request.params.name);
      if (!tool) {
        throw new HttpFailure(
          404,
          'unknown_tool',
          `No chat tool "${request.params.name}" here; this plugin has: ${[...tools.keys()].join(', ') || 'none'}.`,
        );
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : EMPTY;
      let signature = checkSignature(deps.signature, request, raw, { v2: true }, request.log);
      if (signature.signed && signature.deliveryId) {
        try {
          await replayGuard(signature.deliveryId);
        } catch (error) {
          if (!isWebhookSignatureError(error)) throw error;
          signature = rejectOrWarn(
            deps.signature,
            error.code,
            error.message,
            request.log,
            signature.deliveryId,
          );
        }
      }
      const fromQuery = raw.byteLength === 0;
      const input = fromQuery
        ? request.url.slice(request.url.indexOf('?') + 1 || request.url.length)
        : parseJsonBody(raw.toString('utf8'));
      if (!fromQuery && (typeof input !== 'object' || input === null || Array.isArray(input))) {
        throw new HttpFailure(
          422,
          'invalid_payload',
          'A chat-tool call body is a JSON object with uid, app_id and tool_name.',
        );
      }
      const call = parseCall(input as string | Record<string, unknown>);
      const log = request.log.child({ tool: tool.name, uid: call.uid });
      if (call.appId !== deps.config.appId) {
        log.warn({ appId: call.appId }, 'chat-tool call names another app_id than OMI_APP_ID');
      }
      const rawArgs = fromQuery ? coerceQueryArgs(call.args, properties.get(tool.name) ?? {}) : call.args;
      const args = tool.args ? tool.args.safeParse(rawArgs) : { success: true as const, data: rawArgs };
      if (!args.success) {
        const detail = validationIssues(args.error)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ');
        log.info({ detail }, 'chat-tool call with invalid arguments');
        return { message: `Invalid arguments for ${tool.name}: ${detail}` };
      }
      const controller = new AbortController();
      const { ctx } = createBaseContext(deps.context, { uid: call.uid, log, signal: controller.signal });
      const full = Object.assign(ctx, {
        args: args.data,
        toolName: tool.name,
        geolocation: call.geolocation,
        deliveryId: signature.deliveryId,
      }) as ChatToolContext<unknown>;
      try {
        const outcome = await runWithinBudget(
          () => tool.run(full),
          deps.chatToolBudgetMs,
          controller,
          deps.inFlight,
          ({ error }) =>
            error !== undefined && log.error({ err: error }, 'chat tool failed after its time budget'),
        );
        if (!outcome.finished) {
          log.warn({ budgetMs: deps.chatToolBudgetMs }, 'chat tool did not finish within its time budget');
          return { message: `${tool.name} did not finish in time.` };
        }
        const result = outcome.value;
        return { result: result === undefined || result === null ? 'Done.' : result };
      } catch (error) {
        if (error instanceof ChatToolError) {
          log.info({ reason: error.message }, 'chat tool declined');
          return { message: error.message };
        }
        log.error({ err: error }, 'chat tool threw; answered 200 with a message');
        return { message: `${tool.name} failed; please try again later.` };
      }
    },
  });
}

function parseCall(input: string | Record<string, unknown>) {
  try {
    return parseChatToolCall(input);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const issues = validationIssues(error);
    if (issues.some((issue) => issue.path === 'uid')) {
      throw new HttpFailure(
        400,
        'missing_uid',
        'The chat-tool call has no uid; Omi always sends uid, app_id and tool_name.',
      );
    }
    throw new HttpFailure(
      422,
      'invalid_payload',
      `Not a chat-tool call: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
}

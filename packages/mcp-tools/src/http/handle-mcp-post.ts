import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OmiMcpCaller } from './authenticators.js';
import { hasDuplicateRequestIds, isJsonRpcMessage } from './exchange-transport.js';
import { jsonRpcError } from './json-rpc-error.js';
import type { ServerPool } from './server-pool.js';

/** JSON-RPC messages in one POST at most, as Omi's hosted server allows. */
export const MAX_BATCH = 20;

/**
 * One stateless Streamable HTTP POST: checks Accept, the JSON-RPC envelope and the protocol
 * version, hands the messages to one of the caller's servers, and answers JSON (202 when there
 * were only notifications). If the client goes away first, its requests are cancelled.
 */
export async function handleMcpPost(
  request: FastifyRequest,
  reply: FastifyReply,
  caller: OmiMcpCaller,
  pool: ServerPool,
): Promise<FastifyReply> {
  const accept = request.headers.accept;
  if (accept && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
    return reply
      .code(406)
      .send(jsonRpcError(-32000, 'Not Acceptable: the client must accept application/json.'));
  }
  const messages: unknown[] = Array.isArray(request.body) ? request.body : [request.body];
  if (
    messages.length === 0 ||
    messages.length > MAX_BATCH ||
    !messages.every(isJsonRpcMessage) ||
    hasDuplicateRequestIds(messages)
  ) {
    return reply
      .code(400)
      .send(
        jsonRpcError(
          -32600,
          `Invalid Request: send a JSON-RPC 2.0 message, or a batch of 1-${MAX_BATCH} with distinct request ids.`,
        ),
      );
  }
  const version = request.headers['mcp-protocol-version'];
  if (typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    // -32022 with what is supported, as Omi's hosted server answers.
    return reply
      .code(400)
      .send(
        jsonRpcError(
          -32022,
          `Bad Request: unsupported protocol version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}).`,
          { supported: SUPPORTED_PROTOCOL_VERSIONS, requested: version },
        ),
      );
  }
  const pooled = pool.take(caller.client, caller.scopes, request.log);
  const gone = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) gone.abort();
  };
  reply.raw.once('close', onClose);
  try {
    await pooled.connected;
    const answers = await pooled.transport.exchange(
      messages,
      { requestInfo: { headers: request.headers } },
      gone.signal,
    );
    if (answers.length === 0) return reply.code(202).send();
    return reply
      .code(200)
      .type('application/json')
      .send(JSON.stringify(Array.isArray(request.body) ? answers : answers[0]));
  } catch (error) {
    request.log.error({ err: { message: (error as Error).message } }, 'MCP request failed');
    return reply.code(500).send(jsonRpcError(-32603, 'Internal error'));
  } finally {
    reply.raw.off('close', onClose);
    // A server whose requests were cancelled may still be finishing them: it is not reused.
    if (gone.signal.aborted) void pooled.server.close();
    else pool.give(caller.client, caller.scopes, pooled);
  }
}

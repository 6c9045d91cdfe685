import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { scopeValues } from '@omi-kit/schemas';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { OmiMcpServerOptions } from '../create-omi-mcp-server.js';
import { AuthUnavailableError, type OmiMcpAuthenticator, type OmiMcpCaller } from './authenticators.js';
import { hasDuplicateRequestIds, isJsonRpcMessage } from './exchange-transport.js';
import {
  checkHostAndOrigin,
  type HostOriginPolicy,
  hostnameOf,
  isLoopbackHost,
  LOOPBACK_HOSTS,
} from './host-origin-check.js';
import { ServerPool } from './server-pool.js';

export interface OmiMcpHttpOptions extends Omit<OmiMcpServerOptions, 'client' | 'scopes'> {
  /** Checks each request's bearer token; see `omiKeyAuthenticator` and `staticTokenAuthenticator`. */
  authenticate: OmiMcpAuthenticator;
  /** The MCP endpoint, default `/mcp`. */
  path?: string;
  /** The address the server will listen on (default 127.0.0.1); a loopback one allows loopback Host names. */
  host?: string;
  /**
   * Where clients reach the server, e.g. `https://mcp.example.com` (no path). Used in the
   * protected-resource metadata and the 401 challenge, and its host is allowed. Default: the
   * request's own scheme and Host.
   */
  publicUrl?: string;
  /** Host names (no port) accepted in `Host`. Default: loopback names, plus `publicUrl`'s host. */
  allowedHosts?: readonly string[];
  /** Origins accepted from browsers. Default: loopback origins, plus `publicUrl`'s origin. */
  allowedOrigins?: readonly string[];
  /** OAuth authorization servers to advertise in the protected-resource metadata. */
  authorizationServers?: readonly string[];
  /** A pino logger for requests and tool calls (default: none); see `createStderrLogger`. */
  logger?: FastifyBaseLogger;
}

const WELL_KNOWN = '/.well-known/oauth-protected-resource';
/** JSON-RPC messages in one POST at most, as Omi's hosted server allows. */
const MAX_BATCH = 20;

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}

function policyOf(options: OmiMcpHttpOptions): HostOriginPolicy {
  const hosts = new Set<string>((options.allowedHosts ?? []).map((h) => hostnameOf(h)));
  const origins = new Set<string>((options.allowedOrigins ?? []).map((o) => new URL(o).origin.toLowerCase()));
  const bind = options.host ?? '127.0.0.1';
  if (!options.allowedHosts && isLoopbackHost(bind)) for (const h of LOOPBACK_HOSTS) hosts.add(h);
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    hosts.add(hostnameOf(url.host));
    origins.add(url.origin.toLowerCase());
  }
  if (hosts.size === 0) {
    throw new Error(
      `Listening on ${bind} would accept any Host header (DNS rebinding): set allowedHosts (MCP_ALLOWED_HOSTS) or publicUrl (MCP_PUBLIC_URL).`,
    );
  }
  // Without an explicit list, browsers on this machine (loopback origins) may call.
  return { hosts, origins, loopbackOrigins: !options.allowedOrigins };
}

/**
 * Omi's tools over Streamable HTTP, as a Fastify app (not yet listening):
 * - `POST /mcp`: stateless JSON-RPC; each request gets its own server and transport, bound to the
 *   caller's key;
 * - `GET` / `DELETE /mcp`: 405, so clients that probe for a stream do not reconnect forever;
 * - bearer authentication: 401 with `WWW-Authenticate: Bearer resource_metadata="..."`;
 * - RFC 9728 metadata at `/.well-known/oauth-protected-resource[/mcp]`;
 * - Host and Origin checks before anything else (DNS-rebinding protection).
 */
export function createOmiMcpHttpServer(options: OmiMcpHttpOptions): FastifyInstance {
  const path = options.path ?? '/mcp';
  const policy = policyOf(options);
  const publicBase = options.publicUrl?.replace(/\/+$/, '');
  const logger = options.logger;
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // Clients do not keep streams open (stateless): closing sockets must not wait on them.
    forceCloseConnections: true,
  });

  const baseOf = (request: FastifyRequest) => publicBase ?? `${request.protocol}://${request.host}`;
  const metadataUrlOf = (request: FastifyRequest) => `${baseOf(request)}${WELL_KNOWN}${path}`;

  app.addHook('onRequest', async (request, reply) => {
    const refused = checkHostAndOrigin(
      { host: request.headers.host, origin: request.headers.origin },
      policy,
    );
    if (refused) return reply.code(403).send(jsonRpcError(-32000, `Forbidden: ${refused}`));
  });

  // JSON-RPC comes as application/json only; anything else is 415.
  app.removeContentTypeParser('text/plain');
  // Fastify refuses bodies before a handler runs; answer those in JSON-RPC terms too.
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    if (error.statusCode === 415) {
      return reply
        .code(415)
        .send(jsonRpcError(-32000, 'Unsupported Media Type: Content-Type must be application/json.'));
    }
    if (error.statusCode === 400 || error.statusCode === 413) {
      return reply.code(error.statusCode).send(jsonRpcError(-32700, `Parse error: ${error.message}`));
    }
    request.log.error({ err: { message: error.message } }, 'request failed');
    return reply.code(500).send(jsonRpcError(-32603, 'Internal error'));
  });

  const metadata = (request: FastifyRequest) => ({
    resource: `${baseOf(request)}${path}`,
    ...(options.authorizationServers?.length
      ? { authorization_servers: [...options.authorizationServers] }
      : {}),
    bearer_methods_supported: ['header'],
    scopes_supported: [...scopeValues],
    resource_name: 'Omi (omi-kit MCP server)',
    resource_documentation: 'https://github.com/omi-kit/omi-kit/tree/main/apps/mcp-server',
  });
  app.get(WELL_KNOWN, async (request) => metadata(request));
  app.get(`${WELL_KNOWN}${path}`, async (request) => metadata(request));
  app.get('/healthz', async () => ({ ok: true }));

  const challenge = (request: FastifyRequest, reply: FastifyReply, error?: string) => {
    const parts = [`resource_metadata="${metadataUrlOf(request)}"`];
    if (error) parts.push(`error="invalid_token"`, `error_description="${error}"`);
    return reply
      .code(401)
      .header('www-authenticate', `Bearer ${parts.join(', ')}`)
      .send(jsonRpcError(-32001, error ?? 'Unauthorized: send Authorization: Bearer <token>.'));
  };

  /** The caller, or a reply already sent (401 / 503). */
  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<OmiMcpCaller | null> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      await challenge(request, reply);
      return null;
    }
    try {
      const caller = await options.authenticate(match[1]!);
      if (!caller) {
        await challenge(request, reply, 'The bearer token is not valid.');
        return null;
      }
      return caller;
    } catch (error) {
      const retryAfter = error instanceof AuthUnavailableError ? error.retryAfter : 30;
      request.log.warn(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        'token check failed',
      );
      await reply
        .code(503)
        .header('retry-after', String(retryAfter))
        .send(jsonRpcError(-32000, 'The token could not be checked now; retry later.'));
      return null;
    }
  };

  const notAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .code(405)
      .header('allow', 'POST')
      .send(jsonRpcError(-32000, 'Method not allowed: this server is stateless; send JSON-RPC with POST.'));
  app.get(path, notAllowed);
  app.delete(path, notAllowed);

  const {
    authenticate: _authenticate,
    path: _path,
    host: _host,
    publicUrl: _publicUrl,
    allowedHosts: _allowedHosts,
    allowedOrigins: _allowedOrigins,
    authorizationServers: _authorizationServers,
    logger: _logger,
    ...toolOptions
  } = options;
  const pool = new ServerPool(toolOptions);
  app.post(path, async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    const accept = request.headers.accept;
    if (accept && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
      return reply
        .code(406)
        .send(jsonRpcError(-32000, 'Not Acceptable: the client must accept application/json.'));
    }
    const messages = Array.isArray(request.body) ? request.body : [request.body];
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
      return reply
        .code(400)
        .send(
          jsonRpcError(
            -32000,
            `Bad Request: unsupported protocol version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}).`,
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
  });

  return app;
}

import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { OmiMcpServerOptions } from '../create-omi-mcp-server.js';
import type { OmiMcpAuthenticator } from './authenticators.js';
import { bearerAuth } from './bearer-auth.js';
import { handleMcpPost } from './handle-mcp-post.js';
import { checkHostAndOrigin } from './host-origin-check.js';
import { hostOriginPolicy } from './host-origin-policy.js';
import { jsonRpcError } from './json-rpc-error.js';
import { protectedResourceMetadata, WELL_KNOWN_PROTECTED_RESOURCE } from './protected-resource-metadata.js';
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

/**
 * Omi's tools over Streamable HTTP, as a Fastify app (not yet listening):
 * - `POST /mcp`: stateless JSON-RPC; each request is served by a server of the caller's own
 *   (bound to the caller's key, borrowed from a small pool);
 * - `GET` / `DELETE /mcp`: 405, so clients that probe for a stream do not reconnect forever;
 * - bearer authentication: 401 with `WWW-Authenticate: Bearer resource_metadata="..."`;
 * - RFC 9728 metadata at `/.well-known/oauth-protected-resource[/mcp]`;
 * - Host and Origin checks before anything else (DNS-rebinding protection).
 */
export function createOmiMcpHttpServer(options: OmiMcpHttpOptions): FastifyInstance {
  const {
    authenticate,
    path = '/mcp',
    host: _host,
    publicUrl,
    allowedHosts: _allowedHosts,
    allowedOrigins: _allowedOrigins,
    authorizationServers = [],
    logger,
    ...toolOptions
  } = options;
  const policy = hostOriginPolicy(options);
  const publicBase = publicUrl?.replace(/\/+$/, '');
  const pool = new ServerPool(toolOptions);
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // No stream stays open (stateless): closing must not wait on idle keep-alive sockets.
    forceCloseConnections: true,
  });
  const baseOf = (request: FastifyRequest) => publicBase ?? `${request.protocol}://${request.host}`;

  app.addHook('onRequest', async (request, reply) => {
    const refused = checkHostAndOrigin(
      { host: request.headers.host, origin: request.headers.origin },
      policy,
    );
    if (refused) return reply.code(403).send(jsonRpcError(-32000, `Forbidden: ${refused}`));
  });

  // JSON-RPC comes as application/json only; anything else is 415.
  app.removeContentTypeParser('text/plain');
  // Fastify refuses some bodies before a handler runs; answer those in JSON-RPC terms too.
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
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

  const metadata = async (request: FastifyRequest) =>
    protectedResourceMetadata(`${baseOf(request)}${path}`, authorizationServers);
  app.get(WELL_KNOWN_PROTECTED_RESOURCE, metadata);
  app.get(`${WELL_KNOWN_PROTECTED_RESOURCE}${path}`, metadata);
  app.get('/healthz', async () => ({ ok: true }));

  // As Omi's hosted server: GET is 405 (no server-initiated stream), HEAD probes the credentials
  // (200, or the same 401 challenge as a POST), DELETE is 204 (stateless: no session to end).
  const callerOf = (request: FastifyRequest, reply: FastifyReply) =>
    bearerAuth(request, reply, authenticate, `${baseOf(request)}${WELL_KNOWN_PROTECTED_RESOURCE}${path}`);
  // Declared before GET, so Fastify does not add its own HEAD route (the GET handler's).
  app.head(path, async (request, reply) => {
    const caller = await callerOf(request, reply);
    if (!caller) return reply;
    return reply.code(200).send();
  });
  app.get(path, async (_request, reply) =>
    reply
      .code(405)
      .header('allow', 'POST, HEAD, DELETE')
      .send(jsonRpcError(-32000, 'Method not allowed: this server is stateless; send JSON-RPC with POST.')),
  );
  app.delete(path, async (_request, reply) => reply.code(204).send());

  app.post(path, async (request, reply) => {
    const caller = await callerOf(request, reply);
    if (!caller) return reply;
    return handleMcpPost(request, reply, caller, pool);
  });

  return app;
}

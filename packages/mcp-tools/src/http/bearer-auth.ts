import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUnavailableError, type OmiMcpAuthenticator, type OmiMcpCaller } from './authenticators.js';
import { jsonRpcError } from './json-rpc-error.js';

/**
 * The caller of a request, from its `Authorization: Bearer` header; or `null` once a refusal is
 * sent: 401 with an RFC 6750 challenge that points to the RFC 9728 metadata (`error="invalid_token"`
 * only when a token was sent), or 503 + Retry-After when the token cannot be checked now.
 */
export async function bearerAuth(
  request: FastifyRequest,
  reply: FastifyReply,
  authenticate: OmiMcpAuthenticator,
  metadataUrl: string,
): Promise<OmiMcpCaller | null> {
  const challenge = async (error?: string) => {
    const parts = [`resource_metadata="${metadataUrl}"`];
    if (error) parts.push('error="invalid_token"', `error_description="${error}"`);
    await reply
      .code(401)
      .header('www-authenticate', `Bearer ${parts.join(', ')}`)
      .send(jsonRpcError(-32001, error ?? 'Unauthorized: send Authorization: Bearer <token>.'));
    return null;
  };
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return challenge();
  try {
    return (await authenticate(match[1]!)) ?? (await challenge('The bearer token is not valid.'));
  } catch (error) {
    const retryAfter = error instanceof AuthUnavailableError ? error.retryAfter : 30;
    const { name, message } = error as Error;
    request.log.warn({ err: { name, message } }, 'token check failed');
    await reply
      .code(503)
      .header('retry-after', String(retryAfter))
      .send(jsonRpcError(-32000, 'The token could not be checked now; retry later.'));
    return null;
  }
}

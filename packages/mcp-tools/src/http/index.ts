export {
  AuthUnavailableError,
  type OmiKeyAuthenticatorOptions,
  type OmiMcpAuthenticator,
  type OmiMcpCaller,
  omiKeyAuthenticator,
  type StaticTokenOptions,
  staticTokenAuthenticator,
} from './authenticators.js';
export { createOmiMcpHttpServer, type OmiMcpHttpOptions } from './create-omi-mcp-http-server.js';
export {
  checkHostAndOrigin,
  type HostOriginPolicy,
  isLoopbackHost,
  LOOPBACK_HOSTS,
} from './host-origin-check.js';

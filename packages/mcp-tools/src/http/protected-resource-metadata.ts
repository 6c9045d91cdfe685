import { scopeValues } from '@omi-kit/schemas';

export const WELL_KNOWN_PROTECTED_RESOURCE = '/.well-known/oauth-protected-resource';

/** RFC 9728 protected-resource metadata of the MCP endpoint at `resource`. */
export function protectedResourceMetadata(resource: string, authorizationServers: readonly string[] = []) {
  return {
    resource,
    ...(authorizationServers.length ? { authorization_servers: [...authorizationServers] } : {}),
    bearer_methods_supported: ['header'],
    scopes_supported: [...scopeValues],
    resource_name: 'Omi (omi-kit MCP server)',
  };
}

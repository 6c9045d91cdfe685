import { type HostOriginPolicy, hostnameOf, isLoopbackHost, LOOPBACK_HOSTS } from './host-origin-check.js';

export interface HostOriginOptions {
  host?: string;
  publicUrl?: string;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
}

/**
 * What Host and Origin a server accepts: loopback names when it listens on loopback (unless
 * `allowedHosts` says otherwise), `publicUrl`'s host and origin, and loopback origins unless an
 * origin list is given. A server that would accept any Host is refused at construction.
 */
export function hostOriginPolicy(options: HostOriginOptions): HostOriginPolicy {
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
  return { hosts, origins, loopbackOrigins: !options.allowedOrigins };
}

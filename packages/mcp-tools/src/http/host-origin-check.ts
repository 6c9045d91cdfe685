/** Names a loopback server answers to (DNS-rebinding protection allows only these by default). */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The host name of a `Host` header, without its port (`[::1]:8790` -> `[::1]`). */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export interface HostOriginPolicy {
  /** Host names accepted in `Host` (lower case, no port). */
  hosts: ReadonlySet<string>;
  /** Origins accepted in `Origin` (`scheme://host[:port]`, lower case). */
  origins: ReadonlySet<string>;
  /** Also accept any loopback origin (`http://localhost:5173`...). */
  loopbackOrigins: boolean;
}

/** Why a request is refused, or `null` when its Host and Origin are acceptable. */
export function checkHostAndOrigin(
  headers: { host?: string | undefined; origin?: string | undefined },
  policy: HostOriginPolicy,
): string | null {
  const host = headers.host;
  if (!host || !policy.hosts.has(hostnameOf(host))) {
    return 'Host header not allowed (DNS-rebinding protection); add the host to allowedHosts (MCP_ALLOWED_HOSTS).';
  }
  const origin = headers.origin;
  // Clients that are not browsers send no Origin; browsers always do.
  if (origin === undefined) return null;
  let normalized: string;
  let originHost: string;
  try {
    const url = new URL(origin);
    normalized = url.origin.toLowerCase();
    originHost = url.hostname;
  } catch {
    return 'Origin header is malformed.';
  }
  const allowed = policy.origins.has(normalized) || (policy.loopbackOrigins && isLoopbackHost(originHost));
  return allowed ? null : 'Origin not allowed; add it to allowedOrigins (MCP_ALLOWED_ORIGINS).';
}

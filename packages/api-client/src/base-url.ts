import { OmiConfigError } from './errors.js';
import { redactSecrets } from './redact-secrets.js';

export const DEFAULT_BASE_URL = 'https://api.omi.me';

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Normalises the base URL (no trailing slash; a path prefix is kept for self-hosted Omi behind a
 * proxy) and refuses plain http anywhere but loopback, where the key would cross the network in clear.
 */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OmiConfigError({
      code: 'invalid_base_url',
      message: `baseUrl is not a URL: "${redactSecrets(raw)}". Use for example ${DEFAULT_BASE_URL} or http://127.0.0.1:8787.`,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OmiConfigError({
      code: 'invalid_base_url',
      message: `baseUrl must be https:// (or http:// to a loopback address), not ${url.protocol}//.`,
    });
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new OmiConfigError({
      code: 'insecure_base_url',
      message: `Refusing to send the API key over plain http to ${url.hostname}: use https://, or http:// only to a loopback address (localhost, 127.0.0.1, ::1).`,
    });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new OmiConfigError({
      code: 'invalid_base_url',
      message: 'baseUrl must not contain credentials, a query string or a fragment.',
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

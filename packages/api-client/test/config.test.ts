import { createOmiAppClient, createOmiClient, OmiClient, OmiConfigError } from '@omi-kit/api-client';
import { afterEach, describe, expect, it, vi } from 'vitest';

const KEY = `omi_dev_${'a1b2c3d4'.repeat(4)}`;
const APP_KEY = `sk_${'0f'.repeat(16)}`;

function configError(fn: () => unknown): OmiConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OmiConfigError);
    return error as OmiConfigError;
  }
  throw new Error('expected an OmiConfigError');
}

afterEach(() => vi.unstubAllEnvs());

describe('the key is checked at construction, and never echoed', () => {
  it('accepts an omi_dev_ key and returns an OmiClient', () => {
    const client = createOmiClient({ apiKey: KEY });
    expect(client).toBeInstanceOf(OmiClient);
    expect(client.baseUrl).toBe('https://api.omi.me');
  });

  it.each([
    ['missing', '', /OMI_API_KEY/],
    ['whitespace', `${KEY}\n`, /whitespace/],
    ['Bearer prefix', `Bearer ${KEY}`, /Bearer/],
    ['quoted', `"${KEY}"`, /quotes/],
    ['MCP key', `omi_mcp_${'a'.repeat(32)}`, /MCP key/],
    ['app key', APP_KEY, /createOmiAppClient/],
    ['short', 'omi_dev_abc123', /32 lower-case hex/],
    ['upper case', `omi_dev_${'A1B2C3D4'.repeat(4)}`, /32 lower-case hex/],
    ['other token', 'eyJhbGciOiJSUzI1NiJ9.payload.sig', /must start with omi_dev_/],
  ])('refuses a %s key with a message that says what to do', (_name, apiKey, pattern) => {
    const error = configError(() => createOmiClient({ apiKey }));
    expect(error.message).toMatch(pattern);
    expect(error.code).toBe('invalid_api_key');
    if (apiKey.length > 8) {
      expect(error.message).not.toContain(apiKey.trim());
      expect(error.message).not.toContain(apiKey.replace(/^omi_dev_|^omi_mcp_|^sk_/, '').slice(0, 12));
      expect(JSON.stringify(error)).not.toContain(apiKey.trim());
    }
  });

  it('reads OMI_API_KEY and OMI_API_BASE_URL from the environment', () => {
    vi.stubEnv('OMI_API_KEY', KEY);
    vi.stubEnv('OMI_API_BASE_URL', 'http://127.0.0.1:8787/');
    expect(createOmiClient().baseUrl).toBe('http://127.0.0.1:8787');
  });

  it('keeps the key out of console.log and JSON', async () => {
    const client = createOmiClient({ apiKey: KEY });
    const { inspect } = await import('node:util');
    expect(inspect(client, { depth: 5 })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });
});

describe('plain http is refused except to loopback', () => {
  it.each(['http://localhost:8787', 'http://127.0.0.1:1', 'http://[::1]:8080', 'http://omi.localhost'])(
    'allows %s',
    (baseUrl) => {
      expect(() => createOmiClient({ apiKey: KEY, baseUrl })).not.toThrow();
    },
  );

  it.each(['http://api.omi.me', 'http://10.0.0.5:8787', 'http://192.168.1.2'])('refuses %s', (baseUrl) => {
    const error = configError(() => createOmiClient({ apiKey: KEY, baseUrl }));
    expect(error.code).toBe('insecure_base_url');
    expect(error.message).toMatch(/https/);
  });

  it('keeps a path prefix and drops the trailing slash', () => {
    expect(createOmiClient({ apiKey: KEY, baseUrl: 'https://omi.example.com/api/' }).baseUrl).toBe(
      'https://omi.example.com/api',
    );
  });

  it('refuses a URL with a query string or credentials', () => {
    expect(configError(() => createOmiClient({ apiKey: KEY, baseUrl: 'https://u:p@api.omi.me' })).code).toBe(
      'invalid_base_url',
    );
    expect(configError(() => createOmiClient({ apiKey: KEY, baseUrl: 'not a url' })).code).toBe(
      'invalid_base_url',
    );
  });
});

describe('other options', () => {
  it('refuses nonsense numbers', () => {
    expect(() => createOmiClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createOmiClient({ apiKey: KEY, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createOmiClient({ apiKey: KEY, rateLimits: { boost: 0 } })).toThrow(/boost/);
    expect(() => createOmiClient({ apiKey: KEY, rateLimits: { limits: { 'dev:memories': 1.5 } } })).toThrow(
      /positive integer/,
    );
  });

  it('the app client checks its app id and sk_ key, and reads OMI_APP_ID / OMI_APP_API_KEY', () => {
    expect(configError(() => createOmiAppClient({ apiKey: APP_KEY })).message).toMatch(/OMI_APP_ID/);
    expect(configError(() => createOmiAppClient({ appId: 'app1', apiKey: KEY })).message).toMatch(
      /createOmiClient/,
    );
    expect(configError(() => createOmiAppClient({ appId: 'a/b', apiKey: APP_KEY })).message).toMatch(
      /slashes/,
    );
    vi.stubEnv('OMI_APP_ID', '01HZX');
    vi.stubEnv('OMI_APP_API_KEY', APP_KEY);
    const app = createOmiAppClient();
    expect(app.appId).toBe('01HZX');
    expect(JSON.stringify(app)).not.toContain(APP_KEY);
    expect(() => app.forUser('')).toThrow(/uid/);
  });
});

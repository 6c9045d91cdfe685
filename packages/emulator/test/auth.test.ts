import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';
import { DEV_KEY_ROUTES, FIREBASE_ROUTES, label } from './support/inventory.js';

// Reference §3 "Authentication".
const MISSING_HEADER = "Missing or invalid Authorization header. Must be 'Bearer API_KEY'";
const INVALID_KEY = 'Invalid API Key';
const MCP_TEXT =
  'MCP API keys (omi_mcp_...) only authenticate the MCP endpoints under /v1/mcp/ (for example GET /v1/mcp/memories, GET /v1/mcp/conversations) and the MCP server at /v1/mcp/sse. This endpoint requires a Developer API key (Settings -> Developer -> Create Key).';

describe('auth on omi_dev_ routes', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key();
  });

  it('accepts a valid key with "Bearer " (capital B, one space)', async () => {
    const r = await omi.get('/v1/dev/user/memories', { key });
    expect(r.status).toBe(200);
    expect(key).toMatch(/^omi_dev_[0-9a-f]{32}$/);
  });

  it.each(DEV_KEY_ROUTES.map((r) => [label(r), r] as const))(
    '%s without an Authorization header is 401 with the exact text',
    async (_name, route) => {
      const r = await omi.call(route.method, route.path, { json: route.body, query: route.query });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ detail: MISSING_HEADER });
      expect(r.headers.get('www-authenticate')).toBeNull();
    },
  );

  it('a non-Bearer scheme is the missing-header 401', async () => {
    const r = await omi.get('/v1/dev/user/memories', { authorization: `Token ${key}` });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: MISSING_HEADER });
  });

  it('a bare key without a scheme is the missing-header 401', async () => {
    const r = await omi.get('/v1/dev/user/memories', { authorization: key });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: MISSING_HEADER });
  });

  it('lowercase "bearer" is refused even with a valid key (startswith("Bearer "))', async () => {
    const r = await omi.get('/v1/dev/user/memories', { authorization: `bearer ${key}` });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: MISSING_HEADER });
  });

  it('"Bearer" without the space is refused', async () => {
    const r = await omi.get('/v1/dev/user/memories', { authorization: `Bearer:${key}` });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: MISSING_HEADER });
  });

  it('an unknown well-formed key is 401 "Invalid API Key" (capital K)', async () => {
    const r = await omi.get('/v1/dev/user/memories', { key: `omi_dev_${'0'.repeat(32)}` });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: INVALID_KEY });
    expect(r.headers.get('www-authenticate')).toBeNull();
  });

  it.each([
    ['too short', 'omi_dev_abc'],
    ['upper-case hex', (key) => key.toUpperCase().replace('OMI_DEV_', 'omi_dev_')],
    ['one character too many', (k: string) => `${k}0`],
    ['two spaces after Bearer', (k: string) => ` ${k}`],
    ['garbage', 'not-a-key-at-all'],
  ] as [string, string | ((k: string) => string)][])(
    'a malformed key (%s) is 401 "Invalid API Key"',
    async (_n, make) => {
      const bad = typeof make === 'function' ? make(key) : make;
      const r = await omi.get('/v1/dev/user/memories', { authorization: `Bearer ${bad}` });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ detail: INVALID_KEY });
    },
  );

  it('an omi_mcp_ key gets the dedicated long 401 text', async () => {
    const r = await omi.get('/v1/dev/user/memories', { key: `omi_mcp_${'a'.repeat(32)}` });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: MCP_TEXT });
  });

  it('an omi_mcp_ key on GET /v1/dev/key gets the same text', async () => {
    const r = await omi.get('/v1/dev/key', { key: 'omi_mcp_0123' });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: MCP_TEXT });
  });

  it('a valid Firebase ID token on a dev route is 401 "Invalid API Key"', async () => {
    const token = await omi.idToken();
    const r = await omi.get('/v1/dev/user/memories', { key: token });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: INVALID_KEY });
  });
});

describe('auth on the Firebase key-management routes (/v1/dev/keys*)', () => {
  const omi = useEmulator();
  let token: string;
  let devKey: string;
  beforeAll(async () => {
    token = await omi.idToken();
    devKey = await omi.key();
  });

  it('GET /v1/dev/keys with an emulated ID token is 200', async () => {
    const r = await omi.get('/v1/dev/keys', { key: token });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
  });

  it.each(FIREBASE_ROUTES.map((r) => [label(r), r] as const))(
    '%s without a header: HTTPBearer\'s "Not authenticated" (401 or 403)',
    async (_name, route) => {
      const r = await omi.call(route.method, route.path, { json: route.body });
      expect([401, 403]).toContain(r.status);
      expect(r.body).toEqual({ detail: 'Not authenticated' });
    },
  );

  it.each(FIREBASE_ROUTES.map((r) => [label(r), r] as const))(
    '%s with a bad token: 401 "Invalid authentication credentials"',
    async (_name, route) => {
      const r = await omi.call(route.method, route.path, { key: 'not-a-firebase-token', json: route.body });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ detail: 'Invalid authentication credentials' });
    },
  );

  it.each(FIREBASE_ROUTES.map((r) => [label(r), r] as const))(
    '%s with an omi_dev_ key is refused: dev keys cannot manage keys',
    async (_name, route) => {
      const r = await omi.call(route.method, route.path, { key: devKey, json: route.body });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ detail: 'Invalid authentication credentials' });
    },
  );

  it("the ID token of one user lists only that user's keys", async () => {
    const other = await omi.idToken('someone-else');
    const mine = await omi.post('/v1/dev/keys', { key: token, json: { name: 'mine' } });
    expect(mine.status).toBe(200);
    const theirs = await omi.get('/v1/dev/keys', { key: other });
    expect(theirs.status).toBe(200);
    expect(theirs.body.map((k: { id: string }) => k.id)).not.toContain(mine.body.id);
  });
});

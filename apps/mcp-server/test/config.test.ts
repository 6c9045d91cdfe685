import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const key = `omi_dev_${'a1'.repeat(16)}`;

describe('configuration from the environment', () => {
  test('defaults: HTTP on 127.0.0.1:8790/mcp, pointing at the emulator, callers bring their key', () => {
    expect(loadConfig({})).toMatchObject({
      OMI_API_BASE_URL: 'http://127.0.0.1:8787',
      MCP_TRANSPORT: 'http',
      HOST: '127.0.0.1',
      PORT: 8790,
      MCP_PATH: '/mcp',
      MCP_AUTH_TOKENS: [],
      OMI_MCP_READ_ONLY: false,
      LOG_LEVEL: 'info',
    });
  });

  test('lists, flags and numbers are parsed', () => {
    const config = loadConfig({
      OMI_API_BASE_URL: 'https://api.omi.me/',
      OMI_API_KEY: key,
      MCP_AUTH_TOKENS: 'token-number-one-0123456789abcdef, token-number-two-0123456789abcdef',
      MCP_ALLOWED_HOSTS: 'mcp.example.com',
      HOST: '0.0.0.0',
      PORT: '9000',
      OMI_MCP_READ_ONLY: 'true',
    });
    expect(config).toMatchObject({
      OMI_API_BASE_URL: 'https://api.omi.me',
      MCP_AUTH_TOKENS: ['token-number-one-0123456789abcdef', 'token-number-two-0123456789abcdef'],
      MCP_ALLOWED_HOSTS: ['mcp.example.com'],
      PORT: 9000,
      OMI_MCP_READ_ONLY: true,
    });
  });

  test('every problem is reported at once, by variable, without echoing the key', () => {
    const badKey = 'omi_dev_TOO_SHORT_secret';
    let error: unknown;
    try {
      loadConfig({
        OMI_API_KEY: badKey,
        PORT: 'eighty',
        MCP_TRANSPORT: 'sse',
        OMI_MCP_READ_ONLY: 'maybe',
        MCP_AUTH_TOKENS: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['OMI_API_KEY', 'PORT', 'MCP_TRANSPORT', 'OMI_MCP_READ_ONLY', 'MCP_AUTH_TOKENS']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain(badKey);
    expect(message).toContain('must be http or stdio');
  });

  test('plain http only to loopback', () => {
    expect(() => loadConfig({ OMI_API_BASE_URL: 'http://omi.example.com' })).toThrow(
      /OMI_API_BASE_URL: plain http/,
    );
  });

  test('stdio against the real Omi needs OMI_API_KEY; against the emulator it does not', () => {
    expect(() => loadConfig({ MCP_TRANSPORT: 'stdio', OMI_API_BASE_URL: 'https://api.omi.me' })).toThrow(
      /OMI_API_KEY: is required with MCP_TRANSPORT=stdio/,
    );
    expect(loadConfig({ MCP_TRANSPORT: 'stdio' }).MCP_TRANSPORT).toBe('stdio');
  });

  test('a public bind needs allowed hosts or a public URL', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/MCP_ALLOWED_HOSTS/);
    expect(loadConfig({ HOST: '0.0.0.0', MCP_PUBLIC_URL: 'https://mcp.example.com' }).HOST).toBe('0.0.0.0');
  });

  test('empty variables count as unset', () => {
    expect(loadConfig({ OMI_API_KEY: '', PORT: '' }).PORT).toBe(8790);
  });
});

import { createPluginServer, definePlugin, loadPluginConfig, PluginConfigError } from '@omi-kit/plugin';
import { describe, expect, it } from 'vitest';

describe('configuration from environment variables', () => {
  it('needs only OMI_APP_ID, with defaults for the rest', () => {
    expect(loadPluginConfig({ OMI_APP_ID: 'app1' })).toEqual({
      port: 3000,
      host: '0.0.0.0',
      appId: 'app1',
      appSecret: undefined,
      webhookSecrets: [],
      signatureMode: 'enforce',
      storageUrl: undefined,
      logLevel: 'info',
      apiBaseUrl: 'https://api.omi.me',
    });
  });

  it('reads every variable', () => {
    expect(
      loadPluginConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        OMI_APP_ID: 'app1',
        OMI_APP_SECRET: 'sk_0123456789abcdef0123456789abcdef',
        OMI_WEBHOOK_SECRET: 'whsec_new,whsec_old',
        OMI_SIGNATURE_MODE: 'warn',
        STORAGE_URL: 'sqlite:./data/x.db',
        LOG_LEVEL: 'debug',
        OMI_API_BASE_URL: 'http://127.0.0.1:8787',
      }),
    ).toMatchObject({
      port: 8080,
      webhookSecrets: ['whsec_new', 'whsec_old'],
      signatureMode: 'warn',
      storageUrl: 'sqlite:./data/x.db',
      logLevel: 'debug',
      apiBaseUrl: 'http://127.0.0.1:8787',
    });
  });

  it('says what is missing or wrong, all at once, without repeating secrets', () => {
    let error: unknown;
    try {
      loadPluginConfig({
        PORT: 'eighty',
        OMI_WEBHOOK_SECRET: 'sk_this_is_an_api_key_not_a_webhook_secret',
        OMI_APP_SECRET: 'sk_secret_with_newline\n',
        STORAGE_URL: 'mysql://root:hunter2@db/x',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PluginConfigError);
    const configError = error as PluginConfigError;
    expect(configError.code).toBe('ERR_PLUGIN_CONFIG');
    expect(configError.issues.map((i) => i.variable).sort()).toEqual(
      ['LOG_LEVEL', 'OMI_APP_ID', 'OMI_APP_SECRET', 'OMI_WEBHOOK_SECRET', 'PORT', 'STORAGE_URL'].sort(),
    );
    expect(configError.message).toContain('OMI_APP_ID: is missing: set it to your app');
    expect(configError.message).toContain('OMI_WEBHOOK_SECRET: does not start with whsec_');
    expect(configError.message).toContain('OMI_APP_SECRET: has whitespace');
    expect(configError.message).toContain('PORT: must be a port number');
    expect(configError.message).not.toContain('sk_this_is_an_api_key');
    expect(configError.message).not.toContain('sk_secret_with_newline');
    expect(configError.message).not.toContain('hunter2');
  });

  it('lets options override the environment, with the same checks', () => {
    expect(loadPluginConfig({}, { appId: 'from-options', port: 0 })).toMatchObject({
      appId: 'from-options',
      port: 0,
    });
    expect(() => loadPluginConfig({ OMI_APP_ID: 'a' }, { webhookSecrets: ['not-whsec'] })).toThrow(
      /OMI_WEBHOOK_SECRET: does not start with whsec_/,
    );
  });

  it('createPluginServer refuses to start on a bad environment', async () => {
    await expect(createPluginServer(definePlugin({ name: 'x' }), { env: {} })).rejects.toThrow(
      PluginConfigError,
    );
  });

  it('definePlugin refuses a definition with a typo', () => {
    expect(() => definePlugin({ name: 'x', onConversaton: () => {} } as never)).toThrow(
      /Unknown key in the plugin definition: onConversaton/,
    );
    expect(() => definePlugin({ name: '' })).toThrow(/needs a name/);
  });
});

import { APP_API_KEY_PATTERN } from '@omi-kit/schemas';
import { parseStorageUrl } from '@omi-kit/storage';
import { z } from 'zod';
import { type ConfigIssue, PluginConfigError } from './errors/plugin-config-error.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const blankIsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const noWhitespace = (what: string) =>
  z.string().refine((v) => !/\s/.test(v), {
    message: `has whitespace, which ${what} never contains (often a trailing newline in an .env file): trim it`,
    abort: true,
  });

/**
 * The plugin's environment, validated in one place. Names are the environment variables';
 * the output is camelCase. Messages say what is missing and never repeat a secret's value.
 */
export const PluginEnv = z.object({
  PORT: z.preprocess(
    blankIsUnset,
    z.coerce
      .number({ error: 'must be a port number, e.g. 3000' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65_535, 'must be between 0 and 65535')
      .default(3000),
  ),
  HOST: z.preprocess(blankIsUnset, z.string().default('0.0.0.0')),
  OMI_APP_ID: z.preprocess(
    blankIsUnset,
    z
      .string({
        error:
          "is missing: set it to your app's id (Omi app → your app → Manage). It is how the plugin " +
          'recognises the conversations its own app created, which Omi sends back to it',
      })
      .regex(/^[^\s/?#]+$/, 'must be the app id as Omi shows it, without spaces, slashes or ?#'),
  ),
  OMI_APP_SECRET: z.preprocess(
    blankIsUnset,
    noWhitespace('an sk_ key')
      .refine(
        (v) => APP_API_KEY_PATTERN.test(v),
        "is not an app API key: it is sk_ followed by 32 lower-case hex characters (your app's API keys in the Omi app)",
      )
      .optional(),
  ),
  OMI_WEBHOOK_SECRET: z.preprocess(
    blankIsUnset,
    z
      .string()
      .refine(
        (v) => v.split(',').every((s) => s.trim() === s && s !== ''),
        'has whitespace or an empty entry: give the whsec_… secret, or several separated by commas with no spaces',
      )
      .refine(
        (v) => v.split(',').every((s) => s.startsWith('whsec_')),
        'does not start with whsec_: use the webhook signing secret Omi showed when signing was enabled, not an API key',
      )
      .optional(),
  ),
  OMI_SIGNATURE_MODE: z.preprocess(
    blankIsUnset,
    z
      .enum(['enforce', 'warn'], {
        error: 'must be "enforce" (reject unsigned requests) or "warn" (log them)',
      })
      .default('enforce'),
  ),
  STORAGE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        try {
          parseStorageUrl(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^STORAGE_URL /, '') });
        }
      }),
  ),
  LOG_LEVEL: z.preprocess(
    blankIsUnset,
    z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  ),
  OMI_API_BASE_URL: z.preprocess(
    blankIsUnset,
    z
      .url({ error: 'must be an absolute http(s) URL, e.g. https://api.omi.me' })
      .default('https://api.omi.me'),
  ),
});

export type LogLevel = (typeof logLevels)[number];
export type SignatureMode = 'enforce' | 'warn';

/** The validated configuration. */
export interface PluginConfig {
  port: number;
  host: string;
  appId: string;
  /** The app's `sk_` Integration API key; needed only by ctx.omi and ctx.notify. */
  appSecret: string | undefined;
  /** `whsec_…` secrets; none means signatures are not checked. */
  webhookSecrets: string[];
  signatureMode: SignatureMode;
  storageUrl: string | undefined;
  logLevel: LogLevel;
  apiBaseUrl: string;
}

const envNames: Record<keyof PluginConfig, string> = {
  port: 'PORT',
  host: 'HOST',
  appId: 'OMI_APP_ID',
  appSecret: 'OMI_APP_SECRET',
  webhookSecrets: 'OMI_WEBHOOK_SECRET',
  signatureMode: 'OMI_SIGNATURE_MODE',
  storageUrl: 'STORAGE_URL',
  logLevel: 'LOG_LEVEL',
  apiBaseUrl: 'OMI_API_BASE_URL',
};

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Read the configuration from environment variables (default `process.env`); `overrides` win over
 * the environment and go through the same checks. Throws a {@link PluginConfigError} naming every
 * variable that is missing or wrong.
 */
export function loadPluginConfig(
  env: Env = process.env,
  overrides: Partial<PluginConfig> = {},
): PluginConfig {
  const input: Record<string, unknown> = {};
  for (const name of Object.values(envNames)) input[name] = env[name];
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    input[envNames[key as keyof PluginConfig]] =
      key === 'webhookSecrets'
        ? (value as string[]).join(',')
        : typeof value === 'number'
          ? String(value)
          : value;
  }
  const parsed = PluginEnv.safeParse(input);
  if (!parsed.success) {
    const issues: ConfigIssue[] = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? 'environment'),
      message: issue.message,
    }));
    throw new PluginConfigError(issues);
  }
  const env2 = parsed.data;
  return {
    port: env2.PORT,
    host: env2.HOST,
    appId: env2.OMI_APP_ID,
    appSecret: env2.OMI_APP_SECRET,
    webhookSecrets: env2.OMI_WEBHOOK_SECRET ? env2.OMI_WEBHOOK_SECRET.split(',') : [],
    signatureMode: env2.OMI_SIGNATURE_MODE,
    storageUrl: env2.STORAGE_URL,
    logLevel: env2.LOG_LEVEL,
    apiBaseUrl: env2.OMI_API_BASE_URL,
  };
}

/** The configuration with secrets replaced by whether they are set: safe to log. */
export function describeConfig(config: PluginConfig): Record<string, unknown> {
  return {
    ...config,
    appSecret: config.appSecret ? '[set]' : '[not set]',
    webhookSecrets: `[${config.webhookSecrets.length} set]`,
  };
}

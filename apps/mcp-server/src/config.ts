import { isLoopbackHost } from '@omi-kit/mcp-tools';
import { DEV_API_KEY_PATTERN } from '@omi-kit/schemas';
import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const flag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return false;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: 'custom', message: `must be true or false (got "${v}")` });
    return z.NEVER;
  });

const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/, error: `must be an http(s) URL ${what}` })
    .transform((u) => u.replace(/\/+$/, ''));

/** Every setting of the server, from the environment. One schema, so every problem is reported at once. */
export const Env = z
  .object({
    OMI_API_BASE_URL: httpUrl('such as https://api.omi.me').default('http://127.0.0.1:8787'),
    OMI_API_KEY: z
      .string()
      .regex(DEV_API_KEY_PATTERN, {
        error: 'must be a Developer API key: omi_dev_ followed by 32 lower-case hex characters',
      })
      .optional(),
    MCP_TRANSPORT: z.enum(['http', 'stdio'], { error: 'must be http or stdio' }).default('http'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int()
      .min(0)
      .max(65535, { error: 'must be a port number (0-65535)' })
      .default(8790),
    MCP_PATH: z
      .string()
      .regex(/^\/[\w\-/]*$/, { error: 'must be a path such as /mcp' })
      .default('/mcp'),
    MCP_PUBLIC_URL: httpUrl('without a path, such as https://mcp.example.com').optional(),
    MCP_AUTH_TOKENS: list.pipe(
      z.array(z.string().min(24, { error: 'each token needs at least 24 characters (use a random one)' })),
    ),
    MCP_ALLOWED_HOSTS: list,
    MCP_ALLOWED_ORIGINS: list.pipe(
      z.array(z.url({ error: 'each origin must be a URL such as https://app.example.com' })),
    ),
    MCP_AUTHORIZATION_SERVERS: list.pipe(z.array(z.url())),
    OMI_MCP_READ_ONLY: flag,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    OMI_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
  })
  .superRefine((env, ctx) => {
    const omiIsLocal = isLoopbackHost(new URL(env.OMI_API_BASE_URL).hostname);
    if (!omiIsLocal && env.OMI_API_BASE_URL.startsWith('http:')) {
      ctx.addIssue({
        code: 'custom',
        path: ['OMI_API_BASE_URL'],
        message: 'plain http is allowed only to this machine (the emulator); use https',
      });
    }
    const needsServerKey = env.MCP_TRANSPORT === 'stdio' || env.MCP_AUTH_TOKENS.length > 0;
    if (needsServerKey && !env.OMI_API_KEY && !omiIsLocal) {
      ctx.addIssue({
        code: 'custom',
        path: ['OMI_API_KEY'],
        message:
          env.MCP_TRANSPORT === 'stdio'
            ? 'is required with MCP_TRANSPORT=stdio (create one in the Omi app: Settings -> Developer -> Create Key)'
            : 'is required with MCP_AUTH_TOKENS: the server calls Omi with its own key for every token holder',
      });
    }
    if (
      env.MCP_TRANSPORT === 'http' &&
      !isLoopbackHost(env.HOST) &&
      !env.MCP_ALLOWED_HOSTS.length &&
      !env.MCP_PUBLIC_URL
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_ALLOWED_HOSTS'],
        message: `is required when HOST=${env.HOST} is not loopback (DNS-rebinding protection), or set MCP_PUBLIC_URL`,
      });
    }
  });
export type Config = z.output<typeof Env>;

/** The configuration, or an error listing every variable that is wrong and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, as a shell's `VAR=` means.
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(defined);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
  throw new ConfigError(`The MCP server's configuration is not valid:\n${lines.join('\n')}`);
}

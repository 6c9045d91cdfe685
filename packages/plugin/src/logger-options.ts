import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './plugin-config.js';

/** Where secrets could show up in a log line; pino replaces them with "[redacted]". */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-omi-signature"]',
  'headers.authorization',
  'headers["x-omi-signature"]',
  '*.authorization',
  '*.apiKey',
  '*.appSecret',
  '*.secret',
  '*.secrets',
  '*.webhookSecret',
  '*.webhookSecrets',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.password',
];

/** Fastify's (pino) logger options with redaction; `extra` (e.g. a `stream`) is merged in. */
export function loggerOptions(
  level: LogLevel,
  extra: Record<string, unknown> = {},
): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...extra,
  };
}

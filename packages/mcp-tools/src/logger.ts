import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths pino masks wherever they appear: credentials must never reach a log line. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'apiKey',
  'api_key',
  'token',
  'accessToken',
];

/**
 * A pino logger writing JSON lines to stderr (fd 2). On stdio, stdout carries only protocol
 * messages, so nothing else may ever write there.
 */
export function createStderrLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'omi-mcp',
      level: options.level ?? 'info',
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}

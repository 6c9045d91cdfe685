import type { ToolCallEvent } from './register-omi-tools.js';

/** The part of a pino (or Fastify) logger a tool-call line needs. */
export interface LineLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** One line per tool call: the tool, how long, the outcome. Never arguments or results. */
export function logToolCall(logger: LineLogger, event: ToolCallEvent): void {
  const line = { tool: event.tool, ms: Math.round(event.durationMs * 10) / 10, outcome: event.outcome };
  if (event.outcome === 'internal') {
    const cause =
      event.cause instanceof Error ? { name: event.cause.name, message: event.cause.message } : {};
    logger.error({ ...line, cause }, 'tool call failed');
  } else {
    logger.info(line, 'tool call');
  }
}

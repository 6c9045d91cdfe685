/**
 * The logging this package needs. A pino logger (Fastify's `app.log`) and `console` both fit;
 * calls are pino-style: a details object first, then the message.
 */
export interface Logger {
  warn(details: object | string, message?: string): void;
  error(details: object | string, message?: string): void;
}

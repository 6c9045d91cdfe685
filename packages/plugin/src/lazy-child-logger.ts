import type { FastifyBaseLogger } from 'fastify';

/**
 * A pino child logger that is only created when something logs through it: a child costs a
 * serialisation of its bindings, and most deliveries log nothing at the default level.
 */
export function lazyChildLogger(
  parent: FastifyBaseLogger,
  bindings: Record<string, unknown>,
): FastifyBaseLogger {
  let child: FastifyBaseLogger | undefined;
  return new Proxy({} as FastifyBaseLogger, {
    get(_target, property) {
      child ??= parent.child(bindings);
      const value = Reflect.get(child, property, child);
      return typeof value === 'function' ? value.bind(child) : value;
    },
  });
}

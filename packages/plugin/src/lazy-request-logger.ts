import type { FastifyBaseLogger } from 'fastify';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * Fastify's `childLoggerFactory` for the plugin's server: a request's child logger (`request.log`)
 * is only made when something logs through it at an enabled level. Making a pino child with
 * redaction costs about 10 µs, on every request, and at the default level most deliveries log
 * nothing. Anything else a caller reads from it (`child`, `level`, `bindings`, ...) makes the real
 * child first, so it behaves exactly like one.
 */
export function lazyRequestLogger(
  parentLogger: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: object,
): FastifyBaseLogger {
  const parent = parentLogger as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  let child: FastifyBaseLogger | undefined;
  const real = (): FastifyBaseLogger => {
    child ??= parent.child(bindings, options);
    return child;
  };
  // A route's own logLevel, or a logger without isLevelEnabled, can only be answered by the child.
  const isLevelEnabled = parent.isLevelEnabled?.bind(parent);
  const decidesOnItsOwn =
    (options as { level?: unknown }).level !== undefined || isLevelEnabled === undefined;
  const methods: Record<string, unknown> = {
    child: (childBindings: Record<string, unknown>, childOptions?: Record<string, unknown>) =>
      real().child(childBindings, childOptions),
  };
  for (const level of LEVELS) {
    methods[level] = (...args: unknown[]) => {
      if (child === undefined && !decidesOnItsOwn && !isLevelEnabled!(level)) return;
      (real()[level] as (...a: unknown[]) => void)(...args);
    };
  }
  return new Proxy(methods, {
    get(target, property) {
      if (typeof property === 'string' && property in target) return target[property];
      const logger = real();
      const value = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
    set(_target, property, value) {
      return Reflect.set(real(), property, value);
    },
    has(_target, property) {
      return Reflect.has(real(), property);
    },
  }) as unknown as FastifyBaseLogger;
}

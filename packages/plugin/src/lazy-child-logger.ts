import type { FastifyBaseLogger } from 'fastify';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

type LevelAware = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };

/**
 * A pino child logger that is only made when something logs through it at an enabled level.
 * Making a child (with the server's redaction) costs about 10 µs, and at the default level most
 * deliveries log nothing. It serves as the server's `childLoggerFactory` (so `request.log` is
 * lazy) and for the per-delivery logger. Level checks are answered by the parent without making
 * the child, so lazy loggers nest; anything else a caller reads (`level`, `bindings`, ...) makes
 * the real child first, so it behaves exactly like one.
 */
export function lazyChildLogger(
  parentLogger: FastifyBaseLogger,
  bindings: Record<string, unknown>,
  options: object = {},
): FastifyBaseLogger {
  const parent = parentLogger as LevelAware;
  let child: LevelAware | undefined;
  const real = (): LevelAware => {
    child ??= parent.child(bindings, options) as LevelAware;
    return child;
  };
  // A route's own logLevel, or a logger without isLevelEnabled, can only be answered by the child.
  const decidesOnItsOwn =
    (options as { level?: unknown }).level !== undefined || typeof parent.isLevelEnabled !== 'function';
  const isLevelEnabled = (level: string): boolean =>
    child !== undefined || decidesOnItsOwn
      ? real().isLevelEnabled?.(level) !== false
      : parent.isLevelEnabled!(level);
  const methods: Record<string, unknown> = {
    isLevelEnabled,
    child: (childBindings: Record<string, unknown>, childOptions?: Record<string, unknown>) =>
      real().child(childBindings, childOptions),
  };
  for (const level of LEVELS) {
    methods[level] = (...args: unknown[]) => {
      if (child === undefined && !decidesOnItsOwn && !parent.isLevelEnabled!(level)) return;
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

import { type Acceptor, compileAcceptor } from '@omi-kit/schemas';
import type { z } from 'zod';

const accepting = new WeakMap<z.ZodType, Acceptor>();
const unchanged = new WeakMap<z.ZodType, Acceptor>();

/**
 * The schema's compiled quick check, built once per schema: it never says yes to what zod would
 * refuse, so a yes needs no zod parse. With `unchanged`, yes also means zod would hand the value
 * back as it is (no default to fill in, no unknown key to strip).
 */
export function quickCheck(schema: z.ZodType, options: { unchanged?: boolean } = {}): Acceptor {
  const cache = options.unchanged ? unchanged : accepting;
  let acceptor = cache.get(schema);
  if (!acceptor) {
    acceptor = compileAcceptor(schema, { unchanged: options.unchanged ?? false });
    cache.set(schema, acceptor);
  }
  return acceptor;
}

import { timingSafeEqual } from 'node:crypto';

/** Constant-time check of one expected hex digest against the received candidates. */
export function matchesAny(expected: string, candidates: readonly string[]): boolean {
  const wanted = Buffer.from(expected, 'utf8');
  let found = false;
  for (const candidate of candidates) {
    // Bytes on both sides: a hostile non-ASCII candidate is a clean mismatch, and lengths must agree first.
    const got = Buffer.from(candidate, 'utf8');
    if (got.length === wanted.length && timingSafeEqual(got, wanted)) found = true;
  }
  return found;
}

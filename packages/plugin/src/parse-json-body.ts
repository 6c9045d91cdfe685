import sjson from 'secure-json-parse';
import { HttpFailure } from './http-failure.js';

const OPTIONS = { protoAction: 'error', constructorAction: 'ignore' } as const;

/**
 * The JSON value of a raw body's text, parsed once after the signature was checked on the bytes.
 * `__proto__` keys are refused (prototype poisoning), as Fastify's own parser does.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) {
    throw new HttpFailure(400, 'malformed_json', 'The body is empty; Omi sends a JSON body on this route.');
  }
  try {
    return sjson.parse(text, undefined, OPTIONS);
  } catch (error) {
    throw new HttpFailure(400, 'malformed_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The same parse for a fast path: `undefined` where {@link parseJsonBody} would throw. */
export function tryParseJsonBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return sjson.parse(text, undefined, OPTIONS);
  } catch {
    return undefined;
  }
}

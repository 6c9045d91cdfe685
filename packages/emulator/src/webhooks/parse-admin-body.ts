import type { z } from 'zod';
import { OmiHttpError } from '../http-error.js';

/** The admin API's JSON body (the server keeps bodies raw), checked against a schema; 400 otherwise. */
export function parseAdminBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  let raw: unknown = body ?? {};
  if (Buffer.isBuffer(body)) {
    const text = body.toString('utf8').trim();
    try {
      raw = text ? JSON.parse(text) : {};
    } catch {
      throw new OmiHttpError(400, 'Invalid request to the emulator admin API. body: not valid JSON');
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new OmiHttpError(400, `Invalid request to the emulator admin API. ${issues.join('; ')}`);
}

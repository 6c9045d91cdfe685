import { z } from 'zod';

/** One entry of FastAPI's 422 list (pydantic v2): `loc`, `msg` and `type` are always there. */
export const ValidationErrorItem = z.looseObject({
  type: z.string(),
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  input: z.unknown().optional(),
  ctx: z.record(z.string(), z.unknown()).optional(),
});
export type ValidationErrorItem = z.infer<typeof ValidationErrorItem>;

/** FastAPI's validation error body (`HTTPValidationError`). */
export const HTTPValidationError = z.object({ detail: z.array(ValidationErrorItem) });
export type HTTPValidationError = z.infer<typeof HTTPValidationError>;

/**
 * Every Omi error body: `{"detail": ...}` where detail is a string, FastAPI's validation list,
 * or an object (memory-grant 403s, account-deletion 403/503).
 */
export const ErrorBody = z.looseObject({
  detail: z.union([z.string(), z.array(ValidationErrorItem), z.record(z.string(), z.unknown())]),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** `{"success": true}`, the body of every data delete. */
export const SuccessResponse = z.looseObject({ success: z.boolean() });
export type SuccessResponse = z.infer<typeof SuccessResponse>;

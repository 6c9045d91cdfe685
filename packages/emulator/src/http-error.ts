/** An error answered the way Omi's FastAPI backend answers: `{"detail": ...}` with a status. */
export class OmiHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
    this.name = 'OmiHttpError';
  }
}

export const notFound = (detail: string) => new OmiHttpError(404, detail);
export const unprocessable = (detail: unknown) => new OmiHttpError(422, detail);
export const paymentRequired = (what: 'memory' | 'action item' | 'conversation') =>
  new OmiHttpError(402, `A paid plan is required to access this ${what}.`);

/** A datetime as pydantic reads it, in UTC: naive values are UTC, a bare date is its midnight. */
export function toUtcIso(value: string): string {
  let v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) v = `${v}T00:00:00Z`;
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(v)) v = `${v}Z`;
  return new Date(v).toISOString();
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

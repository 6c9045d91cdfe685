/** The emulator's notion of now; tests inject a fixed or advancing clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Pydantic v2's UTC serialisation: ISO-8601 with `Z`, microseconds when present. */
export function isoUtc(date: Date): string {
  return date.toISOString();
}

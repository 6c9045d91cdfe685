// Above this a "seconds" value is really milliseconds (1e11 s is the year 5138).
const MILLISECONDS_THRESHOLD = 1e11;

/** A time given as Unix seconds or a Date, as seconds; `undefined` is the wall clock. */
export function unixSeconds(value: number | Date | undefined, name: string): number {
  if (value === undefined) return Date.now() / 1000;
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be Unix seconds (a finite number) or a Date.`);
  }
  if (Math.abs(value) >= MILLISECONDS_THRESHOLD) {
    throw new TypeError(
      `${name} looks like milliseconds (${value}). Pass Unix seconds (Math.floor(Date.now() / 1000)) or a Date.`,
    );
  }
  return value;
}

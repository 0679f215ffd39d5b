const DAY_MS = 86_400_000;
const PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration in milliseconds (a year is 365 days, a month 30); undefined when malformed. */
export function isoDurationMs(text: string): number | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  return (n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4)) * DAY_MS + n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000;
}

/** 'P90D' → 90; GDAP durations are whole days. */
export function isoDays(text: string): number | undefined {
  const m = /^P(\d+)D$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function addDays(date: Date | string, days: number): Date {
  return new Date(new Date(date).getTime() + days * DAY_MS);
}

export { DAY_MS };

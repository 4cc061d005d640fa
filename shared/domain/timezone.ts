/** IANA time zones and local calendar arithmetic, on Intl only (no time-zone library). */

const validity = new Map<string, boolean>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True for IANA zone names Intl knows (`UTC`, `Europe/Paris`, `Asia/Kolkata`, `Etc/GMT+5`); false for raw offsets and unknown names. */
export function isIanaTimeZone(name: string): boolean {
  let valid = validity.get(name);
  if (valid === undefined) {
    valid = /^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+)*$/.test(name) && accepts(name);
    validity.set(name, valid);
  }
  return valid;
}

function accepts(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export function localDateParts(epochMs: number, timeZone: string): LocalDateParts {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  return { year, month, day, hour, minute, second, weekday };
}

/**
 * The first instant whose local date in `timeZone` is the given date (month/day may
 * overflow, as with Date.UTC). Usually local 00:00; where a DST jump skips midnight, the
 * first instant after the gap:
 *
 *   local:  … 23:59:59 │ (00:00–00:59 skipped) │ 01:00 …
 *   answer:                                     ^
 *
 * Local dates never go backwards across a day boundary in any IANA zone, so a binary
 * search (one-second resolution) over the ±1.6 days around the UTC date finds it.
 */
export function zonedMidnightToEpochMs(year: number, month: number, day: number, timeZone: string): number {
  const target = new Date(Date.UTC(year, month - 1, day));
  const targetKey = target.getUTCFullYear() * 10_000 + (target.getUTCMonth() + 1) * 100 + target.getUTCDate();
  const reached = (epochMs: number) => {
    const p = localDateParts(epochMs, timeZone);
    return p.year * 10_000 + p.month * 100 + p.day >= targetKey;
  };
  let low = target.getTime() / 1000 - 40 * 3600; // not yet that date anywhere
  let high = target.getTime() / 1000 + 40 * 3600; // that date or later everywhere
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reached(middle * 1000)) high = middle;
    else low = middle;
  }
  return high * 1000;
}

/** IANA time zones and local calendar arithmetic, on Intl only (no time-zone library). */

const validity = new Map<string, boolean>();
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `UTC`, or an `Area/Location[/Sublocation]` name with each part starting with a capital
 * (`Europe/Paris`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`, `America/Port-au-Prince`).
 * This leaves out raw offsets (`+02:00`), mis-cased names (`europe/paris`) and the one-word
 * legacy links (`EST5EDT`, `CET`, `GMT`, `Japan`), which all have an Area/Location equivalent.
 */
const IANA_NAME = /^(?:UTC|[A-Z][A-Za-z]*(?:\/[A-Z][A-Za-z0-9_+-]*)+)$/;

/**
 * True for an IANA zone name that Intl knows: `UTC`, `Europe/Paris`, `Asia/Kolkata`,
 * `Etc/GMT+5`. Not a lookup in `Intl.supportedValuesOf('timeZone')`: on Node 20 that list
 * holds ICU's canonical names only (`Asia/Calcutta`, no `Asia/Kolkata`, no `UTC`, no `Etc/*`).
 */
export function isIanaTimeZone(name: string): boolean {
  let valid = validity.get(name);
  if (valid === undefined) {
    valid = IANA_NAME.test(name) && intlAccepts(name);
    validity.set(name, valid);
  }
  return valid;
}

function intlAccepts(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export interface LocalDateParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday (ISO 8601). */
  weekday: number;
}

/** The wall-clock date and time in `timeZone` at `epochMs`. Throws a RangeError for an unknown zone. */
export function localDateParts(epochMs: number, timeZone: string): LocalDateParts {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  return { year, month, day, hour, minute, second, weekday };
}

/** The local date at `epochMs`, as the epoch ms of that date's UTC midnight (comparable with Date.UTC). */
function localDay(epochMs: number, timeZone: string): number {
  const { year, month, day } = localDateParts(epochMs, timeZone);
  return Date.UTC(year, month - 1, day);
}

/** Local wall-clock time minus UTC at `epochMs` (e.g. +3 600 000 in Paris in winter). */
function offsetMs(epochMs: number, timeZone: string): number {
  const p = localDateParts(epochMs, timeZone);
  const wallClock = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wallClock - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The first instant whose local date in `timeZone` is the given date. Month and day may
 * overflow as with Date.UTC (month 13 is January of the next year, day 0 the last day of
 * the previous month). Usually that instant is local 00:00, found from the zone's offset.
 * Where a DST jump skips midnight (America/Sao_Paulo 2018-11-04, Asia/Beirut), it is the
 * first instant after the gap:
 *
 *   local:   Nov 3 23:59:59 -03 │ 00:00–00:59 never shown │ Nov 4 01:00:00 -02 …
 *   answer:                                               ^ 2018-11-04T03:00:00Z
 *
 * Where fall-back repeats midnight (America/Havana), it is the first of the two 00:00s.
 * A date a zone skipped entirely (Pacific/Apia 2011-12-30) gets the first instant of the
 * next date, so that day is empty. Throws a RangeError for an unknown zone.
 */
export function zonedMidnightToEpochMs(year: number, month: number, day: number, timeZone: string): number {
  const date = Date.UTC(year, month - 1, day);
  const guess = date - offsetMs(date - offsetMs(date, timeZone), timeZone);
  const isFirstInstant = localDay(guess, timeZone) === date && localDay(guess - 1, timeZone) < date;
  return isFirstInstant ? guess : searchFirstInstant(date, timeZone);
}

/**
 * Binary search, to the second (zone transitions fall on whole seconds), for the first
 * instant whose local date is `date` or later. Local dates only move forward, and 40 hours
 * either side of the UTC date covers every offset (−12:00 to +14:00).
 */
function searchFirstInstant(date: number, timeZone: string): number {
  let before = date / 1000 - 40 * 3600; // local date is earlier everywhere
  let atOrAfter = date / 1000 + 40 * 3600; // local date is that date or later everywhere
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (localDay(middle * 1000, timeZone) >= date) atOrAfter = middle;
    else before = middle;
  }
  return atOrAfter * 1000;
}

import { localDateParts, zonedMidnightToEpochMs } from './timezone.js';

/**
 * Budget periods. Calendar periods start at local midnight of the budget's IANA zone
 * (weeks on Monday), DST-correct, so a local day lasts 23, 24 or 25 hours. Each period
 * has a key that names it in storage (`2026-11-22`, `2026-W48`, `2026-11`, `2026-Q4`,
 * `2026`): a counter per (budget, period key) means a new period starts by itself with
 * its first write. Keys of one type sort lexicographically in time order.
 */
export const PERIOD_TYPES = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'lifetime', 'custom'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface PeriodSpec {
  type: PeriodType;
  /** IANA zone whose local midnights bound the calendar periods. */
  timezone: string;
  /** ISO 8601 UTC timestamps bounding a custom period. */
  startsAt?: string | null;
  endsAt?: string | null;
}

/** `startMs` inclusive, `endMs` exclusive; `null` is unbounded (lifetime). */
export interface PeriodWindow {
  key: string;
  startMs: number | null;
  endMs: number | null;
}

type CalendarType = Exclude<PeriodType, 'lifetime' | 'custom'>;

/** A calendar date with no zone; always normalised (month 1–12, day within the month). */
interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const LIFETIME: PeriodWindow = { key: 'lifetime', startMs: null, endMs: null };

/**
 * The period of `spec` that contains `atMs`: lifetime contains every instant; custom is
 * null when `atMs` is outside [startsAt, endsAt). Throws a RangeError for an unknown zone.
 */
export function periodContaining(spec: PeriodSpec, atMs: number): PeriodWindow | null {
  if (spec.type === 'lifetime') return { ...LIFETIME };
  if (spec.type === 'custom') {
    const window = customWindow(spec);
    return window && window.startMs <= atMs && atMs < window.endMs ? window : null;
  }
  const cacheKey = `${spec.type}|${spec.timezone}`;
  const cached = recentWindows.get(cacheKey);
  if (cached && cached.startMs! <= atMs && atMs < cached.endMs!) return { ...cached };
  const { year, month, day } = localDateParts(atMs, spec.timezone);
  const window = calendarWindow(spec.type, spec.timezone, firstDay(spec.type, { year, month, day }));
  if (recentWindows.size >= RECENT_WINDOWS) recentWindows.clear();
  recentWindows.set(cacheKey, window);
  return { ...window };
}

/**
 * The last calendar window found per (type, zone). Every movement asks for the period
 * containing now, and finding it takes about ten time-zone conversions (~60 µs); the window
 * that contains an instant is unique, so the last one answers until its end. Bounded, as
 * the (type, zone) pairs of a process are few.
 */
const recentWindows = new Map<string, PeriodWindow>();
const RECENT_WINDOWS = 1_000;

/** The window a key names, or null when the key is not one `periodContaining` could give for `spec`. */
export function periodForKey(spec: PeriodSpec, key: string): PeriodWindow | null {
  if (spec.type === 'lifetime') return key === LIFETIME.key ? { ...LIFETIME } : null;
  if (spec.type === 'custom') return key === 'custom' ? customWindow(spec) : null;
  const start = parseKey(spec.type, key);
  // Parsing normalises like Date.UTC (`2026-13` → 2027-01), so only a key that comes
  // back unchanged is one this type would produce: this rejects `2026-02-30`, `2026-Q5`
  // and `2026-W54` alike.
  if (!start || keyOf(spec.type, start) !== key) return null;
  const window = calendarWindow(spec.type, spec.timezone, start);
  // A day the zone skipped entirely (Pacific/Apia 2011-12-30) is empty: no instant is in it, so it is no period.
  return window.startMs === window.endMs ? null : window;
}

export function isValidPeriodKey(spec: PeriodSpec, key: string): boolean {
  return periodForKey(spec, key) !== null;
}

/** The period that ends where `window` starts; null for lifetime and custom. */
export function previousPeriod(spec: PeriodSpec, window: PeriodWindow): PeriodWindow | null {
  if (spec.type === 'lifetime' || spec.type === 'custom' || window.startMs === null) return null;
  return periodContaining(spec, window.startMs - 1);
}

/** The period that starts where `window` ends; null for lifetime and custom. */
export function nextPeriod(spec: PeriodSpec, window: PeriodWindow): PeriodWindow | null {
  if (spec.type === 'lifetime' || spec.type === 'custom' || window.endMs === null) return null;
  return periodContaining(spec, window.endMs);
}

function customWindow(spec: PeriodSpec): (PeriodWindow & { startMs: number; endMs: number }) | null {
  const startMs = Date.parse(spec.startsAt ?? '');
  const endMs = Date.parse(spec.endsAt ?? '');
  return startMs < endMs ? { key: 'custom', startMs, endMs } : null; // false for NaN too
}

/**
 * From the first local midnight of the period to the first local midnight of the next one.
 * Around a DST change the window is an hour shorter or longer than the calendar suggests:
 *
 *   New York, 2026-03-08 (clocks 02:00 → 03:00):
 *   local  00:00 EST ─────────── 01:59:59 │ 03:00 EDT ─────────── 24:00 (= 03-09 00:00 EDT)
 *   UTC    05:00Z ──────────────────────────────────────────────── 04:00Z next day  = 23 h
 */
function calendarWindow(type: CalendarType, timeZone: string, start: CalendarDate): PeriodWindow {
  const end = firstDayOfNext(type, start);
  return {
    key: keyOf(type, start),
    startMs: zonedMidnightToEpochMs(start.year, start.month, start.day, timeZone),
    endMs: zonedMidnightToEpochMs(end.year, end.month, end.day, timeZone),
  };
}

/** The first day of the period of `type` that contains `date`. */
function firstDay(type: CalendarType, date: CalendarDate): CalendarDate {
  const { year, month, day } = date;
  switch (type) {
    case 'daily':
      return date;
    case 'weekly':
      return calendarDate(year, month, day - (isoWeekday(date) - 1));
    case 'monthly':
      return calendarDate(year, month, 1);
    case 'quarterly':
      return calendarDate(year, month - ((month - 1) % 3), 1);
    case 'yearly':
      return calendarDate(year, 1, 1);
  }
}

/** The first day of the period after the one starting on `start`. */
function firstDayOfNext(type: CalendarType, start: CalendarDate): CalendarDate {
  const { year, month, day } = start;
  switch (type) {
    case 'daily':
      return calendarDate(year, month, day + 1);
    case 'weekly':
      return calendarDate(year, month, day + 7);
    case 'monthly':
      return calendarDate(year, month + 1, 1);
    case 'quarterly':
      return calendarDate(year, month + 3, 1);
    case 'yearly':
      return calendarDate(year + 1, 1, 1);
  }
}

/** The key of the period of `type` that starts on `start`. */
function keyOf(type: CalendarType, start: CalendarDate): string {
  const { year, month, day } = start;
  switch (type) {
    case 'daily':
      return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    case 'weekly': {
      const { weekYear, week } = isoWeek(start);
      return `${pad(weekYear, 4)}-W${pad(week)}`;
    }
    case 'monthly':
      return `${pad(year, 4)}-${pad(month)}`;
    case 'quarterly':
      return `${pad(year, 4)}-Q${Math.ceil(month / 3)}`;
    case 'yearly':
      return pad(year, 4);
  }
}

/** The first day a key names, normalised (so an out-of-range part rolls over); null if malformed. */
function parseKey(type: CalendarType, key: string): CalendarDate | null {
  const numbers = KEY_FORMATS[type].exec(key)?.slice(1).map(Number);
  if (!numbers) return null;
  const [year = 0, second = 1, third = 1] = numbers;
  switch (type) {
    case 'daily':
      return calendarDate(year, second, third);
    case 'weekly':
      return mondayOfIsoWeek(year, second);
    case 'monthly':
      return calendarDate(year, second, 1);
    case 'quarterly':
      return calendarDate(year, (second - 1) * 3 + 1, 1);
    case 'yearly':
      return calendarDate(year, 1, 1);
  }
}

const KEY_FORMATS: Record<CalendarType, RegExp> = {
  daily: /^(\d{4})-(\d{2})-(\d{2})$/,
  weekly: /^(\d{4})-W(\d{2})$/,
  monthly: /^(\d{4})-(\d{2})$/,
  quarterly: /^(\d{4})-Q(\d)$/,
  yearly: /^(\d{4})$/,
};

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Normalises like Date.UTC: month 13 is January of the next year, day 0 the last of the previous month. */
function calendarDate(year: number, month: number, day: number): CalendarDate {
  const date = new Date(Date.UTC(year, month - 1, day));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday({ year, month, day }: CalendarDate): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

/**
 * ISO 8601 week numbering: weeks run Monday to Sunday and belong to the year that holds
 * their Thursday, so a week can straddle the new year under either year's number:
 *
 *   Mon 2026-12-28 … Thu 2026-12-31 │ Fri 2027-01-01 … Sun 2027-01-03   → all 2026-W53
 *   Mon 2024-12-30   Tue 2024-12-31 │ Wed 2025-01-01 … Sun 2025-01-05   → all 2025-W01
 */
function isoWeek(date: CalendarDate): { weekYear: number; week: number } {
  const thursday = calendarDate(date.year, date.month, date.day - isoWeekday(date) + 4);
  const dayOfYear = (Date.UTC(thursday.year, thursday.month - 1, thursday.day) - Date.UTC(thursday.year, 0, 1)) / 86_400_000;
  return { weekYear: thursday.year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** The Monday of ISO week `week` of `weekYear`; week 1 is the one holding January 4th. */
function mondayOfIsoWeek(weekYear: number, week: number): CalendarDate {
  const january4 = calendarDate(weekYear, 1, 4);
  return calendarDate(weekYear, 1, 4 - (isoWeekday(january4) - 1) + (week - 1) * 7);
}

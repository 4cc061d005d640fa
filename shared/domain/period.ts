import { localDateParts, zonedMidnightToEpochMs } from './timezone.js';

/**
 * Budget periods. Calendar periods start at local midnight of the budget's IANA zone
 * (weeks on Monday), DST-correct. Each period has a key that names it in storage
 * (`2026-11`, `2026-W48`, …): a counter per (budget, period key) means a new period starts
 * by itself with its first write. Keys of one type sort in time order.
 */
export const PERIOD_TYPES = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'lifetime', 'custom'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface PeriodSpec {
  type: PeriodType;
  timezone: string;
  startsAt?: string | null;
  endsAt?: string | null;
}

/** `startMs` inclusive, `endMs` exclusive; `null` is unbounded (lifetime). */
export interface PeriodWindow {
  key: string;
  startMs: number | null;
  endMs: number | null;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** ISO 8601 week-numbering year and week of a calendar date. */
function isoWeek(year: number, month: number, day: number): { weekYear: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides the year
  const weekYear = date.getUTCFullYear();
  const week = 1 + Math.floor((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 / 7);
  return { weekYear, week };
}

/** The Monday (as a UTC calendar date) of ISO week `week` of `weekYear`. */
function mondayOfIsoWeek(weekYear: number, week: number): Date {
  const january4 = new Date(Date.UTC(weekYear, 0, 4));
  const monday = new Date(january4);
  monday.setUTCDate(january4.getUTCDate() - ((january4.getUTCDay() + 6) % 7) + (week - 1) * 7);
  return monday;
}

function weeksInIsoYear(weekYear: number): number {
  return isoWeek(weekYear, 12, 28).week;
}

const midnight = (spec: PeriodSpec, year: number, month: number, day: number) => zonedMidnightToEpochMs(year, month, day, spec.timezone);

function calendarWindow(spec: PeriodSpec, rawYear: number, rawMonth: number, rawDay: number): PeriodWindow | null {
  const normalized = new Date(Date.UTC(rawYear, rawMonth - 1, rawDay));
  const [year, month, day] = [normalized.getUTCFullYear(), normalized.getUTCMonth() + 1, normalized.getUTCDate()];
  switch (spec.type) {
    case 'daily':
      return { key: `${year}-${pad(month)}-${pad(day)}`, startMs: midnight(spec, year, month, day), endMs: midnight(spec, year, month, day + 1) };
    case 'weekly': {
      const { weekYear, week } = isoWeek(year, month, day);
      const monday = mondayOfIsoWeek(weekYear, week);
      const [y, m, d] = [monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate()];
      return { key: `${weekYear}-W${pad(week)}`, startMs: midnight(spec, y, m, d), endMs: midnight(spec, y, m, d + 7) };
    }
    case 'monthly':
      return { key: `${year}-${pad(month)}`, startMs: midnight(spec, year, month, 1), endMs: midnight(spec, year, month + 1, 1) };
    case 'quarterly': {
      const quarter = Math.floor((month - 1) / 3) + 1;
      const firstMonth = (quarter - 1) * 3 + 1;
      return { key: `${year}-Q${quarter}`, startMs: midnight(spec, year, firstMonth, 1), endMs: midnight(spec, year, firstMonth + 3, 1) };
    }
    case 'yearly':
      return { key: `${year}`, startMs: midnight(spec, year, 1, 1), endMs: midnight(spec, year + 1, 1, 1) };
    default:
      return null;
  }
}

/** The period of `spec` that contains `atMs`; null for a custom period `atMs` is outside of. */
export function periodContaining(spec: PeriodSpec, atMs: number): PeriodWindow | null {
  if (spec.type === 'lifetime') return { key: 'lifetime', startMs: null, endMs: null };
  if (spec.type === 'custom') {
    const window = customWindow(spec);
    return window && atMs >= (window.startMs as number) && atMs < (window.endMs as number) ? window : null;
  }
  const local = localDateParts(atMs, spec.timezone);
  return calendarWindow(spec, local.year, local.month, local.day);
}

function customWindow(spec: PeriodSpec): PeriodWindow | null {
  if (!spec.startsAt || !spec.endsAt) return null;
  return { key: 'custom', startMs: Date.parse(spec.startsAt), endMs: Date.parse(spec.endsAt) };
}

const KEY_PATTERNS: Partial<Record<PeriodType, RegExp>> = {
  daily: /^(\d{4})-(\d{2})-(\d{2})$/,
  weekly: /^(\d{4})-W(\d{2})$/,
  monthly: /^(\d{4})-(\d{2})$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
  yearly: /^(\d{4})$/,
};

/** The window a key names, or null when the key is not one `spec` would produce. */
export function periodForKey(spec: PeriodSpec, key: string): PeriodWindow | null {
  if (spec.type === 'lifetime') return key === 'lifetime' ? periodContaining(spec, 0) : null;
  if (spec.type === 'custom') return key === 'custom' ? customWindow(spec) : null;
  const match = KEY_PATTERNS[spec.type]?.exec(key);
  if (!match) return null;
  const [year, second = 1, third = 1] = match.slice(1).map(Number) as [number, number?, number?];
  let window: PeriodWindow | null = null;
  if (spec.type === 'weekly') {
    if (second < 1 || second > weeksInIsoYear(year)) return null;
    const monday = mondayOfIsoWeek(year, second);
    window = calendarWindow(spec, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
  } else if (spec.type === 'quarterly') {
    window = calendarWindow(spec, year, (second - 1) * 3 + 1, 1);
  } else {
    window = calendarWindow(spec, year, spec.type === 'yearly' ? 1 : second, spec.type === 'daily' ? third : 1);
  }
  return window?.key === key ? window : null;
}

export function isValidPeriodKey(spec: PeriodSpec, key: string): boolean {
  return periodForKey(spec, key) !== null;
}

/** The period right after `window` (null for lifetime and custom). */
export function nextPeriod(spec: PeriodSpec, window: PeriodWindow): PeriodWindow | null {
  return window.endMs === null || spec.type === 'custom' ? null : periodContaining(spec, window.endMs);
}

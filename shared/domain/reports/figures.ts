import type { BudgetRecord } from '../budgets/budget.js';
import { periodContaining, periodForKey, type PeriodWindow } from '../periods/period.js';

const DAY_MS = 86_400_000;
/** A report's daily series never lists more days than this (a lifetime budget's years): the latest ones. */
export const REPORT_MAX_DAYS = 366;

/**
 * `part` as a percent of `whole`, exact to the hundredth (half away from zero); null when
 * `whole` is zero (no share of nothing).
 */
export function percentOf(partMicros: bigint, wholeMicros: bigint): number | null {
  if (wholeMicros === 0n) return null;
  const scaled = partMicros * 20_000n / wholeMicros;
  const rounded = (scaled + (scaled < 0n ? -1n : 1n)) / 2n;
  return Number(rounded) / 100;
}

/** The local date (`YYYY-MM-DD`) of an instant in the budget's time zone. */
export function localDate(budget: Pick<BudgetRecord, 'period'>, atMs: number): string {
  return periodContaining({ type: 'daily', timezone: budget.period.timezone }, atMs)!.key;
}

/** A date key moved by whole calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The period of a budget a report shows for `atMs`: the one containing it, or for a custom
 * budget asked about an instant outside its bounds, its one custom period (its only figures).
 */
export function reportWindow(budget: Pick<BudgetRecord, 'period'>, atMs: number): PeriodWindow {
  return periodContaining(budget.period, atMs) ?? periodForKey(budget.period, 'custom')!;
}

/**
 * The local dates of a window a daily series covers: from its first day (or the budget's
 * creation, when later) to its last, or to `throughMs` when that comes first. A window longer
 * than {@link REPORT_MAX_DAYS} (a long custom period) shows that many days ending at today
 * (or at the window's last day, when today is past it), so the current spend is always in view.
 */
export function windowDates(budget: Pick<BudgetRecord, 'period' | 'createdAt'>, window: PeriodWindow, throughMs: number): { all: string[]; through: string | null } {
  const createdMs = Date.parse(budget.createdAt);
  const firstMs = window.startMs === null ? createdMs : window.startMs;
  const lastMs = window.endMs === null ? Math.max(throughMs, firstMs) : window.endMs - 1;
  let first = localDate(budget, firstMs);
  let last = localDate(budget, lastMs);
  if (last < first) return { all: [], through: null };
  const today = localDate(budget, throughMs);
  if (addDaysBetween(first, last) >= REPORT_MAX_DAYS) {
    const anchor = today < first ? first : today > last ? last : today;
    const start = addDays(anchor, -(REPORT_MAX_DAYS - 1));
    if (start > first) first = start;
    const end = addDays(first, REPORT_MAX_DAYS - 1);
    if (end < last) last = end;
  }
  // Counted, not compared as strings: a date past year 9999 would not sort after 9999-12-31.
  const days = Math.min(addDaysBetween(first, last) + 1, REPORT_MAX_DAYS);
  const all = Array.from({ length: days }, (_, index) => addDays(first, index));
  const through = today < first ? null : today > last ? last : today;
  return { all, through };
}

const addDaysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

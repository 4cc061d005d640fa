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
 * creation, when later) to its last, or to `throughMs` when that comes first; at most the
 * latest {@link REPORT_MAX_DAYS}.
 */
export function windowDates(budget: Pick<BudgetRecord, 'period' | 'createdAt'>, window: PeriodWindow, throughMs: number): { all: string[]; through: string | null } {
  const createdMs = Date.parse(budget.createdAt);
  const firstMs = window.startMs === null ? createdMs : window.startMs;
  const lastMs = window.endMs === null ? Math.max(throughMs, firstMs) : window.endMs - 1;
  let first = localDate(budget, firstMs);
  const last = localDate(budget, lastMs);
  if (last < first) return { all: [], through: null };
  if (addDaysBetween(first, last) >= REPORT_MAX_DAYS) first = addDays(last, -(REPORT_MAX_DAYS - 1));
  const all: string[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) all.push(date);
  const today = localDate(budget, throughMs);
  const through = today < first ? null : today > last ? last : today;
  return { all, through };
}

const addDaysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

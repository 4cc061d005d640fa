import type { BudgetRecord } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { NotFoundError } from '../common/errors.js';
import { periodRecord, type PeriodRecord } from '../money/periods.js';
import type { MoneyStore } from '../money/ports.js';
import { counterKeyOf } from '../money/records.js';
import { previousPeriod, type PeriodWindow } from '../periods/period.js';
import { reportWindow } from './figures.js';

/** API.md: a trend spans 1 to 36 periods. */
export const TREND_PERIODS_MAX = 36;
export const TREND_PERIODS_DEFAULT = 12;

export interface TrendDeps {
  budgets: Pick<BudgetStore, 'get'>;
  money: Pick<MoneyStore, 'counters'>;
  nowMs: () => number;
}

/**
 * The last `periods` periods of a budget up to the one containing `at`, oldest first, each
 * as its period record (frozen figures once closed, live while open) with what rolled in:
 * one batch read of their counters. Periods that ended before the budget existed are left
 * out, so a young budget's trend is shorter; lifetime and custom budgets have one period.
 */
export async function budgetTrend(deps: TrendDeps, tenantId: string, budgetId: string, query: { periods: number; atMs?: number | undefined }): Promise<PeriodRecord[]> {
  const budget = await deps.budgets.get(tenantId, budgetId);
  if (!budget) throw new NotFoundError('Budget', budgetId);
  const windows = trendWindows(budget, reportWindow(budget, query.atMs ?? deps.nowMs()), query.periods);
  const before = previousPeriod(budget.period, windows[0]!);
  const keys = [...(before ? [before.key] : []), ...windows.map((window) => window.key)];
  const counters = await deps.money.counters(tenantId, keys.map((periodKey) => ({ budgetId, periodKey })));
  const counterOf = (key: string | undefined) => (key === undefined ? undefined : counters.get(counterKeyOf({ budgetId, periodKey: key })));
  return windows.map((window, index) => periodRecord(budget, window, counterOf(window.key), counterOf(index === 0 ? before?.key : windows[index - 1]!.key)));
}

/** Up to `count` windows ending with `last`, oldest first, none ending before the budget was created. */
function trendWindows(budget: BudgetRecord, last: PeriodWindow, count: number): PeriodWindow[] {
  const createdMs = Date.parse(budget.createdAt);
  const windows = [last];
  while (windows.length < count) {
    const previous = previousPeriod(budget.period, windows[0]!);
    if (!previous || (previous.endMs !== null && previous.endMs <= createdMs)) break;
    windows.unshift(previous);
  }
  return windows;
}

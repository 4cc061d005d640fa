import type { BudgetRecord } from '../budgets/budget.js';
import { eachConcurrently } from '../common/concurrency.js';
import type { MoneyStore } from '../money/ports.js';
import type { Reconciliation } from './figures.js';
import { actualDaysRange, actualsOfPeriod, varianceOf } from './variance.js';

/** Budgets whose imported days are read at once. */
const ACTUALS_READ_CONCURRENCY = 8;

/**
 * Adds to each check of a budget with a `costSource` the provider's days of its period and
 * the variance of the counter's `spent` from them: one read of each budget's days for all of
 * its checks. A period without any imported day has actuals (0 days) but no variance:
 * nothing has been compared yet. A budget without a source keeps both null.
 */
export async function withActuals<C extends Reconciliation>(
  money: Pick<MoneyStore, 'actualDays'>, tenantId: string, budgets: readonly BudgetRecord[], checks: readonly C[], nowMs: number,
): Promise<C[]> {
  const sourced = budgets.filter((budget) => budget.costSource !== null);
  if (sourced.length === 0) return [...checks];
  const checksByBudget = new Map<string, C[]>();
  for (const check of checks) checksByBudget.set(check.budgetId, [...(checksByBudget.get(check.budgetId) ?? []), check]);
  const completed = new Map<C, C>();
  await eachConcurrently(sourced, ACTUALS_READ_CONCURRENCY, async (budget) => {
    const own = checksByBudget.get(budget.id) ?? [];
    const source = budget.costSource!;
    const range = actualDaysRange(budget.period, own.map((check) => check.periodKey), nowMs);
    const days = range ? await money.actualDays(tenantId, budget.id, range.from, range.to) : [];
    for (const check of own) {
      const actuals = actualsOfPeriod(days, budget.period, source.provider, check.periodKey);
      const variance = actuals.days === 0 ? null : varianceOf(actuals.amountMicros, check.counters.spentMicros, source.tolerancePercent);
      completed.set(check, { ...check, actuals, variance });
    }
  });
  return checks.map((check) => completed.get(check) ?? check);
}

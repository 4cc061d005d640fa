import type { AlertRecord } from '../alerts/alerts.js';
import type { AlertStore } from '../alerts/ports.js';
import type { BudgetRecord } from '../budgets/budget.js';
import type { BudgetStore } from '../budgets/ports.js';
import { NotFoundError } from '../common/errors.js';
import type { BudgetForecast } from '../forecasting/budget-forecast.js';
import type { SpendHistoryStore } from '../forecasting/spend-history.js';
import type { MoneyStore } from '../money/ports.js';
import { counterKeyOf } from '../money/records.js';
import { statusFigures, type BudgetStatusFigures } from '../money/status.js';
import type { PeriodWindow } from '../periods/period.js';
import { actualDaysRange, actualsOfPeriod, varianceOf, type PeriodActuals, type Variance } from '../reconciliation/variance.js';
import { percentOf, reportWindow, windowDates } from './figures.js';
import type { SpendBreakdownStore } from './spend-breakdown.js';

/** The name a report gives spend that carried no category or provider. */
export const UNSPECIFIED = 'unspecified';
/** A report lists the period's most recent alerts of the budget, at most this many. */
const REPORT_ALERTS_MAX = 100;

export interface CategoryLine {
  name: string;
  /** The budget's plan for the category (null: spend under a category it has no plan for). */
  plannedMicros: bigint | null;
  spentMicros: bigint;
  /** planned − spent (null without a plan). */
  varianceMicros: bigint | null;
  /** Percent of the period's spent (null while nothing is spent). */
  share: number | null;
}

export interface BudgetReport {
  budget: BudgetRecord;
  figures: BudgetStatusFigures;
  /** limit − spent, and that as a percent of the limit (null for a zero limit). */
  variance: { amountMicros: bigint; percent: number | null };
  /** Only for the period that contains now: a past period's figures are what happened. */
  forecast: BudgetForecast | null;
  categories: CategoryLine[];
  providers: Array<{ name: string; spentMicros: bigint }>;
  children: Array<{ budget: BudgetRecord; figures: BudgetStatusFigures }>;
  /** Every local day of the period up to today (or its end), spend of the budget and its descendants. */
  daily: Array<{ date: string; spentMicros: bigint }>;
  alerts: AlertRecord[];
  /** With a cost source: the provider's figure for the period beside what was recorded. */
  costActuals: { actuals: PeriodActuals; variance: Variance | null } | null;
  generatedAtMs: number;
}

export interface BudgetReportDeps {
  budgets: Pick<BudgetStore, 'get' | 'children'>;
  money: Pick<MoneyStore, 'counters' | 'actualDays'>;
  history: Pick<SpendHistoryStore, 'days'>;
  breakdown: SpendBreakdownStore;
  alerts: Pick<AlertStore, 'list'>;
  /** The budget's forecast as of now (the forecasting models live outside this module). */
  forecast: (tenantId: string, budgetId: string) => Promise<BudgetForecast>;
  nowMs: () => number;
}

/**
 * A budget's report for the period that contains `at` (API.md "Reports, trends and
 * charts"): its counter, its children's counters, the period's daily history and spend
 * breakdown, its alerts and forecast. Reads records kept beside the counters, never a ledger,
 * so its cost grows with the number of children, not with the number of movements.
 */
export class BudgetReporter {
  constructor(private readonly deps: BudgetReportDeps) {}

  async report(tenantId: string, budgetId: string, atMs?: number): Promise<BudgetReport> {
    const nowMs = this.deps.nowMs();
    const budget = await this.deps.budgets.get(tenantId, budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    const window = reportWindow(budget, atMs ?? nowMs);
    const isCurrent = (window.startMs === null || window.startMs <= nowMs) && (window.endMs === null || nowMs < window.endMs);
    const children = (await this.deps.budgets.children(tenantId, budgetId)).filter((child) => child.status === 'active');
    const childWindows = children.map((child) => ({ child, window: reportWindow(child, atMs ?? nowMs) }));
    const dates = windowDates(budget, window, nowMs);
    const [counters, breakdown, days, alerts, forecast, costActuals] = await Promise.all([
      this.deps.money.counters(tenantId, [{ budgetId, periodKey: window.key }, ...childWindows.map(({ child, window: w }) => ({ budgetId: child.id, periodKey: w.key }))]),
      this.deps.breakdown.period(tenantId, budgetId, window.key),
      dates.through ? this.deps.history.days(tenantId, budgetId, dates.all[0]!, dates.through) : Promise.resolve([]),
      this.periodAlerts(tenantId, budgetId, window.key),
      isCurrent ? this.deps.forecast(tenantId, budgetId) : Promise.resolve(null),
      this.costActuals(budget, window, nowMs),
    ]);
    const figures = statusFigures(budget, window, counters.get(counterKeyOf({ budgetId, periodKey: window.key })), nowMs);
    const spentOn = new Map(days.map((day) => [day.date, day.spentMicros]));
    const variance = figures.limitMicros - figures.spentMicros;
    return {
      budget,
      figures,
      variance: { amountMicros: variance, percent: percentOf(variance, figures.limitMicros) },
      forecast,
      categories: categoryLines(budget, breakdown.filter((entry) => entry.dimension === 'category'), figures.spentMicros),
      providers: summed(breakdown.filter((entry) => entry.dimension === 'provider'))
        .filter(([, spentMicros]) => spentMicros !== 0n)
        .map(([name, spentMicros]) => ({ name, spentMicros })),
      children: childWindows.map(({ child, window: w }) => ({
        budget: child, figures: statusFigures(child, w, counters.get(counterKeyOf({ budgetId: child.id, periodKey: w.key })), nowMs),
      })),
      daily: dates.all.filter((date) => dates.through !== null && date <= dates.through).map((date) => ({ date, spentMicros: spentOn.get(date) ?? 0n })),
      alerts,
      costActuals: costActuals && { actuals: costActuals, variance: costActuals.days === 0 ? null : varianceOf(costActuals.amountMicros, figures.spentMicros, budget.costSource!.tolerancePercent) },
      generatedAtMs: nowMs,
    };
  }

  private async periodAlerts(tenantId: string, budgetId: string, periodKey: string): Promise<AlertRecord[]> {
    const page = await this.deps.alerts.list(tenantId, { budgetId }, REPORT_ALERTS_MAX, undefined);
    return page.items.filter((alert) => alert.periodKey === periodKey);
  }

  private async costActuals(budget: BudgetRecord, window: PeriodWindow, nowMs: number): Promise<PeriodActuals | null> {
    if (!budget.costSource) return null;
    const range = actualDaysRange(budget.period, [window.key], nowMs);
    const days = range ? await this.deps.money.actualDays(budget.tenantId, budget.id, range.from, range.to) : [];
    return actualsOfPeriod(days, budget.period, budget.costSource.provider, window.key);
  }
}

/** Entries by name (spend without a label under {@link UNSPECIFIED}), in name order. */
function summed(entries: ReadonlyArray<{ name: string | null; spentMicros: bigint }>): Array<[string, bigint]> {
  const byName = new Map<string, bigint>();
  for (const entry of entries) {
    const name = entry.name ?? UNSPECIFIED;
    byName.set(name, (byName.get(name) ?? 0n) + entry.spentMicros);
  }
  return [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The planned categories in the budget's order, then the unplanned ones that saw spend. */
function categoryLines(budget: BudgetRecord, entries: ReadonlyArray<{ name: string | null; spentMicros: bigint }>, totalSpentMicros: bigint): CategoryLine[] {
  const spent = new Map(summed(entries));
  const line = (name: string, plannedMicros: bigint | null): CategoryLine => {
    const spentMicros = spent.get(name) ?? 0n;
    return {
      name, plannedMicros, spentMicros, varianceMicros: plannedMicros === null ? null : plannedMicros - spentMicros,
      share: totalSpentMicros > 0n ? percentOf(spentMicros, totalSpentMicros) : null,
    };
  };
  const planned = budget.categories.map((category) => line(category.name, category.limitMicros));
  const plannedNames = new Set(budget.categories.map((category) => category.name));
  const unplanned = [...spent].filter(([name, micros]) => !plannedNames.has(name) && micros !== 0n).map(([name]) => line(name, null));
  return [...planned, ...unplanned];
}

import { formatAmount } from '../../domain/common/index.js';
import type { PeriodRecord } from '../../domain/money/periods.js';
import type { BudgetReport as BudgetReportRecord, RollupRow as RollupRowRecord } from '../../domain/reports/index.js';
import type { BudgetReport, Rollup, Trend } from '../../schemas/reports.js';
import type { CsvColumn } from '../csv.js';
import { budgetView } from './budgets.js';
import { isoOrNull } from './money.js';
import { alertView } from './notices.js';

const amountOrNull = (micros: bigint | null) => (micros === null ? null : formatAmount(micros));

export function budgetReportView(report: BudgetReportRecord): BudgetReport {
  const { figures, forecast } = report;
  return {
    budget: budgetView(report.budget),
    period: { key: figures.period.key, start: isoOrNull(figures.period.startMs), end: isoOrNull(figures.period.endMs) },
    currency: report.budget.currency,
    limit: formatAmount(figures.limitMicros),
    spent: formatAmount(figures.spentMicros),
    reserved: formatAmount(figures.reservedMicros),
    available: formatAmount(figures.availableMicros),
    utilization: figures.utilization,
    state: figures.state,
    variance: { amount: formatAmount(report.variance.amountMicros), percent: report.variance.percent },
    forecast: forecast && {
      method: forecast.method,
      asOf: new Date(forecast.asOfMs).toISOString(),
      projectedSpend: formatAmount(forecast.projectedSpendMicros),
      projectedUtilization: forecast.projectedUtilization,
      intervals: forecast.intervals.map((bound) => ({ level: bound.level, lower: formatAmount(bound.lowerMicros), upper: formatAmount(bound.upperMicros) })),
      probabilityOfExceeding: forecast.probabilityOfExceeding,
      exhaustionDate: forecast.exhaustion.date,
    },
    categories: report.categories.map((line) => ({
      name: line.name, planned: amountOrNull(line.plannedMicros), spent: formatAmount(line.spentMicros), variance: amountOrNull(line.varianceMicros), share: line.share,
    })),
    providers: report.providers.map((line) => ({ name: line.name, spent: formatAmount(line.spentMicros) })),
    children: report.children.map(({ budget, figures: child }) => ({
      budgetId: budget.id, name: budget.name, periodKey: child.period.key, limit: formatAmount(child.limitMicros), spent: formatAmount(child.spentMicros), utilization: child.utilization,
    })),
    daily: report.daily.map((day) => ({ date: day.date, spent: formatAmount(day.spentMicros) })),
    alerts: report.alerts.map(alertView),
    actuals: report.costActuals && {
      source: report.costActuals.actuals.source,
      amount: formatAmount(report.costActuals.actuals.amountMicros),
      asOf: isoOrNull(report.costActuals.actuals.asOfMs),
      days: report.costActuals.actuals.days,
    },
    actualsVariance: report.costActuals?.variance ? {
      amount: formatAmount(report.costActuals.variance.amountMicros),
      percent: report.costActuals.variance.percent,
      withinTolerance: report.costActuals.variance.withinTolerance,
    } : null,
    generatedAt: new Date(report.generatedAtMs).toISOString(),
  };
}

type CategoryRow = BudgetReport['categories'][number] & { report: BudgetReport };

/** A report as CSV (API.md): one row per category, each with the period's figures beside it, so a filtered sheet keeps its context. */
export const BUDGET_REPORT_CSV: ReadonlyArray<CsvColumn<CategoryRow>> = [
  { header: 'budgetId', cell: (row) => row.report.budget.id },
  { header: 'budget', cell: (row) => row.report.budget.name },
  { header: 'periodKey', cell: (row) => row.report.period.key },
  { header: 'currency', cell: (row) => row.report.currency },
  { header: 'category', cell: (row) => row.name },
  { header: 'planned', cell: (row) => row.planned, kind: 'number' },
  { header: 'spent', cell: (row) => row.spent, kind: 'number' },
  { header: 'variance', cell: (row) => row.variance, kind: 'number' },
  { header: 'share', cell: (row) => row.share, kind: 'number' },
  { header: 'budgetLimit', cell: (row) => row.report.limit, kind: 'number' },
  { header: 'budgetSpent', cell: (row) => row.report.spent, kind: 'number' },
];

export const budgetReportCsvRows = (report: BudgetReport): CategoryRow[] => report.categories.map((line) => ({ ...line, report }));

export function rollupView(rows: readonly RollupRowRecord[], generatedAtMs: number): Rollup {
  return {
    items: rows.map(({ budget, path, depth, figures, projectedSpendMicros, exhaustionDate }) => ({
      budgetId: budget.id,
      name: budget.name,
      path,
      depth,
      parentId: budget.parentId,
      scopeType: budget.scope.type,
      scopeId: budget.scope.id,
      currency: budget.currency,
      periodKey: figures.period.key,
      limit: formatAmount(figures.limitMicros),
      spent: formatAmount(figures.spentMicros),
      reserved: formatAmount(figures.reservedMicros),
      available: formatAmount(figures.availableMicros),
      utilization: figures.utilization,
      state: figures.state,
      projectedSpend: amountOrNull(projectedSpendMicros),
      exhaustionDate,
    })),
    generatedAt: new Date(generatedAtMs).toISOString(),
  };
}

type RollupItem = Rollup['items'][number];

/** The roll-up as CSV: the path joined with ` / ` so a sheet sorts and filters by it. */
export const ROLLUP_CSV: ReadonlyArray<CsvColumn<RollupItem>> = [
  { header: 'budgetId', cell: (row) => row.budgetId },
  { header: 'path', cell: (row) => row.path.join(' / ') },
  { header: 'name', cell: (row) => row.name },
  { header: 'depth', cell: (row) => row.depth, kind: 'number' },
  { header: 'scopeType', cell: (row) => row.scopeType },
  { header: 'scopeId', cell: (row) => row.scopeId },
  { header: 'currency', cell: (row) => row.currency },
  { header: 'periodKey', cell: (row) => row.periodKey },
  { header: 'limit', cell: (row) => row.limit, kind: 'number' },
  { header: 'spent', cell: (row) => row.spent, kind: 'number' },
  { header: 'reserved', cell: (row) => row.reserved, kind: 'number' },
  { header: 'available', cell: (row) => row.available, kind: 'number' },
  { header: 'utilization', cell: (row) => row.utilization, kind: 'number' },
  { header: 'state', cell: (row) => row.state },
  { header: 'projectedSpend', cell: (row) => row.projectedSpend, kind: 'number' },
  { header: 'exhaustionDate', cell: (row) => row.exhaustionDate },
];

export function trendView(periods: readonly PeriodRecord[]): Trend {
  return periods.map((period) => ({
    periodKey: period.window.key,
    start: isoOrNull(period.window.startMs),
    end: isoOrNull(period.window.endMs),
    state: period.state,
    limit: formatAmount(period.limitMicros),
    spent: formatAmount(period.spentMicros),
    utilization: period.utilization,
    rolloverIn: formatAmount(period.rolloverInMicros),
  }));
}

export const TREND_CSV: ReadonlyArray<CsvColumn<Trend[number]>> = [
  { header: 'periodKey', cell: (row) => row.periodKey },
  { header: 'start', cell: (row) => row.start },
  { header: 'end', cell: (row) => row.end },
  { header: 'state', cell: (row) => row.state },
  { header: 'limit', cell: (row) => row.limit, kind: 'number' },
  { header: 'spent', cell: (row) => row.spent, kind: 'number' },
  { header: 'utilization', cell: (row) => row.utilization, kind: 'number' },
  { header: 'rolloverIn', cell: (row) => row.rolloverIn, kind: 'number' },
];

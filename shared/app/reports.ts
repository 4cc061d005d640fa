import {
  DynamoAlertStore, DynamoBudgetStore, DynamoForecastSummaryStore, DynamoMoneyStore, DynamoSpendBreakdownStore, DynamoSpendHistoryStore, tableContextFromEnv,
  type TableContext,
} from '../adapters/dynamodb/index.js';
import { BudgetReporter, budgetTrend, tenantRollup, type RollupQuery } from '../domain/reports/index.js';
import { createForecasting } from './forecasting.js';

/**
 * Reports wired to the table: their own composition root, beside forecasting's (a report
 * carries the budget's forecast, so the reports function carries the models; the money path does not).
 */
export function createReporting(table: TableContext, clock: { nowMs?: () => number } = {}) {
  const nowMs = clock.nowMs ?? Date.now;
  const budgets = new DynamoBudgetStore(table);
  const money = new DynamoMoneyStore(table);
  const { forecasts } = createForecasting(table, { nowMs });
  const reporter = new BudgetReporter({
    budgets, money, history: new DynamoSpendHistoryStore(table), breakdown: new DynamoSpendBreakdownStore(table), alerts: new DynamoAlertStore(table),
    forecast: (tenantId, budgetId) => forecasts.forecast(tenantId, budgetId), nowMs,
  });
  const summaries = new DynamoForecastSummaryStore(table);
  return {
    nowMs,
    report: (tenantId: string, budgetId: string, atMs?: number) => reporter.report(tenantId, budgetId, atMs),
    rollup: (tenantId: string, query: RollupQuery) => tenantRollup({ budgets, money, summaries, nowMs }, tenantId, query),
    trend: (tenantId: string, budgetId: string, query: { periods: number; atMs?: number | undefined }) => budgetTrend({ budgets, money, nowMs }, tenantId, budgetId, query),
  };
}

export type Reporting = ReturnType<typeof createReporting>;

let reporting: Reporting | undefined;

/** Reporting for this execution environment, created on first use (not at import). */
export function reportingFromEnv(): Reporting {
  reporting ??= createReporting(tableContextFromEnv());
  return reporting;
}

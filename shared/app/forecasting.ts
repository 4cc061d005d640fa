import { DynamoAlertStore, DynamoBudgetStore, DynamoForecastSummaryStore, DynamoJobCursorStore, DynamoMoneyStore, DynamoSpendHistoryStore, tableContextFromEnv, type TableContext } from '../adapters/dynamodb/index.js';
import { RecentBudgets } from '../domain/budgets/recent-budgets.js';
import { BudgetForecaster } from '../domain/forecasting/budget-forecast.js';
import { ForecastJob } from '../domain/forecasting/job.js';

/**
 * How old a budget's definition a forecast may use: its figures (limit, spent, reserved) come
 * from the counter, read every time; a change of period or time zone shows within this.
 */
const FORECAST_BUDGET_TTL_MS = 30_000;

/**
 * Forecasting wired to the table: its own composition root, so only the forecast routes and
 * the forecasting job carry the models (every other function, the authorizer and the money
 * path included, stays without them, cold start and all).
 */
export function createForecasting(table: TableContext, clock: { nowMs?: () => number } = {}) {
  const nowMs = clock.nowMs ?? Date.now;
  const budgets = new DynamoBudgetStore(table);
  const forecaster = new BudgetForecaster({ budgets: new RecentBudgets(budgets, FORECAST_BUDGET_TTL_MS, nowMs), money: new DynamoMoneyStore(table), history: new DynamoSpendHistoryStore(table), nowMs });
  return {
    forecasts: forecaster,
    forecastJob: new ForecastJob({ budgets, alerts: new DynamoAlertStore(table), cursor: new DynamoJobCursorStore(table, 'forecast-job'), forecaster, summaries: new DynamoForecastSummaryStore(table), nowMs }),
  };
}

export type Forecasting = ReturnType<typeof createForecasting>;

let forecasting: Forecasting | undefined;

/** Forecasting for this execution environment, created on first use (not at import). */
export function forecastingFromEnv(): Forecasting {
  forecasting ??= createForecasting(tableContextFromEnv());
  return forecasting;
}

import { DynamoAlertStore, DynamoBudgetStore, DynamoJobCursorStore, DynamoMoneyStore, DynamoSpendHistoryStore, tableContextFromEnv, type TableContext } from '../adapters/dynamodb/index.js';
import { BudgetForecaster } from '../domain/forecasting/budget-forecast.js';
import { ForecastJob } from '../domain/forecasting/job.js';

/**
 * Forecasting wired to the table: its own composition root, so only the forecast routes and
 * the forecasting job carry the models (every other function, the authorizer and the money
 * path included, stays without them, cold start and all).
 */
export function createForecasting(table: TableContext, clock: { nowMs?: () => number } = {}) {
  const nowMs = clock.nowMs ?? Date.now;
  const budgets = new DynamoBudgetStore(table);
  const forecaster = new BudgetForecaster({ budgets, money: new DynamoMoneyStore(table), history: new DynamoSpendHistoryStore(table), nowMs });
  return {
    forecasts: forecaster,
    forecastJob: new ForecastJob({ budgets, alerts: new DynamoAlertStore(table), cursor: new DynamoJobCursorStore(table, 'forecast-job'), forecaster, nowMs }),
  };
}

export type Forecasting = ReturnType<typeof createForecasting>;

let forecasting: Forecasting | undefined;

/** Forecasting for this execution environment, created on first use (not at import). */
export function forecastingFromEnv(): Forecasting {
  forecasting ??= createForecasting(tableContextFromEnv());
  return forecasting;
}

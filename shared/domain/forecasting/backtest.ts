import { maseScale, mase } from './accuracy.js';
import { flooredSpreads, spreadFloor, type FittedModel } from './model.js';

/**
 * Rolling-origin evaluation on the history itself: refit on the first `origin` values,
 * forecast the next few and compare with what happened. Selection (by MASE) and the
 * interval calibration both read these windows, never the future.
 */

export interface BacktestPlan {
  /** Training lengths, latest first. */
  origins: number[];
  /** Steps forecast from each origin (the requested horizon, capped). */
  horizon: number;
}

export interface OriginResult {
  origin: number;
  actual: number[];
  forecast: number[];
  /** The model's own error spread per step, from that origin's fit. */
  sd: number[];
  /** MASE denominator of that origin's training data. */
  scale: number;
}

/** Longest backtest window: four weeks of days, a year of months (or 12 steps of anything else). */
export function backtestHorizonCap(period: number | null): number {
  return period === 7 ? 28 : 12;
}

/** Most windows a backtest uses: enough errors to calibrate an interval, few enough fits to stay cheap. */
export const MAX_ORIGINS = 10;

/**
 * Origins from the end of the history backwards, spaced by a third of the window, each
 * leaving enough training data (two seasons, at least 6 values). Null when even one
 * window does not fit.
 */
export function planBacktest(length: number, period: number | null, horizon: number, maxOrigins = MAX_ORIGINS): BacktestPlan | null {
  const minTrain = Math.max(6, period === null ? 0 : 2 * period);
  const room = length - minTrain;
  if (room < 1) return null;
  const window = Math.max(1, Math.min(horizon, backtestHorizonCap(period), room));
  const step = Math.max(1, Math.round(window / 3));
  const origins: number[] = [];
  for (let origin = length - window; origin >= minTrain && origins.length < maxOrigins; origin -= step) origins.push(origin);
  return origins.length === 0 ? null : { origins, horizon: window };
}

/** Fits `fit` at every origin of the plan and records forecasts, spreads and actuals. */
export function runBacktest(values: readonly number[], plan: BacktestPlan, period: number | null, fit: (train: readonly number[]) => FittedModel): OriginResult[] {
  return plan.origins.map((origin) => {
    const train = values.slice(0, origin);
    const model = fit(train);
    return {
      origin,
      actual: values.slice(origin, origin + plan.horizon),
      forecast: model.forecast(plan.horizon),
      sd: flooredSpreads(model, plan.horizon, spreadFloor(train)),
      scale: maseScale(train, period),
    };
  });
}

/** Mean MASE over the windows. */
export function meanMase(results: readonly OriginResult[]): number {
  if (results.length === 0) return Number.NaN;
  return results.reduce((acc, r) => acc + mase(r.actual, r.forecast, r.scale), 0) / results.length;
}

import { linearFit, mean, sumOfSquares } from './stats.js';
import { assertSeries, residualsOf, type FittedModel, type ReportedMethod } from './model.js';

/**
 * The simple benchmarks: last value (naive), last season (seasonal naive), the line from
 * the first to the last value (drift), the mean of a recent window (moving average), a
 * least-squares trend line (linear) and the mean of a very short history (run rate).
 * Error spreads follow R's `forecast` package (`rwf`, `snaive`, `meanf`, `tslm`).
 */

const rms = (residuals: readonly number[], lostDegrees = 0) => {
  const { total, count } = sumOfSquares(residuals);
  return count - lostDegrees > 0 ? Math.sqrt(total / (count - lostDegrees)) : 0;
};

const steps = (horizon: number) => Array.from({ length: horizon }, (_, i) => i + 1);

function model(method: ReportedMethod, values: readonly number[], fitted: number[], sigma: number, params: Record<string, number>, forecast: (h: number) => number[], forecastSd: (h: number) => number[]): FittedModel {
  return { method, fitted, residuals: residualsOf(values, fitted), sigma, params, forecast, forecastSd };
}

/** Random walk: every future value is the last one; the spread grows as sqrt(h). */
export function fitNaive(values: readonly number[]): FittedModel {
  assertSeries(values);
  const last = values[values.length - 1]!;
  const fitted = values.map((_, t) => (t === 0 ? Number.NaN : values[t - 1]!));
  const sigma = rms(residualsOf(values, fitted));
  return model('naive', values, fitted, sigma, { last }, (h) => steps(h).map(() => last), (h) => steps(h).map((k) => sigma * Math.sqrt(k)));
}

/** Each future value repeats the same position of the last full season; the spread grows with whole seasons ahead. */
export function fitSeasonalNaive(values: readonly number[], period: number): FittedModel {
  assertSeries(values);
  if (values.length < period) return { ...fitNaive(values), method: 'seasonal_naive' };
  const n = values.length;
  const fitted = values.map((_, t) => (t < period ? Number.NaN : values[t - period]!));
  const sigma = rms(residualsOf(values, fitted));
  return model(
    'seasonal_naive',
    values,
    fitted,
    sigma,
    { period },
    (h) => steps(h).map((k) => values[n - period + ((k - 1) % period)]!),
    (h) => steps(h).map((k) => sigma * Math.sqrt(Math.floor((k - 1) / period) + 1)),
  );
}

/** Random walk with drift: the line through the first and last values, extended. */
export function fitDrift(values: readonly number[]): FittedModel {
  assertSeries(values);
  const n = values.length;
  if (n < 2) return { ...fitNaive(values), method: 'drift' };
  const drift = (values[n - 1]! - values[0]!) / (n - 1);
  const last = values[n - 1]!;
  const fitted = values.map((_, t) => (t === 0 ? Number.NaN : values[t - 1]! + drift));
  const sigma = rms(residualsOf(values, fitted), 1);
  return model(
    'drift',
    values,
    fitted,
    sigma,
    { drift },
    (h) => steps(h).map((k) => last + k * drift),
    // The drift is estimated too: R's rwf adds h²/(n − 1) to the variance.
    (h) => steps(h).map((k) => sigma * Math.sqrt(k * (1 + k / (n - 1)))),
  );
}

/** Mean of the last `window` values, flat; in-sample fitted values are the trailing means. */
export function fitMovingAverage(values: readonly number[], window: number): FittedModel {
  assertSeries(values);
  const n = values.length;
  const k = Math.max(1, Math.min(window, n));
  const fitted = values.map((_, t) => (t < k ? Number.NaN : mean(values.slice(t - k, t))));
  const level = mean(values.slice(n - k));
  const sigma = rms(residualsOf(values, fitted)) || rms(values.map((v) => v - level), 1);
  // A flat mean is right for a stable level and drifts away from a wandering one: the
  // spread grows gently with h and the backtest calibration sets its real scale.
  return model('moving_average', values, fitted, sigma, { window: k, level }, (h) => steps(h).map(() => level), (h) => steps(h).map((j) => sigma * Math.sqrt(1 + (j - 1) / k)));
}

/** Least-squares trend line over the whole history, extended (prediction spread of a regression). */
export function fitLinear(values: readonly number[]): FittedModel {
  assertSeries(values);
  const n = values.length;
  const { intercept, slope } = linearFit(values);
  const fitted = values.map((_, t) => intercept + slope * t);
  const sigma = rms(residualsOf(values, fitted), Math.min(2, n - 1));
  const timeMean = (n - 1) / 2;
  const sxx = (n * (n * n - 1)) / 12;
  return model(
    'linear',
    values,
    fitted,
    sigma,
    { intercept, slope },
    (h) => steps(h).map((k) => intercept + slope * (n - 1 + k)),
    (h) => steps(h).map((k) => sigma * Math.sqrt(1 + 1 / n + (sxx > 0 ? (n - 1 + k - timeMean) ** 2 / sxx : 0))),
  );
}

/**
 * Mean per step of a history too short to model (fewer than 3 values). Its spread is
 * deliberately wide: the larger of the mean's size and the range seen, growing as sqrt(h).
 */
export function fitRunRate(values: readonly number[]): FittedModel {
  assertSeries(values);
  const level = mean(values);
  const range = Math.max(...values) - Math.min(...values);
  const sigma = Math.max(Math.abs(level), range);
  return model('run_rate', values, values.map(() => level), sigma, { level }, (h) => steps(h).map(() => level), (h) => steps(h).map((k) => sigma * Math.sqrt(k)));
}

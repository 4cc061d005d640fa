import { mean } from './stats.js';

/**
 * Scale-free accuracy: MASE (Hyndman & Koehler 2006), the mean absolute error divided
 * by the in-sample mean absolute error of the seasonal naive forecast (naive when there
 * is no period), so 1.0 means "as good as seasonal naive was on the history".
 */

/**
 * The MASE denominator of a history. A flat history has no naive error to scale by; the
 * fallbacks (naive, then the mean absolute value, then 1) keep the ratio finite.
 */
export function maseScale(history: readonly number[], period: number | null): number {
  const lagged = (lag: number) => {
    let total = 0;
    let count = 0;
    for (let t = lag; t < history.length; t += 1) {
      total += Math.abs(history[t]! - history[t - lag]!);
      count += 1;
    }
    return count === 0 ? 0 : total / count;
  };
  const seasonal = period !== null && period > 1 && history.length > period ? lagged(period) : 0;
  if (seasonal > 0) return seasonal;
  const naive = lagged(1);
  if (naive > 0) return naive;
  const level = mean(history.map(Math.abs));
  return level > 0 ? level : 1;
}

/** Mean absolute scaled error of `forecast` against `actual`. */
export function mase(actual: readonly number[], forecast: readonly number[], scale: number): number {
  const errors = actual.map((value, i) => Math.abs(value - (forecast[i] ?? Number.NaN)));
  return mean(errors) / scale;
}

/** Geometric mean of positive numbers (how benchmark MASE ratios are averaged); zeros are floored at 1e-9. */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return Math.exp(mean(values.map((v) => Math.log(Math.max(v, 1e-9)))));
}

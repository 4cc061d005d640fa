import { fitDrift, fitLinear, fitMovingAverage, fitNaive, fitSeasonalNaive } from './baseline-models.js';
import { fitComb } from './comb.js';
import { withSeasonalAdjustment } from './seasonal-adjustment.js';
import { fitHolt, fitHoltWinters, fitSes } from './smoothing-models.js';
import { fitTheta } from './theta.js';
import { type FittedModel, type MethodName } from './model.js';

/** A method `fitMethod` can fit: the named ones and the M4 combination. */
export type FitMethodName = MethodName | 'comb';

export interface FitContext {
  /** The seasonal period the test found in the series (null: none): non-seasonal models then see the deseasonalised series. */
  seasonality: number | null;
  /** The period the caller declared (7 daily, 12 monthly, null): seasonal naive and Holt-Winters use it even when the test is inconclusive. */
  candidatePeriod: number | null;
}

/** Smallest history each method can be fitted to; shorter ones fall back (see `fitMethod`). */
const MIN_LENGTH: Record<FitMethodName, number> = {
  naive: 1, seasonal_naive: 1, drift: 2, moving_average: 1, linear: 2, ses: 2, holt: 3, holt_winters: 3, theta: 2, comb: 3,
};

/**
 * Fits one method. Models without a season of their own (drift, moving average, linear,
 * SES, Holt, Theta, Comb) work on the deseasonalised series when a season was found;
 * naive stays the plain random walk (it is the benchmark). Holt-Winters without a period
 * or two full seasons is Holt; any method on a history shorter than it needs is naive (and says so).
 */
export function fitMethod(method: FitMethodName, values: readonly number[], context: FitContext): FittedModel {
  if (values.length < MIN_LENGTH[method]) return fitNaive(values);
  const { seasonality, candidatePeriod } = context;
  const adjusted = (fit: (series: readonly number[]) => FittedModel) => withSeasonalAdjustment(values, seasonality, fit);
  switch (method) {
    case 'naive':
      return fitNaive(values);
    case 'seasonal_naive':
      return candidatePeriod === null ? { ...fitNaive(values), method } : fitSeasonalNaive(values, candidatePeriod);
    case 'drift':
      return adjusted(fitDrift);
    case 'moving_average':
      // A week of days or a year of months (three values when no period is known).
      return adjusted((series) => fitMovingAverage(series, candidatePeriod ?? 3));
    case 'linear':
      return adjusted(fitLinear);
    case 'ses':
      return adjusted(fitSes);
    case 'holt':
      return adjusted((series) => fitHolt(series, { damped: true }));
    case 'holt_winters': {
      const period = seasonality ?? candidatePeriod;
      if (period === null || values.length < 2 * period + 2) return adjusted((series) => fitHolt(series, { damped: true }));
      return fitHoltWinters(values, period, { season: 'auto', damped: true });
    }
    case 'theta':
      return adjusted(fitTheta);
    case 'comb':
      return fitComb(values, seasonality);
  }
}

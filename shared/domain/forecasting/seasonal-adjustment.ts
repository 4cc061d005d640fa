import { seasonalAdjuster } from './seasonality.js';
import { residualsOf, type FittedModel } from './model.js';

/**
 * Fits a non-seasonal model to the deseasonalised series and puts the season back on
 * its fitted values, forecasts and spreads: the M4 benchmarks' recipe (and thetaf's).
 * Without a period, or with fewer than two full seasons, the model sees the raw series.
 */
export function withSeasonalAdjustment(values: readonly number[], period: number | null, fit: (series: readonly number[]) => FittedModel): FittedModel {
  if (period === null || values.length < 2 * period) return fit(values);
  const adjuster = seasonalAdjuster(values, period);
  if (adjuster === null) return fit(values);
  const inner = fit(adjuster.adjust(values));
  const n = values.length;
  const fitted = values.map((_, t) => adjuster.restore([inner.fitted[t] ?? Number.NaN], t)[0]!);
  return {
    ...inner,
    fitted,
    residuals: residualsOf(values, fitted),
    params: { ...inner.params, seasonalPeriod: period, multiplicativeSeason: adjuster.decomposition.type === 'multiplicative' ? 1 : 0 },
    forecast: (horizon) => adjuster.restore(inner.forecast(horizon), n),
    forecastSd: (horizon) => inner.forecastSd(horizon).map((sd, k) => sd * adjuster.spreadFactorAt(n + k)),
  };
}

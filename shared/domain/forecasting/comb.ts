import { seasonalAdjuster } from './seasonality.js';
import { fitHolt, fitSes } from './smoothing-models.js';
import { fitTheta } from './theta.js';
import { residualsOf, type FittedModel } from './model.js';

/**
 * The M4 "Comb" benchmark: the equal-weight mean of SES, damped Holt and Theta, each on
 * the deseasonalised series, reseasonalised. Averaging a level model with two trend
 * models is what keeps it from both chasing and ignoring a trend; it was among the
 * strongest simple methods of M4.
 */
export function fitComb(values: readonly number[], period: number | null): FittedModel {
  const adjuster = period !== null && values.length >= 2 * period ? seasonalAdjuster(values, period) : null;
  const series = adjuster ? adjuster.adjust(values) : [...values];
  const members = [fitSes(series), fitHolt(series, { damped: true }), fitTheta(series)];
  const n = values.length;
  const average = (rows: number[][]) => rows[0]!.map((_, k) => rows.reduce((acc, row) => acc + row[k]!, 0) / rows.length);
  const restore = (points: number[], first: number) => (adjuster ? adjuster.restore(points, first) : points);
  const innerFitted = average(members.map((m) => [...m.fitted]));
  const fitted = innerFitted.map((value, t) => restore([value], t)[0]!);
  const residuals = residualsOf(values, fitted);
  const finite = residuals.filter(Number.isFinite);
  const sigma = finite.length > 1 ? Math.sqrt(finite.reduce((a, e) => a + e * e, 0) / (finite.length - 1)) : 0;
  return {
    method: 'comb',
    fitted,
    residuals,
    sigma,
    params: { members: members.length, seasonalPeriod: adjuster ? period ?? 0 : 0 },
    forecast: (horizon) => restore(average(members.map((m) => m.forecast(horizon))), n),
    // Members' errors are highly correlated, so the mean of their spreads (not a smaller pooled one) is the honest start.
    forecastSd: (horizon) => average(members.map((m) => m.forecastSd(horizon))).map((sd, k) => sd * (adjuster ? adjuster.spreadFactorAt(n + k) : 1)),
  };
}

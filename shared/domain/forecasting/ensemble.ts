import { residualsOf, type FittedModel } from './model.js';

/**
 * The equal-weight average of fitted models: points, in-sample fits and spreads are
 * averaged (members' errors are strongly correlated, so the mean spread, not a smaller
 * pooled one, is the honest start before calibration). One member is itself.
 */
export function averageModels(values: readonly number[], models: readonly FittedModel[]): FittedModel {
  if (models.length === 1) return models[0]!;
  const average = (rows: readonly (readonly number[])[]) => rows[0]!.map((_, k) => rows.reduce((acc, row) => acc + (row[k] ?? Number.NaN), 0) / rows.length);
  const fitted = average(models.map((m) => m.fitted));
  const residuals = residualsOf(values, fitted);
  const finite = residuals.filter(Number.isFinite);
  return {
    method: 'ensemble',
    fitted,
    residuals,
    sigma: finite.length > 1 ? Math.sqrt(finite.reduce((a, e) => a + e * e, 0) / (finite.length - 1)) : 0,
    params: { members: models.length },
    forecast: (horizon) => average(models.map((m) => m.forecast(horizon))),
    forecastSd: (horizon) => average(models.map((m) => m.forecastSd(horizon))),
  };
}

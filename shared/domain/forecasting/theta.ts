import { etsForecastSd } from './ets.js';
import { etsModel, fitEts } from './ets-fit.js';
import { linearFit } from './stats.js';
import { type FittedModel } from './model.js';

/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000) in the form Hyndman &
 * Billah (2003) showed it to be, as R's `forecast::thetaf`: simple exponential smoothing
 * plus a drift of half the slope of the least-squares line,
 *   ŷ_{n+h} = ℓ_n + (b/2)·(h − 1 + (1 − (1 − α)^n)/α),
 * with SES intervals σ·sqrt(1 + (h − 1)α²). Seasonality is handled outside (the series
 * arrives deseasonalised, see seasonal-adjustment.ts), as thetaf does.
 */
export function fitTheta(values: readonly number[]): FittedModel {
  const n = values.length;
  const spec = { trend: 'none', season: 'none', period: 1 } as const;
  const { params } = fitEts(values, spec);
  const ses = etsModel('theta', values, spec, params);
  const halfSlope = linearFit(values).slope / 2;
  const alpha = params.alpha;
  const offset = (1 - (1 - alpha) ** n) / alpha;
  return {
    ...ses,
    params: { ...ses.params, drift: halfSlope },
    forecast: (horizon) => ses.forecast(horizon).map((value, i) => value + halfSlope * (i + offset)),
    forecastSd: (horizon) => etsForecastSd(spec, params, ses.sigma, horizon),
  };
}

/**
 * What every forecasting model gives once fitted to a series (oldest value first, one
 * value per day or month): its in-sample one-step fit, a residual scale, point forecasts
 * and the model's own idea of the h-step error spread (which backtests then calibrate).
 */

export const METHODS = ['naive', 'seasonal_naive', 'drift', 'moving_average', 'linear', 'ses', 'holt', 'holt_winters', 'theta'] as const;
/** A method a caller can ask for by name (`auto` chooses among them, or `comb`). */
export type MethodName = (typeof METHODS)[number];
/**
 * What a forecast reports as its method: a named one, the M4 combination (`comb`), the
 * average of the best few `auto` candidates (`ensemble`), or the run rate of a very short history.
 */
export type ReportedMethod = MethodName | 'comb' | 'ensemble' | 'run_rate';

export interface FittedModel {
  readonly method: ReportedMethod;
  /** One-step-ahead in-sample forecasts, aligned with the series (NaN where the model has none yet). */
  readonly fitted: readonly number[];
  /** Series minus fitted (NaN where fitted is NaN). */
  readonly residuals: readonly number[];
  /** Residual standard deviation per step, in the series' units (degrees of freedom as R's forecast package). */
  readonly sigma: number;
  /** Estimated parameters by name (alpha, beta, gamma, phi, drift, …), for tests and reports. */
  readonly params: Readonly<Record<string, number>>;
  /** Point forecasts for steps 1..horizon after the last value. */
  forecast(horizon: number): number[];
  /** Model-implied standard deviation of the 1..horizon step errors (uncalibrated). */
  forecastSd(horizon: number): number[];
}

/** Residuals of a fit: NaN where there is no fitted value. */
export function residualsOf(values: readonly number[], fitted: readonly number[]): number[] {
  return values.map((value, t) => value - (fitted[t] ?? Number.NaN));
}

/** Throws on programmer errors (the HTTP layer validates requests; here a bad call is a bug). */
export function assertValid(condition: boolean, message: string): asserts condition {
  if (!condition) throw new RangeError(message);
}

export function assertHorizon(horizon: number): void {
  assertValid(Number.isInteger(horizon) && horizon >= 1, `horizon must be an integer ≥ 1, got ${horizon}`);
}

export function assertSeries(values: readonly number[], minLength = 1): void {
  assertValid(values.length >= minLength, `the series needs at least ${minLength} value(s), got ${values.length}`);
  assertValid(values.every(Number.isFinite), 'the series must hold finite numbers only');
}

/**
 * Smallest error spread a forecast may claim: a perfect in-sample fit (a constant series)
 * has σ = 0, and a zero spread cannot be scaled by a calibration. A tiny floor relative to
 * the series' size keeps every standardised error finite.
 */
export function spreadFloor(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += Math.abs(value);
  return 1e-9 * (values.length === 0 ? 1 : total / values.length + 1);
}

/** The model's spreads for 1..horizon, floored and never NaN. */
export function flooredSpreads(model: FittedModel, horizon: number, floor: number): number[] {
  return model.forecastSd(horizon).map((sd, k) => (Number.isFinite(sd) && sd > floor ? sd : floor * Math.sqrt(k + 1)));
}

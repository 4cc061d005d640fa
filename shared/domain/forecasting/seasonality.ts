import { mean, normalQuantile } from './stats.js';

/**
 * Seasonality: the M4 competition's test (autocorrelation at the seasonal lag, as in
 * R's `forecast::thetaf`) and classical decomposition by moving averages (R's
 * `decompose`), multiplicative unless the series has zeros or negatives.
 */

/** The periods this service knows: a week of days, a year of months. */
export type SeasonalPeriod = 7 | 12;

/** Minimum number of full seasons before the test is even tried (the M4 rule). */
export const MIN_SEASONS_FOR_TEST = 3;

/** Sample autocorrelations r_1..r_maxLag (R's `acf`: demeaned, divided by n·variance). */
export function autocorrelations(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  const centre = mean(values);
  let denominator = 0;
  for (const value of values) denominator += (value - centre) ** 2;
  const result: number[] = [];
  for (let lag = 1; lag <= maxLag; lag += 1) {
    let numerator = 0;
    for (let t = lag; t < n; t += 1) numerator += (values[t]! - centre) * (values[t - lag]! - centre);
    result.push(denominator === 0 ? 0 : numerator / denominator);
  }
  return result;
}

/**
 * The M4 seasonality test at period m: |r_m| > q(0.95)·sqrt((1 + 2·Σ_{k<m} r_k²)/n),
 * i.e. significant at 90 % (two-sided), and only with at least 3·m points.
 */
export function isSeasonal(values: readonly number[], period: number): boolean {
  const n = values.length;
  if (period < 2 || n < MIN_SEASONS_FOR_TEST * period) return false;
  const r = autocorrelations(values, period);
  const rm = r[period - 1] ?? 0;
  let squares = 0;
  for (let k = 0; k < period - 1; k += 1) squares += (r[k] ?? 0) ** 2;
  const limit = normalQuantile(0.95) * Math.sqrt((1 + 2 * squares) / n);
  return Math.abs(rm) > limit;
}

/** The period to use: the candidate when the test finds it, otherwise null. */
export function detectSeasonality(values: readonly number[], candidate: number | null): number | null {
  return candidate !== null && isSeasonal(values, candidate) ? candidate : null;
}

export type DecompositionType = 'additive' | 'multiplicative';

export interface SeasonalDecomposition {
  type: DecompositionType;
  period: number;
  /** Seasonal figure by position: index i applies to t ≡ i (mod period), t counted from the series' first value. */
  figure: number[];
  /** Centred moving-average trend (NaN at the ends where the window does not fit). */
  trend: number[];
}

/** Multiplicative needs strictly positive values; a zero or negative anywhere means additive. */
export function decompositionTypeFor(values: readonly number[]): DecompositionType {
  return values.every((value) => value > 0) ? 'multiplicative' : 'additive';
}

/** Centred moving average of order `period` (2×m for even m, as R's `decompose`). */
export function centredMovingAverage(values: readonly number[], period: number): number[] {
  const n = values.length;
  const weights = period % 2 === 0 ? [0.5, ...new Array<number>(period - 1).fill(1), 0.5].map((w) => w / period) : new Array<number>(period).fill(1 / period);
  const half = Math.floor(weights.length / 2);
  return values.map((_, t) => {
    if (t - half < 0 || t + half >= n) return Number.NaN;
    let acc = 0;
    weights.forEach((w, k) => (acc += w * values[t - half + k]!));
    return acc;
  });
}

/** Classical decomposition (R `decompose`): needs at least two full periods. */
export function decompose(values: readonly number[], period: number, type: DecompositionType = decompositionTypeFor(values)): SeasonalDecomposition {
  if (values.length < 2 * period) throw new RangeError(`decompose needs two full periods (${2 * period} values), got ${values.length}`);
  const trend = centredMovingAverage(values, period);
  const totals = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  values.forEach((value, t) => {
    const level = trend[t]!;
    if (!Number.isFinite(level)) return;
    const ratio = type === 'multiplicative' ? value / level : value - level;
    if (!Number.isFinite(ratio)) return;
    totals[t % period]! += ratio;
    counts[t % period]! += 1;
  });
  const raw = totals.map((total, i) => (counts[i]! > 0 ? total / counts[i]! : type === 'multiplicative' ? 1 : 0));
  const centre = mean(raw);
  const figure = type === 'multiplicative' ? raw.map((s) => s / centre) : raw.map((s) => s - centre);
  return { type, period, figure, trend };
}

/**
 * Removes and restores a seasonal figure, aligned to the series it was estimated on:
 * `factorAt(t)` for t = 0..n-1 is in-sample, t ≥ n is the future.
 */
export interface SeasonalAdjuster {
  decomposition: SeasonalDecomposition;
  adjust(values: readonly number[]): number[];
  /** Puts the season back on forecasts for t = n, n+1, … */
  restore(forecasts: readonly number[], firstIndex: number): number[];
  /** Multiplier of a forecast's spread at index t (the seasonal factor, or 1 when additive). */
  spreadFactorAt(t: number): number;
}

export function seasonalAdjuster(values: readonly number[], period: number): SeasonalAdjuster | null {
  const decomposition = decompose(values, period);
  const { figure, type } = decomposition;
  // R's thetaf falls back to no adjustment when a seasonal index is (nearly) zero.
  if (type === 'multiplicative' && figure.some((s) => Math.abs(s) < 1e-10)) return null;
  const at = (t: number) => figure[t % period]!;
  return {
    decomposition,
    adjust: (series) => series.map((value, t) => (type === 'multiplicative' ? value / at(t) : value - at(t))),
    restore: (forecasts, firstIndex) => forecasts.map((value, k) => (type === 'multiplicative' ? value * at(firstIndex + k) : value + at(firstIndex + k))),
    spreadFactorAt: (t) => (type === 'multiplicative' ? at(t) : 1),
  };
}

/**
 * The exponential smoothing recursions in innovations (error-correction) form, as in
 * Hyndman et al. (2008) and R's `ets` with additive errors:
 *   μ_t = (ℓ + φb) ⊕ s_{t−m},   e_t = y_t − μ_t
 *   ℓ' = ℓ + φb + α·e (÷ s for multiplicative seasons), b' = φb + β·e (÷ s), s' = s + γ·e (÷ (ℓ + φb)).
 * SES is (no trend, no season), Holt is (additive or damped trend), Holt-Winters adds a
 * season. With the same parameters this is the textbook Holt-Winters recursion (β = α·β*).
 */

export type TrendKind = 'none' | 'additive' | 'damped';
export type SeasonKind = 'none' | 'additive' | 'multiplicative';

export interface EtsSpec {
  trend: TrendKind;
  season: SeasonKind;
  /** Season length (1 when there is no season). */
  period: number;
}

export interface EtsParams {
  alpha: number;
  /** Trend smoothing in `ets` form (0 ≤ β ≤ α); ignored without a trend. */
  beta: number;
  /** Seasonal smoothing in `ets` form (0 ≤ γ ≤ 1 − α); ignored without a season. */
  gamma: number;
  /** Damping (1 for an undamped trend). */
  phi: number;
  level0: number;
  trend0: number;
  /** Seasonal states s_{1−m} … s_0, oldest first: seasons0[0] is the season of the first value. */
  seasons0: readonly number[];
}

export interface EtsState {
  level: number;
  trend: number;
  /** Latest seasonal state per position t mod m. */
  seasons: number[];
}

export interface EtsRun {
  fitted: number[];
  errors: number[];
  sse: number;
  final: EtsState;
}

const effectivePhi = (spec: EtsSpec, params: EtsParams) => (spec.trend === 'damped' ? params.phi : spec.trend === 'additive' ? 1 : 0);

/** Runs the recursion over `values` from the initial states in `params`. */
export function etsFilter(values: readonly number[], spec: EtsSpec, params: EtsParams): EtsRun {
  const { alpha, beta, gamma } = params;
  const phi = effectivePhi(spec, params);
  const hasTrend = spec.trend !== 'none';
  const m = spec.season === 'none' ? 1 : spec.period;
  const seasons = spec.season === 'none' ? [0] : [...params.seasons0];
  const multiplicative = spec.season === 'multiplicative';
  let level = params.level0;
  let trend = hasTrend ? params.trend0 : 0;
  const fitted = new Array<number>(values.length);
  const errors = new Array<number>(values.length);
  let sse = 0;
  for (let t = 0; t < values.length; t += 1) {
    const position = t % m;
    const season = seasons[position]!;
    const base = level + phi * trend;
    const mu = spec.season === 'none' ? base : multiplicative ? base * season : base + season;
    const e = values[t]! - mu;
    fitted[t] = mu;
    errors[t] = e;
    sse += e * e;
    const scaled = multiplicative ? e / season : e;
    level = base + alpha * scaled;
    if (hasTrend) trend = phi * trend + beta * scaled;
    if (spec.season !== 'none') seasons[position] = multiplicative ? season + (gamma * e) / base : season + gamma * e;
  }
  return { fitted, errors, sse, final: { level, trend, seasons } };
}

/** Point forecasts 1..horizon from the state after `n` values. */
export function etsForecast(spec: EtsSpec, params: EtsParams, state: EtsState, n: number, horizon: number): number[] {
  const phi = effectivePhi(spec, params);
  const m = spec.season === 'none' ? 1 : spec.period;
  const result: number[] = [];
  let damped = 0;
  let power = 1;
  for (let h = 1; h <= horizon; h += 1) {
    power *= phi;
    damped += power;
    const base = state.level + damped * state.trend;
    const season = state.seasons[(n + h - 1) % m] ?? 0;
    result.push(spec.season === 'none' ? base : spec.season === 'multiplicative' ? base * season : base + season);
  }
  return result;
}

/**
 * Standard deviations of the h-step errors, σ·sqrt(1 + Σ_{j<h} c_j²) with
 * c_j = α + β(φ + … + φ^j) + γ·[j ≡ 0 mod m] (exact for additive models, Hyndman et al.
 * 2008 table 6.1; an approximation for multiplicative seasons, which the calibration absorbs).
 */
export function etsForecastSd(spec: EtsSpec, params: EtsParams, sigma: number, horizon: number): number[] {
  const phi = effectivePhi(spec, params);
  const hasTrend = spec.trend !== 'none';
  const hasSeason = spec.season !== 'none';
  const result: number[] = [];
  let variance = 1;
  let damped = 0;
  let power = 1;
  for (let h = 1; h <= horizon; h += 1) {
    result.push(sigma * Math.sqrt(variance));
    const j = h;
    power *= phi;
    damped += power;
    const c = params.alpha + (hasTrend ? params.beta * damped : 0) + (hasSeason && j % spec.period === 0 ? params.gamma : 0);
    variance += c * c;
  }
  return result;
}

/** Number of states the fit estimated (level, trend, m − 1 free seasons), for degrees of freedom. */
export function stateCount(spec: EtsSpec): number {
  return 1 + (spec.trend === 'none' ? 0 : 1) + (spec.season === 'none' ? 0 : spec.period - 1);
}

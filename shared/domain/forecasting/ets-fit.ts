import { decompose } from './seasonality.js';
import { etsFilter, etsForecast, etsForecastSd, stateCount, type EtsParams, type EtsSpec } from './ets.js';
import { linearFit, solveLinearSystem } from './stats.js';
import { minimizeOnInterval, nelderMead } from './optimize.js';
import { residualsOf, type FittedModel, type ReportedMethod } from './model.js';

/**
 * Estimating exponential smoothing by least squares of the one-step errors (the
 * maximum-likelihood estimate for additive errors, as R's `ets`). For additive models
 * the fitted values are linear in the initial states, so for given smoothing parameters
 * the best states are a small least-squares problem: only α, β, γ, φ are searched
 * (golden-section for SES, Nelder–Mead otherwise). Multiplicative seasons are not
 * linear: their states start from a classical decomposition and join the search.
 * Bounds as `ets`: α ∈ [1e-4, 0.9999], β ≤ α, γ ≤ 1 − α, φ ∈ [0.8, 0.98].
 */

export const ALPHA_BOUNDS = [1e-4, 0.9999] as const;
export const PHI_BOUNDS = [0.8, 0.98] as const;
/** Relative SSE change at which a search stops: far below any difference a forecast would show. */
const FIT_TOLERANCE = 1e-8;

export interface SmoothingParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

type StateVector = Pick<EtsParams, 'level0' | 'trend0' | 'seasons0'>;

const zeroStates = (spec: EtsSpec): StateVector => ({ level0: 0, trend0: 0, seasons0: new Array<number>(spec.season === 'none' ? 0 : spec.period).fill(0) });

/** The state vectors whose responses span the initial states (additive seasons sum to zero). */
function unitStates(spec: EtsSpec): StateVector[] {
  const units: StateVector[] = [{ ...zeroStates(spec), level0: 1 }];
  if (spec.trend !== 'none') units.push({ ...zeroStates(spec), trend0: 1 });
  if (spec.season === 'additive') {
    for (let j = 1; j < spec.period; j += 1) {
      const seasons0 = new Array<number>(spec.period).fill(0);
      seasons0[j] = 1;
      seasons0[0] = -1;
      units.push({ ...zeroStates(spec), seasons0 });
    }
  }
  return units;
}

/**
 * One pass over the series that runs the recursion for the data (from zero states) and,
 * alongside, for each unit initial state (with zero data): the fitted values are linear
 * in the initial states, so these responses are the columns of a least-squares problem.
 * Returns the normal equations. Typed arrays and one loop: this is the inner loop of every fit.
 */
function normalEquations(values: readonly number[], spec: EtsSpec, smoothing: SmoothingParams, units: readonly StateVector[]): { gram: number[][]; rhs: number[] } {
  const { alpha, beta, gamma } = smoothing;
  const phi = spec.trend === 'damped' ? smoothing.phi : spec.trend === 'additive' ? 1 : 0;
  const m = spec.season === 'none' ? 1 : spec.period;
  const systems = units.length + 1;
  const level = new Float64Array(systems);
  const trend = new Float64Array(systems);
  const seasons = new Float64Array(systems * m);
  units.forEach((unit, j) => {
    level[j + 1] = unit.level0;
    trend[j + 1] = unit.trend0;
    unit.seasons0.forEach((value, i) => (seasons[(j + 1) * m + i] = value));
  });
  const k = units.length;
  const mu = new Float64Array(systems);
  const gram = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rhs = new Array<number>(k).fill(0);
  const seasonal = spec.season !== 'none';
  for (let t = 0; t < values.length; t += 1) {
    const position = t % m;
    for (let j = 0; j < systems; j += 1) {
      const base = level[j]! + phi * trend[j]!;
      const season = seasonal ? seasons[j * m + position]! : 0;
      const fitted = base + season;
      mu[j] = fitted;
      const e = (j === 0 ? values[t]! : 0) - fitted;
      level[j] = base + alpha * e;
      trend[j] = phi * trend[j]! + beta * e;
      if (seasonal) seasons[j * m + position] = season + gamma * e;
    }
    const target = values[t]! - mu[0]!;
    for (let a = 0; a < k; a += 1) {
      const da = mu[a + 1]!;
      rhs[a]! += da * target;
      const row = gram[a]!;
      for (let b = a; b < k; b += 1) row[b]! += da * mu[b + 1]!;
    }
  }
  for (let a = 0; a < k; a += 1) for (let b = 0; b < a; b += 1) gram[a]![b] = gram[b]![a]!;
  return { gram, rhs };
}

/** Best initial states for additive models given the smoothing parameters, and the resulting SSE. */
export function profileStates(values: readonly number[], spec: EtsSpec, smoothing: SmoothingParams): { params: EtsParams; sse: number } {
  const units = unitStates(spec);
  const { gram, rhs } = normalEquations(values, spec, smoothing, units);
  const k = units.length;
  // A whisper of ridge keeps nearly collinear states (a long damped series) solvable.
  const ridge = 1e-12 * (gram.reduce((acc, row, i) => acc + row[i]!, 0) / k + 1);
  gram.forEach((row, i) => (row[i]! += ridge));
  const solution = solveLinearSystem(gram, rhs) ?? new Array<number>(k).fill(0);
  const states = zeroStates(spec);
  const seasons0 = [...states.seasons0];
  units.forEach((unit, i) => {
    const weight = solution[i]!;
    states.level0 += weight * unit.level0;
    states.trend0 += weight * unit.trend0;
    unit.seasons0.forEach((s, j) => (seasons0[j]! += weight * s));
  });
  const params: EtsParams = { ...smoothing, ...states, seasons0 };
  return { params, sse: etsFilter(values, spec, params).sse };
}

/** Smoothing parameters from the unit box the optimiser searches: [α, β/α, γ/(1−α), (φ−0.8)/0.18]. */
function smoothingFromBox(spec: EtsSpec, box: readonly number[]): SmoothingParams {
  const alpha = box[0]!;
  let i = 1;
  const beta = spec.trend === 'none' ? 0 : alpha * box[i++]!;
  const gamma = spec.season === 'none' ? 0 : (1 - alpha) * box[i++]!;
  const phi = spec.trend === 'damped' ? PHI_BOUNDS[0] + (PHI_BOUNDS[1] - PHI_BOUNDS[0]) * box[i++]! : 1;
  return { alpha, beta, gamma, phi };
}

function boxDimensions(spec: EtsSpec): { start: number[]; lower: number[]; upper: number[] } {
  const start = [0.5];
  const lower: number[] = [ALPHA_BOUNDS[0]];
  const upper: number[] = [ALPHA_BOUNDS[1]];
  if (spec.trend !== 'none') (start.push(0.1), lower.push(1e-4), upper.push(1));
  if (spec.season !== 'none') (start.push(0.1), lower.push(1e-4), upper.push(1));
  if (spec.trend === 'damped') (start.push(0.5), lower.push(0), upper.push(1));
  return { start, lower, upper };
}

/** Heuristic initial states (R `ets` style): seasons from a classical decomposition, level and trend from a line through the first deseasonalised values. */
export function heuristicStates(values: readonly number[], spec: EtsSpec): StateVector {
  const m = spec.season === 'none' ? 1 : spec.period;
  let seasons0: number[] = [];
  let adjusted = [...values];
  if (spec.season !== 'none') {
    const window = values.slice(0, Math.min(values.length, Math.max(2 * m, Math.min(3 * m, values.length))));
    seasons0 = decompose(window, m, spec.season).figure;
    adjusted = values.map((v, t) => (spec.season === 'multiplicative' ? v / seasons0[t % m]! : v - seasons0[t % m]!));
  }
  const head = adjusted.slice(0, Math.min(adjusted.length, Math.max(10, m)));
  const line = linearFit(head);
  return { level0: line.intercept, trend0: spec.trend === 'none' ? 0 : line.slope, seasons0 };
}

export interface EtsFit {
  spec: EtsSpec;
  params: EtsParams;
  sse: number;
}

/** Least-squares fit of the smoothing parameters and initial states. */
export function fitEts(values: readonly number[], spec: EtsSpec): EtsFit {
  if (spec.season === 'multiplicative') return fitMultiplicative(values, spec);
  if (spec.trend === 'none' && spec.season === 'none') {
    const best = minimizeOnInterval((alpha) => profileStates(values, spec, { alpha, beta: 0, gamma: 0, phi: 1 }).sse, ALPHA_BOUNDS[0], ALPHA_BOUNDS[1]);
    const { params, sse } = profileStates(values, spec, { alpha: best.x, beta: 0, gamma: 0, phi: 1 });
    return { spec, params, sse };
  }
  const { start, lower, upper } = boxDimensions(spec);
  const objective = (box: number[]) => profileStates(values, spec, smoothingFromBox(spec, box)).sse;
  const options = { lower, upper, tolerance: FIT_TOLERANCE, maxEvaluations: 150 * start.length };
  let best = nelderMead(objective, start, { ...options, steps: start.map(() => 0.2) });
  // One restart from the optimum: Nelder–Mead can stall on a collapsed simplex.
  best = nelderMead(objective, best.point, { ...options, steps: start.map(() => 0.05) });
  const { params, sse } = profileStates(values, spec, smoothingFromBox(spec, best.point));
  return { spec, params, sse };
}

function fitMultiplicative(values: readonly number[], spec: EtsSpec): EtsFit {
  const m = spec.period;
  const initial = heuristicStates(values, spec);
  const { start, lower, upper } = boxDimensions(spec);
  const smoothOnly = nelderMead((box) => etsFilter(values, spec, { ...smoothingFromBox(spec, box), ...initial }).sse, start, { lower, upper, steps: start.map(() => 0.2), tolerance: FIT_TOLERANCE });
  // Then everything together: the smoothing box, the level and trend, and m − 1 seasons (the last keeps their mean at 1).
  const scale = Math.max(1e-9, Math.abs(initial.level0));
  const joint0 = [...smoothOnly.point, initial.level0, initial.trend0, ...initial.seasons0.slice(0, m - 1)];
  const unpack = (x: readonly number[]): EtsParams => {
    const d = start.length;
    const free = x.slice(d + 2, d + 2 + m - 1);
    const seasons0 = [...free, m - free.reduce((a, b) => a + b, 0)];
    return { ...smoothingFromBox(spec, x.slice(0, d)), level0: x[d]!, trend0: x[d + 1]!, seasons0 };
  };
  const jointLower = [...lower, -Infinity, -Infinity, ...new Array<number>(m - 1).fill(1e-3)];
  const jointUpper = [...upper, Infinity, Infinity, ...new Array<number>(m - 1).fill(m)];
  const steps = [...start.map(() => 0.1), 0.05 * scale, 0.05 * scale + Math.abs(initial.trend0) * 0.5, ...new Array<number>(m - 1).fill(0.05)];
  const objective = (x: number[]) => {
    const params = unpack(x);
    return params.seasons0.some((s) => s <= 0) ? Infinity : etsFilter(values, spec, params).sse;
  };
  const bounds = { lower: jointLower, upper: jointUpper, tolerance: FIT_TOLERANCE, maxEvaluations: 100 * joint0.length };
  let best = nelderMead(objective, joint0, { ...bounds, steps });
  best = nelderMead(objective, best.point, { ...bounds, steps: steps.map((s) => s / 4) });
  const params = unpack(best.point);
  return { spec, params, sse: etsFilter(values, spec, params).sse };
}

/** Wraps a fit (or given parameters) as a FittedModel; `estimatedCount` sets the degrees of freedom of σ. */
export function etsModel(method: ReportedMethod, values: readonly number[], spec: EtsSpec, params: EtsParams, estimatedCount?: number): FittedModel {
  const run = etsFilter(values, spec, params);
  const smoothingCount = 1 + (spec.trend === 'none' ? 0 : 1) + (spec.season === 'none' ? 0 : 1) + (spec.trend === 'damped' ? 1 : 0);
  const k = estimatedCount ?? smoothingCount + stateCount(spec);
  const sigma = Math.sqrt(run.sse / Math.max(1, values.length - k));
  const n = values.length;
  return {
    method,
    fitted: run.fitted,
    residuals: residualsOf(values, run.fitted),
    sigma,
    params: { alpha: params.alpha, beta: params.beta, gamma: params.gamma, phi: params.phi, level0: params.level0, trend0: params.trend0, level: run.final.level, trend: run.final.trend },
    forecast: (horizon) => etsForecast(spec, params, run.final, n, horizon),
    forecastSd: (horizon) => etsForecastSd(spec, params, sigma, horizon),
  };
}

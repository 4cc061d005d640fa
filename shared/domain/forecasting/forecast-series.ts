import { selectMethod } from './auto.js';
import { fitRunRate } from './baseline-models.js';
import { meanMase, planBacktest, runBacktest, type OriginResult } from './backtest.js';
import { calibrate, fallbackCalibration, leaveOneOutCoverage, type Calibration } from './calibration.js';
import { applyGrowth, clampNonNegative, stepIntervals, totalInterval, type PointForecast, type TotalForecast } from './intervals.js';
import { averageModels } from './ensemble.js';
import { fitMethod, type FitContext, type FitMethodName } from './methods.js';
import { assertHorizon, assertSeries, assertValid, flooredSpreads, spreadFloor, type FittedModel, type MethodName, type ReportedMethod } from './model.js';
import { detectSeasonality } from './seasonality.js';
import { guardFinalSpike } from './spike-guard.js';

/**
 * The forecasting entry point: a series (oldest first), a horizon, the period the data
 * could have (7 for days, 12 for months) and the levels wanted. `auto` ranks the methods
 * by rolling-origin backtest and averages the best few; intervals are calibrated on the
 * same backtest; a history
 * of fewer than 3 values is forecast by its run rate with wide intervals.
 */

export const DEFAULT_LEVELS = [80, 95] as const;
/** Fewest values a model is fitted to; shorter histories use the run rate. */
export const MIN_MODEL_HISTORY = 3;

export interface ForecastSeriesRequest {
  values: readonly number[];
  horizon: number;
  /** The seasonal period the granularity allows (7 daily, 12 monthly) or null; the M4 test decides whether it is used. */
  seasonalPeriod: number | null;
  /** Interval levels in percent, each in 50..99 (default 80 and 95). */
  levels?: readonly number[];
  method?: MethodName | 'auto';
  /** A planned change (e.g. 15 for +15 %), reached linearly by the last step. */
  growthPercent?: number;
  /** Floors points and bounds at zero. */
  nonNegative?: boolean;
}

export interface BacktestSummary {
  /** Mean MASE of the method over the backtest windows. */
  mase: number;
  /** The same for seasonal naive (naive without a period). */
  baselineMase: number;
  baseline: 'seasonal_naive';
  /** Share of backtest points inside each level's interval, each window checked against a calibration from the others. */
  coverage: Record<string, number>;
  windows: number;
  horizon: number;
}

export interface SeriesForecast {
  method: ReportedMethod;
  /** The methods averaged (one for a named method; the best three of the backtest for `auto`). */
  members: ReportedMethod[];
  seasonality: number | null;
  points: PointForecast[];
  total: TotalForecast;
  backtest: BacktestSummary | null;
}

/** What `forecastSeries` computed, before growth and clamping (the budget projection builds on it). */
export interface ForecastModelRun {
  model: FittedModel;
  members: ReportedMethod[];
  seasonality: number | null;
  levels: number[];
  points: number[];
  spreads: number[];
  calibration: Calibration;
  backtest: BacktestSummary | null;
}

function normaliseLevels(levels: readonly number[] | undefined): number[] {
  const wanted = [...(levels ?? DEFAULT_LEVELS)];
  assertValid(wanted.length > 0, 'at least one interval level is needed');
  wanted.forEach((level) => assertValid(Number.isFinite(level) && level >= 50 && level <= 99, `interval levels must be within 50..99, got ${level}`));
  return [...new Set(wanted)].sort((a, b) => a - b);
}

/** Fits, backtests and calibrates; no growth, no clamping. */
export function runForecastModel(request: ForecastSeriesRequest): ForecastModelRun {
  const { values, horizon, seasonalPeriod } = request;
  assertSeries(values);
  assertHorizon(horizon);
  assertValid(seasonalPeriod === null || (Number.isInteger(seasonalPeriod) && seasonalPeriod >= 2), `seasonalPeriod must be null or an integer ≥ 2, got ${seasonalPeriod}`);
  const levels = normaliseLevels(request.levels);
  if (values.length < MIN_MODEL_HISTORY) {
    const model = fitRunRate(values);
    const floor = spreadFloor(values);
    // The run rate's σ is already deliberately wide: no further inflation.
    return { model, members: [model.method], seasonality: null, levels, points: model.forecast(horizon), spreads: flooredSpreads(model, horizon, floor), calibration: fallbackCalibration(1), backtest: null };
  }
  const seasonality = detectSeasonality(values, seasonalPeriod);
  const context: FitContext = { seasonality, candidatePeriod: seasonalPeriod };
  const plan = planBacktest(values.length, seasonalPeriod, horizon);
  const requested = request.method ?? 'auto';
  let members: FitMethodName[];
  let results: OriginResult[] = [];
  let baseline: OriginResult[] | undefined;
  if (requested === 'auto') {
    if (plan === null) {
      // Too short to backtest: a level model, the safest guess.
      members = ['ses'];
    } else {
      const selection = selectMethod(values, context, plan);
      members = selection.members;
      results = selection.results;
      baseline = selection.baseline;
    }
  } else {
    members = [requested];
    if (plan !== null) results = runBacktest(values, plan, seasonalPeriod, (train) => fitMethod(requested, train, context));
  }
  if (plan !== null && baseline === undefined) baseline = runBacktest(values, plan, seasonalPeriod, (train) => fitMethod('seasonal_naive', train, context));
  // The spike guard belongs to `auto`; a named method is taken literally.
  const series = requested === 'auto' ? guardFinalSpike(values, seasonality).values : [...values];
  const fits = members.map((method) => fitMethod(method, series, context));
  const model = averageModels(series, fits);
  const backtest: BacktestSummary | null =
    plan === null || results.length === 0
      ? null
      : {
          mase: meanMase(results),
          baselineMase: meanMase(baseline ?? []),
          baseline: 'seasonal_naive',
          coverage: leaveOneOutCoverage(results, levels),
          windows: results.length,
          horizon: plan.horizon,
        };
  return {
    model,
    members: fits.map((fit) => fit.method),
    seasonality,
    levels,
    points: model.forecast(horizon),
    spreads: flooredSpreads(model, horizon, spreadFloor(values)),
    calibration: calibrate(results),
    backtest,
  };
}

export function forecastSeries(request: ForecastSeriesRequest): SeriesForecast {
  const run = runForecastModel(request);
  let points = stepIntervals(run.points, run.spreads, run.levels, run.calibration);
  let total = totalInterval(run.points, run.spreads, run.levels, run.calibration);
  if (request.growthPercent !== undefined && request.growthPercent !== 0) {
    assertValid(Number.isFinite(request.growthPercent), 'growthPercent must be a finite number');
    ({ points, total } = applyGrowth(points, total, request.growthPercent));
  }
  if (request.nonNegative) ({ points, total } = clampNonNegative(points, total));
  return { method: run.model.method, members: run.members, seasonality: run.seasonality, points, total, backtest: run.backtest };
}

import type { Calibration } from './calibration.js';
import { runForecastModel } from './forecast-series.js';
import type { MethodName, ReportedMethod } from './model.js';

/**
 * A budget's daily spend model, fitted once and projected many times: what the expensive
 * part of a forecast (selection by backtest, fitting, calibration) leaves behind, as plain
 * numbers a store can keep. Projecting from it with the live counter is cheap, so the
 * forecast route reads a stored model instead of fitting on every request.
 */

/** The whole levels a request may ask for (API.md: each 50..99): the model keeps a multiplier for each. */
export const LOWEST_LEVEL = 50;
export const HIGHEST_LEVEL = 99;

export interface DailySpendModel {
  method: ReportedMethod;
  seasonality: number | null;
  /** Full-day spend forecasts, the first for the day after the history. */
  points: number[];
  /** The model's error spread of each of those days. */
  spreads: number[];
  /** Calibrated half-widths in units of the spread, per whole level from LOWEST_LEVEL (index level − 50). */
  stepMultipliers: number[];
  totalMultipliers: number[];
  /** Windows the calibration saw (0: the model's own spread, inflated). */
  calibrationWindows: number;
}

const wholeLevels = Array.from({ length: HIGHEST_LEVEL - LOWEST_LEVEL + 1 }, (_, k) => LOWEST_LEVEL + k);

/** What a model is fitted to: the complete days, or on a budget's first day (none complete yet) its spend so far, the only evidence. */
export function historyForFit(completeDays: readonly number[], todaySoFar: number): readonly number[] {
  return completeDays.length > 0 ? completeDays : [Math.max(todaySoFar, 0)];
}

/** The model of complete days of spend (oldest first) for `horizon` days after them. */
export function fitDailySpendModel(completeDays: readonly number[], horizon: number, method: MethodName | 'auto' = 'auto'): DailySpendModel {
  const run = runForecastModel({ values: completeDays, horizon, seasonalPeriod: 7, method });
  return {
    method: run.model.method,
    seasonality: run.seasonality,
    points: run.points,
    spreads: run.spreads,
    stepMultipliers: wholeLevels.map((level) => run.calibration.stepMultiplier(level)),
    totalMultipliers: wholeLevels.map((level) => run.calibration.totalMultiplier(level)),
    calibrationWindows: run.calibration.windows,
  };
}

/** The model's calibration again, for whole levels 50..99. */
export function calibrationOf(model: DailySpendModel): Calibration {
  const at = (table: readonly number[], level: number) => {
    const value = table[level - LOWEST_LEVEL];
    if (!Number.isInteger(level) || value === undefined) throw new RangeError(`interval levels must be whole percents within ${LOWEST_LEVEL}..${HIGHEST_LEVEL}, got ${level}`);
    return value;
  };
  return {
    stepMultiplier: (level) => at(model.stepMultipliers, level),
    totalMultiplier: (level) => at(model.totalMultipliers, level),
    windows: model.calibrationWindows,
  };
}

import { calibrationOf, fitDailySpendModel, historyForFit, type DailySpendModel } from './daily-model.js';
import { DEFAULT_LEVELS } from './forecast-series.js';
import type { Interval, PointForecast } from './intervals.js';
import { assertValid, type MethodName, type ReportedMethod } from './model.js';
import { normalCdf, zForLevel } from './stats.js';

/**
 * A budget period's projection from its daily spend: where spend lands at period end
 * (p50 and intervals), the chance it ends above the limit, and when cumulative spend is
 * projected to reach the limit. Day indexes count from today (0 = today).
 */

/** Today, when it is the first projected day: what it has spent so far and how much of it has gone by. */
export interface PartialToday {
  spentSoFar: number;
  /** Share of the local day already elapsed, 0..1: the rest of the day's forecast is still to come. */
  elapsedShare: number;
}

export interface Projection {
  /** Spent in the period so far (what status reports), including today's partial spend. */
  spentToDate: number;
  limit: number;
  /** Whole days left in the period after today. */
  daysRemaining: number;
  /** Null when the first projected day is tomorrow (the history's last day is complete). */
  today: PartialToday | null;
  levels?: readonly number[];
}

export interface ProjectPeriodRequest extends Projection {
  /** Complete days of spend, oldest first (today's partial spend is in `today`). */
  completeDays: readonly number[];
  method?: MethodName | 'auto';
}

export interface Exhaustion {
  /** First day (0 = today) the p50 cumulative spend reaches the limit, null if not within the period. */
  index: number | null;
  /** The same for the upper bound of the widest level. */
  earliest: number | null;
  /** The same for the lower bound of the widest level. */
  latest: number | null;
}

export interface PeriodProjection {
  method: ReportedMethod;
  seasonality: number | null;
  /** p50 of spend at period end. */
  projectedSpend: number;
  intervals: Interval[];
  /** P(spend at period end > limit), from the calibrated spread of backtest totals. */
  probabilityOfExceeding: number;
  exhaustion: Exhaustion;
  /** Full-day spend forecasts from the first projected day (today when partial, else tomorrow). */
  daily: PointForecast[];
  /** Cumulative spend at the end of each projected day: p50 and the calibrated cone of every level (the last is `projectedSpend` and `intervals`). */
  cumulative: PointForecast[];
}

/** Days the model must cover for a projection: the rest of the period, today included when partial. */
export const projectionHorizon = (projection: Pick<Projection, 'daysRemaining' | 'today'>) => projection.daysRemaining + (projection.today ? 1 : 0);

/** Index of the first cumulative value at or above the limit. */
const firstReaching = (cumulative: readonly number[], limit: number, offset: number) => {
  const k = cumulative.findIndex((value) => value >= limit);
  return k < 0 ? null : k + offset;
};

/** Fits the daily model to the complete days, then projects: the one-shot form (the budget route keeps the model). */
export function projectPeriod(request: ProjectPeriodRequest): PeriodProjection & { model: DailySpendModel } {
  const history = historyForFit(request.completeDays, request.today?.spentSoFar ?? 0);
  const model = fitDailySpendModel(history, Math.max(projectionHorizon(request), 1), request.method ?? 'auto');
  return { ...projectWithModel(model, request), model };
}

/** The period's projection from a fitted daily model whose first point is the first projected day. */
export function projectWithModel(model: DailySpendModel, projection: Projection): PeriodProjection {
  const { spentToDate, limit, daysRemaining, today } = projection;
  assertValid(Number.isInteger(daysRemaining) && daysRemaining >= 0, `daysRemaining must be an integer ≥ 0, got ${daysRemaining}`);
  assertValid(Number.isFinite(spentToDate) && Number.isFinite(limit), 'spentToDate and limit must be finite');
  assertValid(today === null || (today.elapsedShare >= 0 && today.elapsedShare <= 1), 'elapsedShare must be within 0..1');
  const horizon = projectionHorizon(projection);
  assertValid(model.points.length >= horizon, `the model covers ${model.points.length} days, the projection needs ${horizon}`);
  const levels = [...new Set(projection.levels ?? DEFAULT_LEVELS)].sort((a, b) => a - b);
  const calibration = calibrationOf(model);
  const widest = levels[levels.length - 1]!;
  const offset = today ? 0 : 1;
  // What is still to be spent each day: of today, only the share of the day still to come.
  const remainingShare = (k: number) => (k === 0 && today ? 1 - today.elapsedShare : 1);
  const increments = model.points.slice(0, horizon).map((p, k) => Math.max(p, 0) * remainingShare(k));
  const spreads = model.spreads.slice(0, horizon).map((s, k) => s * remainingShare(k));
  const cumulative: number[] = [];
  const cumulativeSpread: number[] = [];
  let total = spentToDate;
  let totalSpread = 0;
  increments.forEach((increment, k) => {
    total += increment;
    totalSpread += spreads[k]!;
    cumulative.push(total);
    cumulativeSpread.push(totalSpread);
  });
  const projectedSpend = total;
  // The same cone as `cumulative` below at its last day (kept apart for a horizon of zero days).
  const intervals = levels.map((level) => {
    const half = calibration.totalMultiplier(level) * totalSpread;
    // Spend already made cannot be unspent.
    return { level, lower: Math.max(spentToDate, projectedSpend - half), upper: projectedSpend + half };
  });
  // The spread of the total as a normal scale, read off the calibrated 80 % interval.
  const scale = (calibration.totalMultiplier(80) / zForLevel(80)) * totalSpread;
  const probabilityOfExceeding =
    spentToDate > limit ? 1 : scale > 0 ? 1 - normalCdf((limit - projectedSpend) / scale) : projectedSpend > limit ? 1 : 0;
  const widestMultiplier = calibration.totalMultiplier(widest);
  const exhaustion: Exhaustion =
    spentToDate >= limit
      ? { index: 0, earliest: 0, latest: 0 }
      : {
          index: firstReaching(cumulative, limit, offset),
          earliest: firstReaching(cumulative.map((c, k) => c + widestMultiplier * cumulativeSpread[k]!), limit, offset),
          latest: firstReaching(cumulative.map((c, k) => c - widestMultiplier * cumulativeSpread[k]!), limit, offset),
        };
  const daily = increments.map((increment, k): PointForecast => {
    // Today's figure is the whole day's: what it has spent plus what is still to come.
    const floor = k === 0 && today ? today.spentSoFar : 0;
    const forecast = floor + increment;
    return {
      forecast,
      intervals: levels.map((level) => {
        const half = calibration.stepMultiplier(level) * spreads[k]!;
        return { level, lower: Math.max(floor, Math.min(forecast - half, forecast)), upper: Math.max(forecast + half, forecast) };
      }),
    };
  });
  const cone = cumulative.map((p50, k): PointForecast => ({
    forecast: p50,
    intervals: levels.map((level) => {
      const half = calibration.totalMultiplier(level) * cumulativeSpread[k]!;
      return { level, lower: Math.max(spentToDate, p50 - half), upper: p50 + half };
    }),
  }));
  return { method: model.method, seasonality: model.seasonality, projectedSpend, intervals, probabilityOfExceeding, exhaustion, daily, cumulative: cone };
}

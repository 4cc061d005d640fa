import { runForecastModel, type BacktestSummary } from './forecast-series.js';
import { stepIntervals, type Interval, type PointForecast } from './intervals.js';
import { assertValid, type MethodName, type ReportedMethod } from './model.js';
import { normalCdf, zForLevel } from './stats.js';

/**
 * A budget period's projection from its daily spend: where spend lands at period end
 * (p50 and intervals), the chance it ends above the limit, and when cumulative spend is
 * projected to reach the limit. Day indexes count from today (0 = today).
 */

export interface ProjectPeriodRequest {
  /** Daily spend, oldest first; the last entry is today's spend so far when `lastDayPartial`. */
  dailySpend: readonly number[];
  lastDayPartial: boolean;
  /** Spent in the period so far (what status reports), including today's partial spend. */
  spentToDate: number;
  limit: number;
  /** Whole days left in the period after today. */
  daysRemaining: number;
  levels?: readonly number[];
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
  backtest: BacktestSummary | null;
}

/** Index of the first cumulative value at or above the limit. */
const firstReaching = (cumulative: readonly number[], limit: number, offset: number) => {
  const k = cumulative.findIndex((value) => value >= limit);
  return k < 0 ? null : k + offset;
};

export function projectPeriod(request: ProjectPeriodRequest): PeriodProjection {
  const { dailySpend, lastDayPartial, spentToDate, limit, daysRemaining } = request;
  assertValid(Number.isInteger(daysRemaining) && daysRemaining >= 0, `daysRemaining must be an integer ≥ 0, got ${daysRemaining}`);
  assertValid(Number.isFinite(spentToDate) && Number.isFinite(limit), 'spentToDate and limit must be finite');
  const todaySoFar = lastDayPartial ? (dailySpend[dailySpend.length - 1] ?? 0) : 0;
  const complete = lastDayPartial ? dailySpend.slice(0, -1) : [...dailySpend];
  // A period's first day has no complete day yet: today's spend so far is the only evidence.
  const history = complete.length > 0 ? complete : [Math.max(todaySoFar, 0)];
  const horizon = daysRemaining + (lastDayPartial ? 1 : 0);
  const offset = lastDayPartial ? 0 : 1;
  const run = runForecastModel({ values: history, horizon: Math.max(horizon, 1), seasonalPeriod: 7, levels: request.levels, method: request.method ?? 'auto' });
  const { levels, calibration } = run;
  const widest = levels[levels.length - 1]!;
  const points = run.points.slice(0, horizon).map((p, k) => (k === 0 && lastDayPartial ? Math.max(p, todaySoFar, 0) : Math.max(p, 0)));
  const spreads = run.spreads.slice(0, horizon);
  // What is still to be spent each day: today's remainder first when today is partial.
  const increments = points.map((p, k) => (k === 0 && lastDayPartial ? p - todaySoFar : p));
  const cumulative: number[] = [];
  const cumulativeSpread: number[] = [];
  increments.reduce((acc, inc, k) => {
    cumulative.push(acc + inc);
    cumulativeSpread.push((cumulativeSpread[k - 1] ?? 0) + spreads[k]!);
    return acc + inc;
  }, spentToDate);
  const projectedSpend = cumulative[cumulative.length - 1] ?? spentToDate;
  const totalSpread = cumulativeSpread[cumulativeSpread.length - 1] ?? 0;
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
  const daily = stepIntervals(points, spreads, levels, calibration).map((day, k) => {
    const floor = k === 0 && lastDayPartial ? todaySoFar : 0;
    return { forecast: day.forecast, intervals: day.intervals.map((i) => ({ level: i.level, lower: Math.max(floor, Math.min(i.lower, day.forecast)), upper: Math.max(i.upper, day.forecast) })) };
  });
  return { method: run.model.method, seasonality: run.seasonality, projectedSpend, intervals, probabilityOfExceeding, exhaustion, daily, backtest: run.backtest };
}

import { type Calibration } from './calibration.js';

/**
 * Turning points, their spreads and a calibration into intervals; then the two
 * adjustments a caller can ask for: a planned growth spread over the horizon and a floor
 * at zero (spend cannot be negative). Every step keeps lower ≤ forecast ≤ upper and
 * intervals that widen with the level.
 */

export interface Interval {
  level: number;
  lower: number;
  upper: number;
}

export interface PointForecast {
  forecast: number;
  intervals: Interval[];
}

export type TotalForecast = PointForecast;

export function stepIntervals(points: readonly number[], spreads: readonly number[], levels: readonly number[], calibration: Calibration): PointForecast[] {
  return points.map((forecast, h) => ({
    forecast,
    intervals: levels.map((level) => {
      const half = calibration.stepMultiplier(level) * spreads[h]!;
      return { level, lower: forecast - half, upper: forecast + half };
    }),
  }));
}

/** Interval of the sum of the first `steps` points: the calibrated multiple of the summed spreads. */
export function totalInterval(points: readonly number[], spreads: readonly number[], levels: readonly number[], calibration: Calibration, steps = points.length): TotalForecast {
  let forecast = 0;
  let spread = 0;
  for (let h = 0; h < steps; h += 1) {
    forecast += points[h]!;
    spread += spreads[h]!;
  }
  return {
    forecast,
    intervals: levels.map((level) => {
      const half = calibration.totalMultiplier(level) * spread;
      return { level, lower: forecast - half, upper: forecast + half };
    }),
  };
}

/** Multiplier of step h (1-based) for a planned change of `percent` reached linearly by the last step; never below 0. */
export function growthFactors(horizon: number, percent: number): number[] {
  return Array.from({ length: horizon }, (_, i) => Math.max(0, 1 + (percent / 100) * ((i + 1) / horizon)));
}

const scaled = (point: PointForecast, factor: number): PointForecast => ({
  forecast: point.forecast * factor,
  intervals: point.intervals.map((i) => ({ level: i.level, lower: i.lower * factor, upper: i.upper * factor })),
});

/** Applies a planned growth to the steps (point and bounds scaled together) and to the total. */
export function applyGrowth(points: readonly PointForecast[], total: TotalForecast, percent: number): { points: PointForecast[]; total: TotalForecast } {
  const factors = growthFactors(points.length, percent);
  const grown = points.map((point, h) => scaled(point, factors[h]!));
  const forecast = grown.reduce((acc, p) => acc + p.forecast, 0);
  // The total's spread grows with the average factor; its centre is the sum of the grown points.
  const meanFactor = factors.reduce((a, b) => a + b, 0) / factors.length;
  return {
    points: grown,
    total: {
      forecast,
      intervals: total.intervals.map((i) => ({ level: i.level, lower: forecast - (total.forecast - i.lower) * meanFactor, upper: forecast + (i.upper - total.forecast) * meanFactor })),
    },
  };
}

const atLeastZero = (point: PointForecast): PointForecast => ({
  forecast: Math.max(0, point.forecast),
  intervals: point.intervals.map((i) => ({ level: i.level, lower: Math.max(0, i.lower), upper: Math.max(0, i.upper) })),
});

/** Floors points, bounds and the total at zero; the total becomes the sum of the floored points. */
export function clampNonNegative(points: readonly PointForecast[], total: TotalForecast): { points: PointForecast[]; total: TotalForecast } {
  const floored = points.map(atLeastZero);
  const forecast = floored.reduce((acc, p) => acc + p.forecast, 0);
  return {
    points: floored,
    total: {
      forecast,
      intervals: total.intervals.map((i) => ({ level: i.level, lower: Math.max(0, Math.min(i.lower, forecast)), upper: Math.max(i.upper, forecast) })),
    },
  };
}

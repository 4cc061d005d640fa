import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHODS, fitDrift, fitHolt, fitLinear, forecastSeries, guardFinalSpike, type SeriesForecast } from '../../../shared/domain/forecasting/index.js';
import { AIR_PASSENGERS, seededNormal } from './reference-series.js';

/** Every interval brackets its point, and a wider level never gives a narrower interval. */
function expectWellFormed(result: SeriesForecast, levels: readonly number[]) {
  for (const point of [...result.points, result.total]) {
    expect(point.intervals.map((i) => i.level)).toEqual([...levels].sort((a, b) => a - b));
    point.intervals.forEach((interval, k) => {
      expect(interval.lower).toBeLessThanOrEqual(point.forecast);
      expect(point.forecast).toBeLessThanOrEqual(interval.upper);
      const previous = point.intervals[k - 1];
      if (previous) {
        expect(interval.lower).toBeLessThanOrEqual(previous.lower);
        expect(interval.upper).toBeGreaterThanOrEqual(previous.upper);
      }
    });
  }
}

const weeklySpend = (days: number, seed: number) => {
  const draw = seededNormal(seed);
  return Array.from({ length: days }, (_, t) => Math.max(0, (t % 7 >= 5 ? 30 : 100) + 0.2 * t + 10 * draw()));
};

describe('forecastSeries: shape of the answer', () => {
  it('gives one point per step, well-formed intervals and a total equal to the sum of the points, for every method', () => {
    const values = weeklySpend(120, 3);
    for (const method of [...METHODS, 'auto'] as const) {
      const result = forecastSeries({ values, horizon: 10, seasonalPeriod: 7, levels: [95, 50, 80], method });
      expect(result.points).toHaveLength(10);
      expectWellFormed(result, [50, 80, 95]);
      expect(result.total.forecast).toBeCloseTo(result.points.reduce((a, p) => a + p.forecast, 0), 6);
      expect(result.seasonality).toBe(7);
    }
  });

  it('holds for arbitrary series, horizons, levels and growth (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.uniqueArray(fc.integer({ min: 50, max: 99 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(7, 12, null),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.boolean(),
        (values, horizon, levels, seasonalPeriod, growthPercent, nonNegative) => {
          const result = forecastSeries({ values, horizon, seasonalPeriod, levels, growthPercent, nonNegative, method: 'auto' });
          expect(result.points).toHaveLength(horizon);
          expectWellFormed(result, levels);
          if (nonNegative) expect(result.points.every((p) => p.intervals.every((i) => i.lower >= 0))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports the model actually used: auto averages its best three (`ensemble`), a named method is itself', () => {
    const values = weeklySpend(120, 8);
    const auto = forecastSeries({ values, horizon: 7, seasonalPeriod: 7 });
    expect(auto.method).toBe('ensemble');
    expect(auto.members).toHaveLength(3);
    expect(forecastSeries({ values, horizon: 7, seasonalPeriod: 7, method: 'theta' }).members).toEqual(['theta']);
    // Holt-Winters needs a period: without one it is Holt, and says so.
    expect(forecastSeries({ values, horizon: 7, seasonalPeriod: null, method: 'holt_winters' }).method).toBe('holt');
  });

  it('throws on programmer errors: horizon < 1, levels outside 50..99, empty or non-finite series', () => {
    const values = [1, 2, 3, 4];
    expect(() => forecastSeries({ values, horizon: 0, seasonalPeriod: null })).toThrow(RangeError);
    expect(() => forecastSeries({ values, horizon: 1.5, seasonalPeriod: null })).toThrow(RangeError);
    expect(() => forecastSeries({ values, horizon: 3, seasonalPeriod: null, levels: [100] })).toThrow(RangeError);
    expect(() => forecastSeries({ values: [], horizon: 3, seasonalPeriod: null })).toThrow(RangeError);
    expect(() => forecastSeries({ values: [1, Number.NaN, 3], horizon: 3, seasonalPeriod: null })).toThrow(RangeError);
  });
});

describe('forecastSeries: what it forecasts', () => {
  it('forecasts a constant series as that constant, with (near) zero-width intervals', () => {
    for (const method of ['auto', ...METHODS] as const) {
      const result = forecastSeries({ values: new Array<number>(40).fill(12.5), horizon: 5, seasonalPeriod: 7, method });
      result.points.forEach((p) => {
        expect(p.forecast).toBeCloseTo(12.5, 6);
        p.intervals.forEach((i) => expect(i.upper - i.lower).toBeLessThan(1e-3));
      });
    }
  });

  it('continues a pure linear trend with linear, drift and Holt', () => {
    const trend = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
    const expected = [70, 72, 74, 76, 78];
    expect(fitLinear(trend).forecast(5)).toEqual(expected.map((v) => expect.closeTo(v, 9)));
    expect(fitDrift(trend).forecast(5)).toEqual(expected.map((v) => expect.closeTo(v, 9)));
    // Holt is damped (φ ≤ 0.98), so the line bends a little: within 1 % over five steps.
    fitHolt(trend).forecast(5).forEach((v, i) => expect(Math.abs(v - expected[i]!) / expected[i]!).toBeLessThan(0.01));
    expect(fitHolt(trend, { damped: false }).forecast(5)).toEqual(expected.map((v) => expect.closeTo(v, 6)));
    // auto averages its best three (drift, Holt and a damped or half-slope member): it keeps climbing, within 5 %.
    const auto = forecastSeries({ values: trend, horizon: 5, seasonalPeriod: null });
    auto.points.forEach((p, i) => {
      expect(p.forecast).toBeGreaterThan(i === 0 ? trend[29]! : auto.points[i - 1]!.forecast);
      expect(Math.abs(p.forecast - expected[i]!) / expected[i]!).toBeLessThan(0.05);
    });
  });

  it('beats seasonal naive on AirPassengers\' last year, reseasonalised (auto)', () => {
    const result = forecastSeries({ values: AIR_PASSENGERS.slice(0, 132), horizon: 12, seasonalPeriod: 12 });
    const actual = AIR_PASSENGERS.slice(132);
    const error = result.points.reduce((a, p, i) => a + Math.abs(p.forecast - actual[i]!), 0) / 12;
    const snaiveError = actual.reduce((a, y, i) => a + Math.abs(y - AIR_PASSENGERS[120 + i]!), 0) / 12;
    expect(result.seasonality).toBe(12);
    expect(error).toBeLessThan(0.6 * snaiveError);
    expect(result.backtest).not.toBeNull();
    expect(result.backtest!.baseline).toBe('seasonal_naive');
    expect(result.backtest!.mase).toBeLessThan(result.backtest!.baselineMase);
  });

  it('reports coverage of the backtest for each level, the wider level covering more', () => {
    const result = forecastSeries({ values: weeklySpend(200, 11), horizon: 14, seasonalPeriod: 7, levels: [50, 80, 95] });
    const coverage = result.backtest!.coverage;
    expect(Object.keys(coverage)).toEqual(['50', '80', '95']);
    expect(coverage['50']!).toBeLessThanOrEqual(coverage['80']!);
    expect(coverage['80']!).toBeLessThanOrEqual(coverage['95']!);
    expect(coverage['80']!).toBeGreaterThan(0.6);
  });

  it('does not project a final one-day spike flat (auto)', () => {
    const draw = seededNormal(5);
    const values = Array.from({ length: 60 }, () => 100 + 5 * draw());
    values.push(1000);
    const result = forecastSeries({ values, horizon: 7, seasonalPeriod: null });
    result.points.forEach((p) => expect(p.forecast).toBeLessThan(200));
    expect(guardFinalSpike(values, null).clipped).toBe(true);
    // Two high days in a row are a level shift, not a spike.
    expect(guardFinalSpike([...values, 1000], null).clipped).toBe(false);
  });
});

describe('forecastSeries: very short histories, growth and floors', () => {
  it('uses the run rate below 3 values, with wide intervals that are never absent', () => {
    for (const values of [[40], [40, 60]]) {
      const result = forecastSeries({ values, horizon: 30, seasonalPeriod: 7 });
      expect(result.method).toBe('run_rate');
      expect(result.backtest).toBeNull();
      expect(result.points[0]!.forecast).toBeCloseTo(values.reduce((a, b) => a + b) / values.length, 9);
      const first80 = result.points[0]!.intervals.find((i) => i.level === 80)!;
      expect(first80.upper - first80.lower).toBeGreaterThan(0.5 * result.points[0]!.forecast);
      expectWellFormed(result, [80, 95]);
    }
  });

  it('spreads growthPercent linearly: the last step gets all of it, points and bounds alike', () => {
    const values = new Array<number>(30).fill(100);
    const flat = forecastSeries({ values, horizon: 4, seasonalPeriod: null, method: 'naive' });
    const grown = forecastSeries({ values, horizon: 4, seasonalPeriod: null, method: 'naive', growthPercent: 20 });
    expect(grown.points.map((p) => p.forecast)).toEqual([105, 110, 115, 120].map((v) => expect.closeTo(v, 9)));
    expect(grown.total.forecast).toBeCloseTo(450, 9);
    expect(grown.points[3]!.intervals[0]!.upper).toBeCloseTo(1.2 * flat.points[3]!.intervals[0]!.upper, 9);
  });

  it('floors at zero with nonNegative (spend cannot be negative)', () => {
    const falling = Array.from({ length: 30 }, (_, t) => 100 - 4 * t);
    const result = forecastSeries({ values: falling, horizon: 10, seasonalPeriod: null, method: 'linear', nonNegative: true });
    result.points.forEach((p) => {
      expect(p.forecast).toBeGreaterThanOrEqual(0);
      p.intervals.forEach((i) => expect(i.lower).toBeGreaterThanOrEqual(0));
    });
    expect(result.total.forecast).toBeGreaterThanOrEqual(0);
  });
});

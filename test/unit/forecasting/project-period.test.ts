import { describe, expect, it } from 'vitest';
import { projectPeriod } from '../../../shared/domain/forecasting/index.js';
import { seededNormal } from './reference-series.js';

/** 56 days of about 100 a day on weekdays and 30 at weekends, then a partial today. */
function history(seed: number, todaySoFar: number) {
  const draw = seededNormal(seed);
  const days = Array.from({ length: 56 }, (_, t) => Math.max(0, (t % 7 >= 5 ? 30 : 100) + 5 * draw()));
  return [...days, todaySoFar];
}

describe('projectPeriod', () => {
  it('projects spend at period end as spent so far plus the rest of today and the remaining days', () => {
    const dailySpend = history(1, 40);
    const projection = projectPeriod({ dailySpend, lastDayPartial: true, spentToDate: 1000, limit: 10_000, daysRemaining: 14, levels: [80, 95] });
    // Two weeks ≈ 2 × (5 × 100 + 2 × 30) = 1120, plus the rest of a weekday (≈ 100 − 40).
    expect(projection.projectedSpend).toBeGreaterThan(1000 + 1000);
    expect(projection.projectedSpend).toBeLessThan(1000 + 1400);
    expect(projection.daily).toHaveLength(15);
    expect(projection.daily[0]!.forecast).toBeGreaterThanOrEqual(40);
    for (const interval of projection.intervals) {
      expect(interval.lower).toBeGreaterThanOrEqual(1000);
      expect(interval.lower).toBeLessThanOrEqual(projection.projectedSpend);
      expect(interval.upper).toBeGreaterThanOrEqual(projection.projectedSpend);
    }
    expect(projection.intervals[1]!.upper - projection.intervals[1]!.lower).toBeGreaterThan(projection.intervals[0]!.upper - projection.intervals[0]!.lower);
  });

  it('gives the probability of exceeding the limit: ~0 far above, ~1 far below, ~½ at the projection', () => {
    const base = { dailySpend: history(2, 50), lastDayPartial: true, spentToDate: 500, daysRemaining: 20 };
    const projected = projectPeriod({ ...base, limit: 1e9 }).projectedSpend;
    expect(projectPeriod({ ...base, limit: 1e9 }).probabilityOfExceeding).toBeLessThan(1e-6);
    expect(projectPeriod({ ...base, limit: 600 }).probabilityOfExceeding).toBeGreaterThan(0.999);
    expect(projectPeriod({ ...base, limit: projected }).probabilityOfExceeding).toBeCloseTo(0.5, 6);
    expect(projectPeriod({ ...base, spentToDate: 2000, limit: 1500 }).probabilityOfExceeding).toBe(1);
  });

  it('dates exhaustion: p50 between the earliest (upper bound) and the latest (lower bound), null when not reached', () => {
    const base = { dailySpend: history(3, 50), lastDayPartial: true, spentToDate: 500, daysRemaining: 30 };
    const { exhaustion } = projectPeriod({ ...base, limit: 1800 });
    expect(exhaustion.index).not.toBeNull();
    expect(exhaustion.earliest!).toBeLessThanOrEqual(exhaustion.index!);
    expect(exhaustion.latest === null || exhaustion.latest >= exhaustion.index!).toBe(true);
    expect(projectPeriod({ ...base, limit: 1e9 }).exhaustion).toEqual({ index: null, earliest: null, latest: null });
    expect(projectPeriod({ ...base, spentToDate: 2000, limit: 1500 }).exhaustion).toEqual({ index: 0, earliest: 0, latest: 0 });
  });

  it('uses the run rate with wide intervals on the first days of history', () => {
    const projection = projectPeriod({ dailySpend: [80, 35], lastDayPartial: true, spentToDate: 115, limit: 1000, daysRemaining: 10 });
    expect(projection.method).toBe('run_rate');
    expect(projection.projectedSpend).toBeCloseTo(115 + (80 - 35) + 10 * 80, 6);
    const [i80] = projection.intervals;
    expect(i80!.upper - i80!.lower).toBeGreaterThan(200);
  });

  it('with a complete last day the first projected day is tomorrow (index 1)', () => {
    const dailySpend = history(4, 100);
    const projection = projectPeriod({ dailySpend, lastDayPartial: false, spentToDate: 900, limit: 1000, daysRemaining: 5 });
    expect(projection.daily).toHaveLength(5);
    expect(projection.exhaustion.index).toBeGreaterThanOrEqual(1);
  });

  it('with no day left, the projection is what was spent', () => {
    const projection = projectPeriod({ dailySpend: history(5, 100), lastDayPartial: false, spentToDate: 900, limit: 1000, daysRemaining: 0 });
    expect(projection.projectedSpend).toBe(900);
    expect(projection.daily).toHaveLength(0);
    expect(projection.probabilityOfExceeding).toBe(0);
  });
});

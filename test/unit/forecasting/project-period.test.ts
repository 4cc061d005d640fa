import { describe, expect, it } from 'vitest';
import { projectPeriod, projectWithModel, type DailySpendModel } from '../../../shared/domain/forecasting/index.js';
import { seededNormal } from './reference-series.js';

/** 56 days of about 100 a day on weekdays and 30 at weekends. */
function history(seed: number) {
  const draw = seededNormal(seed);
  return Array.from({ length: 56 }, (_, t) => Math.max(0, (t % 7 >= 5 ? 30 : 100) + 5 * draw()));
}

describe('projectPeriod', () => {
  it('projects spend at period end as spent so far plus the rest of today and the remaining days', () => {
    const projection = projectPeriod({ completeDays: history(1), today: { spentSoFar: 40, elapsedShare: 0.4 }, spentToDate: 1000, limit: 10_000, daysRemaining: 14, levels: [80, 95] });
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
    const base = { completeDays: history(2), today: { spentSoFar: 50, elapsedShare: 0.5 }, spentToDate: 500, daysRemaining: 20 };
    const projected = projectPeriod({ ...base, limit: 1e9 }).projectedSpend;
    expect(projectPeriod({ ...base, limit: 1e9 }).probabilityOfExceeding).toBeLessThan(1e-6);
    expect(projectPeriod({ ...base, limit: 600 }).probabilityOfExceeding).toBeGreaterThan(0.999);
    expect(projectPeriod({ ...base, limit: projected }).probabilityOfExceeding).toBeCloseTo(0.5, 6);
    expect(projectPeriod({ ...base, spentToDate: 2000, limit: 1500 }).probabilityOfExceeding).toBe(1);
  });

  it('dates exhaustion: p50 between the earliest (upper bound) and the latest (lower bound), null when not reached', () => {
    const base = { completeDays: history(3), today: { spentSoFar: 50, elapsedShare: 0.5 }, spentToDate: 500, daysRemaining: 30 };
    const { exhaustion } = projectPeriod({ ...base, limit: 1800 });
    expect(exhaustion.index).not.toBeNull();
    expect(exhaustion.earliest!).toBeLessThanOrEqual(exhaustion.index!);
    expect(exhaustion.latest === null || exhaustion.latest >= exhaustion.index!).toBe(true);
    expect(projectPeriod({ ...base, limit: 1e9 }).exhaustion).toEqual({ index: null, earliest: null, latest: null });
    expect(projectPeriod({ ...base, spentToDate: 2000, limit: 1500 }).exhaustion).toEqual({ index: 0, earliest: 0, latest: 0 });
  });

  it('uses the run rate with wide intervals on the first days of history', () => {
    const projection = projectPeriod({ completeDays: [80], today: { spentSoFar: 35, elapsedShare: 0.25 }, spentToDate: 115, limit: 1000, daysRemaining: 10 });
    expect(projection.method).toBe('run_rate');
    // The run rate of one day is 80: three quarters of today's still to come, then ten days.
    expect(projection.projectedSpend).toBeCloseTo(115 + 0.75 * 80 + 10 * 80, 6);
    const [i80] = projection.intervals;
    expect(i80!.upper - i80!.lower).toBeGreaterThan(200);
  });

  it('with a complete last day the first projected day is tomorrow (index 1)', () => {
    const projection = projectPeriod({ completeDays: history(4), today: null, spentToDate: 900, limit: 1000, daysRemaining: 5 });
    expect(projection.daily).toHaveLength(5);
    expect(projection.exhaustion.index).toBeGreaterThanOrEqual(1);
  });

  it('with no day left, the projection is what was spent', () => {
    const projection = projectPeriod({ completeDays: history(5), today: null, spentToDate: 900, limit: 1000, daysRemaining: 0 });
    expect(projection.projectedSpend).toBe(900);
    expect(projection.daily).toHaveLength(0);
    expect(projection.probabilityOfExceeding).toBe(0);
  });

  it('projects the rest of a daily budget\'s day from the share of it elapsed', () => {
    const flat = Array.from({ length: 28 }, () => 100);
    const quarterGone = projectPeriod({ completeDays: flat, today: { spentSoFar: 30, elapsedShare: 0.25 }, spentToDate: 30, limit: 120, daysRemaining: 0 });
    // Every model forecasts a flat 100 a day: three quarters of it is still to come.
    expect(quarterGone.projectedSpend).toBeCloseTo(30 + 75, 6);
    expect(quarterGone.daily).toHaveLength(1);
    expect(quarterGone.daily[0]!.forecast).toBeCloseTo(105, 6);
    const dayOver = projectPeriod({ completeDays: flat, today: { spentSoFar: 30, elapsedShare: 1 }, spentToDate: 30, limit: 120, daysRemaining: 0 });
    expect(dayOver.projectedSpend).toBe(30);
    expect(dayOver.intervals.every((bound) => bound.lower === 30 && bound.upper === 30)).toBe(true);
  });

  it('the later in the day, the narrower the interval of the day\'s end', () => {
    const days = history(6);
    const width = (elapsedShare: number) => {
      const [i80] = projectPeriod({ completeDays: days, today: { spentSoFar: 40, elapsedShare }, spentToDate: 40, limit: 1e9, daysRemaining: 0 }).intervals;
      return i80!.upper - i80!.lower;
    };
    expect(width(0.9)).toBeLessThan(width(0.5));
    expect(width(0.5)).toBeLessThan(width(0.1));
  });

  it('a model kept as JSON projects exactly as the fit it came from, at any whole level', () => {
    const request = { completeDays: history(7), today: { spentSoFar: 20, elapsedShare: 0.3 }, spentToDate: 700, limit: 2500, daysRemaining: 12, levels: [67, 80, 95] };
    const { model, ...fresh } = projectPeriod(request);
    const kept = JSON.parse(JSON.stringify(model)) as DailySpendModel;
    expect(projectWithModel(kept, request)).toEqual(fresh);
    expect(() => projectWithModel(kept, { ...request, levels: [80.5] })).toThrow(RangeError);
    expect(() => projectWithModel(kept, { ...request, daysRemaining: 40 })).toThrow(/covers 13 days/);
  });
});

import { describe, expect, it } from 'vitest';
import type { ActualDayRecord } from '../../shared/domain/money/records.js';
import { actualDaysRange, actualsOfPeriod, PERCENT_CAP, VARIANCE_STEP_CAP, varianceOf } from '../../shared/domain/reconciliation/variance.js';

const M = 1_000_000n;

describe('varianceOf', () => {
  it('is actual − spent, exact at the tolerance boundary', () => {
    expect(varianceOf(105n * M, 100n * M, 5)).toEqual({ amountMicros: 5n * M, percent: 5, withinTolerance: true, step: 0 });
    expect(varianceOf(105n * M + 1n, 100n * M, 5)).toMatchObject({ withinTolerance: false, step: 1 });
    expect(varianceOf(95n * M - 1n, 100n * M, 5)).toMatchObject({ amountMicros: -5n * M - 1n, withinTolerance: false, step: -1 });
  });

  it('counts whole tolerance steps, signed, for decimal tolerances too', () => {
    expect(varianceOf(110n * M, 100n * M, 5).step).toBe(2);
    expect(varianceOf(114_999_999n, 100n * M, 5).step).toBe(2);
    expect(varianceOf(107_500_001n, 100n * M, 2.5).step).toBe(3);
    expect(varianceOf(70n * M, 100n * M, 2.5)).toMatchObject({ percent: -30, step: -12 });
  });

  it('rounds the percent half away from zero to two decimals, and caps it', () => {
    expect(varianceOf(7n * M, 109n * M, 5).percent).toBe(-93.58);
    expect(varianceOf(116n * M, 109n * M, 5).percent).toBe(6.42);
    // ±6.425 % exactly: half away from zero, both ways.
    expect(varianceOf(106_425n, 100_000n, 5).percent).toBe(6.43);
    expect(varianceOf(93_575n, 100_000n, 5).percent).toBe(-6.43);
    expect(varianceOf(93_575_001n, 100n * M, 5).percent).toBe(-6.42);
    expect(varianceOf(100_000_000n * M, 1n, 5).percent).toBe(PERCENT_CAP);
    expect(varianceOf(-100_000_000n * M, 1n, 5).percent).toBe(-PERCENT_CAP);
  });

  it('with nothing recorded: no percent, and any actual is past every step', () => {
    expect(varianceOf(0n, 0n, 5)).toEqual({ amountMicros: 0n, percent: 0, withinTolerance: true, step: 0 });
    expect(varianceOf(1n, 0n, 5)).toEqual({ amountMicros: 1n, percent: null, withinTolerance: false, step: VARIANCE_STEP_CAP });
  });

  it('with a tolerance of 0: any difference is one step out, by its sign', () => {
    expect(varianceOf(100n * M, 100n * M, 0)).toMatchObject({ withinTolerance: true, step: 0 });
    expect(varianceOf(100n * M + 1n, 100n * M, 0)).toMatchObject({ withinTolerance: false, step: 1 });
    expect(varianceOf(1n, 100n * M, 0)).toMatchObject({ withinTolerance: false, step: -1 });
  });

  it('caps the step', () => {
    expect(varianceOf(1_000_000n * M, 1n * M, 1).step).toBe(VARIANCE_STEP_CAP);
  });
});

const day = (date: string, amount: bigint, importedAt = `${date}T20:00:00.000Z`): ActualDayRecord => ({
  tenantId: 't', budgetId: 'b', date, amountMicros: amount, source: 'focus', mode: 'compare', importedAt, revision: 1,
});

describe('actuals of a period', () => {
  const sydney = { type: 'monthly' as const, timezone: 'Australia/Sydney' };
  const nowMs = Date.parse('2026-11-24T06:00:00Z');

  it('reads a day either side of the periods asked for, never past now', () => {
    expect(actualDaysRange(sydney, ['2026-11', '2026-10'], nowMs)).toEqual({ from: '2026-09-29', to: '2026-11-24' });
    expect(actualDaysRange({ type: 'lifetime', timezone: 'UTC' }, ['lifetime'], nowMs)).toEqual({ from: '1970-01-01', to: '2026-11-24' });
    expect(actualDaysRange(sydney, ['2027-02'], nowMs)).toBeNull();
  });

  it('puts each UTC day in the period containing its noon, and dates the figure by its latest import', () => {
    const days = [day('2026-10-31', 5n * M), day('2026-11-01', 7n * M), day('2026-11-23', 11n * M, '2026-11-24T01:00:00.000Z'), day('2026-11-24', 13n * M)];
    // Noon UTC of Oct 31 is 23:00 in Sydney, still October.
    expect(actualsOfPeriod(days, sydney, 'focus', '2026-10')).toEqual({ source: 'focus', amountMicros: 5n * M, asOfMs: Date.parse('2026-10-31T20:00:00Z'), days: 1 });
    expect(actualsOfPeriod(days, sydney, 'focus', '2026-11')).toEqual({
      source: 'focus', amountMicros: 31n * M, asOfMs: Date.parse('2026-11-24T20:00:00Z'), days: 3,
    });
    expect(actualsOfPeriod([], sydney, 'focus', '2026-11')).toEqual({ source: 'focus', amountMicros: 0n, asOfMs: null, days: 0 });
  });
});

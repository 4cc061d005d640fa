import { describe, expect, it } from 'vitest';
import { isValidPeriodKey, nextPeriod, periodContaining, periodForKey, type PeriodSpec, type PeriodType } from '../../shared/domain/period.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const spec = (type: PeriodType, timezone = 'UTC'): PeriodSpec => ({ type, timezone });
const window = (s: PeriodSpec, instant: string) => {
  const found = periodContaining(s, at(instant));
  return found && { key: found.key, start: iso(found.startMs), end: iso(found.endMs) };
};

describe('periodContaining', () => {
  it.each([
    ['daily', 'UTC', '2026-11-22T10:15:00Z', '2026-11-22', '2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    ['weekly', 'UTC', '2026-11-22T10:15:00Z', '2026-W47', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    ['monthly', 'Europe/Paris', '2026-11-22T10:15:00Z', '2026-11', '2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'],
    ['monthly', 'Europe/Paris', '2026-11-30T23:30:00Z', '2026-12', '2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
    ['quarterly', 'America/New_York', '2026-11-22T10:15:00Z', '2026-Q4', '2026-10-01T04:00:00.000Z', '2027-01-01T05:00:00.000Z'],
    ['yearly', 'Asia/Kolkata', '2026-12-31T19:00:00Z', '2027', '2026-12-31T18:30:00.000Z', '2027-12-31T18:30:00.000Z'],
    ['daily', 'Pacific/Auckland', '2026-11-22T10:15:00Z', '2026-11-22', '2026-11-21T11:00:00.000Z', '2026-11-22T11:00:00.000Z'],
  ])('%s in %s at %s is %s', (type, timezone, instant, key, start, end) => {
    expect(window(spec(type as PeriodType, timezone), instant)).toEqual({ key, start, end });
  });

  it('puts the instant exactly at a boundary in the new period', () => {
    expect(window(spec('monthly'), '2026-12-01T00:00:00.000Z')?.key).toBe('2026-12');
    expect(window(spec('monthly'), '2026-11-30T23:59:59.999Z')?.key).toBe('2026-11');
  });

  it.each([
    ['America/New_York', '2026-03-08T12:00:00Z', 23],
    ['America/New_York', '2026-11-01T12:00:00Z', 25],
    ['Europe/Paris', '2026-03-29T12:00:00Z', 23],
    ['Europe/Paris', '2026-10-25T12:00:00Z', 25],
  ])('makes a DST day in %s at %s %i hours long', (timezone, instant, hours) => {
    const found = periodContaining(spec('daily', timezone), at(instant))!;
    expect(((found.endMs as number) - (found.startMs as number)) / 3_600_000).toBe(hours);
  });

  it('starts a day whose midnight does not exist at the first instant after the gap', () => {
    expect(window(spec('daily', 'America/Sao_Paulo'), '2018-11-04T12:00:00Z')?.start).toBe('2018-11-04T03:00:00.000Z');
  });

  it('spans a DST change in a week (168 - 1 hours)', () => {
    const found = periodContaining(spec('weekly', 'Europe/Paris'), at('2026-03-29T12:00:00Z'))!;
    expect(found.key).toBe('2026-W13');
    expect(((found.endMs as number) - (found.startMs as number)) / 3_600_000).toBe(167);
  });

  it.each([
    ['2026-12-31T12:00:00Z', '2026-W53'],
    ['2027-01-01T12:00:00Z', '2026-W53'],
    ['2024-12-30T12:00:00Z', '2025-W01'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
  ])('numbers the week of %s as %s (ISO 8601)', (instant, key) => {
    expect(window(spec('weekly'), instant)?.key).toBe(key);
  });

  it('never resets a lifetime period and bounds a custom one', () => {
    expect(periodContaining(spec('lifetime'), at('2030-01-01T00:00:00Z'))).toEqual({ key: 'lifetime', startMs: null, endMs: null });
    const custom: PeriodSpec = { type: 'custom', timezone: 'UTC', startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-06-10T00:00:00Z' };
    expect(periodContaining(custom, at('2026-06-05T00:00:00Z'))?.key).toBe('custom');
    expect(periodContaining(custom, at('2026-06-10T00:00:00Z'))).toBeNull();
    expect(periodContaining(custom, at('2026-05-31T23:59:59Z'))).toBeNull();
  });
});

describe('periodForKey', () => {
  it.each(['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'lifetime'] as const)('round-trips %s keys with periodContaining', (type) => {
    for (const timezone of ['UTC', 'Europe/Paris', 'Asia/Kolkata', 'America/New_York']) {
      const s = spec(type, timezone);
      for (const instant of ['2026-01-01T00:30:00Z', '2026-03-29T01:30:00Z', '2026-11-22T10:15:00Z', '2026-12-31T23:59:00Z']) {
        const found = periodContaining(s, at(instant))!;
        expect(periodForKey(s, found.key)).toEqual(found);
      }
    }
  });

  it.each([
    ['monthly', '2026-13'],
    ['weekly', '2026-W54'],
    ['weekly', '2025-W53'],
    ['quarterly', '2026-Q5'],
    ['daily', '2026-02-30'],
    ['yearly', 'foo'],
    ['lifetime', '2026'],
  ])('refuses the %s key %s', (type, key) => {
    expect(periodForKey(spec(type as PeriodType), key)).toBeNull();
    expect(isValidPeriodKey(spec(type as PeriodType), key)).toBe(false);
  });
});

describe('nextPeriod', () => {
  it.each(['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const)('chains %s periods without gaps or overlaps across DST', (type) => {
    const s = spec(type, 'America/New_York');
    let current = periodContaining(s, at('2026-01-15T12:00:00Z'))!;
    const keys = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const next = nextPeriod(s, current)!;
      expect(next.startMs).toBe(current.endMs);
      expect(next.key > current.key).toBe(true);
      keys.add(next.key);
      current = next;
    }
    expect(keys.size).toBe(60);
  });

  it('has no next period for lifetime and custom', () => {
    expect(nextPeriod(spec('lifetime'), periodContaining(spec('lifetime'), 0)!)).toBeNull();
  });
});

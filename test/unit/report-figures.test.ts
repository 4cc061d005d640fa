import { describe, expect, it } from 'vitest';
import { percentOf, reportWindow, windowDates } from '../../shared/domain/reports/figures.js';
import { reportFormat } from '../../shared/http/negotiation.js';

/** Issue 14: the exact percent, the days a report's daily series covers, and how a report's format is chosen. */
describe('percentOf', () => {
  it('is exact to the hundredth, rounding half away from zero, and null of nothing', () => {
    expect(percentOf(434_250_000n, 500_000_000n)).toBe(86.85);
    expect(percentOf(1n, 3n)).toBe(33.33);
    expect(percentOf(2n, 3n)).toBe(66.67);
    expect(percentOf(1n, 8n)).toBe(12.5);
    expect(percentOf(1n, 80_000n)).toBe(0);
    expect(percentOf(1n, 40_000n)).toBe(0);
    expect(percentOf(1n, 20_000n)).toBe(0.01);
    expect(percentOf(-1n, 20_000n)).toBe(-0.01);
    expect(percentOf(-2n, 3n)).toBe(-66.67);
    expect(percentOf(-700_000n, 100_000n)).toBe(-700);
    expect(percentOf(5n, 0n)).toBeNull();
  });
});

describe('windowDates', () => {
  const tokyo = { period: { type: 'monthly' as const, timezone: 'Asia/Tokyo', startsAt: null, endsAt: null }, createdAt: '2026-01-01T00:00:00.000Z' };

  it('lists the local days of the period, and the last one shown: today, or the period\'s last day once it ended', () => {
    const nowMs = Date.parse('2026-11-24T16:00:00Z'); // Nov 25, 01:00 in Tokyo
    const november = reportWindow(tokyo, nowMs);
    const current = windowDates(tokyo, november, nowMs);
    expect([current.all[0], current.all.at(-1), current.all.length, current.through]).toEqual(['2026-11-01', '2026-11-30', 30, '2026-11-25']);
    const past = windowDates(tokyo, reportWindow(tokyo, Date.parse('2026-02-10T00:00:00Z')), nowMs);
    expect([past.all.length, past.through]).toEqual([28, '2026-02-28']);
    const future = windowDates(tokyo, reportWindow(tokyo, Date.parse('2026-12-10T00:00:00Z')), nowMs);
    expect(future.through).toBeNull();
  });

  it('starts a lifetime budget at its creation and keeps at most the latest 366 days; a custom budget outside its bounds shows its one period', () => {
    const lifetime = { period: { type: 'lifetime' as const, timezone: 'UTC', startsAt: null, endsAt: null }, createdAt: '2024-03-01T10:00:00.000Z' };
    const nowMs = Date.parse('2026-11-24T12:00:00Z');
    const dates = windowDates(lifetime, reportWindow(lifetime, nowMs), nowMs);
    expect([dates.all.length, dates.all[0], dates.through]).toEqual([366, '2025-11-24', '2026-11-24']);
    const custom = { period: { type: 'custom' as const, timezone: 'UTC', startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2026-01-08T00:00:00.000Z' }, createdAt: '2025-12-01T00:00:00.000Z' };
    expect(reportWindow(custom, nowMs).key).toBe('custom');
    expect(windowDates(custom, reportWindow(custom, nowMs), nowMs)).toMatchObject({ through: '2026-01-07' });
  });

  it('shows a custom period longer than 366 days as the 366 days up to today, so the spend so far is in view', () => {
    const twoYears = { period: { type: 'custom' as const, timezone: 'UTC', startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2028-01-01T00:00:00.000Z' }, createdAt: '2025-12-01T00:00:00.000Z' };
    const early = Date.parse('2026-07-01T12:00:00Z');
    const fromStart = windowDates(twoYears, reportWindow(twoYears, early), early);
    expect([fromStart.all[0], fromStart.all.at(-1), fromStart.all.length, fromStart.through]).toEqual(['2026-01-01', '2027-01-01', 366, '2026-07-01']);
    const late = Date.parse('2027-09-15T12:00:00Z');
    const toToday = windowDates(twoYears, reportWindow(twoYears, late), late);
    expect([toToday.all[0], toToday.all.at(-1), toToday.through]).toEqual(['2026-09-15', '2027-09-15', '2027-09-15']);
  });

  it('ends at the last day of year 9999 rather than walking on past it', () => {
    const yearly = { period: { type: 'yearly' as const, timezone: 'UTC', startsAt: null, endsAt: null }, createdAt: '2026-01-01T00:00:00.000Z' };
    const atMs = Date.parse('9999-06-01T00:00:00Z');
    const dates = windowDates(yearly, reportWindow(yearly, atMs), atMs);
    expect([dates.all.length, dates.all.at(-1)]).toEqual([365, '9999-12-31']);
  });
});

describe('reportFormat', () => {
  it('takes ?format= first, then the preferred of text/csv and application/json in Accept, else JSON', () => {
    expect(reportFormat('csv', 'application/json')).toBe('csv');
    expect(reportFormat('json', 'text/csv')).toBe('json');
    expect(reportFormat(undefined, undefined)).toBe('json');
    expect(reportFormat(undefined, 'text/csv')).toBe('csv');
    expect(reportFormat(undefined, 'Text/CSV; charset=utf-8')).toBe('csv');
    expect(reportFormat(undefined, 'application/json, text/csv;q=0.5')).toBe('json');
    expect(reportFormat(undefined, 'application/json;q=0.4, text/csv')).toBe('csv');
    expect(reportFormat(undefined, 'text/csv;q=0')).toBe('json');
    expect(reportFormat(undefined, 'text/html,*/*;q=0.8')).toBe('json');
  });
});

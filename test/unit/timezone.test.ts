import { describe, expect, it } from 'vitest';
import { isIanaTimeZone, localDateParts, zonedMidnightToEpochMs } from '../../shared/domain/periods/timezone.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('isIanaTimeZone', () => {
  it.each([
    'UTC',
    'Etc/UTC',
    'Etc/GMT+5',
    'Etc/GMT-14',
    'Europe/Paris',
    'Europe/Kyiv',
    'America/New_York',
    'America/Argentina/Buenos_Aires',
    'America/Port-au-Prince',
    'America/Sao_Paulo',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'Asia/Kathmandu',
    'Pacific/Auckland',
    'Pacific/Kiritimati',
    'Antarctica/DumontDUrville',
    'US/Eastern',
  ])('accepts %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['Mars/Base', 'unknown'],
    ['Europe/Pariss', 'misspelt'],
    ['europe/paris', 'mis-cased'],
    ['GMT+25', 'an impossible offset'],
    ['Etc/GMT+15', 'an impossible offset'],
    ['+02:00', 'a raw offset'],
    ['-0500', 'a raw offset'],
    ['Z', 'a raw offset'],
    ['EST5EDT', 'a one-word legacy link'],
    ['CET', 'a one-word legacy link'],
    ['GMT', 'a one-word legacy link'],
    ['utc', 'mis-cased'],
    [' UTC', 'padded'],
    ['Europe/Paris ', 'padded'],
    ['/Europe/Paris', 'malformed'],
    ['Europe//Paris', 'malformed'],
    ['Europe/', 'malformed'],
  ])('refuses %j (%s)', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });

  it('gives the same answer when asked again (cached)', () => {
    expect([isIanaTimeZone('Asia/Tokyo'), isIanaTimeZone('Asia/Tokyo')]).toEqual([true, true]);
    expect([isIanaTimeZone('Asia/Tokio'), isIanaTimeZone('Asia/Tokio')]).toEqual([false, false]);
  });
});

describe('localDateParts', () => {
  it.each([
    ['2026-12-31T20:00:00Z', 'UTC', { year: 2026, month: 12, day: 31, hour: 20, minute: 0, second: 0, weekday: 4 }],
    ['2026-12-31T20:00:00Z', 'Asia/Kolkata', { year: 2027, month: 1, day: 1, hour: 1, minute: 30, second: 0, weekday: 5 }],
    ['2026-12-31T20:00:00Z', 'Pacific/Auckland', { year: 2027, month: 1, day: 1, hour: 9, minute: 0, second: 0, weekday: 5 }],
    ['2026-11-22T05:00:00Z', 'America/New_York', { year: 2026, month: 11, day: 22, hour: 0, minute: 0, second: 0, weekday: 7 }],
    ['2026-11-22T23:59:59Z', 'Europe/Paris', { year: 2026, month: 11, day: 23, hour: 0, minute: 59, second: 59, weekday: 1 }],
  ])('reads %s in %s as local wall-clock time', (instant, zone, parts) => {
    expect(localDateParts(at(instant), zone)).toEqual(parts);
  });

  it('tells the two 01:30s of a New York fall-back night apart only by the instant', () => {
    const edt = localDateParts(at('2026-11-01T05:30:00Z'), 'America/New_York');
    const est = localDateParts(at('2026-11-01T06:30:00Z'), 'America/New_York');
    expect([edt.hour, edt.minute]).toEqual([1, 30]);
    expect([est.hour, est.minute]).toEqual([1, 30]);
  });

  it('shows midnight as hour 0, never 24', () => {
    expect(localDateParts(at('2026-03-01T00:00:00Z'), 'UTC').hour).toBe(0);
  });

  it('throws a RangeError for an unknown zone', () => {
    expect(() => localDateParts(0, 'Mars/Base')).toThrow(RangeError);
  });
});

describe('zonedMidnightToEpochMs', () => {
  it.each([
    [2026, 11, 22, 'UTC', '2026-11-22T00:00:00.000Z'],
    [2026, 11, 22, 'Europe/Paris', '2026-11-21T23:00:00.000Z'],
    [2026, 7, 15, 'Europe/Paris', '2026-07-14T22:00:00.000Z'],
    [2026, 11, 22, 'America/New_York', '2026-11-22T05:00:00.000Z'],
    [2026, 11, 22, 'Asia/Kolkata', '2026-11-21T18:30:00.000Z'],
    [2026, 11, 22, 'Asia/Kathmandu', '2026-11-21T18:15:00.000Z'],
    [2026, 11, 22, 'Pacific/Auckland', '2026-11-21T11:00:00.000Z'],
    [2026, 11, 22, 'Pacific/Kiritimati', '2026-11-21T10:00:00.000Z'],
    [2026, 11, 22, 'Etc/GMT+12', '2026-11-22T12:00:00.000Z'],
  ])('puts local midnight of %i-%i-%i in %s at %s', (year, month, day, zone, expected) => {
    expect(iso(zonedMidnightToEpochMs(year, month, day, zone))).toBe(expected);
  });

  it.each([
    [2026, 3, 8, 'America/New_York', '2026-03-08T05:00:00.000Z'], // clocks jump at 02:00, after midnight
    [2026, 11, 1, 'America/New_York', '2026-11-01T04:00:00.000Z'], // clocks fall back at 02:00, after midnight
    [2026, 3, 29, 'Europe/Paris', '2026-03-28T23:00:00.000Z'],
  ])('is unaffected by a DST change later that day (%i-%i-%i in %s)', (year, month, day, zone, expected) => {
    expect(iso(zonedMidnightToEpochMs(year, month, day, zone))).toBe(expected);
  });

  it.each([
    // 23:59:59 −03 is followed by 01:00:00 −02; 00:00–00:59 never happens that night.
    [2018, 11, 4, 'America/Sao_Paulo', '2018-11-04T03:00:00.000Z'],
    // Lebanon springs forward at midnight too: 23:59:59 +02 → 01:00:00 +03.
    [2026, 3, 29, 'Asia/Beirut', '2026-03-28T22:00:00.000Z'],
  ])('starts %i-%i-%i in %s, whose midnight a DST jump skips, at the first instant after the gap', (year, month, day, zone, expected) => {
    expect(iso(zonedMidnightToEpochMs(year, month, day, zone))).toBe(expected);
  });

  it('takes the first of two midnights when clocks fall back to 00:00 (Havana, 2026-11-01)', () => {
    // 00:59:59 CDT (−4) → 00:00:00 CST (−5): local 00:00 happens at 04:00Z and again at 05:00Z.
    expect(iso(zonedMidnightToEpochMs(2026, 11, 1, 'America/Havana'))).toBe('2026-11-01T04:00:00.000Z');
  });

  it('starts a day a zone skipped entirely where the next day starts (Samoa, 2011-12-30)', () => {
    const skipped = zonedMidnightToEpochMs(2011, 12, 30, 'Pacific/Apia');
    expect(iso(skipped)).toBe('2011-12-30T10:00:00.000Z');
    expect(zonedMidnightToEpochMs(2011, 12, 31, 'Pacific/Apia')).toBe(skipped);
  });

  it.each([
    [2026, 13, 1, '2027-01-01T00:00:00.000Z'],
    [2026, 0, 1, '2025-12-01T00:00:00.000Z'],
    [2026, 3, 0, '2026-02-28T00:00:00.000Z'],
    [2024, 3, 0, '2024-02-29T00:00:00.000Z'],
    [2026, 12, 32, '2027-01-01T00:00:00.000Z'],
    [2026, 1, -1, '2025-12-30T00:00:00.000Z'],
  ])('normalises an overflowing date like Date.UTC (%i-%i-%i)', (year, month, day, expected) => {
    expect(iso(zonedMidnightToEpochMs(year, month, day, 'UTC'))).toBe(expected);
  });

  it('normalises before applying the zone (month 13 in Europe/Paris is January)', () => {
    expect(iso(zonedMidnightToEpochMs(2026, 13, 1, 'Europe/Paris'))).toBe('2026-12-31T23:00:00.000Z');
  });

  it('gives an instant whose local date is the date, and whose previous millisecond is the day before', () => {
    for (const zone of ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Sao_Paulo', 'Asia/Beirut']) {
      for (let day = 1; day <= 366; day += 5) {
        const start = zonedMidnightToEpochMs(2026, 1, day, zone);
        const expected = new Date(Date.UTC(2026, 0, day));
        const local = localDateParts(start, zone);
        const before = localDateParts(start - 1, zone);
        expect([local.year, local.month, local.day]).toEqual([expected.getUTCFullYear(), expected.getUTCMonth() + 1, expected.getUTCDate()]);
        expect(Date.UTC(before.year, before.month - 1, before.day)).toBeLessThan(expected.getTime());
      }
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidPeriodKey,
  nextPeriod,
  periodContaining,
  periodForKey,
  PERIOD_TYPES,
  previousPeriod,
  type PeriodSpec,
  type PeriodType,
  type PeriodWindow,
} from '../../shared/domain/periods/period.js';
import { localDateParts } from '../../shared/domain/periods/timezone.js';

const HOUR = 3_600_000;
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'] as const;
const CALENDAR_TYPES = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;

const at = (iso: string) => Date.parse(iso);
const spec = (type: PeriodType, timezone = 'UTC'): PeriodSpec => ({ type, timezone });
const custom = (startsAt: string | null, endsAt: string | null): PeriodSpec => ({ type: 'custom', timezone: 'UTC', startsAt, endsAt });

/** A window with readable bounds: `{ key, start, end }` as ISO strings. */
const readable = (window: PeriodWindow | null) =>
  window && {
    key: window.key,
    start: window.startMs === null ? null : new Date(window.startMs).toISOString(),
    end: window.endMs === null ? null : new Date(window.endMs).toISOString(),
  };
const hoursIn = (window: PeriodWindow | null) => (window!.endMs! - window!.startMs!) / HOUR;

describe('PERIOD_TYPES', () => {
  it('lists the seven period types', () => {
    expect(PERIOD_TYPES).toEqual(['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'lifetime', 'custom']);
  });
});

describe('periodContaining', () => {
  // 2026-12-31T20:00Z is still 31 December in UTC, Paris and New York, but already
  // 1 January 2027 in Kolkata (01:30, +05:30) and Auckland (09:00, +13:00 summer time).
  describe('on New Year’s Eve, 2026-12-31T20:00:00Z', () => {
    const instant = '2026-12-31T20:00:00Z';
    it.each([
      ['daily', 'UTC', '2026-12-31', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['daily', 'Europe/Paris', '2026-12-31', '2026-12-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
      ['daily', 'America/New_York', '2026-12-31', '2026-12-31T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
      ['daily', 'Asia/Kolkata', '2027-01-01', '2026-12-31T18:30:00.000Z', '2027-01-01T18:30:00.000Z'],
      ['daily', 'Pacific/Auckland', '2027-01-01', '2026-12-31T11:00:00.000Z', '2027-01-01T11:00:00.000Z'],
      ['weekly', 'UTC', '2026-W53', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z'],
      ['weekly', 'Europe/Paris', '2026-W53', '2026-12-27T23:00:00.000Z', '2027-01-03T23:00:00.000Z'],
      ['weekly', 'America/New_York', '2026-W53', '2026-12-28T05:00:00.000Z', '2027-01-04T05:00:00.000Z'],
      ['weekly', 'Asia/Kolkata', '2026-W53', '2026-12-27T18:30:00.000Z', '2027-01-03T18:30:00.000Z'],
      ['weekly', 'Pacific/Auckland', '2026-W53', '2026-12-27T11:00:00.000Z', '2027-01-03T11:00:00.000Z'],
      ['monthly', 'UTC', '2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['monthly', 'Europe/Paris', '2026-12', '2026-11-30T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
      ['monthly', 'America/New_York', '2026-12', '2026-12-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
      ['monthly', 'Asia/Kolkata', '2027-01', '2026-12-31T18:30:00.000Z', '2027-01-31T18:30:00.000Z'],
      ['monthly', 'Pacific/Auckland', '2027-01', '2026-12-31T11:00:00.000Z', '2027-01-31T11:00:00.000Z'],
      ['quarterly', 'UTC', '2026-Q4', '2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['quarterly', 'Europe/Paris', '2026-Q4', '2026-09-30T22:00:00.000Z', '2026-12-31T23:00:00.000Z'],
      ['quarterly', 'America/New_York', '2026-Q4', '2026-10-01T04:00:00.000Z', '2027-01-01T05:00:00.000Z'],
      ['quarterly', 'Asia/Kolkata', '2027-Q1', '2026-12-31T18:30:00.000Z', '2027-03-31T18:30:00.000Z'],
      ['quarterly', 'Pacific/Auckland', '2027-Q1', '2026-12-31T11:00:00.000Z', '2027-03-31T11:00:00.000Z'],
      ['yearly', 'UTC', '2026', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['yearly', 'Europe/Paris', '2026', '2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
      ['yearly', 'America/New_York', '2026', '2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
      ['yearly', 'Asia/Kolkata', '2027', '2026-12-31T18:30:00.000Z', '2027-12-31T18:30:00.000Z'],
      ['yearly', 'Pacific/Auckland', '2027', '2026-12-31T11:00:00.000Z', '2027-12-31T11:00:00.000Z'],
    ] as const)('puts it in the %s period of %s %s', (type, zone, key, start, end) => {
      expect(readable(periodContaining(spec(type, zone), at(instant)))).toEqual({ key, start, end });
    });
  });

  // 2026-07-15T02:00Z, a Wednesday: northern summer time in Paris (+02) and New York
  // (−04, still Tuesday 14 July 22:00 there), southern winter time in Auckland (+12).
  describe('in mid-July, 2026-07-15T02:00:00Z', () => {
    const instant = '2026-07-15T02:00:00Z';
    it.each([
      ['daily', 'UTC', '2026-07-15', '2026-07-15T00:00:00.000Z', '2026-07-16T00:00:00.000Z'],
      ['daily', 'Europe/Paris', '2026-07-15', '2026-07-14T22:00:00.000Z', '2026-07-15T22:00:00.000Z'],
      ['daily', 'America/New_York', '2026-07-14', '2026-07-14T04:00:00.000Z', '2026-07-15T04:00:00.000Z'],
      ['daily', 'Asia/Kolkata', '2026-07-15', '2026-07-14T18:30:00.000Z', '2026-07-15T18:30:00.000Z'],
      ['daily', 'Pacific/Auckland', '2026-07-15', '2026-07-14T12:00:00.000Z', '2026-07-15T12:00:00.000Z'],
      ['weekly', 'UTC', '2026-W29', '2026-07-13T00:00:00.000Z', '2026-07-20T00:00:00.000Z'],
      ['weekly', 'Europe/Paris', '2026-W29', '2026-07-12T22:00:00.000Z', '2026-07-19T22:00:00.000Z'],
      ['weekly', 'America/New_York', '2026-W29', '2026-07-13T04:00:00.000Z', '2026-07-20T04:00:00.000Z'],
      ['weekly', 'Asia/Kolkata', '2026-W29', '2026-07-12T18:30:00.000Z', '2026-07-19T18:30:00.000Z'],
      ['weekly', 'Pacific/Auckland', '2026-W29', '2026-07-12T12:00:00.000Z', '2026-07-19T12:00:00.000Z'],
      ['monthly', 'UTC', '2026-07', '2026-07-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z'],
      ['monthly', 'Europe/Paris', '2026-07', '2026-06-30T22:00:00.000Z', '2026-07-31T22:00:00.000Z'],
      ['monthly', 'America/New_York', '2026-07', '2026-07-01T04:00:00.000Z', '2026-08-01T04:00:00.000Z'],
      ['monthly', 'Asia/Kolkata', '2026-07', '2026-06-30T18:30:00.000Z', '2026-07-31T18:30:00.000Z'],
      ['monthly', 'Pacific/Auckland', '2026-07', '2026-06-30T12:00:00.000Z', '2026-07-31T12:00:00.000Z'],
      ['quarterly', 'UTC', '2026-Q3', '2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
      ['quarterly', 'Europe/Paris', '2026-Q3', '2026-06-30T22:00:00.000Z', '2026-09-30T22:00:00.000Z'],
      ['quarterly', 'America/New_York', '2026-Q3', '2026-07-01T04:00:00.000Z', '2026-10-01T04:00:00.000Z'],
      ['quarterly', 'Asia/Kolkata', '2026-Q3', '2026-06-30T18:30:00.000Z', '2026-09-30T18:30:00.000Z'],
      // Auckland moves to summer time (+13) on 27 September, inside this quarter.
      ['quarterly', 'Pacific/Auckland', '2026-Q3', '2026-06-30T12:00:00.000Z', '2026-09-30T11:00:00.000Z'],
      ['yearly', 'UTC', '2026', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['yearly', 'Europe/Paris', '2026', '2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
      ['yearly', 'America/New_York', '2026', '2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z'],
      ['yearly', 'Asia/Kolkata', '2026', '2025-12-31T18:30:00.000Z', '2026-12-31T18:30:00.000Z'],
      ['yearly', 'Pacific/Auckland', '2026', '2025-12-31T11:00:00.000Z', '2026-12-31T11:00:00.000Z'],
    ] as const)('puts it in the %s period of %s %s', (type, zone, key, start, end) => {
      expect(readable(periodContaining(spec(type, zone), at(instant)))).toEqual({ key, start, end });
    });
  });

  it('starts a monthly period at local midnight in Europe/Paris', () => {
    const window = periodContaining(spec('monthly', 'Europe/Paris'), at('2026-11-22T10:15:00Z'))!;
    expect(readable(window)?.start).toBe('2026-10-31T23:00:00.000Z');
    expect(localDateParts(window.startMs!, 'Europe/Paris')).toMatchObject({ year: 2026, month: 11, day: 1, hour: 0, minute: 0, second: 0 });
  });

  it('starts a weekly period on Monday at local midnight', () => {
    const window = periodContaining(spec('weekly', 'America/New_York'), at('2026-11-22T10:15:00Z'))!;
    expect(window.key).toBe('2026-W47');
    expect(localDateParts(window.startMs!, 'America/New_York')).toMatchObject({ month: 11, day: 16, hour: 0, weekday: 1 });
  });

  describe('around DST changes', () => {
    it.each([
      ['America/New_York', '2026-03-08', 23], // 02:00 EST → 03:00 EDT
      ['America/New_York', '2026-11-01', 25], // 02:00 EDT → 01:00 EST
      ['Europe/Paris', '2026-03-29', 23], // 02:00 CET → 03:00 CEST
      ['Europe/Paris', '2026-10-25', 25], // 03:00 CEST → 02:00 CET
      ['Pacific/Auckland', '2026-04-05', 25], // 03:00 NZDT → 02:00 NZST
      ['Pacific/Auckland', '2026-09-27', 23], // 02:00 NZST → 03:00 NZDT
      ['Asia/Kolkata', '2026-03-29', 24], // no DST
      ['America/Sao_Paulo', '2018-11-04', 23], // midnight itself skipped
    ])('makes the day in %s on %s %i hours long', (zone, day, hours) => {
      const window = periodForKey(spec('daily', zone), day)!;
      expect(periodContaining(spec('daily', zone), window.startMs!)).toEqual(window);
      expect(hoursIn(window)).toBe(hours);
    });

    it.each([
      ['Europe/Paris', '2026-03-26T12:00:00Z', '2026-W13', 167],
      ['Europe/Paris', '2026-10-22T12:00:00Z', '2026-W43', 169],
      ['America/New_York', '2026-03-05T12:00:00Z', '2026-W10', 167],
      ['America/New_York', '2026-10-29T12:00:00Z', '2026-W44', 169],
    ])('makes a week spanning a DST change in %s (%s, %s) %i hours long', (zone, instant, key, hours) => {
      const window = periodContaining(spec('weekly', zone), at(instant));
      expect(window?.key).toBe(key);
      expect(hoursIn(window)).toBe(hours);
    });

    it('makes March in Europe/Paris one hour short of 31 days', () => {
      expect(hoursIn(periodContaining(spec('monthly', 'Europe/Paris'), at('2026-03-15T12:00:00Z')))).toBe(31 * 24 - 1);
    });

    it('starts a day whose midnight does not exist at the first instant after the gap (Sao Paulo, 2018-11-04)', () => {
      expect(readable(periodContaining(spec('daily', 'America/Sao_Paulo'), at('2018-11-04T12:00:00Z')))).toEqual({
        key: '2018-11-04',
        start: '2018-11-04T03:00:00.000Z',
        end: '2018-11-05T02:00:00.000Z',
      });
    });

    it('keeps both New York 01:30s of the fall-back night in the same day', () => {
      const first = periodContaining(spec('daily', 'America/New_York'), at('2026-11-01T05:30:00Z'));
      const second = periodContaining(spec('daily', 'America/New_York'), at('2026-11-01T06:30:00Z'));
      expect(first).toEqual(second);
    });
  });

  describe('ISO 8601 week numbering', () => {
    it.each([
      ['2026-12-31T12:00:00Z', '2026-W53'], // Thursday: 2026 has 53 weeks
      ['2027-01-01T12:00:00Z', '2026-W53'], // Friday of the same week
      ['2027-01-03T12:00:00Z', '2026-W53'], // its Sunday
      ['2027-01-04T12:00:00Z', '2027-W01'],
      ['2024-12-30T12:00:00Z', '2025-W01'], // Monday of the week holding 2025-01-02 (Thursday)
      ['2025-12-29T12:00:00Z', '2026-W01'],
      ['2021-01-03T12:00:00Z', '2020-W53'],
      ['2026-01-01T12:00:00Z', '2026-W01'],
      ['2026-11-22T12:00:00Z', '2026-W47'],
      ['2026-11-23T12:00:00Z', '2026-W48'],
    ])('puts %s in %s', (instant, key) => {
      expect(periodContaining(spec('weekly'), at(instant))?.key).toBe(key);
    });

    it('numbers a week by the local date, not the UTC one', () => {
      // Monday 2026-11-23 00:30 in Auckland is still Sunday 11:30 UTC.
      expect(periodContaining(spec('weekly', 'Pacific/Auckland'), at('2026-11-22T11:30:00Z'))?.key).toBe('2026-W48');
      expect(periodContaining(spec('weekly', 'UTC'), at('2026-11-22T11:30:00Z'))?.key).toBe('2026-W47');
    });
  });

  describe('quarter boundaries', () => {
    it.each([
      ['2026-01-01T00:00:00Z', '2026-Q1'],
      ['2026-03-31T23:59:59.999Z', '2026-Q1'],
      ['2026-04-01T00:00:00Z', '2026-Q2'],
      ['2026-06-30T23:59:59.999Z', '2026-Q2'],
      ['2026-07-01T00:00:00Z', '2026-Q3'],
      ['2026-09-30T23:59:59.999Z', '2026-Q3'],
      ['2026-10-01T00:00:00Z', '2026-Q4'],
      ['2026-12-31T23:59:59.999Z', '2026-Q4'],
    ])('puts %s (UTC) in %s', (instant, key) => {
      expect(periodContaining(spec('quarterly'), at(instant))?.key).toBe(key);
    });

    it.each([
      ['Europe/Paris', '2026-03-31T21:59:59.999Z', '2026-Q1'],
      ['Europe/Paris', '2026-03-31T22:00:00.000Z', '2026-Q2'],
      ['America/New_York', '2026-07-01T03:59:59.999Z', '2026-Q2'],
      ['America/New_York', '2026-07-01T04:00:00.000Z', '2026-Q3'],
      ['Asia/Kolkata', '2026-09-30T18:29:59.999Z', '2026-Q3'],
      ['Asia/Kolkata', '2026-09-30T18:30:00.000Z', '2026-Q4'],
    ])('follows local midnight in %s: %s is in %s', (zone, instant, key) => {
      expect(periodContaining(spec('quarterly', zone), at(instant))?.key).toBe(key);
    });
  });

  describe.each(ZONES)('at a boundary in %s', (zone) => {
    it.each(CALENDAR_TYPES)('puts the instant exactly at the end of a %s period in the next period', (type) => {
      const s = spec(type, zone);
      const current = periodContaining(s, at('2026-03-29T12:00:00Z'))!;
      const next = periodContaining(s, current.endMs!)!;
      expect(next.key).not.toBe(current.key);
      expect(next.startMs).toBe(current.endMs);
      expect(periodContaining(s, current.endMs! - 1)).toEqual(current);
      expect(periodContaining(s, current.startMs!)).toEqual(current);
    });
  });

  it('puts every instant in the one lifetime period', () => {
    for (const instant of [0, -1e12, at('2026-11-22T10:15:00Z'), 8.64e15]) {
      expect(periodContaining(spec('lifetime'), instant)).toEqual({ key: 'lifetime', startMs: null, endMs: null });
    }
  });

  describe('for a custom period', () => {
    const june = custom('2026-06-01T00:00:00Z', '2026-06-10T12:00:00Z');

    it.each([
      ['2026-06-01T00:00:00.000Z', 'its first instant'],
      ['2026-06-05T00:00:00.000Z', 'an instant inside'],
      ['2026-06-10T11:59:59.999Z', 'its last millisecond'],
    ])('returns the window for %s (%s)', (instant) => {
      expect(readable(periodContaining(june, at(instant)))).toEqual({
        key: 'custom',
        start: '2026-06-01T00:00:00.000Z',
        end: '2026-06-10T12:00:00.000Z',
      });
    });

    it.each([
      ['2026-05-31T23:59:59.999Z', 'before the start'],
      ['2026-06-10T12:00:00.000Z', 'at the (exclusive) end'],
      ['2027-01-01T00:00:00.000Z', 'after the end'],
    ])('returns null for %s (%s)', (instant) => {
      expect(periodContaining(june, at(instant))).toBeNull();
    });

    it.each([
      [null, '2026-06-10T00:00:00Z'],
      ['2026-06-01T00:00:00Z', null],
      ['not a date', '2026-06-10T00:00:00Z'],
      ['2026-06-10T00:00:00Z', '2026-06-01T00:00:00Z'],
      ['2026-06-10T00:00:00Z', '2026-06-10T00:00:00Z'],
    ])('returns null when the bounds are missing, invalid or empty (%j to %j)', (startsAt, endsAt) => {
      expect(periodContaining(custom(startsAt, endsAt), at('2026-06-05T00:00:00Z'))).toBeNull();
    });
  });

  it('throws a RangeError for a calendar period in an unknown zone', () => {
    expect(() => periodContaining(spec('daily', 'Mars/Base'), 0)).toThrow(RangeError);
  });
});

describe('periodForKey', () => {
  it.each([['Pacific/Apia', '2011-12-30'], ['Pacific/Kiritimati', '1994-12-31'], ['Pacific/Kwajalein', '1993-08-21']])(
    'has no period for a day %s skipped entirely (%s): no instant is in it',
    (timezone, key) => {
      expect(periodForKey({ type: 'daily', timezone }, key)).toBeNull();
      expect(isValidPeriodKey({ type: 'daily', timezone }, key)).toBe(false);
    },
  );
  const instants = [
    '2024-02-29T12:00:00Z',
    '2024-12-30T00:30:00Z',
    '2026-01-01T00:30:00Z',
    '2026-03-29T01:30:00Z',
    '2026-07-15T02:00:00Z',
    '2026-11-01T06:30:00Z',
    '2026-12-31T23:59:59.999Z',
    '2027-01-01T12:00:00Z',
  ];

  describe.each(ZONES)('in %s', (zone) => {
    it.each([...CALENDAR_TYPES, 'lifetime'] as const)('round-trips %s keys with periodContaining', (type) => {
      const s = spec(type, zone);
      for (const instant of instants) {
        const window = periodContaining(s, at(instant))!;
        expect(periodForKey(s, window.key)).toEqual(window);
        expect(isValidPeriodKey(s, window.key)).toBe(true);
      }
    });
  });

  it('round-trips the custom key', () => {
    const s = custom('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z');
    expect(periodForKey(s, 'custom')).toEqual(periodContaining(s, at('2026-06-05T00:00:00Z')));
  });

  it.each([
    ['daily', '2024-02-29', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['weekly', '2026-W53', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z'],
    ['weekly', '2025-W01', '2024-12-30T00:00:00.000Z', '2025-01-06T00:00:00.000Z'],
    ['monthly', '2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['quarterly', '2026-Q1', '2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ['yearly', '2028', '2028-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z'],
    ['lifetime', 'lifetime', null, null],
  ] as const)('reads the %s key %s', (type, key, start, end) => {
    expect(readable(periodForKey(spec(type), key))).toEqual({ key, start, end });
  });

  it('gives the window in the spec’s zone', () => {
    expect(readable(periodForKey(spec('daily', 'Asia/Kolkata'), '2026-11-22'))).toEqual({
      key: '2026-11-22',
      start: '2026-11-21T18:30:00.000Z',
      end: '2026-11-22T18:30:00.000Z',
    });
  });

  it.each([
    ['monthly', '2026-13'],
    ['monthly', '2026-00'],
    ['monthly', '2026-1'],
    ['monthly', '2026-11-01'],
    ['weekly', '2026-W54'],
    ['weekly', '2025-W53'], // 2025 has 52 ISO weeks
    ['weekly', '2026-W00'],
    ['weekly', '2026-W5'],
    ['weekly', '2026-w05'],
    ['quarterly', '2026-Q5'],
    ['quarterly', '2026-Q0'],
    ['quarterly', '2026-q1'],
    ['daily', '2026-02-29'], // 2026 is not a leap year
    ['daily', '2026-02-30'],
    ['daily', '2026-04-31'],
    ['daily', '2026-1-01'],
    ['daily', '2026-11-22T00:00:00Z'],
    ['yearly', '26'],
    ['yearly', '+2026'],
    ['yearly', '2026-01'],
    ['lifetime', '2026'],
    ['lifetime', 'LIFETIME'],
    ['custom', 'lifetime'],
    ...PERIOD_TYPES.map((type) => [type, 'foo'] as const),
    ...PERIOD_TYPES.map((type) => [type, ''] as const),
  ] as const)('refuses the %s key %j', (type, key) => {
    const s: PeriodSpec = { type, timezone: 'UTC', startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-06-10T00:00:00Z' };
    expect(periodForKey(s, key)).toBeNull();
    expect(isValidPeriodKey(s, key)).toBe(false);
  });

  it('refuses the custom key when the custom bounds are unusable', () => {
    expect(periodForKey(custom('2026-06-10T00:00:00Z', '2026-06-01T00:00:00Z'), 'custom')).toBeNull();
  });
});

describe('isValidPeriodKey', () => {
  it.each([
    ['daily', '2024-02-29'],
    ['weekly', '2026-W53'],
    ['weekly', '2020-W53'],
    ['weekly', '2025-W52'],
    ['monthly', '2026-12'],
    ['quarterly', '2026-Q4'],
    ['yearly', '2026'],
    ['lifetime', 'lifetime'],
  ] as const)('accepts the %s key %s', (type, key) => {
    expect(isValidPeriodKey(spec(type), key)).toBe(true);
  });
});

describe('nextPeriod', () => {
  describe.each(['America/New_York', 'Europe/Paris', 'Pacific/Auckland', 'Asia/Kolkata'])('in %s', (zone) => {
    it.each(CALENDAR_TYPES)('chains %s periods without gaps or overlaps across DST changes', (type) => {
      const s = spec(type, zone);
      let current = periodContaining(s, at('2025-12-20T12:00:00Z'))!;
      for (let i = 0; i < 60; i++) {
        const next = nextPeriod(s, current)!;
        expect(next.startMs).toBe(current.endMs);
        expect(next.endMs!).toBeGreaterThan(next.startMs!);
        expect(next.key > current.key).toBe(true);
        expect(periodContaining(s, next.startMs!)).toEqual(next);
        expect(previousPeriod(s, next)).toEqual(current);
        current = next;
      }
    });
  });

  it('walks New York days through the spring-forward and fall-back days', () => {
    const s = spec('daily', 'America/New_York');
    let window = periodForKey(s, '2026-03-07')!;
    const hours: Record<string, number> = {};
    for (let i = 0; i < 3; i++, window = nextPeriod(s, window)!) hours[window.key] = hoursIn(window);
    window = periodForKey(s, '2026-10-31')!;
    for (let i = 0; i < 3; i++, window = nextPeriod(s, window)!) hours[window.key] = hoursIn(window);
    expect(hours).toEqual({ '2026-03-07': 24, '2026-03-08': 23, '2026-03-09': 24, '2026-10-31': 24, '2026-11-01': 25, '2026-11-02': 24 });
  });

  it('goes from 2026-W53 to 2027-W01 and from Q4 to the next Q1', () => {
    expect(nextPeriod(spec('weekly'), periodForKey(spec('weekly'), '2026-W53')!)?.key).toBe('2027-W01');
    expect(nextPeriod(spec('quarterly'), periodForKey(spec('quarterly'), '2026-Q4')!)?.key).toBe('2027-Q1');
  });

  it('has no next period for lifetime and custom', () => {
    const lifetime = spec('lifetime');
    expect(nextPeriod(lifetime, periodContaining(lifetime, 0)!)).toBeNull();
    const june = custom('2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z');
    expect(nextPeriod(june, periodForKey(june, 'custom')!)).toBeNull();
  });
});

describe('properties', () => {
  const zone = fc.constantFrom(...ZONES, 'America/Sao_Paulo', 'Asia/Beirut', 'America/Havana', 'Asia/Kathmandu');
  const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) });
  const type = fc.constantFrom(...CALENDAR_TYPES);

  it('every calendar period contains the instant it was found for, starts at a local day start and round-trips its key', () => {
    fc.assert(
      fc.property(type, zone, instant, (t, z, ms) => {
        const s = spec(t, z);
        const window = periodContaining(s, ms)!;
        expect(window.startMs!).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(window.endMs!);
        const first = localDateParts(window.startMs!, z);
        const before = localDateParts(window.startMs! - 1, z);
        expect(Date.UTC(before.year, before.month - 1, before.day)).toBeLessThan(Date.UTC(first.year, first.month - 1, first.day));
        if (t === 'weekly') expect(first.weekday).toBe(1);
        if (t === 'monthly' || t === 'quarterly' || t === 'yearly') expect(first.day).toBe(1);
        expect(periodForKey(s, window.key)).toEqual(window);
      }),
      { numRuns: 300 },
    );
  });

  it('keys sort in time order within a type', () => {
    fc.assert(
      fc.property(type, zone, instant, instant, (t, z, a, b) => {
        const s = spec(t, z);
        const [earlier, later] = [periodContaining(s, Math.min(a, b))!, periodContaining(s, Math.max(a, b))!];
        expect(earlier.key <= later.key).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

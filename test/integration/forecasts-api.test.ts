import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 12: POST /v1/forecasts, the stateless forecast of any series, through the local gateway. */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('forecasts'));
});
afterAll(async () => api?.stop());

const forecast = (body: unknown) => api.call('POST', '/v1/forecasts', { key, body });
/** Three years of monthly spend with a summer peak and growth. */
const MONTHLY = [
  '100', '104', '110', '118', '130', '150', '160', '152', '133', '120', '112', '108',
  '110', '115', '121', '130', '143', '165', '176', '167', '146', '132', '123', '119',
  '121', '126', '133', '143', '157', '181', '194', '184', '161', '145', '135', '131',
];

describe('POST /v1/forecasts', () => {
  it('forecasts a monthly series, labelled by month after its last value, with intervals that bracket and widen, a total and a backtest', async () => {
    const answer = await forecast({ granularity: 'month', start: '2025-01', values: MONTHLY, horizon: 6 });
    expect(answer.status).toBe(200);
    const body = answer.body;
    expect(body.points.map((point: { period: string }) => point.period)).toEqual(['2028-01', '2028-02', '2028-03', '2028-04', '2028-05', '2028-06']);
    for (const point of body.points) {
      const [p80, p95] = point.intervals;
      expect([p80.level, p95.level]).toEqual([80, 95]);
      expect(Number(p95.lower)).toBeLessThanOrEqual(Number(p80.lower));
      expect(Number(p80.lower)).toBeLessThanOrEqual(Number(point.forecast));
      expect(Number(point.forecast)).toBeLessThanOrEqual(Number(p80.upper));
      expect(Number(p80.upper)).toBeLessThanOrEqual(Number(p95.upper));
      expect(point.forecast).toMatch(/^-?\d+(\.\d{1,6})?$/);
    }
    const sum = body.points.reduce((total: number, point: { forecast: string }) => total + Number(point.forecast), 0);
    expect(Number(body.total.forecast)).toBeCloseTo(sum, 3);
    expect(body.backtest).toMatchObject({ baseline: 'seasonal_naive' });
    expect(typeof body.method).toBe('string');
  });

  it('scales the forecast by a planned growth, and forecasts with a named method', async () => {
    const base = (await forecast({ granularity: 'month', start: '2025-01', values: MONTHLY, horizon: 3, method: 'ses' })).body;
    const grown = (await forecast({ granularity: 'month', start: '2025-01', values: MONTHLY, horizon: 3, method: 'ses', growthPercent: 30 })).body;
    expect(base.method).toBe('ses');
    expect(Number(grown.points[2].forecast)).toBeGreaterThan(Number(base.points[2].forecast) * 1.25);
  });

  it('answers every short or odd series with a forecast, never a 5xx', async () => {
    const cases = [
      { granularity: 'day', start: '2026-11-01', values: ['5'], horizon: 3 },
      { granularity: 'day', start: '2026-11-01', values: ['5', '7'], horizon: 3, method: 'theta' },
      { granularity: 'day', start: '2026-11-01', values: ['1', '2', '3', '4', '5'], horizon: 7, method: 'holt_winters' },
      { granularity: 'day', start: '2026-11-01', values: ['0', '0', '0', '0', '0', '0', '0', '0'], horizon: 7, method: 'auto', levels: [50, 99] },
      { granularity: 'month', start: '2026-01', values: ['-5', '3', '-2', '8'], horizon: 12, method: 'seasonal_naive' },
      { granularity: 'month', start: '2026-01', values: ['12.5', '12.5', '12.5'], horizon: 1, method: 'linear', growthPercent: -100 },
    ];
    for (const body of cases) {
      const answer = await forecast(body);
      expect(answer.status, JSON.stringify(body)).toBe(200);
      expect(answer.body.points).toHaveLength(body.horizon);
    }
  });

  it('refuses bad input precisely', async () => {
    const refusals: Array<[Record<string, unknown>, string]> = [
      [{ granularity: 'day', start: '2026-02-30', values: ['1'], horizon: 1 }, '/start'],
      [{ granularity: 'month', start: '2026-01-01', values: ['1'], horizon: 1 }, '/start'],
      [{ granularity: 'day', start: '2026-01-01', values: [], horizon: 1 }, '/values'],
      [{ granularity: 'day', start: '2026-01-01', values: ['1e3'], horizon: 1 }, '/values/0'],
      [{ granularity: 'day', start: '2026-01-01', values: ['1'], horizon: 367 }, '/horizon'],
      [{ granularity: 'day', start: '2026-01-01', values: ['1'], horizon: 1, levels: [80, 80] }, '/levels'],
      [{ granularity: 'day', start: '2026-01-01', values: ['1'], horizon: 1, method: 'prophet' }, '/method'],
      [{ granularity: 'week', start: '2026-01-01', values: ['1'], horizon: 1 }, '/granularity'],
    ];
    for (const [body, pointer] of refusals) {
      const answer = await forecast(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(slugOf(answer.body)).toBe('validation-error');
      expect(answer.body.errors.some((error: { pointer: string }) => error.pointer.startsWith(pointer)), JSON.stringify(answer.body.errors)).toBe(true);
    }
  });
});

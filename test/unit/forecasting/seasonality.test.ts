import { describe, expect, it } from 'vitest';
import { autocorrelations, decompose, detectSeasonality, isSeasonal } from '../../../shared/domain/forecasting/index.js';
import { AIR_PASSENGERS, seededNormal } from './reference-series.js';

describe('classical decomposition (R `decompose`)', () => {
  it('finds the multiplicative seasonal figure of AirPassengers that R prints', () => {
    // R: decompose(AirPassengers, type = "multiplicative")$figure, e.g. in RPubs' "Time Series: a simple example".
    const { figure, trend } = decompose(AIR_PASSENGERS, 12, 'multiplicative');
    const r = [0.9102304, 0.8836253, 1.0073663, 0.975906, 0.981378, 1.1127758, 1.2265555, 1.219911, 1.0604919, 0.9217572, 0.8011781, 0.8988244];
    expect(figure).toEqual(r.map((v) => expect.closeTo(v, 7)));
    expect(trend.slice(0, 6).every(Number.isNaN)).toBe(true);
    expect(trend[6]).toBeCloseTo(126.7917, 4);
    expect(trend[7]).toBeCloseTo(127.25, 4);
  });

  it('finds the additive figure of the Kendall & Stuart example in R\'s help page (6.25, 8.62, −8.84, −6.03 tens)', () => {
    const x = [-50, 175, 149, 214, 247, 237, 225, 329, 729, 809, 530, 489, 540, 457, 195, 176, 337, 239, 128, 102, 232, 429, 3, 98, 43, -141, -77, -13, 125, 361, -45, 184];
    expect(decompose(x, 4).type).toBe('additive'); // negatives: a multiplicative figure would be meaningless
    expect(decompose(x, 4).figure.map((s) => Math.round(s / 10 * 100) / 100)).toEqual([6.25, 8.62, -8.84, -6.03]);
  });

  it('needs two full periods', () => {
    expect(() => decompose([1, 2, 3, 4, 5], 4)).toThrow(RangeError);
  });
});

describe('the M4 seasonality test', () => {
  const noise = (n: number, seed: number) => {
    const draw = seededNormal(seed);
    return Array.from({ length: n }, () => 100 + 10 * draw());
  };

  it('finds 12 in AirPassengers', () => {
    expect(isSeasonal(AIR_PASSENGERS, 12)).toBe(true);
    expect(detectSeasonality(AIR_PASSENGERS, 12)).toBe(12);
  });

  it('finds 7 in a weekly spend pattern with noise', () => {
    const draw = seededNormal(7);
    const weekly = Array.from({ length: 10 * 7 }, (_, t) => (t % 7 >= 5 ? 40 : 100) + 8 * draw());
    expect(detectSeasonality(weekly, 7)).toBe(7);
  });

  it('finds nothing in white noise (of 20 seeded series, no more false alarms than the test\'s 10 % level allows)', () => {
    const alarms = Array.from({ length: 20 }, (_, seed) => detectSeasonality(noise(120, seed + 1), 7)).filter((p) => p !== null).length;
    expect(alarms).toBeLessThanOrEqual(4);
    expect(detectSeasonality(noise(120, 42), 12)).toBeNull();
  });

  it('needs at least three full periods, and a declared period', () => {
    const weekly = Array.from({ length: 20 }, (_, t) => (t % 7 === 0 ? 50 : 10));
    expect(isSeasonal(weekly, 7)).toBe(false);
    expect(detectSeasonality(AIR_PASSENGERS, null)).toBeNull();
  });

  it('autocorrelations are R `acf` ones: 1 at lag 0 excluded, bounded by 1', () => {
    const r = autocorrelations(AIR_PASSENGERS, 12);
    expect(r).toHaveLength(12);
    // R: acf(AirPassengers)$acf[2] = 0.948, [13] = 0.760.
    expect(r[0]).toBeCloseTo(0.948, 3);
    expect(r[11]).toBeCloseTo(0.76, 2);
  });
});

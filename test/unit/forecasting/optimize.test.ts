import { describe, expect, it } from 'vitest';
import { geometricMean, mase, maseScale, minimizeOnInterval, nelderMead, normalCdf, normalQuantile, tForLevel } from '../../../shared/domain/forecasting/index.js';

describe('the minimisers', () => {
  it('Nelder–Mead finds the minimum of the Rosenbrock function (1, 1)', () => {
    const rosenbrock = ([x = 0, y = 0]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const { point } = nelderMead(rosenbrock, [-1.2, 1], { lower: [-5, -5], upper: [5, 5], maxEvaluations: 5000, tolerance: 1e-14 });
    expect(point[0]).toBeCloseTo(1, 3);
    expect(point[1]).toBeCloseTo(1, 3);
  });

  it('Nelder–Mead stays in its box', () => {
    const { point } = nelderMead(([x = 0]) => (x - 3) ** 2, [0.5], { lower: [0], upper: [1] });
    expect(point[0]).toBeCloseTo(1, 9);
  });

  it('golden-section search finds the global dip after its grid, not a local one', () => {
    const twoDips = (x: number) => Math.min((x - 0.2) ** 2 + 0.1, (x - 0.8) ** 2);
    expect(minimizeOnInterval(twoDips, 0, 1).x).toBeCloseTo(0.8, 5);
  });
});

describe('distributions and accuracy helpers', () => {
  it('normal quantiles and CDF agree with R (qnorm, pnorm)', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
  });

  it("Student's t quantiles agree with R qt to 1e-2 (qt(0.9, 5) = 1.475884, qt(0.975, 9) = 2.262157)", () => {
    expect(tForLevel(80, 5)).toBeCloseTo(1.475884, 2);
    expect(tForLevel(95, 9)).toBeCloseTo(2.262157, 2);
    expect(tForLevel(95, Infinity)).toBeCloseTo(1.959964, 6);
  });

  it('MASE scales by the in-sample seasonal naive error, naive without a period', () => {
    const history = [1, 2, 3, 4, 2, 3, 4, 5];
    expect(maseScale(history, 4)).toBe(1);
    expect(maseScale(history, null)).toBeCloseTo(8 / 7, 12); // |1|+|1|+|1|+|−2|+|1|+|1|+|1| over 7
    expect(mase([5, 6], [4, 8], 1)).toBe(1.5);
    expect(maseScale([3, 3, 3], null)).toBe(3); // flat history: falls back to its mean size
  });

  it('geometric mean', () => {
    expect(geometricMean([1, 4])).toBeCloseTo(2, 12);
  });
});

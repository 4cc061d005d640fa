/**
 * Small numeric helpers the forecasting models share: sums, a least-squares line over
 * time, quantiles and the standard normal distribution. Plain `number`s, no I/O.
 */

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : sum(values) / values.length;
}

/** Root mean square of the finite entries (NaN marks "no value", e.g. the first fitted value of naive). */
export function rootMeanSquare(values: readonly number[]): number {
  const { total, count } = sumOfSquares(values);
  return count === 0 ? Number.NaN : Math.sqrt(total / count);
}

/** Sum of squares of the finite entries and how many there were. */
export function sumOfSquares(values: readonly number[]): { total: number; count: number } {
  let total = 0;
  let count = 0;
  for (const value of values) {
    if (Number.isFinite(value)) {
      total += value * value;
      count += 1;
    }
  }
  return { total, count };
}

/** Ordinary least squares of `values` on time 0..n-1 (R's `lsfit(0:(n-1), x)`). */
export function linearFit(values: readonly number[]): { intercept: number; slope: number } {
  const n = values.length;
  if (n === 1) return { intercept: values[0] ?? 0, slope: 0 };
  const timeMean = (n - 1) / 2;
  const valueMean = mean(values);
  let covariance = 0;
  let variance = 0;
  values.forEach((value, t) => {
    covariance += (t - timeMean) * (value - valueMean);
    variance += (t - timeMean) ** 2;
  });
  const slope = variance === 0 ? 0 : covariance / variance;
  return { intercept: valueMean - slope * timeMean, slope };
}

/** The p-quantile (0..1) of `values` by linear interpolation between order statistics (R type 7). */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const weight = position - below;
  return (sorted[below] ?? 0) * (1 - weight) + (sorted[above] ?? 0) * weight;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation scaled to estimate a normal standard deviation (R's `mad`). */
export function scaledMad(values: readonly number[]): number {
  const centre = median(values);
  return 1.4826 * median(values.map((value) => Math.abs(value - centre)));
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error
 * below 1.2e-9), so `normalQuantile(0.95)` is 1.6448536…, R's `qnorm(0.95)`.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** Standard normal CDF (via the complementary error function, absolute error below 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  // Numerical Recipes' erfc Chebyshev fit.
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The two-sided z for a central interval of `level` percent: 80 → 1.2816. */
export function zForLevel(levelPercent: number): number {
  return normalQuantile(0.5 + levelPercent / 200);
}

/** Solves the small dense system A·x = b by Gaussian elimination with partial pivoting; null when singular. */
export function solveLinearSystem(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i] ?? 0]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < n; row += 1) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-300) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const pivotRow = a[col]!;
    for (let row = col + 1; row < n; row += 1) {
      const current = a[row]!;
      const factor = current[col]! / pivotRow[col]!;
      if (factor === 0) continue;
      for (let k = col; k <= n; k += 1) current[k] = current[k]! - factor * pivotRow[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    const current = a[row]!;
    let acc = current[n]!;
    for (let k = row + 1; k < n; k += 1) acc -= current[k]! * x[k]!;
    x[row] = acc / current[row]!;
  }
  return x.every(Number.isFinite) ? x : null;
}

/**
 * Derivative-free minimisers for the smoothing parameters: the objectives (sum of
 * squared one-step errors) are cheap, low-dimensional (1–4 parameters once the
 * initial states are profiled out) and not smooth at the bounds, which is what
 * Nelder–Mead and golden-section search are for. Written here because no maintained
 * npm package fits a pure domain module.
 */

export interface NelderMeadOptions {
  /** Box the search stays in: every evaluated point is clamped into [lower, upper]. */
  lower: readonly number[];
  upper: readonly number[];
  /** Initial simplex edge per coordinate (defaults to 10 % of the box or 0.1). */
  steps?: readonly number[];
  maxEvaluations?: number;
  /** Stops when the simplex values differ by less than this (relative to their size). */
  tolerance?: number;
}

export interface Minimum {
  point: number[];
  value: number;
  evaluations: number;
}

const clampInto = (point: readonly number[], lower: readonly number[], upper: readonly number[]) =>
  point.map((x, i) => Math.min(Math.max(x, lower[i] ?? -Infinity), upper[i] ?? Infinity));

/** Nelder–Mead (standard coefficients 1, 2, 0.5, 0.5) on a box, by clamping. */
export function nelderMead(objective: (point: number[]) => number, start: readonly number[], options: NelderMeadOptions): Minimum {
  const { lower, upper } = options;
  const dims = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * Math.max(dims, 1);
  const tolerance = options.tolerance ?? 1e-10;
  let evaluations = 0;
  const evaluate = (point: readonly number[]): { point: number[]; value: number } => {
    const clamped = clampInto(point, lower, upper);
    evaluations += 1;
    const value = objective(clamped);
    return { point: clamped, value: Number.isFinite(value) ? value : Number.MAX_VALUE };
  };

  const simplex = [evaluate(start)];
  for (let i = 0; i < dims; i += 1) {
    const span = (upper[i] ?? Infinity) - (lower[i] ?? -Infinity);
    const step = options.steps?.[i] ?? (Number.isFinite(span) ? span / 10 : 0.1);
    const vertex = [...start];
    // Step towards the roomier side so the vertex is not clamped back onto the start.
    const x = vertex[i] ?? 0;
    vertex[i] = x + step <= (upper[i] ?? Infinity) ? x + step : x - step;
    simplex.push(evaluate(vertex));
  }

  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[dims]!;
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + 1e-12)) break;
    const centroid = new Array<number>(dims).fill(0);
    for (let v = 0; v < dims; v += 1) for (let i = 0; i < dims; i += 1) centroid[i]! += simplex[v]!.point[i]! / dims;
    const along = (t: number) => centroid.map((c, i) => c + t * (worst.point[i]! - c));
    const reflected = evaluate(along(-1));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(-2));
      simplex[dims] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < simplex[dims - 1]!.value) {
      simplex[dims] = reflected;
    } else {
      const contracted = reflected.value < worst.value ? evaluate(along(-0.5)) : evaluate(along(0.5));
      if (contracted.value < Math.min(reflected.value, worst.value)) {
        simplex[dims] = contracted;
      } else {
        for (let v = 1; v <= dims; v += 1) simplex[v] = evaluate(simplex[v]!.point.map((x, i) => best.point[i]! + 0.5 * (x - best.point[i]!)));
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return { point: simplex[0]!.point, value: simplex[0]!.value, evaluations };
}

/**
 * Minimum of a one-dimensional function on [lower, upper]: a coarse grid first (the SES
 * error surface can have more than one dip), then golden-section search around the best
 * grid point.
 */
export function minimizeOnInterval(objective: (x: number) => number, lower: number, upper: number, gridPoints = 20, tolerance = 1e-7): { x: number; value: number } {
  let bestIndex = 0;
  let bestValue = Infinity;
  const gridStep = (upper - lower) / gridPoints;
  for (let i = 0; i <= gridPoints; i += 1) {
    const value = objective(lower + i * gridStep);
    if (value < bestValue) {
      bestValue = value;
      bestIndex = i;
    }
  }
  let a = Math.max(lower, lower + (bestIndex - 1) * gridStep);
  let b = Math.min(upper, lower + (bestIndex + 1) * gridStep);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = objective(c);
  let fd = objective(d);
  while (b - a > tolerance) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = objective(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = objective(d);
    }
  }
  const x = (a + b) / 2;
  const value = objective(x);
  const gridX = lower + bestIndex * gridStep;
  return value <= bestValue ? { x, value } : { x: gridX, value: bestValue };
}

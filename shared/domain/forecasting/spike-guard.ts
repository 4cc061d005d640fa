import { seasonalAdjuster } from './seasonality.js';
import { median, scaledMad } from './stats.js';

/**
 * A history that ends on a one-off spike (a single day of unusual spend) would have
 * every level-following model project the spike flat for the rest of the period. When
 * the last value (deseasonalised) is far outside the recent spread and the one before
 * it is not, it is pulled back to the edge of that spread before fitting. Two unusual
 * values in a row are a level shift and are left alone, so a real change is followed
 * one step later.
 */

/** How far (in robust standard deviations) a last value may stray before it counts as a spike. */
export const SPIKE_THRESHOLD = 4;
/** How many preceding values define "recent". */
const RECENT_WINDOW = 28;

export function guardFinalSpike(values: readonly number[], period: number | null): { values: number[]; clipped: boolean } {
  const n = values.length;
  const unchanged = { values: [...values], clipped: false };
  if (n < 8) return unchanged;
  const adjuster = period !== null && n >= 2 * period ? seasonalAdjuster(values, period) : null;
  const series = adjuster ? adjuster.adjust(values) : [...values];
  const recent = series.slice(Math.max(0, n - 1 - RECENT_WINDOW), n - 1);
  const centre = median(recent);
  const spread = scaledMad(recent);
  const last = series[n - 1]!;
  const previous = series[n - 2]!;
  const limit = SPIKE_THRESHOLD * spread;
  const outside = (value: number) => (spread > 0 ? Math.abs(value - centre) > limit : value !== centre);
  if (!outside(last) || outside(previous)) return unchanged;
  const clippedValue = centre + Math.sign(last - centre) * limit;
  const restored = adjuster ? adjuster.restore([clippedValue], n - 1)[0]! : clippedValue;
  return { values: [...values.slice(0, n - 1), restored], clipped: true };
}

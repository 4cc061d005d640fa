import type { CostProvider } from '../budgets/cost-source.js';
import { actualInstantMs } from '../money/actuals.js';
import type { ActualDayRecord } from '../money/records.js';
import { periodContaining, periodForKey, type PeriodSpec } from '../periods/period.js';

/**
 * Recorded spend against the provider's (API.md "Reconciliation and corrections",
 * `actuals` and `variance`): what the imported days of a period add up to, and how far the
 * period's recorded `spent` is from it.
 */

/** The imported provider days of one period. */
export interface PeriodActuals {
  source: CostProvider;
  amountMicros: bigint;
  /** When the latest of its days was imported; null while none is. */
  asOfMs: number | null;
  days: number;
}

export interface Variance {
  /** actual − spent. */
  amountMicros: bigint;
  /** amount in percent of spent, to two decimals (half away from zero, within ±{@link PERCENT_CAP}); null when nothing is recorded (spent 0) and the provider says otherwise. */
  percent: number | null;
  /** |amount| ≤ tolerancePercent of |spent|, exactly. */
  withinTolerance: boolean;
  /**
   * Whole tolerance steps the variance is past, signed like it (0: within tolerance), capped
   * at {@link VARIANCE_STEP_CAP}. The job notes it per period and publishes
   * `budget.variance_detected` when it goes past the furthest step noted since the variance
   * was last within tolerance (or changes sign): news when it grows, silence when it wobbles.
   */
  step: number;
}

/** Past a thousand tolerance steps (or anything recorded against nothing), further growth is not news. */
export const VARIANCE_STEP_CAP = 1_000;
/** A percent past this says nothing more, and stays a safe number to store: ±99,999,999.99 %. */
export const PERCENT_CAP = 99_999_999.99;
const PERCENT_CAP_HUNDREDTHS = 9_999_999_999n;
/** A tolerance is kept to four decimals of a percent, so the comparisons below are exact integer arithmetic. */
const TOLERANCE_SCALE = 10_000n;
const DAY_MS = 86_400_000;

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const abs = (value: bigint) => (value < 0n ? -value : value);

/**
 * The UTC dates that can fall in `periodKeys` of `spec` (a day either side of each window,
 * since a day belongs to the period containing its instant; see `actualInstantMs`), as one
 * range: the query that reads their days.
 */
export function actualDaysRange(spec: PeriodSpec, periodKeys: readonly string[], nowMs: number): { from: string; to: string } | null {
  const windows = periodKeys.map((key) => periodForKey(spec, key)).filter((window) => window !== null);
  if (windows.length === 0) return null;
  const starts = windows.map((window) => (window.startMs === null ? 0 : window.startMs - DAY_MS));
  const ends = windows.map((window) => Math.min(window.endMs === null ? nowMs : window.endMs + DAY_MS, nowMs));
  const from = utcDate(Math.max(0, Math.min(...starts)));
  const to = utcDate(Math.max(...ends));
  return from <= to ? { from, to } : null;
}

/** The days of `days` that belong to `periodKey` (by the instant their spend is dated at: noon UTC), summed. */
export function actualsOfPeriod(days: readonly ActualDayRecord[], spec: PeriodSpec, source: CostProvider, periodKey: string): PeriodActuals {
  let amountMicros = 0n;
  let asOfMs: number | null = null;
  let count = 0;
  for (const day of days) {
    if (periodContaining(spec, actualInstantMs(day.date))?.key !== periodKey) continue;
    amountMicros += day.amountMicros;
    count += 1;
    const importedMs = Date.parse(day.importedAt);
    if (asOfMs === null || importedMs > asOfMs) asOfMs = importedMs;
  }
  return { source, amountMicros, asOfMs, days: count };
}

/**
 * How far recorded spend is from the provider's. A tolerance of 0 accepts no difference at
 * all; its step is then only the variance's sign (any difference is one step out).
 */
export function varianceOf(actualMicros: bigint, spentMicros: bigint, tolerancePercent: number): Variance {
  const amountMicros = actualMicros - spentMicros;
  const sign = amountMicros < 0n ? -1 : 1;
  const base = abs(spentMicros);
  const toleranceScaled = BigInt(Math.round(tolerancePercent * Number(TOLERANCE_SCALE)));
  // |amount| · 100 ≤ tolerance · |spent|, both sides scaled to whole numbers.
  const withinTolerance = abs(amountMicros) * 100n * TOLERANCE_SCALE <= toleranceScaled * base;
  let step = 0;
  if (!withinTolerance) {
    const steps = toleranceScaled === 0n ? 1n : base === 0n ? BigInt(VARIANCE_STEP_CAP) : (abs(amountMicros) * 100n * TOLERANCE_SCALE) / (toleranceScaled * base);
    step = sign * Math.min(Number(steps), VARIANCE_STEP_CAP);
  }
  return { amountMicros, percent: percentOf(amountMicros, base), withinTolerance, step };
}

/** `amount` in percent of `base` (> 0 or null), rounded half away from zero to two decimals, within ±{@link PERCENT_CAP}. */
function percentOf(amountMicros: bigint, base: bigint): number | null {
  if (base === 0n) return amountMicros === 0n ? 0 : null;
  // Hundredths of a percent: |amount| · 10⁴ / base, rounded half up on the magnitude.
  const hundredths = (2n * abs(amountMicros) * 10_000n + base) / (2n * base);
  const capped = hundredths > PERCENT_CAP_HUNDREDTHS ? PERCENT_CAP_HUNDREDTHS : hundredths;
  return ((amountMicros < 0n ? -1 : 1) * Number(capped)) / 100;
}

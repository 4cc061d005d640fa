import { createHash } from 'node:crypto';
import type { PageQuery } from '../common/limits.js';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severity of a threshold, as API.md fixes it: below 75 info, 75–99 warning, 100 and above critical. */
export function thresholdSeverity(thresholdPercent: number): Severity {
  return thresholdPercent < 75 ? 'info' : thresholdPercent < 100 ? 'warning' : 'critical';
}

export const ALERT_KINDS = ['actual', 'forecast'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** What API.md shows. `clear` is internal: the item exists (it remembers the newest counter movement seen) but never fired. */
export const ALERT_STATES = ['active', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number] | 'clear';

export interface AlertQuery extends PageQuery {
  budgetId?: string | undefined;
  state?: (typeof ALERT_STATES)[number] | undefined;
}

/** A period counter as the alert rules see it (from a stream image). */
export interface CounterSnapshot {
  tenantId: string;
  budgetId: string;
  periodKey: string;
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
  /** Strictly increasing per counter: orders stream records that arrive out of order. */
  movementCount: number;
  /** When the spend of the counter's latest spend-moving write happened (null: none recorded). */
  spentAtMs: number | null;
  /** What that spend was for (absent: not a counter image, e.g. a projection). */
  spentLabels?: { category: string | null; provider: string | null };
}

export interface AlertRecord {
  tenantId: string;
  id: string;
  budgetId: string;
  periodKey: string;
  threshold: number;
  kind: AlertKind;
  severity: Severity;
  /** Utilization (%) when it last fired or resolved. */
  utilization: number;
  state: AlertState;
  triggeredAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  /** How often it fired in the period: a crossing after a resolution fires it again. */
  firedCount: number;
  /** The counter movement this state was derived from; an older stream record never overrides it. */
  movementCount: number;
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
}

/** One alert per (budget, period, threshold, kind): its id is derived from them, so a race cannot make two. */
export function alertIdFor(tenantId: string, budgetId: string, periodKey: string, kind: AlertKind, threshold: number): string {
  const digest = createHash('sha256').update(JSON.stringify([tenantId, budgetId, periodKey, kind, threshold])).digest('hex');
  return `alr_${digest.slice(0, 32)}`;
}

/**
 * Utilization in percent, two decimals, as status shows it. A limit of zero (or cut below)
 * has no finite ratio: nothing committed is 0 %, anything committed reads as its micro-units,
 * far beyond every threshold.
 */
export function utilizationPercent(limitMicros: bigint, committedMicros: bigint): number {
  if (limitMicros > 0n) return Number((committedMicros * 10_000n) / limitMicros) / 100;
  return committedMicros > 0n ? Number(committedMicros) : 0;
}

/** Whether `threshold` % is reached, exactly (no floating point on amounts). */
export function reaches(snapshot: Pick<CounterSnapshot, 'limitMicros' | 'spentMicros' | 'reservedMicros'>, threshold: number): boolean {
  const committedMicros = snapshot.spentMicros + snapshot.reservedMicros;
  if (snapshot.limitMicros <= 0n) return committedMicros > 0n;
  return committedMicros * 100n >= BigInt(threshold) * snapshot.limitMicros;
}

/**
 * The thresholds one counter change crosses: upward (fire) and downward (resolve). A new
 * counter (no old image) starts from nothing committed.
 */
export function crossings(
  before: CounterSnapshot | undefined,
  after: CounterSnapshot,
  thresholds: readonly number[],
): { up: number[]; down: number[] } {
  const up: number[] = [];
  const down: number[] = [];
  for (const threshold of thresholds) {
    const was = before ? reaches(before, threshold) : false;
    const is = reaches(after, threshold);
    if (is && !was) up.push(threshold);
    if (was && !is) down.push(threshold);
  }
  return { up, down };
}

export function newAlertFields(snapshot: CounterSnapshot, threshold: number, kind: AlertKind) {
  return {
    tenantId: snapshot.tenantId,
    id: alertIdFor(snapshot.tenantId, snapshot.budgetId, snapshot.periodKey, kind, threshold),
    budgetId: snapshot.budgetId,
    periodKey: snapshot.periodKey,
    threshold,
    kind,
    severity: thresholdSeverity(threshold),
  };
}

import type { PageQuery } from '../common/limits.js';
import type { ScopeType } from '../budgets/budget.js';
import type { ReservationStatus } from './records.js';

/**
 * What callers ask of the money area, as the wire schemas hand it over: amounts already
 * parsed into micro-units (once, at the edge), times as epoch milliseconds.
 */

export interface ReserveRequest {
  amountMicros: bigint;
  /** When given, it must be the budget's currency (422 otherwise). */
  currency?: string | undefined;
  ttlSeconds: number;
  description?: string | undefined;
  category?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface ChargeRequest {
  /** What it really cost; absent charges the held amount. */
  amountMicros?: bigint | undefined;
  currency?: string | undefined;
}

export interface UsageRequest {
  amountMicros: bigint;
  currency?: string | undefined;
  /** Default now; at most {@link MAX_USAGE_CLOCK_SKEW_MS} ahead. */
  occurredAtMs?: number | undefined;
  category?: string | undefined;
  provider?: string | undefined;
  source?: string | undefined;
  description?: string | undefined;
  reference?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface AdjustmentRequest {
  /** Signed: a top-up or a cut of the current period's limit. */
  amountMicros: bigint;
  reason: string;
  currency?: string | undefined;
}

export interface CorrectionRequest {
  /** The period of the budget whose spend is corrected (the current one or an earlier one). */
  periodKey: string;
  /** Signed, non-zero: added to `spent` of that period in the budget and its ancestors. */
  spentDeltaMicros: bigint;
  reason: string;
}

export interface CheckRequest {
  amountMicros: bigint;
  currency?: string | undefined;
  budgetIds?: string[] | undefined;
  scopes?: Array<{ type: ScopeType; id: string }> | undefined;
}

export interface ReservationQuery extends PageQuery {
  status?: ReservationStatus | undefined;
}

export interface LedgerQuery extends PageQuery {
  periodKey?: string | undefined;
}

export interface UsageQuery extends PageQuery {
  fromMs?: number | undefined;
  toMs?: number | undefined;
  category?: string | undefined;
  provider?: string | undefined;
}

export const USAGE_GROUPINGS = ['category', 'provider', 'day', 'month'] as const;

export interface UsageSummaryQuery {
  fromMs?: number | undefined;
  toMs?: number | undefined;
  groupBy: (typeof USAGE_GROUPINGS)[number];
  /** Count the budget's descendants too (any status). */
  includeDescendants?: boolean | undefined;
  /** Count charged reservations too, at their charge time. */
  includeCharges?: boolean | undefined;
}

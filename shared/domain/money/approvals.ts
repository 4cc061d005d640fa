import type { PageQuery } from '../common/limits.js';
import type { Severity } from '../alerts/alerts.js';

export const APPROVAL_LEVELS = ['automatic', 'manager', 'director', 'executive'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'denied', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export interface ApprovalQuery extends PageQuery {
  status?: ApprovalStatus | undefined;
  budgetId?: string | undefined;
}

/** What an approver may add to a decision. */
export interface DecisionRequest {
  comment?: string | undefined;
}

export const AUTOMATIC_APPROVER = 'system:automatic';
export const EXPIRY_ACTOR = 'system:expiry';

export interface ApprovalRecord {
  tenantId: string;
  id: string;
  /** The approval budget that lacked room (the reserved budget or one of its ancestors). */
  budgetId: string;
  reservationId: string;
  /** The budget the reservation was made on. */
  reservationBudgetId: string;
  currency: string;
  periodKey: string;
  amountMicros: bigint;
  /** How far the approval budget would go over its limit with this reservation. */
  overrunMicros: bigint;
  level: ApprovalLevel;
  status: ApprovalStatus;
  requestedAt: string;
  requestedBy: string;
  expiresAtMs: number;
  decidedAt: string | null;
  decidedBy: string | null;
  comment: string | null;
  description: string | null;
  /** Its free text was erased (privacy): a decision read before that must not write the text back. */
  textErased?: true;
}

/**
 * The level an overrun needs, by its share of the limit: ≤ 5 % automatic, ≤ 20 % manager,
 * ≤ 50 % director, above executive. Exact: compared in micro-units, never as a float.
 * A budget with no positive limit has no share to speak of: any overrun is executive.
 */
export function approvalLevel(overrunMicros: bigint, limitMicros: bigint): ApprovalLevel {
  if (limitMicros <= 0n) return 'executive';
  const within = (percent: bigint) => overrunMicros * 100n <= percent * limitMicros;
  if (within(5n)) return 'automatic';
  if (within(20n)) return 'manager';
  if (within(50n)) return 'director';
  return 'executive';
}

/**
 * The largest overrun approved without a person: 5 % of the limit, in whole micro-units
 * (an overrun is automatic exactly when it is at most this; see {@link approvalLevel}).
 */
export function automaticOverrunAllowance(limitMicros: bigint): bigint {
  return limitMicros > 0n ? (limitMicros * 5n) / 100n : 0n;
}

/** How loudly a request is announced: the bigger the overrun, the more senior the approver. */
export function approvalRequestSeverity(level: ApprovalLevel): Severity {
  return level === 'automatic' ? 'info' : level === 'manager' ? 'warning' : 'critical';
}

/** Whether a key allowed up to `maxLevel` may decide an approval of `level` (levels are ordered as listed). */
export function levelWithin(level: ApprovalLevel, maxLevel: ApprovalLevel): boolean {
  return APPROVAL_LEVELS.indexOf(level) <= APPROVAL_LEVELS.indexOf(maxLevel);
}

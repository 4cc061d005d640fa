import type { LedgerEntry, Reservation, Usage } from '../../schemas/money.js';
import { formatAmount } from '../common/amount.js';

/** A budget and the period one movement touches in it. */
export interface ChainPeriod {
  budgetId: string;
  periodKey: string;
}

export type ReservationStatus = Reservation['status'];

export interface ReservationRecord {
  tenantId: string;
  id: string;
  budgetId: string;
  currency: string;
  amountMicros: bigint;
  status: ReservationStatus;
  overLimit: boolean;
  /** The period of the reserved budget. */
  periodKey: string;
  /** Every budget the hold counts against (target first, then ancestors) and its period. */
  chain: ChainPeriod[];
  expiresAtMs: number;
  createdAt: string;
  updatedAt: string;
  chargedMicros: bigint | null;
  description: string | null;
  category: string | null;
  metadata: Record<string, unknown>;
  approvalId: string | null;
  /** A reservation waiting for approval keeps the `ttlSeconds` it asked for: the hold runs from the approval. */
  requestedTtlSeconds?: number;
  actor: string;
}

export type LedgerEntryType = LedgerEntry['type'];

export interface LedgerEntryRecord {
  tenantId: string;
  id: string;
  budgetId: string;
  type: LedgerEntryType;
  amountMicros: bigint;
  spentDeltaMicros: bigint;
  reservedDeltaMicros: bigint;
  limitDeltaMicros: bigint;
  periodKey: string;
  /** Which counters this entry moved: the reconciliation sums entries by these. */
  chain: ChainPeriod[];
  reservationId?: string;
  /** The approval that allowed this reserve past an approval budget's limit. */
  approvalId?: string;
  usageId?: string;
  reason?: string;
  createdAt: string;
  actor: string;
}

export interface UsageRecord {
  tenantId: string;
  id: string;
  budgetId: string;
  currency: string;
  amountMicros: bigint;
  occurredAt: string;
  periodKey: string;
  category: string | null;
  provider: string | null;
  source: string | null;
  description: string | null;
  reference: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

/** A period counter: what the ledger has moved so far, and the headroom kept for conditions. */
export interface CounterRecord {
  budgetId: string;
  periodKey: string;
  baseLimitMicros: bigint;
  limitDeltaMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
  /** Always base + limitDelta − spent − reserved: kept as an attribute because conditions cannot add. */
  availableMicros: bigint;
}

export function reservationView(reservation: ReservationRecord): Reservation {
  return {
    id: reservation.id,
    budgetId: reservation.budgetId,
    currency: reservation.currency,
    amount: formatAmount(reservation.amountMicros),
    status: reservation.status,
    overLimit: reservation.overLimit,
    periodKey: reservation.periodKey,
    expiresAt: new Date(reservation.expiresAtMs).toISOString(),
    createdAt: reservation.createdAt,
    updatedAt: reservation.updatedAt,
    chargedAmount: reservation.chargedMicros === null ? null : formatAmount(reservation.chargedMicros),
    description: reservation.description,
    category: reservation.category,
    metadata: reservation.metadata,
    approvalId: reservation.approvalId,
  };
}

export function ledgerEntryView(entry: LedgerEntryRecord): LedgerEntry {
  return {
    id: entry.id,
    budgetId: entry.budgetId,
    type: entry.type,
    amount: formatAmount(entry.amountMicros),
    spentDelta: formatAmount(entry.spentDeltaMicros),
    reservedDelta: formatAmount(entry.reservedDeltaMicros),
    limitDelta: formatAmount(entry.limitDeltaMicros),
    ...(entry.reservationId && { reservationId: entry.reservationId }),
    ...(entry.approvalId && { approvalId: entry.approvalId }),
    ...(entry.usageId && { usageId: entry.usageId }),
    ...(entry.reason && { reason: entry.reason }),
    periodKey: entry.periodKey,
    createdAt: entry.createdAt,
    actor: entry.actor,
  };
}

export function usageView(usage: UsageRecord): Usage {
  return {
    id: usage.id,
    budgetId: usage.budgetId,
    currency: usage.currency,
    amount: formatAmount(usage.amountMicros),
    occurredAt: usage.occurredAt,
    periodKey: usage.periodKey,
    category: usage.category,
    provider: usage.provider,
    source: usage.source,
    description: usage.description,
    reference: usage.reference,
    metadata: usage.metadata,
    createdAt: usage.createdAt,
  };
}

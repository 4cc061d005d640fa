export const RESERVATION_STATUSES = ['held', 'charged', 'released', 'expired', 'pending_approval', 'denied'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
export const LEDGER_ENTRY_TYPES = ['reserve', 'charge', 'release', 'expire', 'usage', 'adjustment', 'rollover', 'correction'] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

/** A hold lasts 15 minutes unless asked otherwise, and never more than a week. */
export const DEFAULT_HOLD_TTL_SECONDS = 900;
export const MAX_HOLD_TTL_SECONDS = 7 * 86_400;
export { MAX_USAGE_CLOCK_SKEW_MS } from '../common/limits.js';

/** What a movement of spent was for: the labels the spend breakdown of a period groups by (null: none given). */
export interface SpendLabels {
  category: string | null;
  provider: string | null;
}

export const NO_SPEND_LABELS: SpendLabels = { category: null, provider: null };

/** A budget and the period one movement touches in it. */
export interface ChainPeriod {
  budgetId: string;
  periodKey: string;
}

/** How counters are keyed in the maps `MoneyStore.counters` answers (and anywhere counters are looked up). */
export const counterKeyOf = (link: ChainPeriod): string => `${link.budgetId}#${link.periodKey}`;

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
  /**
   * Counters (`counterKeyOf`) whose period had already closed when the hold joined them (an
   * approval decided after midnight): the hold was not in their frozen figures, so its
   * charge there is late spend in full.
   */
  closedWhenHeld?: string[];
  /** A reservation waiting for approval keeps the `ttlSeconds` it asked for: the hold runs from the approval. */
  requestedTtlSeconds?: number;
  actor: string;
  /** Its free text was erased (privacy): a transition read before that must not write the text back. */
  textErased?: true;
}

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
  /** Every write that moved the counter advances it: a close proves by it that the figures it froze are still current. */
  movementCount: number;
  /**
   * The part of `spentMicros` no hold had counted as used first (usage, corrections, charges'
   * extras above their holds): what it grows by after close is the period's late spend.
   */
  unheldSpentMicros: bigint;
  /** Set once, when the period closed: its figures then, and what rolled into the next period. */
  closed: CounterClose | null;
}

export interface CounterClose {
  closedAtMs: number;
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
  /** `unheldSpentMicros` at close. */
  unheldSpentMicros: bigint;
  /** The `limitDelta` of the rollover entry written into the next period (0 when nothing rolled). */
  rolloverOutMicros: bigint;
}

/**
 * The last imported figure of a provider's day for a budget (API.md "Cost actuals"): what the
 * next import compares its figure with, so that only a difference is recorded. Written in the
 * same transaction as the movement it caused (track) and only at the revision read.
 */
export interface ActualDayRecord {
  tenantId: string;
  budgetId: string;
  /** `YYYY-MM-DD`, the provider's (UTC) day. */
  date: string;
  amountMicros: bigint;
  source: 'aws-cost-explorer' | 'focus';
  /** `track`: the figure is in the budget's spend; `compare`: it is only kept beside it. */
  mode: 'track' | 'compare';
  importedAt: string;
  /** 1 for the first import of the day, one more for each figure that differed. */
  revision: number;
}

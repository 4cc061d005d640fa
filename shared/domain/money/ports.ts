import type { AuditEntry } from '../audit/audit.js';
import type { IdempotentWrite, Page } from '../common/ports.js';
import type { ApprovalRecord, ApprovalStatus } from './approvals.js';
import type { LimitExceededStore } from './limit-exceeded.js';
import type { ActualDayRecord, ChainPeriod, SpendLabels, CounterClose, CounterRecord, LedgerEntryRecord, ReservationRecord, ReservationStatus, UsageRecord } from './records.js';

/** How one movement changes one period counter. */
export interface CounterMove {
  budgetId: string;
  periodKey: string;
  /** The budget's limit, used when this is the period's first write. */
  baseLimitMicros: bigint;
  spentDeltaMicros: bigint;
  reservedDeltaMicros: bigint;
  limitDeltaMicros: bigint;
  /**
   * The part of `spentDeltaMicros` no hold had counted as used (usage, a correction, a
   * charge's extra above its hold): counted apart too, so a closed period tells late spend
   * from holds it had already counted at close.
   */
  unheldSpentDeltaMicros?: bigint;
  /**
   * With a change of spent: when that spend happened (usage: its `occurredAt`; a charge or a
   * correction: an instant of the counter's period). Kept on the counter, so the daily
   * spend history dates the movement to its own day, backdated usage included.
   */
  spentAtMs?: number;
  /**
   * With `spentAtMs`: what the spend was for (usage's category and provider, a charge's
   * category). Kept on the counter beside `spentAtMs`, so the spend breakdown of a period
   * (reports) counts each movement under its labels, off the request path.
   */
  spentLabels?: SpendLabels;
  /**
   * The counter's period must not have closed: a new hold is written only into an open
   * period (what a hold joining a closed one holds was not in its frozen figures).
   */
  requireOpen?: boolean;
  /** Hard enforcement: refuse unless `available` stays ≥ 0 after this move. */
  guarded: boolean;
  /**
   * With `guarded`: how far below zero `available` may go (an automatically approved
   * overrun). The write enforces it, so racing requests cannot each take the allowance.
   */
  overdraftMicros?: bigint;
  /**
   * The version of the budget this move's facts were read from (limit, enforcement, path,
   * archived). The counter records the version its facts came from, and the write holds
   * only if the two agree: a decision on a stale read is refused, never applied. Absent for
   * moves that decide nothing from the budget (a hold given back).
   */
  budgetVersion?: number;
  /** When the counter's period ends (null: never); an out-of-date counter of a period that has not ended takes the budget's limit. */
  periodEndMs?: number | null;
}

/** What a counter's facts came from: a budget version (absent on counters older than versions) and the limit it took. */
export interface CounterBasis {
  budgetVersion: number | undefined;
  baseLimitMicros: bigint;
}

export interface MovementWrite {
  counters: CounterMove[];
  ledger: LedgerEntryRecord[];
  /**
   * A new reservation, or a transition of one that must still be in status `from` (default
   * `held`), and unexpired at `requireUnexpiredAtMs` when set.
   */
  reservation?: { create: ReservationRecord } | { transition: { after: ReservationRecord; from?: ReservationStatus; requireUnexpiredAtMs?: number } };
  /** A new approval, or a decision on one that must still be `pending` (and unexpired at `requireUnexpiredAtMs`, when set). */
  approval?: { create: ApprovalRecord } | { transition: { after: ApprovalRecord; requireUnexpiredAtMs?: number } };
  usage?: UsageRecord;
  idempotency?: IdempotentWrite;
  /** A period closing: its counter frozen and the budget's closing schedule moved on, both as they were read. */
  periodClose?: PeriodCloseWrite;
  /**
   * An imported day's new figure, written only if the day is still at `expectedRevision` (0: not imported yet) and the
   * budget still at `budgetVersion`: the version whose `costSource` decided what the write records.
   */
  actual?: { record: ActualDayRecord; expectedRevision: number; budgetVersion: number };
  /** A write someone asked for that is more than a money movement (a decision, a close by hand, a correction): its audit entry, in the same transaction. */
  audit?: AuditEntry;
  nowMs: number;
}

/** Which period of a budget closes next, and when it ends. */
export interface ClosingSchedule {
  tenantId: string;
  budgetId: string;
  periodKey: string;
  dueAtMs: number;
}

export interface PeriodCloseWrite {
  tenantId: string;
  budgetId: string;
  periodKey: string;
  /** The counter's `movementCount` the frozen figures were read at; null: the period had no counter. */
  seenMovementCount: number | null;
  /** For a period with no counter: the record is created with this limit (the budget's) and version. */
  baseLimitMicros: bigint;
  budgetVersion: number;
  close: CounterClose;
  /** The schedule as read (null: the budget had none, a budget older than schedules), and what it becomes (null: nothing left to close). */
  scheduleSeen: ClosingSchedule | null;
  scheduleNext: ClosingSchedule | null;
}

export type MovementOutcome =
  | { ok: true }
  /** The counter as the refusing write found it: `reservedMicros` is what its holds (own and descendants') keep back. */
  | { ok: false; reason: 'budget-exceeded'; budgetId: string; availableMicros: bigint; limitMicros: bigint; reservedMicros: bigint }
  /** The counter's facts came from another budget version than the move's: align or re-read, then try again. */
  | { ok: false; reason: 'counter-stale'; tenantId: string; budgetId: string; periodKey: string; counter: CounterBasis }
  /** A move that needs an open period found it closed (`requireOpen`). */
  | { ok: false; reason: 'period-closed'; budgetId: string; periodKey: string }
  /** The write would take the period's effective limit below zero. */
  | { ok: false; reason: 'limit-below-zero'; budgetId: string }
  | { ok: false; reason: 'reservation-not-held' }
  | { ok: false; reason: 'approval-not-pending' }
  /** A period close found its counter moved, already closed, or the schedule moved on since it read them. */
  | { ok: false; reason: 'close-changed' }
  /** An imported day was written by another import since it was read. */
  | { ok: false; reason: 'actual-changed' }
  | { ok: false; reason: 'idempotency-key-taken' };

export interface MoneyStore extends LimitExceededStore {
  /** One atomic write: counters, ledger entries, the reservation or usage record, the idempotency record. */
  move(write: MovementWrite): Promise<MovementOutcome>;
  /**
   * Brings a counter from the basis it was found with to `to` (its limit moving by the
   * difference, as a movement of the counter); false when it changed meanwhile.
   */
  alignCounter(tenantId: string, counter: ChainPeriod, from: CounterBasis, to: { budgetVersion: number; baseLimitMicros: bigint }): Promise<boolean>;
  counters(tenantId: string, wanted: ChainPeriod[]): Promise<Map<string, CounterRecord>>;
  /** A budget's imported days from `fromDate` to `toDate` (inclusive), oldest first, strongly consistent. */
  actualDays(tenantId: string, budgetId: string, fromDate: string, toDate: string): Promise<ActualDayRecord[]>;
  getReservation(tenantId: string, reservationId: string): Promise<ReservationRecord | undefined>;
  listReservations(tenantId: string, budgetId: string, status: string | undefined, limit: number, cursor: string | undefined): Promise<Page<ReservationRecord>>;
  /** Held reservations whose expiry has passed (all tenants, or one). */
  expiredHolds(nowMs: number, tenantId?: string): Promise<ReservationRecord[]>;
  /** Up to `limit` held reservations of one tenant, past their expiry, whose chain includes `counter` (soonest due first). */
  expiredHoldsOf(tenantId: string, counter: ChainPeriod, nowMs: number, limit: number): Promise<ReservationRecord[]>;
  ledger(tenantId: string, budgetId: string, periodKey: string | undefined, limit: number, cursor: string | undefined): Promise<Page<LedgerEntryRecord>>;
  /** Every ledger entry of a budget (reconciliation). */
  allLedgerEntries(tenantId: string, budgetId: string): Promise<LedgerEntryRecord[]>;
  /** The closing schedule of a budget (strongly consistent). */
  closingSchedule(tenantId: string, budgetId: string): Promise<ClosingSchedule | undefined>;
  /** Up to `limit` schedules (all tenants) whose period ended before `nowMs`, soonest first: the close job's work list, from an index. */
  dueClosings(nowMs: number, limit: number): Promise<ClosingSchedule[]>;
  /** A budget's period counters, newest period first. */
  periodCounters(tenantId: string, budgetId: string, limit: number, cursor: string | undefined): Promise<Page<CounterRecord>>;
  usage(tenantId: string, budgetId: string, filter: { fromIso?: string; toIso?: string; category?: string; provider?: string }, limit: number, cursor: string | undefined): Promise<Page<UsageRecord>>;
}

export interface ApprovalListFilter {
  status?: ApprovalStatus;
  budgetId?: string;
}

export interface ApprovalStore {
  get(tenantId: string, approvalId: string): Promise<ApprovalRecord | undefined>;
  list(tenantId: string, filter: ApprovalListFilter, limit: number, cursor: string | undefined): Promise<Page<ApprovalRecord>>;
  /** Pending approvals whose expiry has passed (all tenants, or one). */
  expiredPending(nowMs: number, tenantId?: string): Promise<ApprovalRecord[]>;
}

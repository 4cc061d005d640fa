import type { AlertRecord, CounterSnapshot } from './alerts.js';
import type { ApiKeyRecord } from './api-keys.js';
import type { ApprovalRecord, ApprovalStatus } from './approvals.js';
import type { BudgetRecord } from './budget.js';
import type { ChainPeriod, CounterRecord, LedgerEntryRecord, ReservationRecord, ReservationStatus, UsageRecord } from './ledger.js';

/** What the domain needs from persistence. The DynamoDB adapters implement these. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface IdempotencyRequest {
  tenantId: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface IdempotentWrite {
  request: IdempotencyRequest;
  response: StoredResponse;
}

export interface IdempotencyStore {
  /** The first response to this key if there is a live one; throws IdempotencyKeyReuseError for another request. */
  find(request: IdempotencyRequest, nowMs: number): Promise<StoredResponse | undefined>;
}

/** Why a conditional write was refused, so the service can re-read and answer precisely. */
export class WriteConflict extends Error {
  constructor(readonly reason: 'budget-changed' | 'parent-changed' | 'idempotency-key-taken' | 'already-exists') {
    super(`write refused: ${reason}`);
    this.name = 'WriteConflict';
  }
}

export interface BudgetListFilter {
  scopeType?: string;
  scopeId?: string;
  parentId?: string;
  status: 'active' | 'archived';
}

export interface BudgetMove {
  oldParent: BudgetRecord | undefined;
  newParent: BudgetRecord | undefined;
  descendants: Array<{ before: BudgetRecord; after: BudgetRecord }>;
}

/** A new limit applies to the current period at once: its counter moves in the same write. */
export interface LimitChange {
  periodKey: string;
  oldLimitMicros: bigint;
  newLimitMicros: bigint;
}

export interface BudgetStore {
  get(tenantId: string, budgetId: string): Promise<BudgetRecord | undefined>;
  /** The budgets that exist among `budgetIds`, in that order (one strongly consistent batch read). */
  getMany(tenantId: string, budgetIds: readonly string[]): Promise<BudgetRecord[]>;
  children(tenantId: string, budgetId: string): Promise<BudgetRecord[]>;
  list(tenantId: string, filter: BudgetListFilter, limit: number, cursor: string | undefined): Promise<Page<BudgetRecord>>;
  /** Throws WriteConflict when the parent changed or the idempotency key was taken meanwhile. */
  create(budget: BudgetRecord, parent: BudgetRecord | undefined, idempotency: IdempotentWrite | undefined, nowMs: number): Promise<void>;
  /** Throws WriteConflict unless `before` is still what is stored. */
  update(before: BudgetRecord, after: BudgetRecord, move: BudgetMove | undefined, limitChange?: LimitChange): Promise<void>;
}

export interface AccessStore {
  /** Throws WriteConflict('already-exists') when the tenant exists. */
  createTenant(tenant: { id: string; name: string; createdAt: string }, adminKey: ApiKeyRecord): Promise<void>;
  /** Creates the tenant if missing and registers the key (idempotent): the local bootstrap. */
  ensureTenantWithKey(tenant: { id: string; name: string; createdAt: string }, key: ApiKeyRecord): Promise<void>;
  createApiKey(key: ApiKeyRecord): Promise<void>;
  listApiKeys(tenantId: string, limit: number, cursor: string | undefined): Promise<Page<ApiKeyRecord>>;
  /** Returns false when there is no such key in the tenant. Revoking twice is fine. */
  revokeApiKey(tenantId: string, keyId: string, revokedAt: string): Promise<boolean>;
  findApiKeyBySecretHash(secretHash: string): Promise<ApiKeyRecord | undefined>;
}

/** How one movement changes one period counter. */
export interface CounterMove {
  budgetId: string;
  periodKey: string;
  /** The budget's limit, used when this is the period's first write. */
  baseLimitMicros: bigint;
  spentDeltaMicros: bigint;
  reservedDeltaMicros: bigint;
  limitDeltaMicros: bigint;
  /** Hard enforcement: refuse unless `available` stays ≥ 0 after this move. */
  guarded: boolean;
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
  nowMs: number;
}

export type MovementOutcome =
  | { ok: true }
  | { ok: false; reason: 'budget-exceeded'; budgetId: string; availableMicros: bigint; limitMicros: bigint }
  | { ok: false; reason: 'reservation-not-held' }
  | { ok: false; reason: 'approval-not-pending' }
  | { ok: false; reason: 'idempotency-key-taken' };

export interface MoneyStore {
  /** One atomic write: counters, ledger entries, the reservation or usage record, the idempotency record. */
  move(write: MovementWrite): Promise<MovementOutcome>;
  counters(tenantId: string, wanted: ChainPeriod[]): Promise<Map<string, CounterRecord>>;
  getReservation(tenantId: string, reservationId: string): Promise<ReservationRecord | undefined>;
  listReservations(tenantId: string, budgetId: string, status: string | undefined, limit: number, cursor: string | undefined): Promise<Page<ReservationRecord>>;
  /** Held reservations whose expiry has passed (all tenants, or one). */
  expiredHolds(nowMs: number, tenantId?: string): Promise<ReservationRecord[]>;
  ledger(tenantId: string, budgetId: string, periodKey: string | undefined, limit: number, cursor: string | undefined): Promise<Page<LedgerEntryRecord>>;
  /** Every ledger entry of a budget (reconciliation). */
  allLedgerEntries(tenantId: string, budgetId: string): Promise<LedgerEntryRecord[]>;
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

export interface AlertListFilter {
  budgetId?: string;
  state?: 'active' | 'acknowledged' | 'resolved';
}

/** Alert transitions are conditional on the counter movement they come from, so stale or repeated stream records change nothing. */
export interface AlertStore {
  /** Fires the alert unless it is already firing or a newer movement was seen; true when it fired. */
  fire(snapshot: CounterSnapshot, threshold: number, kind: AlertRecord['kind'], nowMs: number): Promise<boolean>;
  /** Resolves the alert if it is firing and no newer movement was seen; true when it resolved. */
  resolve(snapshot: CounterSnapshot, threshold: number, kind: AlertRecord['kind'], nowMs: number): Promise<boolean>;
  get(tenantId: string, alertId: string): Promise<AlertRecord | undefined>;
  list(tenantId: string, filter: AlertListFilter, limit: number, cursor: string | undefined): Promise<Page<AlertRecord>>;
  /** The acknowledged alert, or undefined unless it was active or acknowledged (the first acknowledgement's time is kept). */
  acknowledge(tenantId: string, alertId: string, nowMs: number): Promise<AlertRecord | undefined>;
}

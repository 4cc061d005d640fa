import type { LedgerEntryRecord } from '../money/records.js';
import type { Reconciliation } from './figures.js';

/** One page of a budget's ledger, oldest first; `next` resumes after its last entry (null: the end). */
export interface LedgerPage {
  entries: LedgerEntryRecord[];
  next: string | null;
}

/** A drift the job found: one per (budget, period, drift figures), the outbox of `reconciliation.drift_detected`. */
export interface DriftFinding extends Reconciliation {
  tenantId: string;
  /** Derived from the tenant, budget, period and drift figures: the same drift found again is the same finding. */
  id: string;
}

/** Where the job resumes: a tenant, and the active budgets of that tenant still to check (a list cursor; null: from the first). */
export interface JobPosition {
  tenantId: string;
  budgetsCursor: string | null;
}

export interface JobCursor {
  /** Moves with every advance: a run that finds it moved by another run stops. */
  revision: number;
  /** null: the next run starts a new pass at the first tenant. */
  position: JobPosition | null;
}

export interface ReconciliationStore {
  /**
   * A page of a budget's ledger, read strongly consistent: a check compares the entries with
   * counters read the same way, and an entry committed before the counter read must be seen.
   */
  ledgerPage(tenantId: string, budgetId: string, after: string | null): Promise<LedgerPage>;
  /** Keeps the check as the last one of its (budget, period), unless a later check is stored already. */
  saveCheck(tenantId: string, check: Reconciliation): Promise<void>;
  lastCheck(tenantId: string, budgetId: string, periodKey: string): Promise<Reconciliation | undefined>;
  /** Records the finding once (a conditional write keyed by its id): false when it was recorded before. */
  recordDrift(finding: DriftFinding): Promise<boolean>;
  /** The first tenant after `tenantId` (null: the first of all) in id order, from an index; undefined past the last. */
  tenantAfter(tenantId: string | null): Promise<string | undefined>;
  jobCursor(): Promise<JobCursor>;
  /** Moves the cursor on from `revision`; false when another run moved it first. */
  moveJobCursor(revision: number, position: JobPosition | null): Promise<boolean>;
}

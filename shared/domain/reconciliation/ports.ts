import type { JobCursorStore } from '../common/job-cursor.js';
import type { LedgerEntryRecord } from '../money/records.js';
import type { Reconciliation } from './figures.js';
import type { PeriodActuals, Variance } from './variance.js';

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

/**
 * The variance last noted for a (budget, period) of a `compare` budget: each change of step
 * is a new revision, and a revision that moves `peakStep` to a step other than 0 is the
 * outbox of `budget.variance_detected`.
 */
export interface VarianceFinding {
  tenantId: string;
  budgetId: string;
  periodKey: string;
  checkedAtMs: number;
  /** Derived from the tenant, budget, period and revision: the same step noted again is the same event. */
  id: string;
  /** 1 for the first step noted, one more for each change of step. */
  revision: number;
  spentMicros: bigint;
  actuals: PeriodActuals;
  variance: Variance;
  /** The furthest step (signed) noted since the variance was last within tolerance: 0 when it is within. */
  peakStep: number;
  tolerancePercent: number;
}

export interface ReconciliationStore extends JobCursorStore {
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
  /** The variance finding last noted for the period, read strongly consistent (undefined: none yet). */
  lastVariance(tenantId: string, budgetId: string, periodKey: string): Promise<VarianceFinding | undefined>;
  /**
   * Notes the finding if the period's last one is still at `revision − 1` and was checked
   * before it (a conditional write): false when another run noted one first, or a later check.
   */
  noteVariance(finding: VarianceFinding): Promise<boolean>;
}

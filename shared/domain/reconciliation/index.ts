/**
 * Reconciliation: proves counters = Σ ledger (API.md "Ledger", "Reconciliation"): the live
 * check of one budget's period, and the daily job that checks every active budget's
 * current and previous period, records each check and finds drift.
 */
export { type Figures, type Reconciliation } from './figures.js';
export { ReconciliationJob, type ReconciliationRun } from './job.js';
export type { DriftFinding, LedgerPage, ReconciliationStore, VarianceFinding } from './ports.js';
export { VARIANCE_STEP_CAP, type PeriodActuals, type Variance } from './variance.js';
export type { JobCursor, JobPosition } from '../common/job-cursor.js';
export { ReconciliationService, type CounterCheck, type ReconciliationDeps } from './reconcile.js';

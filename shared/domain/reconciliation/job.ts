import { createHash } from 'node:crypto';
import type { BudgetRecord } from '../budgets/budget.js';
import { periodContaining, previousPeriod } from '../periods/period.js';
import { eachConcurrently } from '../common/concurrency.js';
import type { Reconciliation } from './figures.js';
import { OutOfTime } from './ledger-pass.js';
import { withActuals } from './actuals-check.js';
import type { PeriodActuals, Variance } from './variance.js';
import type { JobPosition } from '../common/job-cursor.js';
import { ReconciliationService, type ReconciliationDeps } from './reconcile.js';

/**
 * Active budgets checked together, in one pass over their tenant's ledger: the job's unit
 * of progress (the cursor moves after each). A tenant's pass costs its whole ledger
 * whatever the batch holds, so a batch is large; 1,000 budgets are 2,000 counters of sums.
 */
const JOB_BATCH_BUDGETS = 1_000;
/** A run takes no new batch, and stops a pass, with less time than this left: a batch that starts has time to record its checks. */
const JOB_STOP_MARGIN_MS = 30_000;
/** Checks recorded at once. */
const RECORD_CONCURRENCY = 16;

export interface ReconciliationRun {
  /** Counters proven (and recorded), and how many of them drift. */
  checked: number;
  drifted: number;
  /** Drifts never found before (a drift found again with the same figures is not new, and publishes nothing). */
  newFindings: number;
  /** Counters that moved while their ledger was read: nothing proven, the next run checks them again. */
  unsettled: number;
  /** `compare` budgets whose variance moved to a new tolerance step past their tolerance (each a `budget.variance_detected`). */
  variances: number;
  /** The pass over every tenant ended in this run (the next one starts a new pass). */
  passComplete: boolean;
}

/** The periods of `budget` the job checks at `nowMs`: the current one and the one before (lifetime and custom have only one). */
function periodsToCheck(budget: BudgetRecord, nowMs: number): string[] {
  const current = periodContaining(budget.period, nowMs);
  // Only a custom period contains no instant (now is outside it); its one key is `custom`.
  if (!current) return ['custom'];
  const previous = previousPeriod(budget.period, current);
  return previous ? [current.key, previous.key] : [current.key];
}

/** One finding per (budget, period, drift figures): the id is derived from them, so a drift found again is the same finding. */
function driftFindingId(tenantId: string, check: Reconciliation): string {
  const { drift } = check;
  const digest = createHash('sha256')
    .update(JSON.stringify([tenantId, check.budgetId, check.periodKey, `${drift.limitMicros}`, `${drift.spentMicros}`, `${drift.reservedMicros}`, check.availableCoherent]))
    .digest('hex');
  return `drf_${digest.slice(0, 32)}`;
}

/** One event per (budget, period, revision of its variance step): noting the same step again is the same finding. */
function varianceFindingId(tenantId: string, check: Reconciliation, revision: number): string {
  const digest = createHash('sha256').update(JSON.stringify([tenantId, check.budgetId, check.periodKey, revision])).digest('hex');
  return `var_${digest.slice(0, 32)}`;
}

/**
 * The reconciliation job (EventBridge Scheduler, daily; every 5 minutes under `npm start`):
 * the current and previous period of every active budget of every tenant, found through
 * the tenants index and each tenant's budget list (never a scan).
 *
 * Idempotent and resumable (DESIGN invariant 9). Work goes in batches of a tenant's active
 * budgets; after each, a cursor item moves on (conditionally, so of two overlapping runs
 * the one behind stops). A run stops before its deadline, dropping a batch it cannot end
 * in time, and the next run resumes at the cursor; a pass that ends resets it. A check is
 * recorded as the last of its (budget, period), and a drift also as a finding keyed by its
 * figures, written once: its insertion is the outbox of `reconciliation.drift_detected`,
 * so running twice (or resuming) publishes one event per drift. A `compare` budget's
 * variance from its provider's actuals is noted per tolerance step (see `noteVariance`),
 * the outbox of `budget.variance_detected`.
 *
 * Why a cursor and not a fan-out: the cost is one pass over each tenant's ledger per batch,
 * which one invocation does for tenants of millions of entries; a cursor needs no queue,
 * no second function and no concurrency to tune. A tenant whose ledger does not fit in one
 * invocation needs the pass itself split (see docs/architecture.md).
 */
export class ReconciliationJob {
  private readonly nowMs: () => number;
  private readonly reconciliation: ReconciliationService;

  constructor(private readonly deps: ReconciliationDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
    this.reconciliation = new ReconciliationService(deps);
  }

  /** Checks batches until the pass ends or `timeLeftMs` falls under {@link JOB_STOP_MARGIN_MS}. */
  async run(timeLeftMs: () => number): Promise<ReconciliationRun> {
    const run: ReconciliationRun = { checked: 0, drifted: 0, newFindings: 0, unsettled: 0, variances: 0, passComplete: false };
    const outOfTime = () => timeLeftMs() < JOB_STOP_MARGIN_MS;
    let { revision, position } = await this.deps.store.jobCursor();
    position ??= await this.tenantAfter(null);
    while (position !== null) {
      if (outOfTime()) return run;
      let next: JobPosition | null;
      try {
        next = await this.checkBatch(position, run, outOfTime);
      } catch (error) {
        if (error instanceof OutOfTime) return run;
        throw error;
      }
      if (!(await this.deps.store.moveJobCursor(revision, next))) return run;
      revision += 1;
      position = next;
    }
    run.passComplete = true;
    return run;
  }

  /** Checks the batch at `position` and records it; answers where the next batch starts (null: the pass is over). */
  private async checkBatch(position: JobPosition, run: ReconciliationRun, outOfTime: () => boolean): Promise<JobPosition | null> {
    const { tenantId } = position;
    const page = await this.deps.budgets.list(tenantId, { status: 'active' }, JOB_BATCH_BUDGETS, position.budgetsCursor ?? undefined);
    const nowMs = this.nowMs();
    const wanted = page.items.flatMap((budget) => periodsToCheck(budget, nowMs).map((periodKey) => ({ budgetId: budget.id, periodKey })));
    // A tenant without active budgets has nothing to prove: its ledger is not read.
    const checks = wanted.length === 0 ? [] : await this.reconciliation.reconcileMany(tenantId, wanted, { outOfTime });
    // A counter that moved while its ledger was read proves nothing: the next run checks it again.
    const settled = checks.filter((check) => check.settled);
    run.unsettled += checks.length - settled.length;
    const completed = await withActuals(this.deps.money, tenantId, page.items, settled, nowMs);
    const budgets = new Map(page.items.map((budget) => [budget.id, budget]));
    await eachConcurrently(completed, RECORD_CONCURRENCY, (check) => this.record(tenantId, budgets.get(check.budgetId)!, check, run));
    return page.nextCursor ? { tenantId, budgetsCursor: page.nextCursor } : this.tenantAfter(tenantId);
  }

  private async record(tenantId: string, budget: BudgetRecord, check: Reconciliation, run: ReconciliationRun): Promise<void> {
    if (!check.matches) {
      run.drifted += 1;
      if (await this.deps.store.recordDrift({ ...check, tenantId, id: driftFindingId(tenantId, check) })) run.newFindings += 1;
    }
    const { actuals, variance } = check;
    if (budget.costSource?.mode === 'compare' && actuals && variance && (await this.noteVariance(tenantId, budget.costSource.tolerancePercent, check, actuals, variance))) {
      run.variances += 1;
    }
    await this.deps.store.saveCheck(tenantId, check);
    run.checked += 1;
  }

  /**
   * Notes the period's variance when its step differs from the one last noted: true when the
   * step goes past the furthest one noted since the variance was last within tolerance, or
   * turns the other way (a `budget.variance_detected`). A step back towards tolerance is noted
   * without an event, so a variance that wobbles across a step boundary is news once; one
   * back within tolerance resets, so a later departure is news again. Of two overlapping runs
   * only one notes a step, and never from a check older than the one noted.
   */
  private async noteVariance(tenantId: string, tolerancePercent: number, check: Reconciliation, actuals: PeriodActuals, variance: Variance): Promise<boolean> {
    const last = await this.deps.store.lastVariance(tenantId, check.budgetId, check.periodKey);
    if ((last?.variance.step ?? 0) === variance.step) return false;
    const lastPeak = last?.peakStep ?? 0;
    const further = Math.sign(variance.step) !== Math.sign(lastPeak) || Math.abs(variance.step) > Math.abs(lastPeak);
    const peakStep = variance.step === 0 ? 0 : further ? variance.step : lastPeak;
    const revision = (last?.revision ?? 0) + 1;
    const noted = await this.deps.store.noteVariance({
      tenantId, budgetId: check.budgetId, periodKey: check.periodKey, checkedAtMs: check.checkedAtMs, id: varianceFindingId(tenantId, check, revision), revision,
      spentMicros: check.counters.spentMicros, actuals, variance, peakStep, tolerancePercent,
    });
    return noted && peakStep !== 0 && peakStep !== lastPeak;
  }

  private async tenantAfter(tenantId: string | null): Promise<JobPosition | null> {
    const next = await this.deps.store.tenantAfter(tenantId);
    return next === undefined ? null : { tenantId: next, budgetsCursor: null };
  }
}

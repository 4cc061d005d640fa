import type { BudgetStore } from '../budgets/ports.js';
import type { JobCursorStore } from '../common/job-cursor.js';
import type { WorkQueue } from '../common/work-queue.js';
import type { DailyActualsSource } from './cost-source.js';
import type { CostImporter } from './import.js';

/** A dispatch takes no new tenant with less time than this left: what it found is sent and the cursor moved. */
const DISPATCH_STOP_MARGIN_MS = 30_000;
/** Tenants sent at once (SQS takes at most 10 messages a batch). */
const DISPATCH_BATCH = 10;
/** Who recorded an imported day in the ledger (`actor` of its entries). */
export const COST_IMPORT_ACTOR = 'cost-import-job';

/** One tenant's Cost Explorer import, as the queue carries it. */
export interface TenantImportMessage {
  tenantId: string;
}

export interface CostImportDispatchRun {
  /** Tenants looked at, and those with a Cost Explorer budget, handed to the queue. */
  tenants: number;
  queued: number;
  passComplete: boolean;
}

export interface TenantImportRun {
  budgets: number;
  changedDays: number;
  failedDays: number;
  currencyMismatches: number;
}

/**
 * The Cost Explorer import's schedule (every 8 hours): it walks the tenants from a cursor and
 * queues one message per tenant that has an `aws-cost-explorer` budget (from the cost-source
 * index); a worker imports each (see {@link TenantCostImport}). One invocation could not
 * import every tenant (Cost Explorer answers in seconds per page, and throttles), so the work
 * fans out; the walk itself is a query per tenant. A run stops before its deadline and the
 * next resumes at the cursor; the cursor moves after each batch is queued, conditionally, so
 * of two overlapping runs the one behind stops. A tenant queued twice is imported twice,
 * which changes nothing (applying a day is idempotent) and costs its requests.
 */
export class CostImportDispatch {
  constructor(private readonly deps: {
    budgets: Pick<BudgetStore, 'withCostSource'>;
    cursor: JobCursorStore;
    queue: WorkQueue<TenantImportMessage>;
  }) {}

  async run(timeLeftMs: () => number): Promise<CostImportDispatchRun> {
    const run: CostImportDispatchRun = { tenants: 0, queued: 0, passComplete: false };
    let { revision, position } = await this.deps.cursor.jobCursor();
    let tenantId = position?.tenantId ?? (await this.deps.cursor.tenantAfter(null));
    while (tenantId !== undefined) {
      if (timeLeftMs() < DISPATCH_STOP_MARGIN_MS) return run;
      const batch: TenantImportMessage[] = [];
      while (tenantId !== undefined && batch.length < DISPATCH_BATCH && timeLeftMs() >= DISPATCH_STOP_MARGIN_MS) {
        if ((await this.deps.budgets.withCostSource(tenantId, 'aws-cost-explorer')).length > 0) batch.push({ tenantId });
        run.tenants += 1;
        tenantId = await this.deps.cursor.tenantAfter(tenantId);
      }
      if (batch.length > 0) await this.deps.queue.send(batch);
      run.queued += batch.length;
      if (!(await this.deps.cursor.moveJobCursor(revision, tenantId === undefined ? null : { tenantId, budgetsCursor: null }))) return run;
      revision += 1;
    }
    run.passComplete = true;
    return run;
  }
}

/**
 * One tenant's Cost Explorer import (the worker of the queue above): every `aws-cost-explorer`
 * budget gets its current and previous period's days through `source`, whose cache lets
 * budgets of the tenant with the same filter share requests; only days that changed are
 * recorded. Idempotent: a message delivered twice records nothing the second time.
 */
export class TenantCostImport {
  constructor(private readonly deps: { importer: CostImporter }) {}

  async run(tenantId: string, source: DailyActualsSource): Promise<TenantImportRun> {
    const imported = await this.deps.importer.importCostExplorer({ tenantId, keyId: COST_IMPORT_ACTOR }, { actor: { system: COST_IMPORT_ACTOR }, requestId: `${COST_IMPORT_ACTOR}:${tenantId}` }, source);
    return {
      budgets: imported.budgets.length,
      changedDays: imported.budgets.reduce((sum, budget) => sum + budget.changedDays, 0),
      failedDays: imported.budgets.reduce((sum, budget) => sum + budget.failedDays, 0),
      currencyMismatches: imported.currencyMismatches,
    };
  }
}

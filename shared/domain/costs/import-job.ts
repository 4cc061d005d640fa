import type { JobCursorStore } from '../common/job-cursor.js';
import type { DailyActualsSource } from './cost-source.js';
import type { CostImporter } from './import.js';

/** A run takes no new tenant with less time than this left: a tenant's import that starts has time to end. */
const JOB_STOP_MARGIN_MS = 60_000;
/** Who recorded an imported day in the ledger (`actor` of its entries). */
export const COST_IMPORT_ACTOR = 'cost-import-job';

export interface CostImportRun {
  tenants: number;
  budgets: number;
  changedDays: number;
  currencyMismatches: number;
  failures: Array<{ tenantId: string; error: unknown }>;
  passComplete: boolean;
}

/**
 * The Cost Explorer import (EventBridge Scheduler, every 8 hours): walks the tenants from a
 * cursor and imports each one's `aws-cost-explorer` budgets through one source per run, so
 * budgets sharing a filter share its requests. A run stops before its deadline and the next
 * resumes at the cursor; applying a day is idempotent, so a tenant done twice changes nothing.
 */
export class CostImportJob {
  constructor(private readonly deps: { importer: CostImporter; cursor: JobCursorStore }) {}

  /** `source`: one per run, so its cache lives as long as one pass over the tenants. */
  async run(timeLeftMs: () => number, source: DailyActualsSource): Promise<CostImportRun> {
    const run: CostImportRun = { tenants: 0, budgets: 0, changedDays: 0, currencyMismatches: 0, failures: [], passComplete: false };
    let { revision, position } = await this.deps.cursor.jobCursor();
    let tenantId = position?.tenantId ?? (await this.deps.cursor.tenantAfter(null));
    while (tenantId !== undefined) {
      if (timeLeftMs() < JOB_STOP_MARGIN_MS) return run;
      try {
        const imported = await this.deps.importer.importCostExplorer({ tenantId, keyId: COST_IMPORT_ACTOR }, source);
        run.budgets += imported.budgets.length;
        run.changedDays += imported.budgets.reduce((sum, budget) => sum + budget.changedDays, 0);
        run.currencyMismatches += imported.currencyMismatches;
      } catch (error) {
        // One tenant's failure (a throttled Cost Explorer, a filter it refuses) does not hold the others up; the next pass tries again.
        run.failures.push({ tenantId, error });
      }
      run.tenants += 1;
      const next = await this.deps.cursor.tenantAfter(tenantId);
      if (!(await this.deps.cursor.moveJobCursor(revision, next === undefined ? null : { tenantId: next, budgetsCursor: null }))) return run;
      revision += 1;
      tenantId = next;
    }
    run.passComplete = true;
    return run;
  }
}

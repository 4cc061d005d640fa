import { DynamoAuditStore, DynamoBudgetStore, DynamoIdempotencyStore, DynamoJobCursorStore, DynamoMoneyStore, tableContextFromEnv, type TableContext } from '../adapters/dynamodb/index.js';
import { CostImportDispatch, TenantCostImport, type TenantImportMessage } from '../domain/costs/import-job.js';
import type { WorkQueue } from '../domain/common/work-queue.js';
import { ActualsReader } from '../domain/costs/actuals.js';
import { CostImporter } from '../domain/costs/import.js';
import { MoneyService } from '../domain/money/index.js';
import { logger } from '../observability/logger.js';

/**
 * Cost actuals wired to the table: the importer (FOCUS files, Cost Explorer days) over the
 * money path, and the imported days. Its own composition root, so only the cost routes and
 * the import functions carry it; the Cost Explorer client is wired apart (cost-explorer.ts), for the job alone.
 */
export function createCosts(table: TableContext, clock: { nowMs?: () => number } = {}) {
  const nowMs = clock.nowMs ?? Date.now;
  const budgets = new DynamoBudgetStore(table);
  const moneyStore = new DynamoMoneyStore(table);
  const money = new MoneyService({ budgets, money: moneyStore, idempotency: new DynamoIdempotencyStore(table), nowMs });
  const importer = new CostImporter({
    budgets, nowMs, audit: new DynamoAuditStore(table),
    recordActualDay: (actor, budgetId, request) => money.recordActualDay(actor, budgetId, request),
    onAuditFailed: (error) => logger.error('cost import recorded, its audit entry not written', { error }),
    onDayFailed: (budgetId, date, error) => logger.error('imported day not recorded', { budgetId, date, error }),
  });
  return {
    actuals: new ActualsReader({ budgets, money: moneyStore, nowMs }),
    importer,
    tenantImport: new TenantCostImport({ importer }),
    /** The schedule's walk over the tenants, handing each with a Cost Explorer budget to `queue`. */
    importDispatch: (queue: WorkQueue<TenantImportMessage>) => new CostImportDispatch({ budgets, cursor: new DynamoJobCursorStore(table, 'cost-import-job'), queue }),
  };
}

export type Costs = ReturnType<typeof createCosts>;


let costs: Costs | undefined;

/** Cost actuals for this execution environment, created on first use (not at import). */
export function costsFromEnv(): Costs {
  costs ??= createCosts(tableContextFromEnv());
  return costs;
}

import { BudgetService } from '../../domain/budget-service.js';
import { AccessService } from '../../domain/access-service.js';
import { DynamoAccessStore } from './access-store.js';
import { DynamoBudgetStore } from './budget-store.js';
import type { TableContext } from './client.js';
import { DynamoIdempotencyStore } from './idempotency.js';

export { createDocumentClient, tableContextFromEnv, type TableContext } from './client.js';
export { createTableInput, tableDefinition } from './table.js';

/** The composition root: the domain services wired to one DynamoDB table. */
export function createServices(table: TableContext) {
  return {
    budgets: new BudgetService({ budgets: new DynamoBudgetStore(table), idempotency: new DynamoIdempotencyStore(table) }),
    access: new AccessService(new DynamoAccessStore(table)),
  };
}

export type Services = ReturnType<typeof createServices>;

import { BudgetService } from '../../domain/budget-service.js';
import { AccessService } from '../../domain/access-service.js';
import { DynamoAccessStore } from './access-store.js';
import { DynamoBudgetStore } from './budget-store.js';
import type { TableContext } from './client.js';
import { DynamoIdempotencyStore } from './idempotency.js';
import { DynamoMoneyStore } from './money-store.js';
import { MoneyService } from '../../domain/money-service.js';

export { createDocumentClient, tableContextFromEnv, type TableContext } from './client.js';
export { createTableInput, tableDefinition } from './table.js';

/** The composition root: the domain services wired to one DynamoDB table. */
export function createServices(table: TableContext) {
  const budgets = new DynamoBudgetStore(table);
  const idempotency = new DynamoIdempotencyStore(table);
  return {
    budgets: new BudgetService({ budgets, idempotency }),
    money: new MoneyService({ budgets, money: new DynamoMoneyStore(table), idempotency }),
    access: new AccessService(new DynamoAccessStore(table)),
  };
}

export type Services = ReturnType<typeof createServices>;

import { AccessService } from '../../domain/access-service.js';
import { AlertService } from '../../domain/alert-service.js';
import { ApprovalService } from '../../domain/approval-service.js';
import { BudgetService } from '../../domain/budget-service.js';
import { MoneyService } from '../../domain/money-service.js';
import { DynamoAccessStore } from './access-store.js';
import { DynamoAlertStore } from './alert-store.js';
import { DynamoApprovalStore } from './approval-store.js';
import { DynamoBudgetStore } from './budget-store.js';
import type { TableContext } from './client.js';
import { DynamoIdempotencyStore } from './idempotency.js';
import { DynamoMoneyStore } from './money-store.js';

export { createDocumentClient, tableContextFromEnv, type TableContext } from './client.js';
export { createTableInput, tableDefinition } from './table.js';

/** The composition root: the domain services wired to one DynamoDB table. */
export function createServices(table: TableContext) {
  const budgets = new DynamoBudgetStore(table);
  const idempotency = new DynamoIdempotencyStore(table);
  const money = new DynamoMoneyStore(table);
  const alerts = new DynamoAlertStore(table);
  return {
    budgets: new BudgetService({ budgets, idempotency }),
    money: new MoneyService({ budgets, money, idempotency }),
    approvals: new ApprovalService({ budgets, money, approvals: new DynamoApprovalStore(table), idempotency }),
    alerts: new AlertService({ alerts, budgets }),
    access: new AccessService(new DynamoAccessStore(table)),
    /** What the stream consumer needs (it adds the event publisher of its environment). */
    stores: { budgets, alerts },
  };
}

export type Services = ReturnType<typeof createServices>;

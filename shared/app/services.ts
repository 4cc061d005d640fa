import {
  DynamoAccessStore, DynamoAlertStore, DynamoAuditStore, DynamoApprovalStore, DynamoBudgetStore, DynamoIdempotencyStore, DynamoMoneyStore, DynamoPrivacyWriter, DynamoReconciliationStore,
  DynamoSlackIntegrationStore,
  type TableContext,
} from '../adapters/dynamodb/index.js';
import { AccessService } from '../domain/access/service.js';
import { AlertService } from '../domain/alerts/service.js';
import { AuditService } from '../domain/audit/service.js';
import { SlackIntegrationService } from '../domain/integrations/service.js';
import { BudgetService } from '../domain/budgets/service.js';
import { ApprovalService } from '../domain/money/approval-decisions.js';
import { MoneyService } from '../domain/money/service.js';
import { PrivacyService } from '../domain/privacy/index.js';
import { ReconciliationJob, ReconciliationService } from '../domain/reconciliation/index.js';

/** The composition root: the domain services wired to one DynamoDB table (and a clock: tests pass a fake one). */
export function createServices(table: TableContext, clock: { nowMs?: () => number } = {}) {
  const { nowMs } = clock;
  const budgets = new DynamoBudgetStore(table);
  const idempotency = new DynamoIdempotencyStore(table);
  const money = new DynamoMoneyStore(table);
  const alerts = new DynamoAlertStore(table);
  const reconciliations = new DynamoReconciliationStore(table);
  const approvalStore = new DynamoApprovalStore(table);
  const audit = new DynamoAuditStore(table);
  const approvals = new ApprovalService({ budgets, money, approvals: approvalStore, idempotency, nowMs });
  return {
    budgets: new BudgetService({ budgets, idempotency, nowMs }),
    money: new MoneyService({ budgets, money, idempotency, nowMs }),
    approvals,
    slack: new SlackIntegrationService({ store: new DynamoSlackIntegrationStore(table), approvals, nowMs }),
    alerts: new AlertService({ alerts, budgets }),
    access: new AccessService(new DynamoAccessStore(table)),
    audit: new AuditService(audit),
    privacy: new PrivacyService({ budgets, money, alerts, approvals: approvalStore, writer: new DynamoPrivacyWriter(table), audit, nowMs }),
    reconciliation: new ReconciliationService({ budgets, money, store: reconciliations, nowMs }),
    reconciliationJob: new ReconciliationJob({ budgets, money, store: reconciliations, nowMs }),
  };
}

export type Services = ReturnType<typeof createServices>;

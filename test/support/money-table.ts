import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect, inject } from 'vitest';
import { createServices } from '../../shared/app/services.js';
import { createDocumentClient, DynamoApprovalStore, DynamoBudgetStore, DynamoIdempotencyStore, DynamoMoneyStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { ApprovalService } from '../../shared/domain/money/approval-decisions.js';
import { MoneyService } from '../../shared/domain/money/service.js';
import { ensureTable } from '../../local/stack.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { parseAmount } from '../../shared/domain/common/amount.js';
import { testAudit } from './audit.js';

/**
 * Services on a table of their own in the shared DynamoDB Local, for tests that drive the
 * domain directly: with SDK middleware (`configure`) to force an interleaving or inject a
 * fault, and with a clock of their own, so expiry is reached by moving the clock, not by
 * waiting. No job timer runs against these tables.
 */
export async function newMoneyTable(prefix: string): Promise<string> {
  const tableName = `${prefix}-${randomUUID()}`;
  await ensureTable(inject('dynamoEndpoint'), tableName, { stream: false });
  return tableName;
}

export function tableContext(tableName: string, configure?: (client: DynamoDBClient) => void, maxAttempts = 3): TableContext {
  return { tableName, client: createDocumentClient({ ...localDynamoDbClientConfig(inject('dynamoEndpoint')), maxAttempts }, configure) };
}

/** The money and approval services at a fixed instant (`nowMs`), on `table`. */
export function servicesAt(table: TableContext, nowMs: number) {
  const budgets = new DynamoBudgetStore(table);
  const money = new DynamoMoneyStore(table);
  const idempotency = new DynamoIdempotencyStore(table);
  const clock = () => nowMs;
  return {
    money: new MoneyService({ budgets, money, idempotency, nowMs: clock }),
    approvals: new ApprovalService({ budgets, money, approvals: new DynamoApprovalStore(table), idempotency, nowMs: clock }),
  };
}

/** Plain services (real clock) on `table`: setup, status and reconciliation. */
export const plainServices = (table: TableContext) => createServices(table);

export type PlainServices = ReturnType<typeof plainServices>;

export async function createBudget(services: PlainServices, tenantId: string, fields: Record<string, unknown>): Promise<string> {
  const body = CreateBudgetBody.parse({ name: 'budget', scope: { type: 'team', id: 'money-path' }, currency: 'USD', period: { type: 'monthly' }, ...fields });
  const response = await services.budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) });
  return (response.body as { id: string }).id;
}

/** The reservation (201) or pending reservation (202) the service answered with. */
export async function reserveOn(
  money: Pick<MoneyService, 'reserve'>, tenantId: string, budgetId: string, amount: string, ttlSeconds = 60,
): Promise<{ status: number; body: { id: string; status: string; approvalId: string | null } }> {
  const answer = await money.reserve({ tenantId, keyId: 'key_test' }, budgetId, { amountMicros: parseAmount(amount), ttlSeconds }, {
    respond: (reservation) => ({ status: reservation.status === 'pending_approval' ? 202 : 201, body: reservation }),
  });
  return answer as never;
}

export async function expectReconciled(services: PlainServices, tenantId: string, budgetId: string): Promise<void> {
  const status = await services.money.status(tenantId, budgetId);
  const result = await services.reconciliation.reconcile(tenantId, budgetId, status.period.key);
  expect(result.matches, JSON.stringify(result, (_, value) => (typeof value === 'bigint' ? value.toString() : value))).toBe(true);
}

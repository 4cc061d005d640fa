import { randomUUID } from 'node:crypto';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { statusView } from '../../shared/http/views/index.js';
import { createServices } from '../../shared/app/services.js';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { BudgetExceededError } from '../../shared/domain/common/errors.js';
import { parseAmount } from '../../shared/domain/common/amount.js';
import { ensureTable } from '../../local/stack.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { CreateBudgetBody, type CreateBudgetBody as CreateBudgetInput } from '../../shared/schemas/budgets.js';
import { CreateReservationBody } from '../../shared/schemas/money.js';
import { testAudit } from '../support/audit.js';

/**
 * DynamoDB Local never produces transaction conflicts, throttling or lost responses, so they
 * are injected through SDK middleware; the invariants must hold regardless.
 */
interface Faults {
  conflictRate: number;
  throttleRate: number;
  timeoutAfterCommitRate: number;
  injected: { conflicts: number; throttles: number; timeoutsAfterCommit: number };
}

function faultyTable(tableName: string, faults: Faults): TableContext {
  const configure = (client: DynamoDBClient) => {
    client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      if (Math.random() < faults.throttleRate) {
        faults.injected.throttles++;
        throw Object.assign(new Error('injected throttling'), { name: 'ThrottlingException', $metadata: {}, $retryable: { throttling: true } });
      }
      if (Math.random() < faults.conflictRate) {
        faults.injected.conflicts++;
        throw new TransactionCanceledException({
          message: 'injected conflict', $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }],
        });
      }
      const result = await next(args);
      if (Math.random() < faults.timeoutAfterCommitRate) {
        faults.injected.timeoutsAfterCommit++;
        // The write committed; the caller only sees a timeout, and the SDK retries it.
        throw Object.assign(new Error('injected timeout after commit'), { name: 'TimeoutError', $metadata: {}, $retryable: {} });
      }
      return result;
    }, { step: 'deserialize', name: 'faultInjection' });
  };
  return { tableName, client: createDocumentClient({ ...localDynamoDbClientConfig(inject('dynamoEndpoint')), maxAttempts: 6 }, configure) };
}

const tableName = `faults-${randomUUID()}`;
const tenantId = 'faults';
const actor = { tenantId, keyId: 'key_test' };
let clean: ReturnType<typeof createServices>;

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), tableName, { stream: false });
  clean = createServices({ tableName, client: createDocumentClient(localDynamoDbClientConfig(inject('dynamoEndpoint'))) });
});

async function createBudget(limit: string, parentId?: string): Promise<string> {
  const body: CreateBudgetInput = CreateBudgetBody.parse({
    name: 'faulty', scope: { type: 'service', id: 'faults' }, currency: 'USD', limit, period: { type: 'monthly' }, ...(parentId && { parentId }),
  });
  const response = await clean.budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) });
  return (response.body as { id: string }).id;
}

async function assertInvariants(budgetIds: string[]) {
  for (const budgetId of budgetIds) {
    const status = statusView(await clean.money.status(tenantId, budgetId));
    expect(parseAmount(status.spent) + parseAmount(status.reserved)).toBeLessThanOrEqual(parseAmount(status.limit));
    const reconciliation = await clean.reconciliation.reconcile(tenantId, budgetId, status.period.key);
    expect(reconciliation.matches).toBe(true);
  }
}

describe('under injected faults', () => {
  afterAll(() => undefined);

  it.each([
    ['transaction conflicts', { conflictRate: 0.4, throttleRate: 0, timeoutAfterCommitRate: 0 }],
    ['throttling', { conflictRate: 0, throttleRate: 0.3, timeoutAfterCommitRate: 0 }],
    ['timeouts after commit', { conflictRate: 0, throttleRate: 0, timeoutAfterCommitRate: 0.3 }],
    ['all of them at once', { conflictRate: 0.2, throttleRate: 0.15, timeoutAfterCommitRate: 0.2 }],
  ])('never oversells and keeps counters = Σ ledger with %s', async (_, rates) => {
    const faults: Faults = { ...rates, injected: { conflicts: 0, throttles: 0, timeoutsAfterCommit: 0 } };
    const faulty = createServices(faultyTable(tableName, faults));
    const parent = await createBudget('30');
    const children = [await createBudget('20', parent), await createBudget('20', parent)];
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, (_, index) =>
      faulty.money.reserve(actor, children[index % 2]!, CreateReservationBody.parse({ amount: '1' }), { respond: (reservation) => ({ status: 201, body: reservation }) })));
    const held = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof BudgetExceededError).length;
    const failed = outcomes.length - held - refused;
    expect(faults.injected.conflicts + faults.injected.throttles + faults.injected.timeoutsAfterCommit).toBeGreaterThan(0);
    await assertInvariants([parent, ...children]);
    const parentStatus = statusView(await clean.money.status(tenantId, parent));
    // Every success is a hold; a call that failed on an exhausted retry may or may not have applied, never twice.
    expect(parseAmount(parentStatus.reserved)).toBeGreaterThanOrEqual(BigInt(held) * 1_000_000n);
    expect(parseAmount(parentStatus.reserved)).toBeLessThanOrEqual(BigInt(held + failed) * 1_000_000n);
    expect(parseAmount(parentStatus.reserved)).toBeLessThanOrEqual(30_000_000n);
  });

  it('does not apply a movement twice when the response to a committed write is lost', async () => {
    const faults: Faults = { conflictRate: 0, throttleRate: 0, timeoutAfterCommitRate: 1, injected: { conflicts: 0, throttles: 0, timeoutsAfterCommit: 0 } };
    const faulty = createServices(faultyTable(tableName, faults));
    const budgetId = await createBudget('10');
    await expect(faulty.money.reserve(actor, budgetId, CreateReservationBody.parse({ amount: '4' }), { respond: () => ({ status: 201, body: null }) })).rejects.toThrow(/timeout after commit/);
    expect(faults.injected.timeoutsAfterCommit).toBeGreaterThan(1);
    const status = statusView(await clean.money.status(tenantId, budgetId));
    expect(status.reserved).toBe('4');
    await assertInvariants([budgetId]);
  });
});

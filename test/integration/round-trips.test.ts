import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../shared/app/services.js';
import { parseAmount } from '../../shared/domain/common/amount.js';
import { createBudget, newMoneyTable, plainServices, tableContext } from '../support/money-table.js';

/**
 * Issue 10: DynamoDB round trips per warm operation (budgets remembered, no idempotency
 * pre-read), counted by SDK middleware. Speed itself is the benchmark's business; this only
 * keeps the number of calls from creeping back.
 */
const calls: string[] = [];
const counting = (client: DynamoDBClient) => {
  client.middlewareStack.add((next, context) => async (args) => {
    calls.push(String(context.commandName));
    return next(args);
  }, { step: 'initialize', name: 'countCalls' });
};

let services: ReturnType<typeof createServices>;
let tenantId: string;
let parent: string;
let leaf: string;

beforeAll(async () => {
  const tableName = await newMoneyTable('trips');
  tenantId = 'trips';
  const setup = plainServices(tableContext(tableName));
  parent = await createBudget(setup, tenantId, { limit: '1000' });
  leaf = await createBudget(setup, tenantId, { limit: '100', parentId: parent });
  services = createServices(tableContext(tableName, counting));
});

const actor = () => ({ tenantId, keyId: 'key_test' });
/** Rendered as a handler would (stored with a key): ids only, no bigint. */
const respond = (result: { id: string }) => ({ status: 201, body: { id: result.id } });
const reserve = (key?: string) => services.money.reserve(actor(), leaf, { amountMicros: parseAmount('1'), ttlSeconds: 60 }, {
  respond, ...(key && { idempotency: { tenantId, key, requestHash: key } }),
});
const counted = async (operation: () => Promise<unknown>) => {
  calls.length = 0;
  await operation();
  return [...calls];
};

describe('round trips of a warm operation', () => {
  it('reserve (with or without an Idempotency-Key): one transaction', async () => {
    await reserve();
    expect(await counted(() => reserve())).toEqual(['TransactWriteItemsCommand']);
    expect(await counted(() => reserve('trip-key'))).toEqual(['TransactWriteItemsCommand']);
  });

  it('usage: one transaction', async () => {
    expect(await counted(() => services.money.recordUsage(actor(), leaf, { amountMicros: parseAmount('1') }, { respond }))).toEqual(['TransactWriteItemsCommand']);
  });

  it('charge and release: the reservation, then one transaction', async () => {
    const held = (await reserve()).body as { id: string };
    expect(await counted(() => services.money.charge(actor(), held.id, {}, { respond }))).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
    const other = (await reserve()).body as { id: string };
    expect(await counted(() => services.money.release(actor(), other.id, { respond }))).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
  });

  it('a refused hold that no lapsed hold could make room for: one transaction, no look at the expiry index', async () => {
    // 100 on the leaf, a few units held by the tests above: 500 does not fit even if every hold lapsed.
    const refuse = () => services.money.reserve(actor(), leaf, { amountMicros: parseAmount('500'), ttlSeconds: 60 }, { respond });
    await expect(counted(refuse)).rejects.toMatchObject({ name: 'BudgetExceededError' });
    // The first refusal of the hour in a period also notes budget.limit_exceeded; the next ones do not write.
    expect(calls).toEqual(['TransactWriteItemsCommand', 'PutItemCommand']);
    await expect(counted(refuse)).rejects.toMatchObject({ name: 'BudgetExceededError' });
    expect(calls).toEqual(['TransactWriteItemsCommand']);
  });

  it('status: the budget and its counter', async () => {
    expect(await counted(() => services.money.status(tenantId, leaf))).toEqual(['GetItemCommand', 'BatchGetItemCommand']);
  });
});

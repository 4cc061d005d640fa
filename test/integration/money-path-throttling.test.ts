import { randomUUID } from 'node:crypto';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBudget, expectReconciled, newMoneyTable, plainServices, reserveOn, tableContext, type PlainServices } from '../support/money-table.js';

/**
 * Issue 10, defect 8: throttling inside a transaction reaches the caller as a
 * TransactionCanceledException whose cancellation reasons say `ThrottlingError` or
 * `ProvisionedThroughputExceeded` (the SDK does not retry it: it is not a top-level
 * throttling error). DynamoDB Local never throttles, so the first N TransactWriteItems are
 * answered with that error by middleware, before they reach DynamoDB Local.
 */
function throttledFirst(count: number, code: string, seen: { calls: number }) {
  return (client: DynamoDBClient) => client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
    seen.calls++;
    if (seen.calls > count) return next(args);
    const items = (args.input as { TransactItems: unknown[] }).TransactItems;
    throw new TransactionCanceledException({
      message: `injected ${code}`, $metadata: {},
      // As AWS answers: the throttled item names the reason, every other item `None`.
      CancellationReasons: items.map((_, index) => ({ Code: index === 0 ? code : 'None' })),
    });
  }, { step: 'deserialize', name: 'throttleFirst' });
}

describe('a transaction cancelled by throttling', () => {
  let tableName: string;
  let plain: PlainServices;
  beforeAll(async () => {
    tableName = await newMoneyTable('throttle');
    plain = plainServices(tableContext(tableName));
  });

  it.each(['ThrottlingError', 'ProvisionedThroughputExceeded'])('is retried (%s): the hold is placed once, counters = Σ ledger', async (code) => {
    const tenantId = `thr-${randomUUID().slice(0, 8)}`;
    const parent = await createBudget(plain, tenantId, { limit: '100' });
    const child = await createBudget(plain, tenantId, { limit: '50', parentId: parent });
    const seen = { calls: 0 };
    const throttled = plainServices(tableContext(tableName, throttledFirst(3, code, seen)));

    const held = await reserveOn(throttled.money, tenantId, child, '7');
    expect(held.status).toBe(201);
    expect(seen.calls).toBe(4);
    for (const budgetId of [parent, child]) {
      expect((await plain.money.status(tenantId, budgetId)).reservedMicros).toBe(7_000_000n);
      await expectReconciled(plain, tenantId, budgetId);
    }
    const ledger = await plain.money.ledger(tenantId, child, {});
    expect(ledger.items.map((entry) => [entry.type, entry.reservationId])).toEqual([['reserve', held.body.id]]);
  });
});

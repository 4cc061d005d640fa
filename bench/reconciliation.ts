import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClientConfig } from '../local/dynamodb-local.js';
import { ensureTable } from '../local/stack.js';
import { createDocumentClient, DynamoReconciliationStore, type TableContext } from '../shared/adapters/dynamodb/index.js';
import { keys } from '../shared/adapters/dynamodb/keys.js';
import { createServices } from '../shared/app/services.js';
import { parseAmount } from '../shared/domain/common/amount.js';
import { sortableId } from '../shared/domain/common/ids.js';
import { CreateBudgetBody } from '../shared/schemas/budgets.js';
import { CapacityMeter } from './meter.js';
import { BENCH_AUDIT } from './audit.js';

/**
 * What reconciliation costs per 10,000 ledger entries (issue 11): the items it reads, the
 * read capacity, and the wall time against DynamoDB Local. Two shapes of the same 10,000
 * entries: one budget (its pages read one after the other), and ten budgets of 1,000 checked
 * by the job (their ledgers read 8 at a time). RCU is computed from the items read with
 * DynamoDB's sizing rules (strongly consistent: 1 RCU per started 4 KB of a query page, per
 * item of a batch get), and also shown as DynamoDB Local reports it.
 */
const ENTRIES = 10_000;
const AMOUNT = '0.01';

/** `count` more ledger entries like the budget's first one (a real usage entry), and its counter moved by them: a consistent ledger, fast. */
async function growLedger(table: TableContext, tenantId: string, budgetId: string, count: number): Promise<void> {
  const pk = keys.budgetMoneyPk(tenantId, budgetId);
  const { Items } = await table.client.send(new QueryCommand({
    TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.ledgerPrefix() },
  }));
  const model = Items![0]!;
  const puts = Array.from({ length: count }, () => {
    const id = sortableId('led');
    return { PutRequest: { Item: { ...model, id, sk: keys.ledgerSk(id) } } };
  });
  const batches = Array.from({ length: Math.ceil(puts.length / 25) }, (_, index) => puts.slice(index * 25, index * 25 + 25));
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < batches.length) {
      let request: Record<string, unknown> | undefined = { [table.tableName]: batches[next++] };
      while (request && Object.keys(request).length > 0) request = (await table.client.send(new BatchWriteCommand({ RequestItems: request as never }))).UnprocessedItems;
    }
  }));
  const movedMicros = parseAmount(AMOUNT) * BigInt(count);
  await table.client.send(new UpdateCommand({
    TableName: table.tableName, Key: { pk, sk: keys.counterSk(String(model.periodKey)) },
    UpdateExpression: 'ADD spentMicros :moved, availableMicros :back', ExpressionAttributeValues: { ':moved': movedMicros, ':back': -movedMicros },
  }));
}

export async function reconciliationCost(endpoint: string) {
  const tableName = `bench-reconciliation-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName, { stream: false });
  const meter = new CapacityMeter();
  const table: TableContext = { tableName, client: createDocumentClient(localDynamoDbClientConfig(endpoint), (client) => meter.install(client)) };
  const services = createServices(table);
  const actor = (tenantId: string) => ({ tenantId, keyId: 'key_bench' });
  const budgetWithEntries = async (tenantId: string, entries: number) => {
    const body = CreateBudgetBody.parse({ name: 'bench', scope: { type: 'service', id: 'bench' }, currency: 'USD', limit: '1000000', period: { type: 'monthly' } });
    const budget = await services.budgets.create(tenantId, body, { audit: BENCH_AUDIT, respond: (created) => ({ status: 201, body: created }) });
    const id = (budget.body as { id: string }).id;
    await services.money.recordUsage(actor(tenantId), id, { amountMicros: parseAmount(AMOUNT) }, { respond: (usage) => ({ status: 201, body: usage }) });
    await growLedger(table, tenantId, id, entries - 1);
    return id;
  };

  const single = 'bench-one';
  await services.access.createTenant({ id: single, name: single }, BENCH_AUDIT);
  const big = await budgetWithEntries(single, ENTRIES);
  const oneBudget = await meter.measure(() => services.reconciliation.reconcile(single, big));
  if (!oneBudget.result.matches) throw new Error('the benchmark ledger does not reconcile');

  const spread = 'bench-ten';
  await services.access.createTenant({ id: spread, name: spread }, BENCH_AUDIT);
  for (let index = 0; index < 10; index++) await budgetWithEntries(spread, ENTRIES / 10);
  // The job starts at the ten-budget tenant, the last one: the other was measured above.
  await new DynamoReconciliationStore(table).moveJobCursor(0, { tenantId: spread, budgetsCursor: null });
  const tenBudgets = await meter.measure(() => services.reconciliationJob.run(() => 15 * 60_000));
  if (tenBudgets.result.checked !== 20 || tenBudgets.result.drifted !== 0) throw new Error(`the job did not prove the ten budgets: ${JSON.stringify(tenBudgets.result)}`);

  return {
    entries: ENTRIES,
    method: 'counted at the wire: items read per request; RCU computed from their sizes (strongly consistent reads: 1 RCU per started 4 KB of a query page, per item of a batch get); wall time against DynamoDB Local',
    oneBudgetLiveCheck: oneBudget.figures,
    tenBudgetsOf1000ByTheJob: { countersChecked: tenBudgets.result.checked, ...tenBudgets.figures },
  };
}

export function printReconciliationCost(cost: Awaited<ReturnType<typeof reconciliationCost>>): void {
  console.log(`Reconciliation per ${cost.entries} ledger entries`);
  console.table({ 'one budget, live check': cost.oneBudgetLiveCheck, 'ten budgets of 1,000, the job': cost.tenBudgetsOf1000ByTheJob });
}

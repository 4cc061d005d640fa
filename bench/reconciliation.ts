import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClientConfig } from '../local/dynamodb-local.js';
import { ensureTable } from '../local/stack.js';
import { createDocumentClient, DynamoReconciliationStore, type TableContext } from '../shared/adapters/dynamodb/index.js';
import { keys } from '../shared/adapters/dynamodb/keys.js';
import { createServices } from '../shared/app/services.js';
import { parseAmount } from '../shared/domain/common/amount.js';
import { sortableId } from '../shared/domain/common/ids.js';
import { CreateBudgetBody } from '../shared/schemas/budgets.js';

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

/** An item as the document client hands it back (the meter sits where items are already unmarshalled). */
type Item = Record<string, unknown>;

/** DynamoDB's size of a value: strings in UTF-8, numbers ~1 byte per 2 digits + 1, lists and maps 3 bytes + 1 per element (+ names). */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return Math.ceil(String(value).replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (value === null || typeof value === 'boolean') return 1;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((sum, [name, element]) => sum + 1 + Buffer.byteLength(name) + valueBytes(element), 0);
  return 0;
}
const itemBytes = (item: Item) => Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
const rcuOf = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** Reads counted at the wire, by the low-level client every store of the services shares. */
class ReadMeter {
  requests = 0;
  itemsRead = 0;
  ledgerItemsRead = 0;
  ledgerBytesRead = 0;
  computedRcu = 0;
  reportedRcu = 0;

  install(client: DynamoDBClient): void {
    client.middlewareStack.add((next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      return next(args);
    }, { step: 'initialize', name: 'askConsumedCapacity' });
    client.middlewareStack.add((next, context) => async (args) => {
      const result = await next(args);
      this.count(context.commandName ?? '', args.input as { ConsistentRead?: boolean; RequestItems?: Record<string, { ConsistentRead?: boolean }> }, result.output as never);
      return result;
    }, { step: 'build', name: 'countReads' });
  }

  private count(command: string, input: { ConsistentRead?: boolean; RequestItems?: Record<string, { ConsistentRead?: boolean }> }, output: {
    Items?: Item[]; Item?: Item; Responses?: Record<string, Item[]>; ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }>;
  }): void {
    const reported = [output.ConsumedCapacity ?? []].flat().reduce((sum, capacity) => sum + (capacity.CapacityUnits ?? 0), 0);
    if (command === 'QueryCommand') {
      const items = output.Items ?? [];
      const bytes = items.reduce((sum, item) => sum + itemBytes(item), 0);
      const ledger = items.filter((item) => item.entity === 'ledger');
      this.ledgerItemsRead += ledger.length;
      this.ledgerBytesRead += ledger.reduce((sum, item) => sum + itemBytes(item), 0);
      this.record(items.length, rcuOf(bytes, input.ConsistentRead === true), reported);
    } else if (command === 'BatchGetItemCommand') {
      const consistent = Object.values(input.RequestItems ?? {}).some((request) => request.ConsistentRead === true);
      const items = Object.values(output.Responses ?? {}).flat();
      this.record(items.length, items.reduce((sum, item) => sum + rcuOf(itemBytes(item), consistent), 0), reported);
    } else if (command === 'GetItemCommand') {
      this.record(output.Item ? 1 : 0, rcuOf(output.Item ? itemBytes(output.Item) : 0, input.ConsistentRead === true), reported);
    }
  }

  private record(items: number, computedRcu: number, reportedRcu: number): void {
    this.requests += 1;
    this.itemsRead += items;
    this.computedRcu += computedRcu;
    this.reportedRcu += reportedRcu;
  }

  async measure<T>(work: () => Promise<T>) {
    Object.assign(this, { requests: 0, itemsRead: 0, ledgerItemsRead: 0, ledgerBytesRead: 0, computedRcu: 0, reportedRcu: 0 });
    const start = performance.now();
    const result = await work();
    const wallMs = Math.round(performance.now() - start);
    return {
      result,
      figures: {
        ledgerEntriesRead: this.ledgerItemsRead,
        itemsRead: this.itemsRead,
        requests: this.requests,
        rcuComputed: this.computedRcu,
        rcuReportedByDynamoDbLocal: Math.round(this.reportedRcu * 10) / 10,
        averageEntryBytes: Math.round(this.ledgerBytesRead / Math.max(1, this.ledgerItemsRead)),
        wallMs,
      },
    };
  }
}

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
  await ensureTable(endpoint, tableName);
  const meter = new ReadMeter();
  const table: TableContext = { tableName, client: createDocumentClient(localDynamoDbClientConfig(endpoint), (client) => meter.install(client)) };
  const services = createServices(table);
  const actor = (tenantId: string) => ({ tenantId, keyId: 'key_bench' });
  const budgetWithEntries = async (tenantId: string, entries: number) => {
    const body = CreateBudgetBody.parse({ name: 'bench', scope: { type: 'service', id: 'bench' }, currency: 'USD', limit: '1000000', period: { type: 'monthly' } });
    const budget = await services.budgets.create(tenantId, body, { respond: (created) => ({ status: 201, body: created }) });
    const id = (budget.body as { id: string }).id;
    await services.money.recordUsage(actor(tenantId), id, { amountMicros: parseAmount(AMOUNT) }, { respond: (usage) => ({ status: 201, body: usage }) });
    await growLedger(table, tenantId, id, entries - 1);
    return id;
  };

  const single = 'bench-one';
  await services.access.createTenant({ id: single, name: single });
  const big = await budgetWithEntries(single, ENTRIES);
  const oneBudget = await meter.measure(() => services.reconciliation.reconcile(single, big));
  if (!oneBudget.result.matches) throw new Error('the benchmark ledger does not reconcile');

  const spread = 'bench-ten';
  await services.access.createTenant({ id: spread, name: spread });
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

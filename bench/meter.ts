import { performance } from 'node:perf_hooks';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const ATTRIBUTE_VALUE_KINDS = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);
/** An item as it will be stored: the request may carry it marshalled (`{ "S": "…" }`) at this point of the stack. */
function plainItem(item: Item): Item {
  const marshalled = Object.values(item).every((value) => typeof value === 'object' && value !== null && Object.keys(value).length === 1 && ATTRIBUTE_VALUE_KINDS.has(Object.keys(value)[0]!));
  return marshalled ? unmarshall(item as Record<string, AttributeValue>) : item;
}

const WRITES = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
type WriteInput = {
  TransactItems?: Array<{ Put?: { Item?: Item }; Update?: unknown; Delete?: unknown; ConditionCheck?: unknown }>;
  RequestItems?: Record<string, Array<{ PutRequest?: { Item: Item }; DeleteRequest?: unknown }>>;
  Item?: Item;
};

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

/**
 * Requests counted at the wire, by the low-level client every store of the services shares:
 * items read with their RCU, and items written with their WCU (1 per started KB, twice that
 * inside a transaction). A written item's size is measured where the request carries it
 * whole (a put); an update is counted as one KB, and the largest put seen says whether the
 * items of the measured work are that small.
 */
export class CapacityMeter {
  requests = 0;
  itemsRead = 0;
  ledgerItemsRead = 0;
  ledgerBytesRead = 0;
  computedRcu = 0;
  reportedRcu = 0;
  writeRequests = 0;
  itemsWritten = 0;
  computedWcu = 0;
  largestPutBytes = 0;

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
    if (WRITES.has(command)) {
      this.countWrites(command, input as unknown as WriteInput);
      return;
    }
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

  private countWrites(command: string, input: WriteInput): void {
    this.writeRequests += 1;
    const transactional = command === 'TransactWriteItemsCommand';
    const written: Array<{ Put?: { Item?: Item }; Update?: unknown; Delete?: unknown }> = transactional
      ? (input.TransactItems ?? []).filter((item) => !item.ConditionCheck)
      : command === 'BatchWriteItemCommand'
        ? Object.values(input.RequestItems ?? {}).flat().map((request) => (request.PutRequest ? { Put: { Item: request.PutRequest.Item } } : { Delete: {} }))
        : [command === 'PutItemCommand' ? { Put: { Item: input.Item } } : { Update: {} }];
    for (const item of written) {
      const bytes = item.Put?.Item ? itemBytes(plainItem(item.Put.Item)) : 1024;
      if (item.Put?.Item) this.largestPutBytes = Math.max(this.largestPutBytes, bytes);
      this.itemsWritten += 1;
      this.computedWcu += Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
    }
  }

  private record(items: number, computedRcu: number, reportedRcu: number): void {
    this.requests += 1;
    this.itemsRead += items;
    this.computedRcu += computedRcu;
    this.reportedRcu += reportedRcu;
  }

  async measure<T>(work: () => Promise<T>) {
    Object.assign(this, {
      requests: 0, itemsRead: 0, ledgerItemsRead: 0, ledgerBytesRead: 0, computedRcu: 0, reportedRcu: 0, writeRequests: 0, itemsWritten: 0, computedWcu: 0, largestPutBytes: 0,
    });
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
        writeRequests: this.writeRequests,
        itemsWritten: this.itemsWritten,
        wcuComputed: this.computedWcu,
        largestPutBytes: this.largestPutBytes,
        wallMs,
      },
    };
  }
}

import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LIMITS, type Page } from '../../../domain/common/index.js';
import { counterKeyOf, type ActualDayRecord, type ChainPeriod, type CounterRecord, type LedgerEntryRecord, type ReservationRecord, type UsageRecord } from '../../../domain/money/index.js';
import { DYNAMODB_LIMITS, type TableContext } from '../client.js';
import { dueItems } from '../expiry-index.js';
import { keys } from '../keys.js';
import { queryPage } from '../pagination.js';
import { GSI1 } from '../table.js';
import { actualDayOf, counterFrom, counterKey, ledgerFrom, reservationFrom, usageFrom } from './codecs.js';

/** Money reads: counters (strongly consistent), reservations, the ledger and usage, page by page. */
export class DynamoMoneyReader {
  constructor(protected readonly table: TableContext) {}

  async actualDays(tenantId: string, budgetId: string, fromDate: string, toDate: string): Promise<ActualDayRecord[]> {
    const days: ActualDayRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.actualDaysPk(tenantId, budgetId), ':from': keys.actualDaySk(fromDate), ':to': keys.actualDaySk(toDate) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }));
      for (const item of page.Items ?? []) days.push(actualDayOf(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return days;
  }

  async counters(tenantId: string, wanted: ChainPeriod[]): Promise<Map<string, CounterRecord>> {
    const found = new Map<string, CounterRecord>();
    const unique = [...new Map(wanted.map((link) => [counterKeyOf(link), link])).values()];
    for (let offset = 0; offset < unique.length; offset += DYNAMODB_LIMITS.batchGetKeys) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.table.tableName]: { Keys: unique.slice(offset, offset + DYNAMODB_LIMITS.batchGetKeys).map((link) => counterKey(tenantId, link)), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const answer = await this.table.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of answer.Responses?.[this.table.tableName] ?? []) {
          const counter = counterFrom(item);
          found.set(counterKeyOf(counter), counter);
        }
        request = answer.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  async getReservation(tenantId: string, reservationId: string): Promise<ReservationRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.reservationPk(tenantId, reservationId), sk: keys.reservationSk() },
      ConsistentRead: true,
    }));
    return Item ? reservationFrom(Item) : undefined;
  }

  listReservations(tenantId: string, budgetId: string, status: string | undefined, limit: number, cursor: string | undefined): Promise<Page<ReservationRecord>> {
    return queryPage(this.table, {
      tenantId, queryIdentity: ['reservations', budgetId, status ?? null], limit, cursor, indexKeys: [GSI1.partitionKey, GSI1.sortKey],
      input: {
        TableName: this.table.tableName, IndexName: GSI1.indexName, KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.reservationsByBudgetPk(tenantId, budgetId) },
      },
      parse: reservationFrom,
      keep: (reservation) => status === undefined || reservation.status === status,
    });
  }

  expiredHolds(nowMs: number, tenantId?: string): Promise<ReservationRecord[]> {
    // The index is eventually consistent: a hold charged a moment ago may still be listed.
    return dueItems(this.table, keys.heldByExpiryPk, nowMs, { tenantId, keep: (reservation) => reservation.status === 'held' }, reservationFrom);
  }

  expiredHoldsOf(tenantId: string, counter: ChainPeriod, nowMs: number, limit: number): Promise<ReservationRecord[]> {
    const countsAgainst = (reservation: ReservationRecord) =>
      reservation.chain.some((link) => link.budgetId === counter.budgetId && link.periodKey === counter.periodKey);
    return dueItems(this.table, keys.heldByExpiryPk, nowMs, { tenantId, limit, keep: (reservation) => reservation.status === 'held' && countsAgainst(reservation) }, reservationFrom);
  }

  ledger(tenantId: string, budgetId: string, periodKey: string | undefined, limit: number, cursor: string | undefined): Promise<Page<LedgerEntryRecord>> {
    return queryPage(this.table, {
      tenantId, queryIdentity: ['ledger', budgetId, periodKey ?? null], limit, cursor,
      input: {
        TableName: this.table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.budgetMoneyPk(tenantId, budgetId), ':prefix': keys.ledgerPrefix() },
      },
      parse: ledgerFrom,
      keep: (entry) => periodKey === undefined || entry.periodKey === periodKey,
    });
  }

  async allLedgerEntries(tenantId: string, budgetId: string): Promise<LedgerEntryRecord[]> {
    const entries: LedgerEntryRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.ledger(tenantId, budgetId, undefined, LIMITS.pageSizeMax, cursor);
      entries.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return entries;
  }

  usage(tenantId: string, budgetId: string, filter: { fromIso?: string; toIso?: string; category?: string; provider?: string }, limit: number, cursor: string | undefined): Promise<Page<UsageRecord>> {
    const lower = keys.usagePrefix() + (filter.fromIso ?? '');
    const upper = keys.usagePrefix() + (filter.toIso ?? '9999') + '\uffff';
    return queryPage(this.table, {
      tenantId, queryIdentity: ['usage', budgetId, filter], limit, cursor,
      input: {
        TableName: this.table.tableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':pk': keys.budgetMoneyPk(tenantId, budgetId), ':lower': lower, ':upper': upper },
        ScanIndexForward: false,
      },
      parse: usageFrom,
      keep: (usage) => (filter.category === undefined || usage.category === filter.category)
        && (filter.provider === undefined || usage.provider === filter.provider)
        && (filter.toIso === undefined || usage.occurredAt < filter.toIso),
    });
  }
}

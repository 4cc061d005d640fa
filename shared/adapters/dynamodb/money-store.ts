import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ChainPeriod, CounterRecord, LedgerEntryRecord, ReservationRecord, UsageRecord } from '../../domain/money/records.js';
import { toMicros } from '../../domain/common/amount.js';
import type { CounterMove, MoneyStore, MovementOutcome, MovementWrite } from '../../domain/money/ports.js';
import type { Page } from '../../domain/common/ports.js';
import type { TableContext } from './client.js';
import { approvalItem } from './approval-store.js';
import { dueItems, expiryShardOf } from './expiry-index.js';
import { idempotencyRecordPut } from './idempotency.js';
import { keys } from './keys.js';
import { queryPage } from './pagination.js';
import { TransactionCancelled, transactWrite, type TransactItem } from './transact.js';

const counterKey = (tenantId: string, link: ChainPeriod) => ({ pk: keys.budgetMoneyPk(tenantId, link.budgetId), sk: keys.counterSk(link.periodKey) });
const mapKey = (link: ChainPeriod) => `${link.budgetId}#${link.periodKey}`;

function reservationItem(reservation: ReservationRecord): Record<string, unknown> {
  return {
    pk: keys.reservationPk(reservation.tenantId, reservation.id),
    sk: keys.reservationSk(),
    entity: 'reservation',
    gsi1pk: keys.reservationsByBudgetPk(reservation.tenantId, reservation.budgetId),
    gsi1sk: reservation.id,
    ...(reservation.status === 'held' && {
      gsi2pk: keys.heldByExpiryPk(expiryShardOf(reservation.tenantId)),
      gsi2sk: keys.heldByExpirySk(reservation.expiresAtMs, reservation.tenantId, reservation.id),
    }),
    ...reservation,
  };
}

function reservationFrom(item: Record<string, unknown>): ReservationRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    currency: String(item.currency),
    amountMicros: toMicros(item.amountMicros),
    status: item.status as ReservationRecord['status'],
    overLimit: Boolean(item.overLimit),
    periodKey: String(item.periodKey),
    chain: item.chain as ChainPeriod[],
    expiresAtMs: Number(item.expiresAtMs),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    chargedMicros: item.chargedMicros === null || item.chargedMicros === undefined ? null : toMicros(item.chargedMicros),
    description: (item.description as string | null) ?? null,
    category: (item.category as string | null) ?? null,
    metadata: (item.metadata as Record<string, unknown>) ?? {},
    approvalId: (item.approvalId as string | null) ?? null,
    ...(item.requestedTtlSeconds !== undefined && { requestedTtlSeconds: Number(item.requestedTtlSeconds) }),
    actor: String(item.actor),
  };
}

function ledgerFrom(item: Record<string, unknown>): LedgerEntryRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    type: item.type as LedgerEntryRecord['type'],
    amountMicros: toMicros(item.amountMicros),
    spentDeltaMicros: toMicros(item.spentDeltaMicros),
    reservedDeltaMicros: toMicros(item.reservedDeltaMicros),
    limitDeltaMicros: toMicros(item.limitDeltaMicros),
    periodKey: String(item.periodKey),
    chain: item.chain as ChainPeriod[],
    ...(typeof item.reservationId === 'string' && { reservationId: item.reservationId }),
    ...(typeof item.approvalId === 'string' && { approvalId: item.approvalId }),
    ...(typeof item.usageId === 'string' && { usageId: item.usageId }),
    ...(typeof item.reason === 'string' && { reason: item.reason }),
    createdAt: String(item.createdAt),
    actor: String(item.actor),
  };
}

function usageFrom(item: Record<string, unknown>): UsageRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    currency: String(item.currency),
    amountMicros: toMicros(item.amountMicros),
    occurredAt: String(item.occurredAt),
    periodKey: String(item.periodKey),
    category: (item.category as string | null) ?? null,
    provider: (item.provider as string | null) ?? null,
    source: (item.source as string | null) ?? null,
    description: (item.description as string | null) ?? null,
    reference: (item.reference as string | null) ?? null,
    metadata: (item.metadata as Record<string, unknown>) ?? {},
    createdAt: String(item.createdAt),
  };
}

function counterFrom(item: Record<string, unknown>): CounterRecord {
  return {
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    baseLimitMicros: toMicros(item.baseLimitMicros ?? 0),
    limitDeltaMicros: toMicros(item.limitDeltaMicros ?? 0),
    spentMicros: toMicros(item.spentMicros ?? 0),
    reservedMicros: toMicros(item.reservedMicros ?? 0),
    availableMicros: toMicros(item.availableMicros ?? 0),
  };
}

/**
 * Money movements on DynamoDB. A movement is one TransactWriteItems: each counter it moves,
 * its ledger entries, the reservation or usage record and the idempotency record. Nothing
 * is read first: hard budgets are guarded by conditions on the stored headroom.
 */
export class DynamoMoneyStore implements MoneyStore {
  constructor(private readonly table: TableContext) {}

  /**
   * The counter update. `available` is kept as its own attribute because a condition cannot
   * add. On the period's first write the item is created from the budget's limit.
   *
   *   guarded (hard):  refuse unless  available − decrease ≥ 0   (or, new item: limit − decrease ≥ 0)
   */
  private counterUpdate(tenantId: string, move: CounterMove): TransactItem {
    const availableDelta = move.limitDeltaMicros - move.spentDeltaMicros - move.reservedDeltaMicros;
    const decrease = -availableDelta;
    const guard = move.guarded && decrease > 0n;
    return {
      Update: {
        TableName: this.table.tableName,
        Key: counterKey(tenantId, move),
        UpdateExpression:
          'SET availableMicros = if_not_exists(availableMicros, :base) + :availableDelta, baseLimitMicros = if_not_exists(baseLimitMicros, :base), '
          + 'entity = :entity, tenantId = :tenantId, budgetId = :budgetId, periodKey = :periodKey '
          + 'ADD spentMicros :spent, reservedMicros :reserved, limitDeltaMicros :limit, movementCount :one',
        ...(guard && {
          ConditionExpression: '(attribute_not_exists(availableMicros) AND :freshFits = :true) OR availableMicros >= :decrease',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        ExpressionAttributeValues: {
          ':base': move.baseLimitMicros,
          ':availableDelta': availableDelta,
          ':entity': 'counter',
          ':tenantId': tenantId,
          ':budgetId': move.budgetId,
          ':periodKey': move.periodKey,
          ':spent': move.spentDeltaMicros,
          ':reserved': move.reservedDeltaMicros,
          ':limit': move.limitDeltaMicros,
          ':one': 1,
          ...(guard && { ':freshFits': move.baseLimitMicros >= decrease, ':true': true, ':decrease': decrease }),
        },
      },
    };
  }

  async move(write: MovementWrite): Promise<MovementOutcome> {
    const reservation = write.reservation && ('create' in write.reservation ? write.reservation.create : write.reservation.transition.after);
    const approval = write.approval && ('create' in write.approval ? write.approval.create : write.approval.transition.after);
    const tenantId = write.ledger[0]?.tenantId ?? reservation?.tenantId ?? approval?.tenantId;
    if (!tenantId) throw new Error('a movement needs a tenant');
    const items: TransactItem[] = [];
    const roles: Array<{ kind: 'counter'; move: CounterMove } | { kind: 'reservation' | 'approval' | 'idempotency' | 'other' }> = [];

    for (const move of write.counters) {
      items.push(this.counterUpdate(tenantId, move));
      roles.push({ kind: 'counter', move });
    }
    for (const entry of write.ledger) {
      items.push({
        Put: {
          TableName: this.table.tableName,
          Item: { pk: keys.budgetMoneyPk(tenantId, entry.budgetId), sk: keys.ledgerSk(entry.id), entity: 'ledger', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      roles.push({ kind: 'other' });
    }
    if (write.reservation && 'create' in write.reservation) {
      items.push({ Put: { TableName: this.table.tableName, Item: reservationItem(write.reservation.create), ConditionExpression: 'attribute_not_exists(pk)' } });
      roles.push({ kind: 'other' });
    } else if (write.reservation) {
      const { after, from, requireUnexpiredAtMs } = write.reservation.transition;
      items.push(this.transitionPut(reservationItem(after), from ?? 'held', requireUnexpiredAtMs));
      roles.push({ kind: 'reservation' });
    }
    if (write.approval && 'create' in write.approval) {
      items.push({ Put: { TableName: this.table.tableName, Item: approvalItem(write.approval.create), ConditionExpression: 'attribute_not_exists(pk)' } });
      roles.push({ kind: 'other' });
    } else if (write.approval) {
      const { after, requireUnexpiredAtMs } = write.approval.transition;
      items.push(this.transitionPut(approvalItem(after), 'pending', requireUnexpiredAtMs));
      roles.push({ kind: 'approval' });
    }
    if (write.usage) {
      const usage = write.usage;
      items.push({
        Put: {
          TableName: this.table.tableName,
          Item: { pk: keys.budgetMoneyPk(tenantId, usage.budgetId), sk: keys.usageSk(usage.occurredAt, usage.id), entity: 'usage', ...usage },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      roles.push({ kind: 'other' });
    }
    if (write.idempotency) {
      items.push(idempotencyRecordPut(this.table, write.idempotency.request, write.idempotency.response, write.nowMs));
      roles.push({ kind: 'idempotency' });
    }

    // The same movement always sends the same token: an SDK retry of a write that did commit
    // (a timeout after commit) is answered by DynamoDB without applying it again.
    const movementIdentity = [...write.ledger.map((entry) => entry.id), reservation && `${reservation.id}:${reservation.status}`, approval && `${approval.id}:${approval.status}`];
    const clientRequestToken = createHash('sha256').update(movementIdentity.join(',')).digest('hex').slice(0, 36);
    try {
      await transactWrite(this.table, items, { clientRequestToken });
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      const failed = roles.findIndex((_, index) => error.failedCondition(index));
      const role = roles[failed];
      if (!role) throw error;
      if (role.kind === 'idempotency') return { ok: false, reason: 'idempotency-key-taken' };
      if (role.kind === 'reservation') return { ok: false, reason: 'reservation-not-held' };
      if (role.kind === 'approval') return { ok: false, reason: 'approval-not-pending' };
      if (role.kind === 'counter') {
        const old = error.reasons[failed]?.item;
        const counted = old?.availableMicros !== undefined;
        return {
          ok: false,
          reason: 'budget-exceeded',
          budgetId: role.move.budgetId,
          availableMicros: counted ? toMicros(old.availableMicros) : role.move.baseLimitMicros,
          limitMicros: counted ? toMicros(old.baseLimitMicros ?? 0) + toMicros(old.limitDeltaMicros ?? 0) : role.move.baseLimitMicros,
        };
      }
      // A ledger, usage or reservation id collided: ids carry 80 random bits, so this is a replayed write.
      throw error;
    }
  }

  /** A whole-item replacement that holds only while the item is still in status `from` (and unexpired, when asked). */
  private transitionPut(item: Record<string, unknown>, from: string, requireUnexpiredAtMs: number | undefined): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: item,
        ConditionExpression: requireUnexpiredAtMs === undefined ? '#status = :from' : '#status = :from AND expiresAtMs > :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': from, ...(requireUnexpiredAtMs !== undefined && { ':now': requireUnexpiredAtMs }) },
      },
    };
  }

  async counters(tenantId: string, wanted: ChainPeriod[]): Promise<Map<string, CounterRecord>> {
    const found = new Map<string, CounterRecord>();
    const unique = [...new Map(wanted.map((link) => [mapKey(link), link])).values()];
    for (let offset = 0; offset < unique.length; offset += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.table.tableName]: { Keys: unique.slice(offset, offset + 100).map((link) => counterKey(tenantId, link)), ConsistentRead: true },
      };
      while (request && Object.keys(request).length > 0) {
        const answer = await this.table.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of answer.Responses?.[this.table.tableName] ?? []) {
          const counter = counterFrom(item);
          found.set(mapKey(counter), counter);
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
      tenantId, queryIdentity: ['reservations', budgetId, status ?? null], limit, cursor, indexKeys: ['gsi1pk', 'gsi1sk'],
      input: {
        TableName: this.table.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.reservationsByBudgetPk(tenantId, budgetId) },
      },
      parse: reservationFrom,
      keep: (reservation) => status === undefined || reservation.status === status,
    });
  }

  async expiredHolds(nowMs: number, tenantId?: string): Promise<ReservationRecord[]> {
    const due = await dueItems(this.table, keys.heldByExpiryPk, nowMs, tenantId, reservationFrom);
    return due.filter((reservation) => reservation.status === 'held');
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
      const page = await this.ledger(tenantId, budgetId, undefined, 100, cursor);
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

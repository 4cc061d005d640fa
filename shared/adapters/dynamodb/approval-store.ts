import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRecord } from '../../domain/money/approvals.js';
import { toMicros } from '../../domain/common/amount.js';
import type { ApprovalListFilter, ApprovalStore } from '../../domain/money/ports.js';
import type { Page } from '../../domain/common/ports.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import { dueItems, expiryShardOf } from './expiry-index.js';
import { queryPage } from './pagination.js';
import { GSI1, GSI2 } from './table.js';

/** The approval item; while pending it sits in the expiry index, so the sweeper finds it. */
export function approvalItem(approval: ApprovalRecord): Record<string, unknown> {
  return {
    pk: keys.approvalPk(approval.tenantId, approval.id),
    sk: keys.approvalSk(),
    entity: 'approval',
    [GSI1.partitionKey]: keys.approvalsByTenantPk(approval.tenantId),
    [GSI1.sortKey]: approval.id,
    ...(approval.status === 'pending' && {
      [GSI2.partitionKey]: keys.pendingByExpiryPk(expiryShardOf(approval.id)),
      [GSI2.sortKey]: keys.heldByExpirySk(approval.expiresAtMs, approval.tenantId, approval.id),
    }),
    ...approval,
  };
}

export function approvalFrom(item: Record<string, unknown>): ApprovalRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    reservationId: String(item.reservationId),
    reservationBudgetId: String(item.reservationBudgetId),
    currency: String(item.currency),
    periodKey: String(item.periodKey),
    amountMicros: toMicros(item.amountMicros),
    overrunMicros: toMicros(item.overrunMicros),
    level: item.level as ApprovalRecord['level'],
    status: item.status as ApprovalRecord['status'],
    requestedAt: String(item.requestedAt),
    requestedBy: String(item.requestedBy),
    expiresAtMs: Number(item.expiresAtMs),
    decidedAt: (item.decidedAt as string | null) ?? null,
    decidedBy: (item.decidedBy as string | null) ?? null,
    comment: (item.comment as string | null) ?? null,
    description: (item.description as string | null) ?? null,
    ...(item.textErased === true && { textErased: true }),
  };
}

/** Reads of approvals; they are written by money movements (DynamoMoneyStore.move), with the reservation they decide. */
export class DynamoApprovalStore implements ApprovalStore {
  constructor(private readonly table: TableContext) {}

  async get(tenantId: string, approvalId: string): Promise<ApprovalRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.approvalPk(tenantId, approvalId), sk: keys.approvalSk() },
      ConsistentRead: true,
    }));
    return Item ? approvalFrom(Item) : undefined;
  }

  list(tenantId: string, filter: ApprovalListFilter, limit: number, cursor: string | undefined): Promise<Page<ApprovalRecord>> {
    return queryPage(this.table, {
      tenantId, queryIdentity: ['approvals', filter.status ?? null, filter.budgetId ?? null], limit, cursor, indexKeys: [GSI1.partitionKey, GSI1.sortKey],
      input: {
        TableName: this.table.tableName, IndexName: GSI1.indexName, KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.approvalsByTenantPk(tenantId) },
      },
      parse: approvalFrom,
      keep: (approval) => (filter.status === undefined || approval.status === filter.status)
        && (filter.budgetId === undefined || approval.budgetId === filter.budgetId || approval.reservationBudgetId === filter.budgetId),
    });
  }

  async expiredPending(nowMs: number, tenantId?: string): Promise<ApprovalRecord[]> {
    // The index is eventually consistent: an approval decided a moment ago may still be listed.
    return dueItems(this.table, keys.pendingByExpiryPk, nowMs, { tenantId, keep: (approval) => approval.status === 'pending' }, approvalFrom);
  }
}

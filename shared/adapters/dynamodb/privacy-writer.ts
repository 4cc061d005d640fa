import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditChanges } from '../../domain/audit/audit.js';
import type { ApprovalRecord, LedgerEntryRecord, ReservationRecord, UsageRecord } from '../../domain/money/index.js';
import type { PrivacyWriter } from '../../domain/privacy/index.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import { GSI1 } from './table.js';

type Key = Record<string, string>;

/**
 * Erasure's writes: each sets only the free-text attributes of one item (never a whole item
 * back from what was read, so no amount, status or index key can change) on an item that
 * exists, and, for the records other writers move, only while it is still as read, marking
 * them `textErased`: a movement that read them before fails its condition and reads again.
 */
export class DynamoPrivacyWriter implements PrivacyWriter {
  constructor(private readonly table: TableContext) {}

  async rewriteUsage(usage: UsageRecord): Promise<void> {
    await this.set(
      { pk: keys.budgetMoneyPk(usage.tenantId, usage.budgetId), sk: keys.usageSk(usage.occurredAt, usage.id) },
      { description: usage.description, reference: usage.reference, metadata: usage.metadata },
    );
  }

  async rewriteLedgerEntry(entry: LedgerEntryRecord): Promise<void> {
    await this.set({ pk: keys.budgetMoneyPk(entry.tenantId, entry.budgetId), sk: keys.ledgerSk(entry.id) }, { reason: entry.reason ?? null });
  }

  rewriteReservation(before: ReservationRecord, after: ReservationRecord): Promise<boolean> {
    return this.set(
      { pk: keys.reservationPk(before.tenantId, before.id), sk: keys.reservationSk() },
      { description: after.description, metadata: after.metadata, textErased: true },
      { status: before.status, updatedAt: before.updatedAt },
    );
  }

  rewriteApproval(before: ApprovalRecord, after: ApprovalRecord): Promise<boolean> {
    return this.set(
      { pk: keys.approvalPk(before.tenantId, before.id), sk: keys.approvalSk() },
      { description: after.description, comment: after.comment, textErased: true },
      { status: before.status },
    );
  }

  async eraseAuditText(tenantId: string, resourceType: string, resourceId: string, erase: (changes: AuditChanges) => AuditChanges | undefined): Promise<number> {
    let erased = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(new QueryCommand({
        TableName: this.table.tableName, IndexName: GSI1.indexName, KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.auditByResourcePk(tenantId, resourceType, resourceId) },
        ...(startKey && { ExclusiveStartKey: startKey }),
      }));
      for (const item of page.Items ?? []) {
        const after = erase(JSON.parse(String(item.changes)) as AuditChanges);
        if (after && await this.set({ pk: String(item.pk), sk: String(item.sk) }, { changes: JSON.stringify(after) })) erased++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return erased;
  }

  /** SET `values` on the item at `key` if it exists (and its attributes equal `expected`); false when it did not. */
  private async set(key: Key, values: Record<string, unknown>, expected: Record<string, unknown> = {}): Promise<boolean> {
    const names: Record<string, string> = {};
    const attributeValues: Record<string, unknown> = {};
    const sets = Object.entries(values).map(([name, value], index) => {
      names[`#s${index}`] = name;
      attributeValues[`:s${index}`] = value;
      return `#s${index} = :s${index}`;
    });
    const conditions = ['attribute_exists(pk)', ...Object.entries(expected).map(([name, value], index) => {
      names[`#e${index}`] = name;
      attributeValues[`:e${index}`] = value;
      return `#e${index} = :e${index}`;
    })];
    const input: UpdateCommandInput = {
      TableName: this.table.tableName, Key: key, UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names, ExpressionAttributeValues: attributeValues,
    };
    try {
      await this.table.client.send(new UpdateCommand(input));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

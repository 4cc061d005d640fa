import { AUDIT_ID_PREFIX, type AuditActor, type AuditEntry } from '../../domain/audit/audit.js';
import type { AuditFilter, AuditStore } from '../../domain/audit/ports.js';
import { sortableIdTime } from '../../domain/common/ids.js';
import type { Page } from '../../domain/common/ports.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import { queryPage } from './pagination.js';
import { GSI1 } from './table.js';
import type { TransactItem } from './transact.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';

const idTimePrefix = (ms: number) => sortableIdTime(AUDIT_ID_PREFIX, ms);
/** Sorts after every id of its millisecond (`~` follows every Crockford digit). */
const AFTER_EVERY_ID = '~';

function auditItem(entry: AuditEntry): Record<string, unknown> {
  const { changes, ...fields } = entry;
  return {
    pk: keys.auditPk(entry.tenantId), sk: entry.id, entity: 'audit',
    [GSI1.partitionKey]: keys.auditByResourcePk(entry.tenantId, entry.resourceType, entry.resourceId), [GSI1.sortKey]: entry.id,
    ...fields,
    // As JSON: `from`/`to` hold any shape, empty strings and lists included, which attributes would reshape.
    changes: JSON.stringify(changes),
  };
}

export const entryFromItem = (item: Record<string, unknown>): AuditEntry => ({
  tenantId: String(item.tenantId),
  id: String(item.id),
  at: String(item.at),
  actor: item.actor as AuditActor,
  action: String(item.action),
  resourceType: String(item.resourceType),
  resourceId: String(item.resourceId),
  requestId: String(item.requestId),
  changes: JSON.parse(String(item.changes)) as AuditEntry['changes'],
});

/**
 * The audit entry of a change, as one more item of that change's transaction. It can only be
 * created (an id is new), so a retried transaction never writes it twice and nothing rewrites it.
 */
export function auditPut(table: TableContext, entry: AuditEntry): TransactItem {
  return { Put: { TableName: table.tableName, Item: auditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } };
}

export class DynamoAuditStore implements AuditStore {
  constructor(private readonly table: TableContext) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.table.client.send(new PutCommand(auditPut(this.table, entry).Put!));
  }

  list(tenantId: string, filter: AuditFilter, limit: number, cursor: string | undefined): Promise<Page<AuditEntry>> {
    const byResource = filter.resourceType !== undefined && filter.resourceId !== undefined;
    const [pkName, skName] = byResource ? [GSI1.partitionKey, GSI1.sortKey] : ['pk', 'sk'];
    const pk = byResource ? keys.auditByResourcePk(tenantId, filter.resourceType!, filter.resourceId!) : keys.auditPk(tenantId);
    const from = filter.fromMs === undefined ? `${AUDIT_ID_PREFIX}_` : idTimePrefix(filter.fromMs);
    const to = filter.toMs === undefined ? `${AUDIT_ID_PREFIX}${AFTER_EVERY_ID}` : idTimePrefix(filter.toMs) + AFTER_EVERY_ID;
    return queryPage(this.table, {
      tenantId, queryIdentity: ['audit', filter], limit, cursor,
      input: {
        TableName: this.table.tableName,
        ...(byResource && { IndexName: GSI1.indexName }),
        KeyConditionExpression: `${pkName} = :pk AND ${skName} BETWEEN :from AND :to`,
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
        ScanIndexForward: false,
      },
      parse: entryFromItem,
      keep: (entry) => (filter.resourceType === undefined || entry.resourceType === filter.resourceType)
        && (filter.resourceId === undefined || entry.resourceId === filter.resourceId)
        && (filter.action === undefined || entry.action === filter.action),
      ...(byResource && { indexKeys: [GSI1.partitionKey, GSI1.sortKey] }),
    });
  }
}

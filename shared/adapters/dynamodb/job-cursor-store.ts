import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { JobCursor, JobCursorStore, JobPosition } from '../../domain/common/job-cursor.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';
import { GSI1 } from './table.js';

/** A job's cursor (one item, `SYS#<job>`) and the tenants index it walks (gsi1 `TENANTS`, never a scan). */
export class DynamoJobCursorStore implements JobCursorStore {
  private readonly cursorKey: { pk: string; sk: string };

  constructor(private readonly table: TableContext, jobName: string) {
    this.cursorKey = { pk: keys.systemPk(jobName), sk: keys.systemSk() };
  }

  async tenantAfter(tenantId: string | null): Promise<string | undefined> {
    const answer = await this.table.client.send(new QueryCommand({
      TableName: this.table.tableName,
      IndexName: GSI1.indexName,
      KeyConditionExpression: `${GSI1.partitionKey} = :pk${tenantId === null ? '' : ` AND ${GSI1.sortKey} > :after`}`,
      ExpressionAttributeValues: { ':pk': keys.tenantsIndexPk(), ...(tenantId !== null && { ':after': tenantId }) },
      Limit: 1,
    }));
    const next = answer.Items?.[0]?.[GSI1.sortKey];
    return next === undefined ? undefined : String(next);
  }

  async jobCursor(): Promise<JobCursor> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: this.cursorKey, ConsistentRead: true }));
    return {
      revision: Number(Item?.revision ?? 0),
      position: typeof Item?.tenantId === 'string' ? { tenantId: Item.tenantId, budgetsCursor: (Item.budgetsCursor as string | null | undefined) ?? null } : null,
    };
  }

  moveJobCursor(revision: number, position: JobPosition | null): Promise<boolean> {
    return conditionHeld(() => this.table.client.send(new PutCommand({
      TableName: this.table.tableName,
      Item: { ...this.cursorKey, entity: 'jobCursor', revision: revision + 1, tenantId: position?.tenantId ?? null, budgetsCursor: position?.budgetsCursor ?? null },
      ConditionExpression: 'attribute_not_exists(pk) OR revision = :revision',
      ExpressionAttributeValues: { ':revision': revision },
    })));
  }
}

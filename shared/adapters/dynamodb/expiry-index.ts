import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from './client.js';
import { GSI2 } from './table.js';

/**
 * gsi2 as an expiry index: items that must change when their time is up (held reservations,
 * pending approvals) are keyed by expiry in a few shards, so the sweeper reads them in
 * parallel and no single partition takes every tenant's holds.
 */
export const EXPIRY_SHARDS = 8;

export function expiryShardOf(tenantId: string): number {
  return createHash('sha256').update(tenantId).digest()[0]! % EXPIRY_SHARDS;
}

/** Every item of the index `shardPk` names whose expiry is before `nowMs` (one tenant's shard, or all). */
export async function dueItems<T extends { tenantId: string }>(
  table: TableContext,
  shardPk: (shard: number) => string,
  nowMs: number,
  tenantId: string | undefined,
  parse: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const shards = tenantId === undefined ? [...Array(EXPIRY_SHARDS).keys()] : [expiryShardOf(tenantId)];
  const found = await Promise.all(shards.map(async (shard) => {
    const records: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const answer = await table.client.send(new QueryCommand({
        TableName: table.tableName,
        IndexName: GSI2.indexName,
        KeyConditionExpression: `${GSI2.partitionKey} = :pk AND ${GSI2.sortKey} < :now`,
        ExpressionAttributeValues: { ':pk': shardPk(shard), ':now': String(nowMs).padStart(15, '0') },
        ExclusiveStartKey: startKey,
      }));
      records.push(...(answer.Items ?? []).map(parse).filter((record) => tenantId === undefined || record.tenantId === tenantId));
      startKey = answer.LastEvaluatedKey;
    } while (startKey);
    return records;
  }));
  return found.flat();
}

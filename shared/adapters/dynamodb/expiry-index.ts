import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from './client.js';
import { GSI2 } from './table.js';

/**
 * gsi2 as an expiry index: items that must change when their time is up (held reservations,
 * pending approvals) are keyed by expiry under `HELD#<shard>` / `PENDING#<shard>`.
 *
 * The shard comes from the item's own id, so the holds of one tenant (or of one hot budget)
 * spread over every shard instead of all writing one index partition. Each hold writes the
 * index twice (when it becomes `held`, and when it leaves `held`: the entry is removed), about
 * 1 WCU each, and one index partition takes about 1,000 WCU/s: 32 shards carry about
 * 32 × 1,000 / 2 = 16,000 holds/s in all, 32 budgets at their own ceiling (~500 holds/s)
 * at once. More shards only add Query calls to every sweep (32 a minute, mostly empty).
 * Items written when the shard was chosen by tenant among 8 sit under shards 0–7, which
 * every sweep still reads.
 */
export const EXPIRY_SHARDS = 32;

export function expiryShardOf(itemId: string): number {
  return createHash('sha256').update(itemId).digest().readUInt32BE(0) % EXPIRY_SHARDS;
}

export interface DueFilter<T> {
  /** Only this tenant's items (the others are read, then dropped: the index is keyed by expiry, not tenant). */
  tenantId?: string | undefined;
  /** Only items this accepts. */
  keep?: (record: T) => boolean;
  /** At most this many, soonest due first; each shard stops reading once it has found as many. */
  limit?: number;
}

/** The items of the index `shardPk` names whose expiry is before `nowMs`, from every shard, soonest due first. */
export async function dueItems<T extends { tenantId: string; expiresAtMs: number }>(
  table: TableContext,
  shardPk: (shard: number) => string,
  nowMs: number,
  filter: DueFilter<T>,
  parse: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const { tenantId, keep, limit = Number.POSITIVE_INFINITY } = filter;
  const found = await Promise.all([...Array(EXPIRY_SHARDS).keys()].map(async (shard) => {
    const records: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const answer = await table.client.send(new QueryCommand({
        TableName: table.tableName,
        IndexName: GSI2.indexName,
        KeyConditionExpression: `${GSI2.partitionKey} = :pk AND ${GSI2.sortKey} < :now`,
        // Filtered by DynamoDB, so other tenants' items are not sent back (they are still read).
        ...(tenantId !== undefined && { FilterExpression: 'tenantId = :tenantId' }),
        ExpressionAttributeValues: { ':pk': shardPk(shard), ':now': String(nowMs).padStart(15, '0'), ...(tenantId !== undefined && { ':tenantId': tenantId }) },
        ExclusiveStartKey: startKey,
      }));
      records.push(...(answer.Items ?? []).map(parse).filter((record) => (tenantId === undefined || record.tenantId === tenantId) && (keep?.(record) ?? true)));
      startKey = answer.LastEvaluatedKey;
    } while (startKey && records.length < limit);
    return records;
  }));
  return found.flat().sort((a, b) => a.expiresAtMs - b.expiresAtMs).slice(0, limit);
}

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { IdempotencyKeyReuseError } from '../../domain/common/errors.js';
import type { IdempotencyRequest, IdempotencyStore, StoredResponse } from '../../domain/common/ports.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';
import type { TransactItem } from './transact.js';

/** How long a client may repeat a request with the same Idempotency-Key. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;


/**
 * The idempotency record, written in the same transaction as the effect it answers for:
 * either both exist or neither does, so a retry after a lost response cannot apply twice.
 * An expired record (past its window, not yet removed by TTL) may be overwritten.
 */
export function idempotencyRecordPut(table: TableContext, request: IdempotencyRequest, response: StoredResponse, nowMs: number): TransactItem {
  const expiresAtMs = nowMs + IDEMPOTENCY_WINDOW_SECONDS * 1000;
  return {
    Put: {
      TableName: table.tableName,
      Item: {
        pk: keys.idempotencyPk(request.tenantId, request.key),
        sk: keys.idempotencySk(),
        requestHash: request.requestHash,
        response: JSON.stringify(response),
        createdAtMs: nowMs,
        expiresAtMs,
        ttl: Math.ceil(expiresAtMs / 1000),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs < :nowMs',
      ExpressionAttributeValues: { ':nowMs': nowMs },
    },
  };
}

/**
 * The first response to this key, if there is a live one; 422 if the key was used for a
 * different request. `undefined` means: go ahead, this is the first time.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly table: TableContext) {}

  find(request: IdempotencyRequest, nowMs: number): Promise<StoredResponse | undefined> {
    return findIdempotentResponse(this.table, request, nowMs);
  }

  save(request: IdempotencyRequest, response: StoredResponse, nowMs: number): Promise<boolean> {
    return conditionHeld(() => this.table.client.send(new PutCommand(idempotencyRecordPut(this.table, request, response, nowMs).Put!)));
  }
}

async function findIdempotentResponse(table: TableContext, request: IdempotencyRequest, nowMs: number): Promise<StoredResponse | undefined> {
  const { Item } = await table.client.send(new GetCommand({
    TableName: table.tableName,
    Key: { pk: keys.idempotencyPk(request.tenantId, request.key), sk: keys.idempotencySk() },
    ConsistentRead: true,
  }));
  if (!Item || Number(Item.expiresAtMs) < nowMs) return undefined;
  if (Item.requestHash !== request.requestHash) throw new IdempotencyKeyReuseError();
  return JSON.parse(String(Item.response)) as StoredResponse;
}

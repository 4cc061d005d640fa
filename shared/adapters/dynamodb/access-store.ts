import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, DecidableLevel, PresentedKey, RateLimit } from '../../domain/access/api-keys.js';
import { WriteConflict, type Page } from '../../domain/common/ports.js';
import type { AccessStore, TenantRecord } from '../../domain/access/ports.js';
import type { Role } from '../../domain/access/roles.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import { queryPage } from './pagination.js';
import { GSI1, tableDefinition } from './table.js';
import { TransactionCancelled, transactWrite, type TransactItem } from './transact.js';
import { auditPut } from './audit-store.js';
import type { AuditEntry } from '../../domain/audit/audit.js';

/** A replaced secret's lookup item outlives its grace by a day (what revoke reads), then TTL removes it. */
const GRACE_LOOKUP_KEPT_SECONDS = 86_400;

/** gsi1 of a tenant item: the tenants index, which the jobs walk instead of scanning the table. */
const tenantsIndexKeys = (tenantId: string) => ({ [GSI1.partitionKey]: keys.tenantsIndexPk(), [GSI1.sortKey]: tenantId });

function keyFromItem(item: Record<string, unknown>): ApiKeyRecord {
  return {
    tenantId: String(item.tenantId),
    keyId: String(item.keyId),
    name: String(item.name),
    roles: item.roles as Role[],
    secretHash: String(item.secretHash),
    ...(typeof item.previousSecretHash === 'string' && { previousSecretHash: item.previousSecretHash }),
    // Keys written before levels and limits existed may decide any level and have the default limit.
    maxApprovalLevel: (item.maxApprovalLevel as DecidableLevel | undefined) ?? 'executive',
    rateLimit: (item.rateLimit as RateLimit | null | undefined) ?? null,
    status: item.status as ApiKeyRecord['status'],
    createdAt: String(item.createdAt),
    ...(typeof item.rotatedAt === 'string' && { rotatedAt: item.rotatedAt }),
    ...(typeof item.revokedAt === 'string' && { revokedAt: item.revokedAt }),
    ...(typeof item.lastUsedAt === 'string' && { lastUsedAt: item.lastUsedAt }),
    ...(typeof item.usagePlan === 'string' && { usagePlan: item.usagePlan }),
  };
}

const tenantFromItem = (item: Record<string, unknown>): TenantRecord => ({ id: String(item.id), name: String(item.name), createdAt: String(item.createdAt) });

/** What the authorizer's lookup item keeps of a key: everything but its use (which changes and is the tenant record's). */
function lookupFields(key: ApiKeyRecord): Omit<ApiKeyRecord, 'lastUsedAt'> {
  const { lastUsedAt: _lastUsedAt, ...fields } = key;
  return fields;
}

/**
 * Tenants and API keys. A key is two items written together: the tenant's record
 * (`T#<tenant>`, `APIKEY#<id>`, listed and revoked by admins) and the authorizer's lookup
 * item found by the hash of the secret; after a rotation, a second lookup item for the
 * replaced secret carries `validUntilMs`. Every change writes all of them in one transaction,
 * conditioned on the key record as it was read.
 */
export class DynamoAccessStore implements AccessStore {
  constructor(private readonly table: TableContext) {}

  private tenantPut(tenant: TenantRecord, condition: boolean): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: { pk: keys.tenantPk(tenant.id), sk: keys.tenantSk(), entity: 'tenant', ...tenantsIndexKeys(tenant.id), ...tenant },
        ...(condition && { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    };
  }

  private tenantIndexed(tenantId: string): TransactItem {
    return {
      Update: {
        TableName: this.table.tableName,
        Key: { pk: keys.tenantPk(tenantId), sk: keys.tenantSk() },
        UpdateExpression: `SET ${GSI1.partitionKey} = :indexPk, ${GSI1.sortKey} = :tenantId`,
        ExpressionAttributeValues: { ':indexPk': keys.tenantsIndexPk(), ':tenantId': tenantId },
      },
    };
  }

  private keyRecordKey(key: { tenantId: string; keyId: string }) {
    return { pk: keys.tenantPk(key.tenantId), sk: keys.apiKeySk(key.keyId) };
  }

  /**
   * The lookup item of the key's current secret. A fresh secret must be new; an existing one
   * may be written again only for its own tenant (the local bootstrap re-registers its key).
   */
  private lookupPut(key: ApiKeyRecord, secret: 'fresh' | 'reused' = 'reused'): TransactItem {
    const Item = { ...this.lookupKey(key.secretHash), entity: 'apiKeyLookup', ...lookupFields(key) };
    return secret === 'fresh'
      ? { Put: { TableName: this.table.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }
      : {
        Put: {
          TableName: this.table.tableName, Item,
          ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': key.tenantId },
        },
      };
  }

  private keyPuts(key: ApiKeyRecord): TransactItem[] {
    return [
      { Put: { TableName: this.table.tableName, Item: { ...this.keyRecordKey(key), entity: 'apiKey', ...key } } },
      this.lookupPut(key),
    ];
  }

  /** The key record as read must still be there unchanged: same secret, still active. */
  private keyRecordUpdate(before: ApiKeyRecord, update: string, values: Record<string, unknown>): TransactItem {
    return {
      Update: {
        TableName: this.table.tableName,
        Key: this.keyRecordKey(before),
        UpdateExpression: update,
        ConditionExpression: 'secretHash = :readHash AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...values, ':readHash': before.secretHash, ':active': 'active' },
      },
    };
  }

  private lookupKey(secretHash: string) {
    return { pk: keys.apiKeyLookupPk(secretHash), sk: keys.apiKeyLookupSk() };
  }

  async createTenant(tenant: TenantRecord, adminKey: ApiKeyRecord, audit: readonly AuditEntry[]): Promise<void> {
    try {
      await transactWrite(this.table, [this.tenantPut(tenant, true), ...this.keyPuts(adminKey), ...this.audits(audit)]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new WriteConflict('already-exists');
      throw error;
    }
  }

  private audits(entries: readonly AuditEntry[]): TransactItem[] {
    return entries.map((entry) => auditPut(this.table, entry));
  }

  async ensureTenantWithKey(tenant: TenantRecord, key: ApiKeyRecord, audit: readonly AuditEntry[]): Promise<void> {
    const existing = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.tenantPk(tenant.id), sk: keys.tenantSk() },
      ConsistentRead: true,
    }));
    // A tenant written before the tenants index existed joins it here (the local bootstrap runs at every start).
    const items = existing.Item ? [this.tenantIndexed(tenant.id), ...this.keyPuts(key)] : [this.tenantPut(tenant, false), ...this.keyPuts(key)];
    await transactWrite(this.table, [...items, ...this.audits(audit)]);
  }

  listTenants(limit: number, cursor: string | undefined): Promise<Page<TenantRecord>> {
    return queryPage(this.table, {
      // Tenants are listed by the platform: the cursor is bound to the index, not to a tenant.
      tenantId: keys.tenantsIndexPk(), queryIdentity: 'tenants', limit, cursor,
      input: {
        TableName: this.table.tableName,
        IndexName: GSI1.indexName,
        KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.tenantsIndexPk() },
      },
      parse: tenantFromItem,
      indexKeys: [GSI1.partitionKey, GSI1.sortKey],
    });
  }

  async createApiKey(key: ApiKeyRecord, audit: AuditEntry): Promise<void> {
    await transactWrite(this.table, [...this.keyPuts(key), ...this.audits([audit])]);
  }

  async getApiKey(tenantId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName, Key: this.keyRecordKey({ tenantId, keyId }), ConsistentRead: true,
    }));
    return Item ? keyFromItem(Item) : undefined;
  }

  listApiKeys(tenantId: string, limit: number, cursor: string | undefined): Promise<Page<ApiKeyRecord>> {
    return queryPage(this.table, {
      tenantId, queryIdentity: 'apiKeys', limit, cursor,
      input: {
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenantPk(tenantId), ':prefix': keys.apiKeyPrefix() },
      },
      parse: keyFromItem,
      keep: (key) => key.status === 'active',
    });
  }

  async revokeApiKey(key: ApiKeyRecord, revokedAt: string, audit: AuditEntry): Promise<void> {
    const revokeLookup = (secretHash: string): TransactItem => ({
      Update: {
        TableName: this.table.tableName,
        Key: this.lookupKey(secretHash),
        UpdateExpression: 'SET #status = :revoked, revokedAt = :revokedAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':revokedAt': revokedAt },
      },
    });
    const previous = key.previousSecretHash === undefined ? undefined : await this.lookupExists(key.previousSecretHash);
    await this.conflictOnCancel(transactWrite(this.table, [
      this.keyRecordUpdate(key, 'SET #status = :revoked, revokedAt = :revokedAt', { ':revoked': 'revoked', ':revokedAt': revokedAt }),
      revokeLookup(key.secretHash),
      ...(previous ? [revokeLookup(previous)] : []),
      ...this.audits([audit]),
    ]));
  }

  async rotateApiKey(before: ApiKeyRecord, after: ApiKeyRecord, graceUntilMs: number, nowMs: number, audit: AuditEntry): Promise<void> {
    const replaced: TransactItem = graceUntilMs > nowMs
      ? {
        Update: {
          TableName: this.table.tableName,
          Key: this.lookupKey(before.secretHash),
          // TTL only cleans up (days late); `validUntilMs` is what ends the grace.
          UpdateExpression: 'SET validUntilMs = :until, #ttl = :ttl',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#ttl': tableDefinition.timeToLiveAttribute },
          ExpressionAttributeValues: { ':until': graceUntilMs, ':ttl': Math.ceil(graceUntilMs / 1000) + GRACE_LOOKUP_KEPT_SECONDS },
        },
      }
      : { Delete: { TableName: this.table.tableName, Key: this.lookupKey(before.secretHash) } };
    const earlier = before.previousSecretHash === undefined ? undefined : await this.lookupExists(before.previousSecretHash);
    await this.conflictOnCancel(transactWrite(this.table, [
      this.keyRecordUpdate(before, 'SET secretHash = :hash, previousSecretHash = :previous, rotatedAt = :rotatedAt', {
        ':hash': after.secretHash, ':previous': before.secretHash, ':rotatedAt': after.rotatedAt,
      }),
      this.lookupPut(after, 'fresh'),
      replaced,
      ...(earlier ? [{ Delete: { TableName: this.table.tableName, Key: this.lookupKey(earlier) } }] : []),
      ...this.audits([audit]),
    ]));
  }

  /** The hash when its lookup item is still there (a secret replaced with no grace has none). */
  private async lookupExists(secretHash: string): Promise<string | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: this.lookupKey(secretHash), ConsistentRead: true }));
    return Item ? secretHash : undefined;
  }

  private async conflictOnCancel(write: Promise<unknown>): Promise<void> {
    try {
      await write;
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new WriteConflict('key-changed');
      throw error;
    }
  }

  async findApiKeyBySecretHash(secretHash: string): Promise<PresentedKey | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: this.lookupKey(secretHash), ConsistentRead: true }));
    if (!Item) return undefined;
    return { key: keyFromItem(Item), ...(typeof Item.validUntilMs === 'number' && { validUntilMs: Item.validUntilMs }) };
  }

  async markEnrolled(key: ApiKeyRecord, usagePlan: string): Promise<void> {
    // Each item on its own: an item gone meanwhile (a rotation dropped a lookup) just is not marked, and the next use enrols again (idempotent).
    const hashes = [key.secretHash, ...(key.previousSecretHash === undefined ? [] : [key.previousSecretHash])];
    const targets = [this.keyRecordKey(key), ...hashes.map((hash) => this.lookupKey(hash))];
    await Promise.all(targets.map(async (Key) => {
      try {
        await this.table.client.send(new UpdateCommand({
          TableName: this.table.tableName, Key, UpdateExpression: 'SET usagePlan = :plan', ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':plan': usagePlan },
        }));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }));
  }

  async noteKeyUse(tenantId: string, keyId: string, usedAt: string, notBefore: string): Promise<void> {
    try {
      await this.table.client.send(new UpdateCommand({
        TableName: this.table.tableName,
        Key: this.keyRecordKey({ tenantId, keyId }),
        UpdateExpression: 'SET lastUsedAt = :usedAt',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :notBefore)',
        ExpressionAttributeValues: { ':usedAt': usedAt, ':notBefore': notBefore },
      }));
    } catch (error) {
      // Written within the minute by another process (or the key is gone): nothing to note.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }
}

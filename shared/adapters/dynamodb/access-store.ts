import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../../domain/access/api-keys.js';
import { WriteConflict, type Page } from '../../domain/common/ports.js';
import { type AccessStore } from '../../domain/access/ports.js';
import type { Role } from '../../domain/access/roles.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import { queryPage } from './pagination.js';
import { GSI1 } from './table.js';
import { TransactionCancelled, transactWrite, type TransactItem } from './transact.js';

type Tenant = { id: string; name: string; createdAt: string };

/** gsi1 of a tenant item: the tenants index, which the jobs walk instead of scanning the table. */
const tenantsIndexKeys = (tenantId: string) => ({ [GSI1.partitionKey]: keys.tenantsIndexPk(), [GSI1.sortKey]: tenantId });

function keyFromItem(item: Record<string, unknown>): ApiKeyRecord {
  return {
    tenantId: String(item.tenantId),
    keyId: String(item.keyId),
    name: String(item.name),
    roles: item.roles as Role[],
    secretHash: String(item.secretHash),
    status: item.status as ApiKeyRecord['status'],
    createdAt: String(item.createdAt),
    ...(typeof item.revokedAt === 'string' && { revokedAt: item.revokedAt }),
  };
}

/**
 * Tenants and API keys. A key is two items written together: the tenant's record
 * (`T#<tenant>`, `APIKEY#<id>`, listed and revoked by admins) and the authorizer's lookup
 * item found by the hash of the secret. Revoking updates both in one transaction.
 */
export class DynamoAccessStore implements AccessStore {
  constructor(private readonly table: TableContext) {}

  private tenantPut(tenant: Tenant, condition: boolean): TransactItem {
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

  private keyPuts(key: ApiKeyRecord): TransactItem[] {
    return [
      { Put: { TableName: this.table.tableName, Item: { pk: keys.tenantPk(key.tenantId), sk: keys.apiKeySk(key.keyId), entity: 'apiKey', ...key } } },
      {
        Put: {
          TableName: this.table.tableName,
          Item: { pk: keys.apiKeyLookupPk(key.secretHash), sk: keys.apiKeyLookupSk(), entity: 'apiKeyLookup', ...key },
          ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': key.tenantId },
        },
      },
    ];
  }

  async createTenant(tenant: Tenant, adminKey: ApiKeyRecord): Promise<void> {
    try {
      await transactWrite(this.table, [this.tenantPut(tenant, true), ...this.keyPuts(adminKey)]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedCondition(0)) throw new WriteConflict('already-exists');
      throw error;
    }
  }

  async ensureTenantWithKey(tenant: Tenant, key: ApiKeyRecord): Promise<void> {
    const existing = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.tenantPk(tenant.id), sk: keys.tenantSk() },
      ConsistentRead: true,
    }));
    // A tenant written before the tenants index existed joins it here (the local bootstrap runs at every start).
    const items = existing.Item ? [this.tenantIndexed(tenant.id), ...this.keyPuts(key)] : [this.tenantPut(tenant, false), ...this.keyPuts(key)];
    await transactWrite(this.table, items);
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    await transactWrite(this.table, this.keyPuts(key));
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

  async revokeApiKey(tenantId: string, keyId: string, revokedAt: string): Promise<boolean> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.tenantPk(tenantId), sk: keys.apiKeySk(keyId) },
      ConsistentRead: true,
    }));
    if (!Item) return false;
    const key = keyFromItem(Item);
    if (key.status === 'revoked') return true;
    const revoke = (Key: Record<string, string>): TransactItem => ({
      Update: {
        TableName: this.table.tableName,
        Key,
        UpdateExpression: 'SET #status = :revoked, revokedAt = :revokedAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':revokedAt': revokedAt },
      },
    });
    await transactWrite(this.table, [
      revoke({ pk: keys.tenantPk(tenantId), sk: keys.apiKeySk(keyId) }),
      revoke({ pk: keys.apiKeyLookupPk(key.secretHash), sk: keys.apiKeyLookupSk() }),
    ]);
    return true;
  }

  async findApiKeyBySecretHash(secretHash: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.apiKeyLookupPk(secretHash), sk: keys.apiKeyLookupSk() },
      ConsistentRead: true,
    }));
    return Item ? keyFromItem(Item) : undefined;
  }
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DecidableLevel } from '../../domain/access/api-keys.js';
import type { AuditEntry } from '../../domain/audit/audit.js';
import type { SlackIntegrationSave, SlackIntegrationStore } from '../../domain/integrations/ports.js';
import type { SlackIntegration } from '../../domain/integrations/slack.js';
import { auditPut } from './audit-store.js';
import type { TableContext } from './client.js';
import { keys } from './keys.js';
import { TransactionCancelled, transactWrite, type TransactItem } from './transact.js';

const integrationFrom = (item: Record<string, unknown>): SlackIntegration => ({
  tenantId: String(item.tenantId),
  teamId: String(item.teamId),
  approvers: (item.approvers as Array<{ slackUserId: string; maxLevel: DecidableLevel }>).map(({ slackUserId, maxLevel }) => ({ slackUserId, maxLevel })),
  version: Number(item.version),
  updatedAt: String(item.updatedAt),
});

/**
 * Slack links. A link is two items written together: the tenant's (`T#<tenant>`, `SLACK`:
 * the workspace and its approvers) and the workspace's lookup item (`SLACKTEAM#<team>`:
 * its tenant), which the unauthenticated callback route reads first. The lookup item is
 * only ever created for its own tenant, so one workspace never links two tenants.
 */
export class DynamoSlackIntegrationStore implements SlackIntegrationStore {
  constructor(private readonly table: TableContext) {}

  async get(tenantId: string): Promise<SlackIntegration | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName, Key: this.integrationKey(tenantId), ConsistentRead: true,
    }));
    return Item ? integrationFrom(Item) : undefined;
  }

  async findByTeam(teamId: string): Promise<SlackIntegration | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName, Key: this.teamKey(teamId), ConsistentRead: true,
    }));
    if (!Item) return undefined;
    const integration = await this.get(String(Item.tenantId));
    // A lookup item outlived by a relink to another team (the write moves both; this only guards the read between them).
    return integration?.teamId === teamId ? integration : undefined;
  }

  async save(before: SlackIntegration | undefined, after: SlackIntegration, audit: AuditEntry): Promise<SlackIntegrationSave> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table.tableName,
          Item: { ...this.integrationKey(after.tenantId), entity: 'slackIntegration', ...after },
          // The link as it was read: absent, or at the version read.
          ...(before
            ? { ConditionExpression: 'version = :readVersion', ExpressionAttributeValues: { ':readVersion': before.version } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      {
        Put: {
          TableName: this.table.tableName,
          Item: { ...this.teamKey(after.teamId), entity: 'slackTeam', teamId: after.teamId, tenantId: after.tenantId },
          ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': after.tenantId },
        },
      },
      ...(before && before.teamId !== after.teamId ? [{
        Delete: {
          TableName: this.table.tableName,
          Key: this.teamKey(before.teamId),
          ConditionExpression: 'tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': after.tenantId },
        },
      }] : []),
      auditPut(this.table, audit),
    ];
    try {
      await transactWrite(this.table, items);
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      if (error.failedCondition(1)) return { ok: false, reason: 'team-linked-elsewhere' };
      if (error.failedCondition(0) || error.failedCondition(2)) return { ok: false, reason: 'changed' };
      throw error;
    }
  }

  private integrationKey(tenantId: string) {
    return { pk: keys.tenantPk(tenantId), sk: keys.slackIntegrationSk() };
  }

  private teamKey(teamId: string) {
    return { pk: keys.slackTeamPk(teamId), sk: keys.slackTeamSk() };
  }
}

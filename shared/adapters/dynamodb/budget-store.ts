import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_FORECAST_THRESHOLDS, type BudgetRecord, type RolloverOverspend } from '../../domain/budgets/budget.js';
import type { CostProvider } from '../../domain/budgets/cost-source.js';
import { WriteConflict, type IdempotentWrite, type Page } from '../../domain/common/ports.js';
import { type BudgetListFilter, type BudgetMove, type BudgetStore, type CounterStamp } from '../../domain/budgets/ports.js';
import { toMicros } from '../../domain/common/amount.js';
import { DYNAMODB_LIMITS, type TableContext } from './client.js';
import { writeWithStamps } from './counter-stamps.js';
import { idempotencyRecordPut } from './idempotency.js';
import { keys } from './keys.js';
import { queryAll, queryPage } from './pagination.js';
import { transactWrite, type TransactItem } from './transact.js';
import { auditPut } from './audit-store.js';
import type { AuditEntry } from '../../domain/audit/audit.js';
import { closingScheduleItem } from './money/closing.js';
import { firstClosing } from '../../domain/money/index.js';
import { GSI1, GSI2, tableDefinition } from './table.js';
import { budgetsWithCostSource, costSourceMarker } from './cost-source-index.js';


function toItem(budget: BudgetRecord): Record<string, unknown> {
  return {
    pk: keys.tenantPk(budget.tenantId),
    sk: keys.budgetSk(budget.id),
    entity: 'budget',
    [GSI1.partitionKey]: keys.budgetsByParentPk(budget.tenantId, budget.parentId),
    [GSI1.sortKey]: keys.budgetSk(budget.id),
    [GSI2.partitionKey]: keys.budgetsByScopePk(budget.tenantId, budget.scope.type, budget.scope.id),
    [GSI2.sortKey]: keys.budgetSk(budget.id),
    ...budget,
    rollover: { enabled: budget.rollover.enabled, maxMicros: budget.rollover.maxMicros, overspend: budget.rollover.overspend },
  };
}

function fromItem(item: Record<string, unknown>): BudgetRecord {
  const rollover = item.rollover as { enabled: boolean; maxMicros: unknown; overspend?: RolloverOverspend };
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    name: String(item.name),
    description: (item.description as string | null | undefined) ?? null,
    scope: item.scope as BudgetRecord['scope'],
    parentId: (item.parentId as string | null | undefined) ?? null,
    path: (item.path as string[] | undefined) ?? [],
    currency: String(item.currency),
    limitMicros: toMicros(item.limitMicros),
    period: item.period as BudgetRecord['period'],
    enforcement: item.enforcement as BudgetRecord['enforcement'],
    thresholds: (item.thresholds as number[]).map(Number),
    // Budgets stored before forecast alerts existed get the default.
    forecastThresholds: Array.isArray(item.forecastThresholds) ? item.forecastThresholds.map(Number) : [...DEFAULT_FORECAST_THRESHOLDS],
    rollover: { enabled: rollover.enabled, maxMicros: rollover.maxMicros === null || rollover.maxMicros === undefined ? null : toMicros(rollover.maxMicros), overspend: rollover.overspend ?? 'forgive' },
    approvalPolicy: { ttlSeconds: Number((item.approvalPolicy as { ttlSeconds: unknown }).ttlSeconds) },
    categories: ((item.categories as Array<{ name: string; limitMicros: unknown }> | undefined) ?? []).map((category) => ({
      name: category.name,
      limitMicros: toMicros(category.limitMicros),
    })),
    tags: (item.tags as Record<string, string> | undefined) ?? {},
    costSource: (item.costSource as BudgetRecord['costSource'] | undefined) ?? null,
    status: item.status as BudgetRecord['status'],
    version: Number(item.version),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    activeChildCount: Number(item.activeChildCount ?? 0),
  };
}

/**
 * DynamoDB persistence of budgets. Every write is one transaction whose conditions state
 * what the service read: a budget at its version, a parent still active at the same place
 * in the tree. A refused condition becomes {@link WriteConflict}, never a partial write.
 */
export class DynamoBudgetStore implements BudgetStore {
  constructor(private readonly table: TableContext) {}

  async get(tenantId: string, budgetId: string): Promise<BudgetRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.tenantPk(tenantId), sk: keys.budgetSk(budgetId) },
      ConsistentRead: true,
    }));
    return Item?.entity === 'budget' ? fromItem(Item) : undefined;
  }

  async getMany(tenantId: string, budgetIds: readonly string[]): Promise<BudgetRecord[]> {
    const unique = [...new Set(budgetIds)];
    const found = new Map<string, BudgetRecord>();
    for (let offset = 0; offset < unique.length; offset += DYNAMODB_LIMITS.batchGetKeys) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.table.tableName]: {
          Keys: unique.slice(offset, offset + DYNAMODB_LIMITS.batchGetKeys).map((id) => ({ pk: keys.tenantPk(tenantId), sk: keys.budgetSk(id) })),
          ConsistentRead: true,
        },
      };
      while (request && Object.keys(request).length > 0) {
        const answer = await this.table.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of answer.Responses?.[this.table.tableName] ?? []) if (item.entity === 'budget') found.set(String(item.id), fromItem(item));
        request = answer.UnprocessedKeys as typeof request;
      }
    }
    return budgetIds.map((id) => found.get(id)).filter((budget): budget is BudgetRecord => budget !== undefined);
  }

  /** The parent must still be active, in the same currency and at the same place in the tree. */
  private parentGuard(parent: BudgetRecord, delta: 1 | -1, requireActive: boolean): TransactItem {
    return {
      Update: {
        TableName: this.table.tableName,
        Key: { pk: keys.tenantPk(parent.tenantId), sk: keys.budgetSk(parent.id) },
        UpdateExpression: 'ADD activeChildCount :delta',
        ConditionExpression: requireActive
          ? 'attribute_exists(pk) AND #status = :active AND #path = :path'
          : 'attribute_exists(pk)',
        ExpressionAttributeNames: requireActive ? { '#status': 'status', '#path': 'path' } : undefined,
        ExpressionAttributeValues: requireActive ? { ':delta': delta, ':active': 'active', ':path': parent.path } : { ':delta': delta },
      },
    };
  }

  private idempotencyItem(idempotency: IdempotentWrite | undefined, nowMs: number): TransactItem[] {
    return idempotency ? [idempotencyRecordPut(this.table, idempotency.request, idempotency.response, nowMs)] : [];
  }

  private async run(items: TransactItem[], reasons: Array<WriteConflict['reason']>): Promise<void> {
    try {
      await transactWrite(this.table, items);
    } catch (error) {
      const cancelled = error as { failedCondition?: (index: number) => boolean };
      if (typeof cancelled.failedCondition !== 'function') throw error;
      const failedIndex = reasons.findIndex((_, index) => cancelled.failedCondition!(index));
      throw new WriteConflict(reasons[failedIndex] ?? 'budget-changed');
    }
  }

  create(budget: BudgetRecord, parent: BudgetRecord | undefined, idempotency: IdempotentWrite | undefined, nowMs: number, audit: AuditEntry): Promise<void> {
    return this.createTree([budget], parent, idempotency, nowMs, [audit]);
  }

  async createTree(
    budgets: readonly BudgetRecord[], parent: BudgetRecord | undefined, idempotency: IdempotentWrite | undefined, nowMs: number, audit: readonly AuditEntry[],
  ): Promise<void> {
    const items: TransactItem[] = [];
    const reasons: Array<WriteConflict['reason']> = [];
    for (const budget of budgets) {
      items.push({ Put: { TableName: this.table.tableName, Item: toItem(budget), ConditionExpression: 'attribute_not_exists(pk)' } });
      reasons.push('already-exists');
      // The budget's first period to close, written with it: the close job finds it through the index.
      const closing = firstClosing(budget, nowMs);
      if (closing) {
        items.push({ Put: { TableName: this.table.tableName, Item: closingScheduleItem(closing) } });
        reasons.push('already-exists');
      }
      const marker = costSourceMarker(this.table, undefined, budget);
      if (marker) {
        items.push(marker);
        reasons.push('already-exists');
      }
    }
    if (parent) {
      items.push(this.parentGuard(parent, 1, true));
      reasons.push('parent-changed');
    }
    items.push(...this.idempotencyItem(idempotency, nowMs));
    reasons.push('idempotency-key-taken');
    items.push(...audit.map((entry) => auditPut(this.table, entry)));
    await this.run(items, reasons);
  }

  /**
   * Replaces `before` with `after` if nobody wrote it since (`version`) and it is still at the
   * `path` read: a move of an ancestor rewrites the path without a new version, and this Put
   * writes the whole item, so it must not put an old path back. When the parent changes, the
   * old parent loses a child, the new one gains one (and must still be where the service saw
   * it), and every active descendant's ancestor path is rewritten in the same write, each
   * conditioned on what the service read of it: its path, version and `activeChildCount`
   * (with the budget's own count, that proves no child appeared since the read).
   */
  async update(
    before: BudgetRecord,
    after: BudgetRecord,
    move: BudgetMove | undefined,
    stamp: CounterStamp,
    audit: AuditEntry,
  ): Promise<void> {
    const items: TransactItem[] = [{
      Put: {
        TableName: this.table.tableName,
        Item: toItem(after),
        ConditionExpression: 'attribute_exists(pk) AND version = :version AND activeChildCount = :children AND #path = :path',
        ExpressionAttributeNames: { '#path': 'path' },
        ExpressionAttributeValues: { ':version': before.version, ':children': before.activeChildCount, ':path': before.path },
      },
    }];
    const reasons: Array<WriteConflict['reason']> = ['budget-changed'];
    if (move) {
      const wasActive = before.status === 'active';
      const isActive = after.status === 'active';
      if (move.oldParent && wasActive) {
        items.push(this.parentGuard(move.oldParent, -1, false));
        reasons.push('parent-changed');
      }
      if (move.newParent && isActive) {
        items.push(this.parentGuard(move.newParent, 1, true));
        reasons.push('parent-changed');
      }
      for (const descendant of move.descendants) {
        items.push({
          Update: {
            TableName: this.table.tableName,
            Key: { pk: keys.tenantPk(descendant.before.tenantId), sk: keys.budgetSk(descendant.before.id) },
            UpdateExpression: 'SET #path = :newPath',
            ConditionExpression: '#path = :oldPath AND version = :version AND activeChildCount = :children',
            ExpressionAttributeNames: { '#path': 'path' },
            ExpressionAttributeValues: {
              ':newPath': descendant.after.path, ':oldPath': descendant.before.path,
              ':version': descendant.before.version, ':children': descendant.before.activeChildCount,
            },
          },
        });
        reasons.push('budget-changed');
      }
    }
    const marker = costSourceMarker(this.table, before, after);
    if (marker) {
      items.push(marker);
      reasons.push('budget-changed');
    }
    items.push(auditPut(this.table, audit));
    reasons.push('budget-changed');
    await writeWithStamps(this.table, items, reasons, before, after, stamp);
  }

  withCostSource(tenantId: string, provider: CostProvider): Promise<string[]> {
    return budgetsWithCostSource(this.table, tenantId, provider);
  }

  /**
   * Direct children of a budget (any status), through the parent index: eventually
   * consistent, so it may miss a child written a moment ago or return an older copy.
   */
  children(tenantId: string, budgetId: string): Promise<BudgetRecord[]> {
    return queryAll(this.table, {
      TableName: this.table.tableName, IndexName: GSI1.indexName, KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': keys.budgetsByParentPk(tenantId, budgetId) },
    }, fromItem);
  }

  allActive(tenantId: string): Promise<BudgetRecord[]> {
    // No page size: DynamoDB's 1 MB pages hold about a thousand budgets each.
    return queryAll(this.table, {
      TableName: this.table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', FilterExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': keys.tenantPk(tenantId), ':prefix': keys.budgetPrefix(), ':active': 'active' },
    }, (item) => (item.entity === 'budget' ? fromItem(item) : undefined));
  }

  list(tenantId: string, filter: BudgetListFilter, limit: number, cursor: string | undefined): Promise<Page<BudgetRecord>> {
    const input = this.listQuery(tenantId, filter);
    return queryPage(this.table, {
      tenantId, queryIdentity: ['budgets', filter], limit, cursor, input,
      indexKeys: indexKeysOf(input.IndexName),
      parse: (item) => (item.entity === 'budget' ? fromItem(item) : undefined),
      keep: (budget) => matchesFilter(budget, filter),
    });
  }

  private listQuery(tenantId: string, filter: BudgetListFilter): QueryCommandInput {
    if (filter.parentId !== undefined) {
      return {
        TableName: this.table.tableName, IndexName: GSI1.indexName, KeyConditionExpression: `${GSI1.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.budgetsByParentPk(tenantId, filter.parentId) },
      };
    }
    if (filter.scopeType !== undefined && filter.scopeId !== undefined) {
      return {
        TableName: this.table.tableName, IndexName: GSI2.indexName, KeyConditionExpression: `${GSI2.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.budgetsByScopePk(tenantId, filter.scopeType, filter.scopeId) },
      };
    }
    return {
      TableName: this.table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenantPk(tenantId), ':prefix': keys.budgetPrefix() },
    };
  }
}

/** The key attributes a page must remember to resume a query on `indexName` (none on the base table). */
function indexKeysOf(indexName: string | undefined): string[] {
  const index = tableDefinition.globalSecondaryIndexes.find((candidate) => candidate.indexName === indexName);
  return index ? [index.partitionKey, index.sortKey] : [];
}

function matchesFilter(budget: BudgetRecord, filter: BudgetListFilter): boolean {
  return budget.status === filter.status
    && (filter.scopeType === undefined || budget.scope.type === filter.scopeType)
    && (filter.scopeId === undefined || budget.scope.id === filter.scopeId)
    && (filter.parentId === undefined || budget.parentId === filter.parentId);
}

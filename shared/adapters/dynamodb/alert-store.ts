import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { newAlertFields, utilizationPercent, type AlertKind, type AlertRecord, type CounterSnapshot } from '../../domain/alerts/alerts.js';
import { toMicros } from '../../domain/common/amount.js';
import type { AlertListFilter, AlertStore } from '../../domain/alerts/ports.js';
import type { Page } from '../../domain/common/ports.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';
import { queryPage } from './pagination.js';
import { GSI1, GSI2 } from './table.js';
import { auditPut } from './audit-store.js';
import { TransactionCancelled, transactWrite } from './transact.js';
import type { AuditEntry } from '../../domain/audit/audit.js';

const FIRING = ['active', 'acknowledged'] as const;
const QUIET = ['resolved', 'clear'] as const;

export function alertFrom(item: Record<string, unknown>): AlertRecord {
  return {
    tenantId: String(item.tenantId),
    id: String(item.id),
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    threshold: Number(item.threshold),
    kind: item.kind as AlertKind,
    severity: item.severity as AlertRecord['severity'],
    utilization: Number(item.utilization ?? 0),
    state: item.state as AlertRecord['state'],
    triggeredAt: (item.triggeredAt as string | undefined) ?? null,
    acknowledgedAt: (item.acknowledgedAt as string | undefined) ?? null,
    resolvedAt: (item.resolvedAt as string | undefined) ?? null,
    firedCount: Number(item.firedCount ?? 0),
    movementCount: Number(item.movementCount ?? 0),
    limitMicros: toMicros(item.limitMicros ?? 0),
    spentMicros: toMicros(item.spentMicros ?? 0),
    reservedMicros: toMicros(item.reservedMicros ?? 0),
  };
}

/**
 * Alerts on DynamoDB: one item per (budget, period, threshold, kind), its key derived from
 * them. Every transition is a conditional update on the counter movement it comes from
 * (`movementCount`, strictly increasing per counter): a replayed or reordered stream record
 * never fires an alert twice, nor rolls its state back.
 */
export class DynamoAlertStore implements AlertStore {
  constructor(private readonly table: TableContext) {}

  private key(tenantId: string, alertId: string) {
    return { pk: keys.alertPk(tenantId, alertId), sk: keys.alertSk() };
  }

  /** The attributes every transition sets: identity, and the counter it was derived from. */
  private base(snapshot: CounterSnapshot, threshold: number, kind: AlertKind) {
    const fields = newAlertFields(snapshot, threshold, kind);
    const committedMicros = snapshot.spentMicros + snapshot.reservedMicros;
    return {
      fields,
      // Kept apart because DynamoDB refuses expression values an expression does not use.
      identityValues: {
        ':entity': 'alert', ':tenantId': fields.tenantId, ':id': fields.id, ':budgetId': fields.budgetId, ':periodKey': fields.periodKey,
        ':threshold': threshold, ':kind': kind, ':severity': fields.severity, ':m': snapshot.movementCount,
      },
      snapshotValues: {
        ':utilization': utilizationPercent(snapshot.limitMicros, committedMicros),
        ':limit': snapshot.limitMicros, ':spent': snapshot.spentMicros, ':reserved': snapshot.reservedMicros,
      },
      identity: 'entity = :entity, tenantId = :tenantId, id = :id, budgetId = :budgetId, periodKey = :periodKey, threshold = :threshold, '
        + 'kind = :kind, severity = :severity, movementCount = :m',
      snapshot: 'utilization = :utilization, limitMicros = :limit, spentMicros = :spent, reservedMicros = :reserved',
    };
  }

  /** Runs a conditional update; false when its condition did not hold. */
  private tryUpdate(input: UpdateCommandInput): Promise<boolean> {
    return conditionHeld(() => this.table.client.send(new UpdateCommand(input)));
  }

  /**
   * Records a newer movement without changing the state, so an older record that arrives
   * later cannot act on a state it no longer describes.
   */
  private async remember(snapshot: CounterSnapshot, threshold: number, kind: AlertKind, states: readonly string[]): Promise<void> {
    const { fields, identityValues, identity } = this.base(snapshot, threshold, kind);
    await this.tryUpdate({
      TableName: this.table.tableName,
      Key: this.key(fields.tenantId, fields.id),
      UpdateExpression: `SET ${identity}, #state = if_not_exists(#state, :clear)`,
      ConditionExpression: `attribute_not_exists(pk) OR (#state IN (${states.map((_, i) => `:s${i}`).join(', ')}) AND movementCount < :m)`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ...identityValues, ':clear': 'clear', ...Object.fromEntries(states.map((state, i) => [`:s${i}`, state])) },
    });
  }

  async fire(snapshot: CounterSnapshot, threshold: number, kind: AlertKind, nowMs: number): Promise<boolean> {
    const { fields, identityValues, snapshotValues, identity, snapshot: counter } = this.base(snapshot, threshold, kind);
    const fired = await this.tryUpdate({
      TableName: this.table.tableName,
      Key: this.key(fields.tenantId, fields.id),
      UpdateExpression: `SET ${identity}, ${counter}, #state = :active, triggeredAt = :now, ${GSI1.partitionKey} = :byBudget, ${GSI1.sortKey} = :sortKey, ${GSI2.partitionKey} = :byTenant, ${GSI2.sortKey} = :sortKey `
        + 'REMOVE acknowledgedAt, resolvedAt ADD firedCount :one',
      ConditionExpression: 'attribute_not_exists(pk) OR (#state IN (:resolved, :clear) AND movementCount < :m)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ...identityValues, ...snapshotValues, ':active': 'active', ':resolved': 'resolved', ':clear': 'clear', ':one': 1, ':now': new Date(nowMs).toISOString(),
        ':byBudget': keys.alertsByBudgetPk(fields.tenantId, fields.budgetId), ':byTenant': keys.alertsByTenantPk(fields.tenantId),
        // Newest first on both indexes: the trigger time orders them, the id keeps them unique.
        ':sortKey': `${new Date(nowMs).toISOString()}#${fields.id}`,
      },
    });
    if (!fired) await this.remember(snapshot, threshold, kind, FIRING);
    return fired;
  }

  async resolve(snapshot: CounterSnapshot, threshold: number, kind: AlertKind, nowMs: number): Promise<boolean> {
    const { fields, identityValues, snapshotValues, identity, snapshot: counter } = this.base(snapshot, threshold, kind);
    const resolved = await this.tryUpdate({
      TableName: this.table.tableName,
      Key: this.key(fields.tenantId, fields.id),
      UpdateExpression: `SET ${identity}, ${counter}, #state = :resolved, resolvedAt = :now`,
      ConditionExpression: '#state IN (:active, :acknowledged) AND movementCount < :m',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ...identityValues, ...snapshotValues, ':active': 'active', ':acknowledged': 'acknowledged', ':resolved': 'resolved', ':now': new Date(nowMs).toISOString() },
    });
    if (!resolved) await this.remember(snapshot, threshold, kind, QUIET);
    return resolved;
  }

  async get(tenantId: string, alertId: string): Promise<AlertRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: this.key(tenantId, alertId), ConsistentRead: true }));
    const alert = Item ? alertFrom(Item) : undefined;
    return alert && alert.state !== 'clear' ? alert : undefined;
  }

  list(tenantId: string, filter: AlertListFilter, limit: number, cursor: string | undefined): Promise<Page<AlertRecord>> {
    const byBudget = filter.budgetId !== undefined;
    const index = byBudget ? GSI1 : GSI2;
    return queryPage(this.table, {
      tenantId, queryIdentity: ['alerts', filter.budgetId ?? null, filter.state ?? null], limit, cursor, indexKeys: [index.partitionKey, index.sortKey],
      input: {
        TableName: this.table.tableName, IndexName: index.indexName, KeyConditionExpression: `${index.partitionKey} = :pk`, ScanIndexForward: false,
        ExpressionAttributeValues: { ':pk': byBudget ? keys.alertsByBudgetPk(tenantId, filter.budgetId!) : keys.alertsByTenantPk(tenantId) },
      },
      parse: alertFrom,
      keep: (alert) => alert.state !== 'clear' && (filter.state === undefined || alert.state === filter.state),
    });
  }

  async acknowledge(tenantId: string, alertId: string, nowMs: number, audit: AuditEntry): Promise<AlertRecord | undefined> {
    try {
      await transactWrite(this.table, [{
        Update: {
          TableName: this.table.tableName,
          Key: this.key(tenantId, alertId),
          UpdateExpression: 'SET #state = :acknowledged, acknowledgedAt = if_not_exists(acknowledgedAt, :now)',
          ConditionExpression: '#state = :active',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':active': 'active', ':acknowledged': 'acknowledged', ':now': new Date(nowMs).toISOString() },
        },
      }, auditPut(this.table, audit)]);
    } catch (error) {
      // Not active: acknowledged already (answered as it is, nothing to audit), or not firing.
      if (!(error instanceof TransactionCancelled && error.failedCondition(0))) throw error;
    }
    const alert = await this.get(tenantId, alertId);
    return alert?.state === 'acknowledged' ? alert : undefined;
  }
}

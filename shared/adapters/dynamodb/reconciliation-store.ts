import { GetCommand, PutCommand, QueryCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { toMicros } from '../../domain/common/amount.js';
import type {
  DriftFinding, Figures, JobCursor, JobPosition, LedgerPage, PeriodActuals, Reconciliation, ReconciliationStore, Variance, VarianceFinding,
} from '../../domain/reconciliation/index.js';
import { conditionHeld, type TableContext } from './client.js';
import { keys } from './keys.js';
import { ledgerFrom } from './money/codecs.js';
import { DynamoJobCursorStore } from './job-cursor-store.js';

/**
 * Entries per ledger page. DynamoDB ends a page at 1 MB anyway; an entry is well under
 * 1 KB, so a page stays under that and a pass makes few round trips (the API's ledger
 * listing pages by 100 for clients; a pass has no client waiting on each page).
 */
const LEDGER_PAGE_ITEMS = 1_000;


const figuresFrom = (item: unknown): Figures => {
  const figures = item as Record<string, unknown>;
  return { limitMicros: toMicros(figures.limitMicros), spentMicros: toMicros(figures.spentMicros), reservedMicros: toMicros(figures.reservedMicros) };
};

const actualsFrom = (item: unknown): PeriodActuals | null => {
  if (!item) return null;
  const actuals = item as Record<string, unknown>;
  return {
    source: String(actuals.source) as PeriodActuals['source'],
    amountMicros: toMicros(actuals.amountMicros),
    asOfMs: actuals.asOfMs === null || actuals.asOfMs === undefined ? null : Number(actuals.asOfMs),
    days: Number(actuals.days),
  };
};

const varianceFrom = (item: unknown): Variance | null => {
  if (!item) return null;
  const variance = item as Record<string, unknown>;
  return {
    amountMicros: toMicros(variance.amountMicros),
    percent: variance.percent === null || variance.percent === undefined ? null : Number(variance.percent),
    withinTolerance: Boolean(variance.withinTolerance),
    step: Number(variance.step),
  };
};

function checkFields(check: Reconciliation): Record<string, unknown> {
  return {
    budgetId: check.budgetId,
    periodKey: check.periodKey,
    checkedAtMs: check.checkedAtMs,
    counters: check.counters,
    ledger: check.ledger,
    drift: check.drift,
    availableCoherent: check.availableCoherent,
    matches: check.matches,
    actuals: check.actuals,
    variance: check.variance,
  };
}

export function reconciliationFrom(item: Record<string, unknown>): Reconciliation {
  return {
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    checkedAtMs: Number(item.checkedAtMs),
    counters: figuresFrom(item.counters),
    ledger: figuresFrom(item.ledger),
    drift: figuresFrom(item.drift),
    availableCoherent: Boolean(item.availableCoherent),
    matches: Boolean(item.matches),
    actuals: actualsFrom(item.actuals),
    variance: varianceFrom(item.variance),
  };
}

export function varianceFindingFrom(item: Record<string, unknown>): VarianceFinding {
  return {
    tenantId: String(item.tenantId),
    budgetId: String(item.budgetId),
    periodKey: String(item.periodKey),
    checkedAtMs: Number(item.checkedAtMs),
    id: String(item.id),
    revision: Number(item.revision),
    spentMicros: toMicros(item.spentMicros),
    actuals: actualsFrom(item.actuals)!,
    variance: varianceFrom(item.variance)!,
    peakStep: Number(item.peakStep ?? 0),
    tolerancePercent: Number(item.tolerancePercent),
  };
}

export function driftFrom(item: Record<string, unknown>): DriftFinding {
  return { ...reconciliationFrom(item), tenantId: String(item.tenantId), id: String(item.id) };
}

/**
 * What reconciliation keeps and reads: ledger pages for its pass, the last check of each
 * (budget, period), drift findings (each inserted once: the stream consumer publishes
 * `reconciliation.drift_detected` from the insertion), the variance step of each period of
 * a `compare` budget (the stream consumer publishes `budget.variance_detected` from a new
 * step past the tolerance), the tenants index and the job's cursor.
 */
export class DynamoReconciliationStore implements ReconciliationStore {
  private readonly cursor: DynamoJobCursorStore;

  constructor(private readonly table: TableContext) {
    this.cursor = new DynamoJobCursorStore(table, 'reconciliation-job');
  }

  /** Its own query rather than the money store's listing: strongly consistent, larger pages, a plain resume key. */
  async ledgerPage(tenantId: string, budgetId: string, after: string | null): Promise<LedgerPage> {
    const pk = keys.budgetMoneyPk(tenantId, budgetId);
    const answer = await this.table.client.send(new QueryCommand({
      TableName: this.table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.ledgerPrefix() },
      ConsistentRead: true,
      Limit: LEDGER_PAGE_ITEMS,
      ...(after !== null && { ExclusiveStartKey: { pk, sk: after } }),
    }));
    return { entries: (answer.Items ?? []).map(ledgerFrom), next: answer.LastEvaluatedKey ? String(answer.LastEvaluatedKey.sk) : null };
  }

  async saveCheck(tenantId: string, check: Reconciliation): Promise<void> {
    // An overlapping run that checked earlier must not replace a later check.
    await this.putUnless({
      TableName: this.table.tableName,
      Item: { pk: keys.reconciliationPk(tenantId, check.budgetId), sk: keys.reconciliationSk(check.periodKey), entity: 'reconciliation', tenantId, ...checkFields(check) },
      ConditionExpression: 'attribute_not_exists(pk) OR checkedAtMs <= :checkedAtMs',
      ExpressionAttributeValues: { ':checkedAtMs': check.checkedAtMs },
    });
  }

  async lastCheck(tenantId: string, budgetId: string, periodKey: string): Promise<Reconciliation | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.reconciliationPk(tenantId, budgetId), sk: keys.reconciliationSk(periodKey) },
      ConsistentRead: true,
    }));
    return Item ? reconciliationFrom(Item) : undefined;
  }

  recordDrift(finding: DriftFinding): Promise<boolean> {
    return this.putUnless({
      TableName: this.table.tableName,
      Item: { pk: keys.driftPk(finding.tenantId, finding.id), sk: keys.driftSk(), entity: 'drift', tenantId: finding.tenantId, id: finding.id, ...checkFields(finding) },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  async lastVariance(tenantId: string, budgetId: string, periodKey: string): Promise<VarianceFinding | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({
      TableName: this.table.tableName,
      Key: { pk: keys.reconciliationPk(tenantId, budgetId), sk: keys.varianceSk(periodKey) },
      ConsistentRead: true,
    }));
    return Item ? varianceFindingFrom(Item) : undefined;
  }

  noteVariance(finding: VarianceFinding): Promise<boolean> {
    return this.putUnless({
      TableName: this.table.tableName,
      Item: { pk: keys.reconciliationPk(finding.tenantId, finding.budgetId), sk: keys.varianceSk(finding.periodKey), entity: 'variance', ...finding },
      ...(finding.revision === 1
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
          ConditionExpression: '#revision = :previous AND checkedAtMs < :checkedAtMs',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':previous': finding.revision - 1, ':checkedAtMs': finding.checkedAtMs },
        }),
    });
  }

  tenantAfter(tenantId: string | null): Promise<string | undefined> {
    return this.cursor.tenantAfter(tenantId);
  }

  jobCursor(): Promise<JobCursor> {
    return this.cursor.jobCursor();
  }

  moveJobCursor(revision: number, position: JobPosition | null): Promise<boolean> {
    return this.cursor.moveJobCursor(revision, position);
  }

  /** A conditional put; false when its condition did not hold. */
  private putUnless(input: PutCommandInput): Promise<boolean> {
    return conditionHeld(() => this.table.client.send(new PutCommand(input)));
  }
}

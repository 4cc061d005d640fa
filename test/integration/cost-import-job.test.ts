import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput } from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CostExplorerActuals } from '../../shared/adapters/cost-explorer/cost-explorer-source.js';
import { DynamoMoneyStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { createCosts } from '../../shared/app/costs.js';
import type { TenantImportMessage } from '../../shared/domain/costs/import-job.js';
import { createServices } from '../../shared/app/services.js';
import { CreateBudgetBody, PatchBudgetBody } from '../../shared/schemas/budgets.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/**
 * Issue 13: the Cost Explorer import over DynamoDB Local, with Cost Explorer mocked (it
 * cannot run here, and costs $0.01 a request): the dispatch walks the tenants from its cursor
 * and queues those with a Cost Explorer budget; each tenant's import records only what
 * changed; budgets sharing a filter share a request.
 */
const NOW_MS = Date.parse('2026-11-20T15:00:00Z');
const clock = { nowMs: NOW_MS };
const ce = mockClient(CostExplorerClient);
let table: TableContext;

beforeAll(async () => {
  table = tableContext(await newMoneyTable('cost-import-job'));
});
afterEach(() => ce.reset());

const services = () => createServices(table, { nowMs: () => clock.nowMs });
const costs = () => createCosts(table, { nowMs: () => clock.nowMs });
const source = () => new CostExplorerActuals(new CostExplorerClient({ region: 'us-east-1' }), { sleep: async () => {} });

/** The queue the dispatch fills (SQS in AWS), kept in memory: what was sent, in order. */
function memoryQueue() {
  const sent: TenantImportMessage[] = [];
  return { sent, send: async (messages: readonly TenantImportMessage[]) => void sent.push(...messages) };
}

/** One dispatch, then each queued tenant's import with its own source (as each worker invocation has), summed. */
async function importAll(timeLeftMs = 600_000) {
  const queue = memoryQueue();
  const dispatch = await costs().importDispatch(queue).run(() => timeLeftMs);
  const total = { budgets: 0, changedDays: 0, failedDays: 0, currencyMismatches: 0, failed: [] as string[] };
  for (const { tenantId } of queue.sent) {
    try {
      const run = await costs().tenantImport.run(tenantId, source());
      total.budgets += run.budgets;
      total.changedDays += run.changedDays;
      total.failedDays += run.failedDays;
      total.currencyMismatches += run.currencyMismatches;
    } catch {
      total.failed.push(tenantId);
    }
  }
  return { dispatch, queued: queue.sent.map((message) => message.tenantId), ...total };
}

async function budget(tenantId: string, fields: Record<string, unknown>): Promise<string> {
  clock.nowMs = Date.parse('2026-11-10T00:00:00Z');
  const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'ce' }, currency: 'USD', limit: '10000', period: { type: 'monthly' }, ...fields });
  const id = ((await services().budgets.create(tenantId, body, { audit: testAudit, respond: (created) => ({ status: 201, body: created }) })).body as { id: string }).id;
  clock.nowMs = NOW_MS;
  return id;
}

/** Cost Explorer's answer: the days given, in `unit`, on one page. */
function answer(days: Record<string, string>, unit = 'USD') {
  return {
    ResultsByTime: Object.entries(days).map(([date, amount]) => ({
      TimePeriod: { Start: date, End: date }, Total: { UnblendedCost: { Amount: amount, Unit: unit } }, Estimated: false,
    })),
  };
}

describe('the Cost Explorer import job', () => {
  it('queues the tenants with Cost Explorer budgets, imports each once per filter, records only differences, and leaves compared budgets\' spend alone', async () => {
    const [a, b, none] = ['ce-job-a', 'ce-job-b', 'ce-job-none'];
    for (const tenantId of [a, b, none]) await services().access.createTenant({ id: tenantId, name: tenantId }, testAudit);
    await budget(none, { costSource: { provider: 'focus', filter: { services: ['Amazon Bedrock'] } } });
    const bedrock = { provider: 'aws-cost-explorer', filter: { services: ['Amazon Bedrock'] } };
    const tracked = await budget(a, { costSource: { ...bedrock, mode: 'track' } });
    const compared = await budget(b, { costSource: { ...bedrock, mode: 'compare' } });
    const euro = await budget(b, { currency: 'EUR', costSource: { provider: 'aws-cost-explorer', filter: { accounts: ['123456789012'] } } });
    ce.on(GetCostAndUsageCommand, { Filter: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Bedrock'], MatchOptions: ['EQUALS'] } } })
      .resolves(answer({ '2026-11-17': '12.5', '2026-11-18': '7.25' }));
    ce.on(GetCostAndUsageCommand, { Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['123456789012'], MatchOptions: ['EQUALS'] } } })
      .resolves(answer({ '2026-11-18': '3' }));

    const first = await importAll();
    // Tenants without a Cost Explorer budget (FOCUS only, or none) are not queued.
    expect(first).toMatchObject({ queued: [a, b], budgets: 3, changedDays: 4, currencyMismatches: 1, failed: [], dispatch: { tenants: 3, queued: 2, passComplete: true } });
    // The month of the budgets' first period up to tomorrow, daily, in the budget's metric.
    const inputs = ce.commandCalls(GetCostAndUsageCommand).map((call) => call.args[0].input as GetCostAndUsageCommandInput);
    // One request per tenant: each tenant's import has its own cache.
    expect(inputs).toHaveLength(3);
    expect(inputs[0]).toMatchObject({ TimePeriod: { Start: '2026-11-01', End: '2026-11-21' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });
    expect((await services().money.status(a, tracked)).spentMicros).toBe(19_750_000n);
    expect((await services().money.status(b, compared)).spentMicros).toBe(0n);
    expect((await costs().actuals.days(b, compared, {})).map((day) => [day.date, day.amountMicros, day.mode])).toEqual([['2026-11-17', 12_500_000n, 'compare'], ['2026-11-18', 7_250_000n, 'compare']]);
    expect(await costs().actuals.days(b, euro, {})).toEqual([]);

    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves(answer({ '2026-11-17': '12.5', '2026-11-18': '6', '2026-11-19': '4' }));
    const second = await importAll();
    expect(second).toMatchObject({ queued: [a, b], changedDays: 4 });
    expect((await services().money.status(a, tracked)).spentMicros).toBe(22_500_000n);
    expect((await costs().actuals.days(a, tracked, {})).map((day) => day.revision)).toEqual([1, 2, 1]);

    const third = await importAll();
    expect(third).toMatchObject({ changedDays: 0 });
    // Audited by the job, once for each run that changed something: the third changed nothing.
    const audited = await services().audit.list(a, { action: 'costs.imported' });
    expect(audited.items.map((entry) => entry.actor)).toEqual([{ system: 'cost-import-job' }, { system: 'cost-import-job' }]);
    expect(audited.items[0]!.changes.import!.to).toMatchObject({ source: 'aws-cost-explorer', budgets: [{ budgetId: tracked, days: 3, changedDays: 2 }] });
  });

  it('fails one tenant\'s import alone (its message is retried), never the others', async () => {
    const tenantId = 'ce-job-throttled';
    await services().access.createTenant({ id: tenantId, name: tenantId }, testAudit);
    await budget(tenantId, { costSource: { provider: 'aws-cost-explorer', filter: { regions: ['xx-throttled-1'] } } });
    ce.on(GetCostAndUsageCommand).resolves(answer({}));
    ce.on(GetCostAndUsageCommand, { Filter: { Dimensions: { Key: 'REGION', Values: ['xx-throttled-1'], MatchOptions: ['EQUALS'] } } })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }));
    const run = await importAll();
    expect(run.dispatch.passComplete).toBe(true);
    expect(run.failed).toEqual([tenantId]);
    expect(run.queued.length).toBeGreaterThan(1);
  });

  it('stops before its deadline and the next run resumes at its cursor', async () => {
    expect((await importAll(20_000)).dispatch).toEqual({ tenants: 0, queued: 0, passComplete: false });
    let left = 2;
    // Time for one tenant: the cursor moves past it, and the next run starts at the second.
    const partial = await costs().importDispatch(memoryQueue()).run(() => (left-- > 0 ? 600_000 : 0));
    expect(partial).toMatchObject({ tenants: 1, passComplete: false });
    const rest = await importAll();
    expect(rest.dispatch.passComplete).toBe(true);
    expect(rest.dispatch.tenants).toBe((await importAll()).dispatch.tenants - 1);
  });

  it('takes the mode from the budget as the write reads it, not as the import began', async () => {
    const tenantId = 'ce-job-mode';
    await services().access.createTenant({ id: tenantId, name: tenantId }, testAudit);
    const id = await budget(tenantId, { costSource: { provider: 'focus', filter: { services: ['S'] }, mode: 'track' } });
    const actor = { tenantId, keyId: 'test' };
    // An importer that read the budget while it tracked, writing after a patch to compare: nothing reaches spend.
    await services().budgets.patch(tenantId, id, PatchBudgetBody.parse({ costSource: { provider: 'focus', filter: { services: ['S'] }, mode: 'compare' } }), undefined, testAudit);
    expect(await services().money.recordActualDay(actor, id, { date: '2026-11-18', amountMicros: 5_000_000n, source: 'focus' })).toMatchObject({ changed: true, deltaMicros: 0n });
    expect((await services().money.status(tenantId, id)).spentMicros).toBe(0n);
    // Back to track: the kept figure moves into spend once.
    await services().budgets.patch(tenantId, id, PatchBudgetBody.parse({ costSource: { provider: 'focus', filter: { services: ['S'] }, mode: 'track' } }), undefined, testAudit);
    expect(await services().money.recordActualDay(actor, id, { date: '2026-11-18', amountMicros: 5_000_000n, source: 'focus' })).toMatchObject({ changed: true, deltaMicros: 5_000_000n });
    expect((await services().money.status(tenantId, id)).spentMicros).toBe(5_000_000n);
    // The source removed, or another provider's day: not recorded.
    await services().budgets.patch(tenantId, id, PatchBudgetBody.parse({ costSource: null }), undefined, testAudit);
    expect(await services().money.recordActualDay(actor, id, { date: '2026-11-19', amountMicros: 1_000_000n, source: 'focus' })).toEqual({ changed: false, outside: true });
    expect((await costs().actuals.days(tenantId, id, {})).map((day) => day.date)).toEqual(['2026-11-18']);
  });

  it('writes a day only while the budget is at the version whose source decided it', async () => {
    const tenantId = 'ce-job-version';
    await services().access.createTenant({ id: tenantId, name: tenantId }, testAudit);
    const id = await budget(tenantId, { costSource: { provider: 'focus', filter: { services: ['S'] }, mode: 'compare' } });
    const { version } = (await services().budgets.get(tenantId, id));
    const record = { tenantId, budgetId: id, date: '2026-11-18', amountMicros: 1n, source: 'focus' as const, mode: 'compare' as const, importedAt: '2026-11-20T15:00:00.000Z', revision: 1 };
    const store = new DynamoMoneyStore(table);
    // Read at an older version (a patch landed since): refused, whatever the day's period, and nothing kept.
    expect(await store.move({ counters: [], ledger: [], actual: { record, expectedRevision: 0, budgetVersion: version - 1 }, nowMs: NOW_MS })).toEqual({ ok: false, reason: 'actual-changed' });
    expect(await store.actualDays(tenantId, id, '2026-11-18', '2026-11-18')).toEqual([]);
    expect(await store.move({ counters: [], ledger: [], actual: { record, expectedRevision: 0, budgetVersion: version }, nowMs: NOW_MS })).toEqual({ ok: true });
  });
});


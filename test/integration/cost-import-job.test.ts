import { CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput } from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CostExplorerActuals } from '../../shared/adapters/cost-explorer/cost-explorer-source.js';
import type { TableContext } from '../../shared/adapters/dynamodb/index.js';
import { createCosts } from '../../shared/app/costs.js';
import { createServices } from '../../shared/app/services.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';

/**
 * Issue 13: the Cost Explorer import job over DynamoDB Local, with Cost Explorer mocked
 * (it cannot run here, and costs $0.01 a request). Tenants are walked from the job's cursor;
 * a revised day records only its difference; budgets sharing a filter share a request.
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

async function budget(tenantId: string, fields: Record<string, unknown>): Promise<string> {
  clock.nowMs = Date.parse('2026-11-10T00:00:00Z');
  const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'ce' }, currency: 'USD', limit: '10000', period: { type: 'monthly' }, ...fields });
  const id = ((await services().budgets.create(tenantId, body, { respond: (created) => ({ status: 201, body: created }) })).body as { id: string }).id;
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
  it('imports every tenant\'s budgets once per filter, records only differences, and leaves compared budgets\' spend alone', async () => {
    const [a, b] = ['ce-job-a', 'ce-job-b'];
    for (const tenantId of [a, b]) await services().access.createTenant({ id: tenantId, name: tenantId });
    const bedrock = { provider: 'aws-cost-explorer', filter: { services: ['Amazon Bedrock'] } };
    const tracked = await budget(a, { costSource: { ...bedrock, mode: 'track' } });
    const compared = await budget(b, { costSource: { ...bedrock, mode: 'compare' } });
    const euro = await budget(b, { currency: 'EUR', costSource: { provider: 'aws-cost-explorer', filter: { accounts: ['123456789012'] } } });
    ce.on(GetCostAndUsageCommand, { Filter: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Bedrock'], MatchOptions: ['EQUALS'] } } })
      .resolves(answer({ '2026-11-17': '12.5', '2026-11-18': '7.25' }));
    ce.on(GetCostAndUsageCommand, { Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['123456789012'], MatchOptions: ['EQUALS'] } } })
      .resolves(answer({ '2026-11-18': '3' }));

    const first = await costs().importJob.run(() => 600_000, source());
    expect(first).toMatchObject({ tenants: 2, budgets: 3, changedDays: 4, currencyMismatches: 1, failures: [], passComplete: true });
    // The month of the budgets' first period up to tomorrow, daily, in the budget's metric.
    const inputs = ce.commandCalls(GetCostAndUsageCommand).map((call) => call.args[0].input as GetCostAndUsageCommandInput);
    // Two budgets (in two tenants) share the Bedrock filter: one request for both, one for the account's.
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({ TimePeriod: { Start: '2026-11-01', End: '2026-11-21' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });
    expect((await services().money.status(a, tracked)).spentMicros).toBe(19_750_000n);
    expect((await services().money.status(b, compared)).spentMicros).toBe(0n);
    expect((await costs().actuals.days(b, compared, {})).map((day) => [day.date, day.amountMicros, day.mode])).toEqual([['2026-11-17', 12_500_000n, 'compare'], ['2026-11-18', 7_250_000n, 'compare']]);
    expect(await costs().actuals.days(b, euro, {})).toEqual([]);

    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves(answer({ '2026-11-17': '12.5', '2026-11-18': '6', '2026-11-19': '4' }));
    const second = await costs().importJob.run(() => 600_000, source());
    expect(second).toMatchObject({ tenants: 2, changedDays: 4 });
    expect((await services().money.status(a, tracked)).spentMicros).toBe(22_500_000n);
    expect((await costs().actuals.days(a, tracked, {})).map((day) => day.revision)).toEqual([1, 2, 1]);

    const third = await costs().importJob.run(() => 600_000, source());
    expect(third).toMatchObject({ changedDays: 0 });
  });

  it('goes on with the other tenants when one tenant\'s import fails, and says so', async () => {
    const tenantId = 'ce-job-throttled';
    await services().access.createTenant({ id: tenantId, name: tenantId });
    await budget(tenantId, { costSource: { provider: 'aws-cost-explorer', filter: { regions: ['xx-throttled-1'] } } });
    ce.on(GetCostAndUsageCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }));
    const run = await costs().importJob.run(() => 600_000, source());
    expect(run.passComplete).toBe(true);
    expect(run.failures.map((failure) => failure.tenantId)).toContain(tenantId);
  });

  it('stops before its deadline and the next run resumes at its cursor', async () => {
    const stopped = await costs().importJob.run(() => 30_000, source());
    expect(stopped).toMatchObject({ tenants: 0, passComplete: false });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, utcDaysAgo, type TestApi } from '../support/local-api.js';

/**
 * Issue 13: FOCUS imports through the local gateway and the real handlers. Budgets are dated
 * ten days back (straight in the table) so the files' last days fall within their lives.
 */
let api: TestApi;
let key: string;
let tenantId: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key, tenantId } = await api.newTenant('costs'));
});
afterAll(async () => api?.stop());

// Ten days old, straight in the table: the files' last days fall within their lives.
const budget = budgetMaker(() => api, () => key, { name: 'cost', scope: { type: 'team', id: 'costs' }, limit: '1000', period: { type: 'lifetime' } },
  { backdateDaysOf: () => ({ tenantId, days: 10 }) });
const daysAgo = utcDaysAgo;
const post = (csv: string, options: { contentType?: string; as?: string } = {}) =>
  api.call('POST', '/v1/cost-imports', { key: options.as ?? key, rawBody: csv, headers: { 'Content-Type': options.contentType ?? 'text/csv' } });
const spent = async (id: string) => (await api.call('GET', `/v1/budgets/${id}/status`, { key })).body.spent as string;
const ledgerOf = async (id: string) => (await api.call('GET', `/v1/budgets/${id}/ledger`, { key })).body.items as Array<Record<string, unknown>>;

const HEADER = 'BillingAccountId,ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ServiceName,SubAccountId,RegionId,Tags';
const row = (date: string, cost: string, service: string, tags = '', currency = 'USD', region = 'us-east-1') =>
  `999,${date}T00:00:00Z,${date}T23:59:59Z,${cost},${currency},${service},123456789012,${region},${tags}`;

describe('POST /v1/cost-imports', () => {
  it('sums rows per budget and day, tracks or compares, reports what did not match, and changes nothing when posted again', async () => {
    const parent = await budget({ name: 'org' });
    const bedrock = await budget({
      name: 'bedrock', parentId: parent,
      costSource: { provider: 'focus', filter: { services: ['Amazon Bedrock'] }, mode: 'track' },
    });
    const ml = await budget({ name: 'ml', costSource: { provider: 'focus', filter: { tags: { team: ['ml'] } }, mode: 'compare' } });
    const [d1, d2] = [daysAgo(3), daysAgo(2)];
    const mlTags = '"{""team"": ""ml"", ""env"": ""prod, eu""}"';
    const csv = [
      HEADER,
      row(d1, '10.25', 'Amazon Bedrock', mlTags),
      row(d1, '0.2500001', 'Amazon Bedrock'),
      row(d2, '3.25', 'Amazon Bedrock'),
      row(d1, '4', 'Amazon EC2', mlTags),
      row(d1, '7', 'Amazon Bedrock', '', 'EUR'),
      row(d1, '1', '"Amazon ""S3"", Glacier\nDeep Archive"'),
      row(d2, 'abc', 'Amazon Bedrock'),
    ].join('\n');
    const first = await post(csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 7, unmatchedRows: 1, currencyMismatches: 1 });
    // The header is line 1; the quoted newline makes the S3 row two lines (7 and 8).
    expect(first.body.invalidRows).toEqual([{ line: 9, detail: expect.stringContaining('BilledCost') }]);
    const matched = Object.fromEntries(first.body.matched.map((entry: { budgetId: string }) => [entry.budgetId, entry]));
    expect(matched[bedrock]).toEqual({ budgetId: bedrock, days: 2, amount: '13.75', changedDays: 2, skippedDays: 0, failedDays: 0 });
    expect(matched[ml]).toEqual({ budgetId: ml, days: 1, amount: '14.25', changedDays: 1, skippedDays: 0, failedDays: 0 });

    // Tracked: the budget and its ancestor spent it; compared: kept beside, not spent.
    expect(await spent(bedrock)).toBe('13.75');
    expect(await spent(parent)).toBe('13.75');
    expect(await spent(ml)).toBe('0');
    const actuals = await api.call('GET', `/v1/budgets/${bedrock}/actuals`, { key });
    expect(actuals.body.items).toMatchObject([
      { date: d1, amount: '10.5', source: 'focus', mode: 'track', revision: 1 },
      { date: d2, amount: '3.25', source: 'focus', mode: 'track', revision: 1 },
    ]);
    expect((await api.call('GET', `/v1/budgets/${ml}/actuals`, { key })).body.items).toMatchObject([{ date: d1, amount: '14.25', mode: 'compare' }]);
    const usage = (await ledgerOf(bedrock)).filter((entry) => entry.type === 'usage');
    expect(usage).toHaveLength(2);

    const again = await post(csv);
    expect(again.body.matched.map((entry: { changedDays: number }) => entry.changedDays)).toEqual([0, 0]);
    expect(await spent(bedrock)).toBe('13.75');
    expect(await ledgerOf(bedrock)).toHaveLength(2);

    // Each upload is audited once its days are written, even one that changed nothing.
    const imports = (await api.call('GET', '/v1/audit?action=costs.imported', { key })).body.items;
    expect(imports).toHaveLength(2);
    expect(imports[1]).toMatchObject({ resourceType: 'costImport', actor: { name: 'admin' } });
    expect(imports[1].changes.import.to).toMatchObject({ source: 'focus', rows: 7, unmatchedRows: 1, invalidRows: 1 });
    expect(imports[1].changes.import.to.budgets).toContainEqual({ budgetId: bedrock, days: 2, changedDays: 2, failedDays: 0, amount: '13.75' });
    expect(imports[0].changes.import.to.budgets.map((entry: { changedDays: number }) => entry.changedDays)).toEqual([0, 0]);
  });

  it('records only the difference of a revised day: usage when up, a correction when down', async () => {
    const id = await budget({ name: 'revised', costSource: { provider: 'focus', filter: { services: ['Amazon SageMaker'] } } });
    const [d1, d2] = [daysAgo(5), daysAgo(4)];
    await post([HEADER, row(d1, '10.5', 'Amazon SageMaker'), row(d2, '3.25', 'Amazon SageMaker')].join('\r\n'));
    const revised = await post([HEADER, row(d1, '8', 'Amazon SageMaker'), row(d2, '5', 'Amazon SageMaker')].join('\r\n'));
    expect(revised.body.matched).toMatchObject([{ budgetId: id, changedDays: 2 }]);
    expect(await spent(id)).toBe('13');
    const entries = await ledgerOf(id);
    expect(entries.map((entry) => [entry.type, entry.amount])).toEqual([['usage', '10.5'], ['usage', '3.25'], ['correction', '-2.5'], ['usage', '1.75']]);
    expect(entries[2]).toMatchObject({ reason: `actual:${d1}` });
    expect((await api.call('GET', `/v1/budgets/${id}/actuals?from=${d1}&to=${d1}`, { key })).body.items).toMatchObject([{ date: d1, amount: '8', revision: 2 }]);
    // A range that ends before it starts, also when the end is the default (today).
    for (const query of [`from=${d2}&to=${d1}`, 'from=2099-01-01']) {
      const backwards = await api.call('GET', `/v1/budgets/${id}/actuals?${query}`, { key });
      expect(backwards.status, query).toBe(400);
      expect(slugOf(backwards.body)).toBe('validation-error');
    }
  });

  it('skips days before the budget\'s life and after today, and matches no archived budget', async () => {
    const id = await budget({ name: 'young', costSource: { provider: 'focus', filter: { regions: ['eu-west-1'] } } });
    const archived = await budget({ name: 'gone', costSource: { provider: 'focus', filter: { regions: ['eu-west-1'] } } });
    expect((await api.call('DELETE', `/v1/budgets/${archived}`, { key })).status).toBe(204);
    const answer = await post([HEADER, row(daysAgo(30), '2', 'X', '', 'USD', 'eu-west-1'), row(daysAgo(1), '3', 'X', '', 'USD', 'eu-west-1'), row(daysAgo(-2), '4', 'X', '', 'USD', 'eu-west-1')].join('\n'));
    expect(answer.body.matched).toEqual([{ budgetId: id, days: 3, amount: '9', changedDays: 1, skippedDays: 2, failedDays: 0 }]);
    expect(await spent(id)).toBe('3');
  });

  it('refuses what it cannot read, and changes nothing', async () => {
    const id = await budget({ name: 'guarded', costSource: { provider: 'focus', filter: { services: ['Amazon Polly'] } } });
    const tooLarge = await post('x'.repeat(10 * 1024 * 1024 + 1));
    expect(tooLarge.status).toBe(413);
    expect(slugOf(tooLarge.body)).toBe('payload-too-large');
    const json = await post(JSON.stringify({ rows: [] }), { contentType: 'application/json' });
    expect(json.status).toBe(415);
    const noColumns = await post('ServiceName,BilledCost\nAmazon Bedrock,3\n');
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.errors[0]).toMatchObject({ pointer: '/body', detail: expect.stringContaining('ChargePeriodStart') });
    const viewer = await api.newKey(key, ['viewer']);
    expect((await post([HEADER, row(daysAgo(1), '1', 'Amazon Polly')].join('\n'), { as: viewer })).status).toBe(403);
    expect(await spent(id)).toBe('0');
  });
});

describe('costSource on budgets', () => {
  it('is validated precisely: an empty filter, an empty dimension, an unknown provider', async () => {
    for (const [costSource, pointer] of [
      [{ provider: 'focus', filter: {} }, '/costSource/filter'],
      [{ provider: 'focus', filter: { services: [] } }, '/costSource/filter/services'],
      [{ provider: 'focus', filter: { tags: { team: [] } } }, '/costSource/filter/tags/team'],
      [{ provider: 'gcp-billing', filter: { services: ['x'] } }, '/costSource/provider'],
      [{ provider: 'aws-cost-explorer', filter: { services: ['x'] }, metric: 'Cost' }, '/costSource/metric'],
    ] as const) {
      const created = await api.call('POST', '/v1/budgets', { key, body: { name: 'bad', scope: { type: 'team', id: 'x' }, currency: 'USD', limit: '1', period: { type: 'monthly' }, costSource } });
      expect(created.status, JSON.stringify(costSource)).toBe(400);
      expect(created.body.errors.map((error: { pointer: string }) => error.pointer), JSON.stringify(created.body.errors)).toContain(pointer);
    }
  });

  it('is shown with its defaults, changed by PATCH and removed with null', async () => {
    const id = await budget({ name: 'patched' });
    expect((await api.call('GET', `/v1/budgets/${id}`, { key })).body.costSource).toBeNull();
    const patched = await api.call('PATCH', `/v1/budgets/${id}`, { key, body: { costSource: { provider: 'aws-cost-explorer', filter: { services: ['Amazon Bedrock', 'AWS Lambda'] } } } });
    expect(patched.status).toBe(200);
    expect(patched.body.costSource).toEqual({ provider: 'aws-cost-explorer', metric: 'UnblendedCost', filter: { services: ['Amazon Bedrock', 'AWS Lambda'] }, mode: 'track', tolerancePercent: 5 });
    const removed = await api.call('PATCH', `/v1/budgets/${id}`, { key, body: { costSource: null } });
    expect(removed.body.costSource).toBeNull();
  });
});

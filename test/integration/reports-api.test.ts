import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Issue 14: the budget report, the tenant roll-up, usage summaries with descendants and
 * charges, and their CSV, through the local gateway and the real handlers, with the stream
 * consumer drained so the breakdown and daily history are what a deployed service would show.
 */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('reports'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { scope: { type: 'team', id: 'platform' }, limit: '500' });
const get = (path: string, headers: Record<string, string> = {}) => api.call('GET', path, { key, headers });
const post = async (path: string, body: unknown) => {
  const answer = await api.call('POST', path, { key, body });
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};
const csvRows = (text: string) => parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;

/** team (plans compute 200, llm 250) → project → job; spend of every kind at every level. */
async function spendingTree() {
  const team = await budget({ name: 'Platform team', categories: [{ name: 'compute', limit: '200' }, { name: 'llm', limit: '250' }] });
  const project = await budget({ name: 'Search, "beta"', parentId: team, scope: { type: 'project', id: 'search' }, limit: '300' });
  const job = await budget({ name: 'Nightly job', parentId: project, scope: { type: 'service', id: 'nightly' }, limit: '100' });
  await post(`/v1/budgets/${team}/usage`, { amount: '10', category: 'compute', provider: 'aws' });
  await post(`/v1/budgets/${project}/usage`, { amount: '20.25', category: 'llm', provider: 'openai' });
  await post(`/v1/budgets/${project}/usage`, { amount: '5' });
  const hold = await post(`/v1/budgets/${job}/reservations`, { amount: '50', category: 'llm' });
  await post(`/v1/reservations/${hold.id}/charge`, { amount: '30.5' });
  await post(`/v1/budgets/${job}/reservations`, { amount: '7' });
  await api.stack.streams.drain();
  await api.stack.streams.drain();
  return { team, project, job };
}

describe('GET /v1/budgets/{id}/report', () => {
  it('reports the period: figures and variance, categories planned vs spent (usage and charges, own and descendants), providers, children, daily spend, forecast', async () => {
    const { team, project } = await spendingTree();
    const status = (await get(`/v1/budgets/${team}/status`)).body;
    const answer = await get(`/v1/budgets/${team}/report`);
    expect(answer.status).toBe(200);
    const report = answer.body;
    expect(report).toMatchObject({ currency: 'USD', limit: '500', spent: '65.75', reserved: '7', available: '427.25', utilization: status.utilization, state: 'healthy' });
    expect(report.period).toEqual(status.period);
    expect(report.variance).toEqual({ amount: '434.25', percent: 86.85 });
    expect(report.categories).toEqual([
      { name: 'compute', planned: '200', spent: '10', variance: '190', share: 15.21 },
      { name: 'llm', planned: '250', spent: '50.75', variance: '199.25', share: 77.19 },
      { name: 'unspecified', planned: null, spent: '5', variance: null, share: 7.6 },
    ]);
    expect(report.providers).toEqual([{ name: 'aws', spent: '10' }, { name: 'openai', spent: '20.25' }, { name: 'unspecified', spent: '35.5' }]);
    expect(report.children).toEqual([{ budgetId: project, name: 'Search, "beta"', periodKey: status.period.key, limit: '300', spent: '55.75', utilization: 20.91 }]);
    const today = new Date().toISOString().slice(0, 10);
    expect(report.daily.at(-1)).toEqual({ date: today, spent: '65.75' });
    expect(report.daily.reduce((sum: number, day: { spent: string }) => sum + Number(day.spent), 0)).toBeCloseTo(65.75, 6);
    expect(report.forecast).toMatchObject({ intervals: [{ level: 80 }, { level: 95 }] });
    expect(Number(report.forecast.projectedSpend)).toBeGreaterThanOrEqual(65.75);
    expect(report.actuals).toBeNull();
    expect(report.budget).toMatchObject({ id: team, name: 'Platform team' });
  });

  it('shows a past period without a forecast, and counts a category with no plan as unplanned', async () => {
    const id = await budget({ name: 'Past' });
    const lastMonth = new Date();
    lastMonth.setUTCDate(0);
    const report = (await get(`/v1/budgets/${id}/report?at=${lastMonth.toISOString()}`)).body;
    expect(report.period.key).toBe(lastMonth.toISOString().slice(0, 7));
    expect(report).toMatchObject({ spent: '0', forecast: null, categories: [], providers: [], children: [] });
  });

  it('answers CSV on ?format=csv or Accept: text/csv: one row per category, quoted and guarded for spreadsheets', async () => {
    const hostile = await budget({ name: '=HYPERLINK("x"),\nnext line', categories: [{ name: '+cmd, "q"', limit: '100' }, { name: '@sum', limit: '50' }] });
    await post(`/v1/budgets/${hostile}/usage`, { amount: '120', category: '+cmd, "q"' });
    await post(`/v1/budgets/${hostile}/usage`, { amount: '1.5', category: '-2+3' });
    await api.stack.streams.drain();
    const byQuery = await get(`/v1/budgets/${hostile}/report?format=csv`);
    const byAccept = await get(`/v1/budgets/${hostile}/report`, { Accept: 'text/csv' });
    for (const answer of [byQuery, byAccept]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="report-.*\.csv"/);
    }
    expect(byAccept.body).toBe(byQuery.body);
    expect(byQuery.body).toContain('\r\n');
    const rows = csvRows(byQuery.body);
    expect(rows.map((row) => [row.budget, row.category, row.planned, row.spent, row.variance])).toEqual([
      ['\'=HYPERLINK("x"),\nnext line', '\'+cmd, "q"', '100', '120', '-20'],
      ['\'=HYPERLINK("x"),\nnext line', '\'@sum', '50', '0', '50'],
      ['\'=HYPERLINK("x"),\nnext line', '\'-2+3', '', '1.5', ''],
    ]);
    expect((await get(`/v1/budgets/${hostile}/report`, { Accept: 'application/json, text/csv;q=0.5' })).body.spent).toBe('121.5');
  });

  it('refuses a bad query precisely and answers 404 for an unknown or foreign budget', async () => {
    const id = await budget({ name: 'Q' });
    const bad = await get(`/v1/budgets/${id}/report?format=xml`);
    expect([bad.status, slugOf(bad.body), bad.body.errors[0].pointer]).toEqual([400, 'validation-error', '/query/format']);
    expect((await get(`/v1/budgets/${id}/report?at=yesterday`)).status).toBe(400);
    // Far-off instants are refused, not walked day by day (year 9999 would never end).
    for (const path of [`/v1/budgets/${id}/report`, `/v1/budgets/${id}/chart`, '/v1/reports/budgets']) {
      const farOff = await get(`${path}?at=9999-12-31T20:00:00-14:00`);
      expect([farOff.status, slugOf(farOff.body)]).toEqual([400, 'validation-error']);
    }
    expect((await get('/v1/budgets/bud_nope/report')).status).toBe(404);
    const other = await api.newTenant('other');
    expect((await api.call('GET', `/v1/budgets/${id}/report`, { key: other.adminKey })).status).toBe(404);
  });
});

describe('GET /v1/budgets/{id}/usage/summary with includeDescendants and includeCharges', () => {
  it('counts its own usage by default, descendants on request, and charges too, until it equals status', async () => {
    const { team } = await spendingTree();
    const summary = async (query: string) => (await get(`/v1/budgets/${team}/usage/summary?${query}`)).body;
    expect(await summary('groupBy=category')).toMatchObject({ total: '10', count: 1 });
    expect(await summary('groupBy=category&includeDescendants=true')).toMatchObject({
      total: '35.25', count: 3, groups: [{ key: 'compute', amount: '10' }, { key: 'llm', amount: '20.25' }, { key: 'unspecified', amount: '5' }],
    });
    const all = await summary('groupBy=category&includeDescendants=true&includeCharges=true');
    expect(all).toMatchObject({ total: '65.75', count: 4, groups: [{ key: 'compute', amount: '10' }, { key: 'llm', amount: '50.75', count: 2 }, { key: 'unspecified', amount: '5' }] });
    expect(all.total).toBe((await get(`/v1/budgets/${team}/status`)).body.spent);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await summary(`includeDescendants=true&includeCharges=true&from=${future}`)).total).toBe('0');
    const bad = await get(`/v1/budgets/${team}/usage/summary?includeCharges=yes`);
    expect([bad.status, bad.body.errors[0].pointer]).toEqual([400, '/query/includeCharges']);
  });
});

describe('GET /v1/reports/budgets', () => {
  it('lists every active budget once, parents before children, with the path of names, in JSON and CSV, filtered by scope type or subtree', async () => {
    const tenant = await api.newTenant('rollup');
    const own = (path: string, headers: Record<string, string> = {}) => api.call('GET', path, { key: tenant.adminKey, headers });
    const make = budgetMaker(() => api, () => tenant.adminKey, { scope: { type: 'team', id: 't' }, limit: '100' });
    const root = await make({ name: 'Org', scope: { type: 'organization', id: 'org' }, limit: '1000' });
    const a = await make({ name: 'A', parentId: root });
    const b = await make({ name: 'B, "quoted"', parentId: root });
    const a1 = await make({ name: '=A1', parentId: a, scope: { type: 'project', id: 'a1' } });
    const archived = await make({ name: 'Gone', parentId: b });
    expect((await api.call('DELETE', `/v1/budgets/${archived}`, { key: tenant.adminKey })).status).toBe(204);
    const lone = await make({ name: 'Lone', period: { type: 'daily', timezone: 'Asia/Tokyo' } });
    await api.call('POST', `/v1/budgets/${a1}/usage`, { key: tenant.adminKey, body: { amount: '40' } });

    const rollup = await own('/v1/reports/budgets');
    expect(rollup.status).toBe(200);
    expect(rollup.body.items.map((row: { budgetId: string }) => row.budgetId)).toEqual([root, a, a1, b, lone]);
    const rowOf = (id: string) => rollup.body.items.find((row: { budgetId: string }) => row.budgetId === id);
    expect(rowOf(a1)).toMatchObject({ path: ['Org', 'A', '=A1'], depth: 3, parentId: a, scopeType: 'project', spent: '40', limit: '100', available: '60', utilization: 40, state: 'healthy' });
    expect(rowOf(root)).toMatchObject({ spent: '40', depth: 1, path: ['Org'] });
    expect(rowOf(lone).periodKey).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    expect((await own('/v1/reports/budgets?scopeType=project')).body.items.map((row: { budgetId: string }) => row.budgetId)).toEqual([a1]);
    expect((await own(`/v1/reports/budgets?parentId=${root}`)).body.items.map((row: { budgetId: string }) => row.budgetId)).toEqual([a, a1, b]);
    expect((await own('/v1/reports/budgets?parentId=bud_unknown')).status).toBe(404);

    const csv = await own('/v1/reports/budgets', { Accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = csvRows(csv.body);
    expect(rows.map((row) => row.path)).toEqual(['Org', 'Org / A', 'Org / A / =A1', 'Org / B, "quoted"', 'Lone']);
    expect(rows[2]).toMatchObject({ name: '\'=A1', spent: '40', depth: '3' });
  });
});

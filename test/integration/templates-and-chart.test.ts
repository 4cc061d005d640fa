import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/** Issue 14: templates, the trend route and the burn-up chart, through the local gateway and the real handlers. */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('templates'));
});
afterAll(async () => api?.stop());

const DAY_MS = 86_400_000;
const utcDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
const cents = (amount: string) => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
};
const sum = (amounts: string[]) => amounts.reduce((total, amount) => total + cents(amount), 0n);
const apply = (id: string, body: unknown, headers: Record<string, string> = {}) => api.call('POST', `/v1/templates/${id}/apply`, { key, body, headers });
const monthly = { type: 'monthly', timezone: 'UTC' };
const budgetCount = async () => (await api.call('GET', '/v1/budgets?limit=100', { key })).body.items.length;

describe('templates', () => {
  it('lists wedding, ai-platform and cloud-finops; the wedding\'s 15 typical shares scaled from 130 % to 100 %', async () => {
    const listed = await api.call('GET', '/v1/templates', { key });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((template: { id: string }) => template.id)).toEqual(['wedding', 'ai-platform', 'cloud-finops']);
    const wedding = listed.body.items[0];
    expect(wedding.categories.map((category: { name: string }) => category.name)).toEqual([
      'venue', 'catering', 'photography', 'videography', 'flowers', 'music', 'transport', 'attire', 'rings', 'stationery', 'decorations', 'cake', 'hair-makeup',
      'gifts-favors', 'miscellaneous',
    ]);
    expect(wedding.categories[0]).toEqual({ name: 'venue', share: 30.77 });
    expect(Math.round(wedding.categories.reduce((total: number, category: { share: number }) => total + category.share, 0) * 100)).toBe(10_000);
    expect(listed.body.items[1].children.map((child: { name: string }) => child.name)).toEqual(['LLM inference', 'Embeddings', 'Fine-tuning', 'Tools']);
  });

  it('applies the wedding template: one budget whose 15 category limits are whole cents adding up to the limit exactly', async () => {
    const answer = await apply('wedding', { name: 'Our wedding', scope: { type: 'project', id: 'wedding-2027' }, currency: 'USD', limit: '25000.01', period: { type: 'lifetime' } });
    expect(answer.status).toBe(201);
    const [created] = answer.body.budgets;
    expect(answer.body.budgets).toHaveLength(1);
    expect(answer.headers.get('location')).toBe(`/v1/budgets/${created.id}`);
    expect(created).toMatchObject({ name: 'Our wedding', limit: '25000.01', enforcement: 'hard', tags: { template: 'wedding' } });
    const limits = created.categories.map((category: { limit: string }) => category.limit);
    expect(limits).toHaveLength(15);
    for (const limit of limits) expect(limit).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(sum(limits)).toBe(2_500_001n);
    expect(created.categories[0]).toEqual({ name: 'venue', limit: '7692.31' });
  });

  it('applies ai-platform in yen atomically: an organization and four teams whose limits add up to it, every team\'s categories to the team', async () => {
    const parent = (await api.call('POST', '/v1/budgets', { key, body: { name: 'Holding', scope: { type: 'organization', id: 'holding' }, currency: 'JPY', limit: '5000000', period: monthly } })).body.id;
    const answer = await apply('ai-platform', { name: 'AI', scope: { type: 'organization', id: 'ai' }, currency: 'JPY', limit: '1000001', period: monthly, enforcement: 'soft', parentId: parent });
    expect(answer.status).toBe(201);
    const [root, ...teams] = answer.body.budgets;
    expect(root).toMatchObject({ parentId: parent, limit: '1000001', enforcement: 'soft', currency: 'JPY' });
    expect(teams.map((team: { name: string; parentId: string }) => [team.name, team.parentId])).toEqual([
      ['LLM inference', root.id], ['Embeddings', root.id], ['Fine-tuning', root.id], ['Tools', root.id],
    ]);
    expect(teams.map((team: { limit: string }) => team.limit)).toEqual(['550001', '150000', '200000', '100000']);
    for (const team of teams) {
      const categories = team.categories.map((category: { limit: string }) => category.limit);
      expect(categories.every((limit: string) => /^\d+$/.test(limit))).toBe(true);
      expect(categories.reduce((total: bigint, limit: string) => total + BigInt(limit), 0n)).toBe(BigInt(team.limit));
    }
    const rollup = (await api.call('GET', `/v1/reports/budgets?parentId=${parent}`, { key })).body.items;
    expect(rollup.map((row: { path: string[] }) => row.path.join(' / '))).toEqual([
      'Holding / AI', 'Holding / AI / LLM inference', 'Holding / AI / Embeddings', 'Holding / AI / Fine-tuning', 'Holding / AI / Tools',
    ]);
    const repeat = await apply('cloud-finops', { name: 'Cloud', scope: { type: 'organization', id: 'cloud' }, currency: 'EUR', limit: '900', period: monthly }, { 'Idempotency-Key': 'cloud-1' });
    const again = await apply('cloud-finops', { name: 'Cloud', scope: { type: 'organization', id: 'cloud' }, currency: 'EUR', limit: '900', period: monthly }, { 'Idempotency-Key': 'cloud-1' });
    expect([repeat.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(repeat.body);
    expect(repeat.body.budgets.map((budget: { name: string }) => budget.name)).toEqual(['Cloud', 'Platform', 'Core services']);
  });

  it('refuses bad requests whole, creating nothing: unknown template, bad body, archived parent, other currency, too deep, a viewer', async () => {
    const before = await budgetCount();
    const body = { name: 'X', scope: { type: 'team', id: 'x' }, currency: 'USD', limit: '100', period: monthly };
    expect((await apply('party', body)).status).toBe(404);
    const bad = await apply('wedding', { ...body, limit: 100 });
    expect([bad.status, slugOf(bad.body), bad.body.errors[0].pointer]).toEqual([400, 'validation-error', '/limit']);
    expect((await apply('wedding', { ...body, extra: true })).status).toBe(400);
    const euro = (await api.call('POST', '/v1/budgets', { key, body: { ...body, currency: 'EUR' } })).body.id;
    expect(slugOf((await apply('wedding', { ...body, parentId: euro })).body)).toBe('currency-mismatch');
    const archived = (await api.call('POST', '/v1/budgets', { key, body })).body.id;
    await api.call('DELETE', `/v1/budgets/${archived}`, { key });
    expect(slugOf((await apply('wedding', { ...body, parentId: archived })).body)).toBe('budget-archived');
    let deep = (await api.call('POST', '/v1/budgets', { key, body })).body.id;
    for (let level = 2; level <= 7; level++) deep = (await api.call('POST', '/v1/budgets', { key, body: { ...body, parentId: deep } })).body.id;
    const tooDeep = await apply('cloud-finops', { ...body, parentId: deep });
    expect([tooDeep.status, slugOf(tooDeep.body)]).toEqual([409, 'conflict']);
    const viewer = await api.newKey(key, ['viewer']);
    expect((await api.call('POST', '/v1/templates/wedding/apply', { key: viewer, body })).status).toBe(403);
    // Only the budgets made by hand remain: the euro parent and the seven-level chain (the archived one is not listed).
    expect(await budgetCount()).toBe(before + 1 + 7);
  });
});

describe('GET /v1/budgets/{id}/trend over HTTP', () => {
  it('answers a new budget\'s one period, in JSON or CSV, and refuses a count outside 1-36 (the history itself: trend.test.ts)', async () => {
    const id = await budgetMaker(() => api, () => key, { name: 'Young', scope: { type: 'team', id: 'young' }, limit: '10', period: { type: 'daily', timezone: 'UTC' } })();
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '4' } });
    const trend = await api.call('GET', `/v1/budgets/${id}/trend?periods=3`, { key });
    expect(trend.status).toBe(200);
    expect(trend.body).toEqual([expect.objectContaining({ periodKey: utcDay(0), state: 'open', limit: '10', spent: '4', utilization: 40, rolloverIn: '0' })]);
    const csv = await api.call('GET', `/v1/budgets/${id}/trend?format=csv`, { key });
    expect(parse(csv.body, { bom: true, columns: true })).toEqual([expect.objectContaining({ periodKey: utcDay(0), limit: '10', spent: '4', rolloverIn: '0' })]);
    for (const periods of ['0', '37', 'x']) {
      const refused = await api.call('GET', `/v1/budgets/${id}/trend?periods=${periods}`, { key });
      expect([refused.status, refused.body.errors[0].pointer]).toEqual([400, '/query/periods']);
    }
  });
});

describe('GET /v1/budgets/{id}/chart', () => {
  it('draws the period as an accessible SVG burn-up whose description states the figures', async () => {
    const id = await budgetMaker(() => api, () => key, { name: 'Chart <&>', scope: { type: 'team', id: 'chart' }, limit: '500' })();
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '111.87' } });
    await api.stack.streams.drain();
    const chart = await api.call('GET', `/v1/budgets/${id}/chart`, { key });
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = chart.body as string;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('width="600" height="300"');
    expect(svg).toMatch(/<title id="t">[^<]*Chart &lt;&amp;&gt;[^<]*<\/title>/);
    expect(svg).toMatch(/<desc id="d">Spent 111\.87 USD of a 500 USD limit \(22\.37 %\)/);
    expect(svg).toContain('prefers-color-scheme: dark');
    expect((await api.call('GET', '/v1/budgets/bud_nope/chart', { key })).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugOf, startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let tenant: { tenantId: string; adminKey: string };

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.newTenant('budgets');
});
afterAll(async () => api?.stop());

const monthly = (overrides: Record<string, unknown> = {}) => ({
  name: 'Platform team',
  scope: { type: 'team', id: 'platform' },
  currency: 'USD',
  limit: '1000',
  period: { type: 'monthly' },
  ...overrides,
});

async function create(body: Record<string, unknown>, key = tenant.adminKey) {
  return api.call('POST', '/v1/budgets', { key, body });
}

describe('POST /v1/budgets', () => {
  it('creates a budget with defaults, a Location and version 1', async () => {
    const created = await create(monthly());
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/budgets/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'Platform team', currency: 'USD', limit: '1000', enforcement: 'hard', thresholds: [50, 75, 90, 100],
      period: { type: 'monthly', timezone: 'UTC', startsAt: null, endsAt: null }, parentId: null, status: 'active', version: 1,
      rollover: { enabled: false, max: null }, approvalPolicy: { ttlSeconds: 86400 }, categories: [], tags: {},
    });
    expect(created.body.id).toMatch(/^bud_/);
    const fetched = await api.call('GET', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('takes forecast thresholds (default one at 100 %, none allowed), sorted, and refuses bad ones precisely', async () => {
    expect((await create(monthly())).body.forecastThresholds).toEqual([100]);
    const created = await create(monthly({ forecastThresholds: [120, 80] }));
    expect(created.body.forecastThresholds).toEqual([80, 120]);
    const patched = await api.call('PATCH', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey, body: { forecastThresholds: [] } });
    expect([patched.status, patched.body.forecastThresholds]).toEqual([200, []]);
    for (const forecastThresholds of [[0], [100, 100], [1001], Array.from({ length: 11 }, (_, index) => index + 1), ['90']]) {
      const refused = await create(monthly({ forecastThresholds }));
      expect(refused.status, JSON.stringify(forecastThresholds)).toBe(400);
      expect(refused.body.errors.some((error: { pointer: string }) => error.pointer.startsWith('/forecastThresholds')), JSON.stringify(refused.body.errors)).toBe(true);
    }
  });

  it('keeps amounts exact and renders them as decimal strings', async () => {
    const created = await create(monthly({ limit: '999999999999.999999', categories: [{ name: 'venue', limit: '0.000125' }] }));
    expect(created.status).toBe(201);
    expect(created.body.limit).toBe('999999999999.999999');
    expect(created.body.categories).toEqual([{ name: 'venue', limit: '0.000125' }]);
  });

  it.each([
    ['a JSON number as amount', { limit: 1000 }, '/limit'],
    ['a negative amount', { limit: '-1' }, '/limit'],
    ['7 decimals', { limit: '1.0000001' }, '/limit'],
    ['an exponent', { limit: '1e3' }, '/limit'],
    ['an unknown currency', { currency: 'ABC' }, '/currency'],
    ['a lowercase currency', { currency: 'usd' }, '/currency'],
    ['an unknown time zone', { period: { type: 'monthly', timezone: 'Mars/Base' } }, '/period/timezone'],
    ['a custom period without dates', { period: { type: 'custom' } }, '/period/startsAt'],
    ['repeated thresholds', { thresholds: [50, 50] }, '/thresholds'],
    ['a threshold above 1000', { thresholds: [1001] }, '/thresholds/0'],
    ['an unknown field', { colour: 'red' }, '/colour'],
    ['an unknown scope type', { scope: { type: 'galaxy', id: 'x' } }, '/scope/type'],
    ['an unknown enforcement', { enforcement: 'strict' }, '/enforcement'],
  ])('rejects %s with 400 and a pointer', async (_, overrides, pointer) => {
    const answer = await create(monthly(overrides));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(slugOf(answer.body)).toBe('validation-error');
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
  });

  it('rejects a missing required field', async () => {
    const { name: _name, ...withoutName } = monthly();
    const answer = await create(withoutName);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ pointer: '/name' }));
  });

  it('answers malformed JSON with 400, non-JSON with 415 and big bodies with 413', async () => {
    const malformed = await api.call('POST', '/v1/budgets', { key: tenant.adminKey, rawBody: '{"name":', headers: { 'Content-Type': 'application/json' } });
    expect([malformed.status, slugOf(malformed.body)]).toEqual([400, 'validation-error']);
    const text = await api.call('POST', '/v1/budgets', { key: tenant.adminKey, rawBody: 'name=x', headers: { 'Content-Type': 'text/plain' } });
    expect([text.status, slugOf(text.body)]).toEqual([415, 'unsupported-media-type']);
    const big = await create(monthly({ description: 'x'.repeat(70 * 1024) }));
    expect([big.status, slugOf(big.body)]).toEqual([413, 'payload-too-large']);
  });

  it('replays an idempotent create and refuses the key for another body', async () => {
    const headers = { 'Idempotency-Key': 'create-once' };
    const first = await api.call('POST', '/v1/budgets', { key: tenant.adminKey, body: monthly({ name: 'Once' }), headers });
    const again = await api.call('POST', '/v1/budgets', { key: tenant.adminKey, body: monthly({ name: 'Once' }), headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await api.call('POST', '/v1/budgets', { key: tenant.adminKey, body: monthly({ name: 'Other' }), headers });
    expect([other.status, slugOf(other.body)]).toEqual([422, 'idempotency-key-reuse']);
  });

  it('gives concurrent repeats of one Idempotency-Key exactly one budget', async () => {
    const headers = { 'Idempotency-Key': 'concurrent-create' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api.call('POST', '/v1/budgets', { key: tenant.adminKey, body: monthly({ name: 'Racy', scope: { type: 'team', id: 'racy' } }), headers })),
    );
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const listed = await api.call('GET', '/v1/budgets?scopeType=team&scopeId=racy', { key: tenant.adminKey });
    expect(listed.body.items).toHaveLength(1);
  });
});

describe('hierarchy', () => {
  it('links a child to its parent in the same currency', async () => {
    const root = await create(monthly({ name: 'Org', scope: { type: 'organization', id: 'acme' } }));
    const child = await create(monthly({ name: 'Team', parentId: root.body.id }));
    expect(child.status).toBe(201);
    expect(child.body.parentId).toBe(root.body.id);
  });

  it('refuses a child in another currency with 422 currency-mismatch', async () => {
    const root = await create(monthly());
    const child = await create(monthly({ parentId: root.body.id, currency: 'EUR' }));
    expect([child.status, slugOf(child.body)]).toEqual([422, 'currency-mismatch']);
  });

  it('treats a parent of another tenant as unknown (404)', async () => {
    const other = await api.newTenant('other');
    const foreign = await create(monthly(), other.adminKey);
    const child = await create(monthly({ parentId: foreign.body.id }));
    expect([child.status, slugOf(child.body)]).toEqual([404, 'not-found']);
  });

  it('allows 8 levels and refuses the 9th', async () => {
    let parentId: string | null = null;
    for (let level = 1; level <= 8; level++) {
      const created = await create(monthly({ name: `L${level}`, parentId }));
      expect(created.status).toBe(201);
      parentId = created.body.id;
    }
    const ninth = await create(monthly({ name: 'L9', parentId }));
    expect([ninth.status, slugOf(ninth.body)]).toEqual([409, 'conflict']);
  });

  it('refuses a move that would make a cycle', async () => {
    const a = await create(monthly({ name: 'A' }));
    const b = await create(monthly({ name: 'B', parentId: a.body.id }));
    const c = await create(monthly({ name: 'C', parentId: b.body.id }));
    const cycle = await api.call('PATCH', `/v1/budgets/${a.body.id}`, { key: tenant.adminKey, body: { parentId: c.body.id } });
    expect([cycle.status, slugOf(cycle.body)]).toEqual([409, 'conflict']);
    const self = await api.call('PATCH', `/v1/budgets/${a.body.id}`, { key: tenant.adminKey, body: { parentId: a.body.id } });
    expect([self.status, slugOf(self.body)]).toEqual([409, 'conflict']);
  });

  it('moves a subtree under a new parent and lists it there', async () => {
    const left = await create(monthly({ name: 'Left' }));
    const right = await create(monthly({ name: 'Right' }));
    const mid = await create(monthly({ name: 'Mid', parentId: left.body.id }));
    await create(monthly({ name: 'Leaf', parentId: mid.body.id }));
    const moved = await api.call('PATCH', `/v1/budgets/${mid.body.id}`, { key: tenant.adminKey, body: { parentId: right.body.id } });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(right.body.id);
    const underRight = await api.call('GET', `/v1/budgets?parentId=${right.body.id}`, { key: tenant.adminKey });
    expect(underRight.body.items.map((budget: { id: string }) => budget.id)).toEqual([mid.body.id]);
    const archiveLeft = await api.call('DELETE', `/v1/budgets/${left.body.id}`, { key: tenant.adminKey });
    expect(archiveLeft.status).toBe(204);
  });

  it('refuses a move that would exceed 8 levels', async () => {
    let deepest: string | null = null;
    for (let level = 1; level <= 6; level++) deepest = (await create(monthly({ name: `D${level}`, parentId: deepest }))).body.id;
    const top = await create(monthly({ name: 'Top' }));
    const mid = await create(monthly({ name: 'Mid', parentId: top.body.id }));
    await create(monthly({ name: 'Bottom', parentId: mid.body.id }));
    const tooDeep = await api.call('PATCH', `/v1/budgets/${top.body.id}`, { key: tenant.adminKey, body: { parentId: deepest } });
    expect([tooDeep.status, slugOf(tooDeep.body)]).toEqual([409, 'conflict']);
  });
});

describe('PATCH /v1/budgets/{id}', () => {
  it('updates fields, bumps the version and honours If-Match', async () => {
    const created = await create(monthly());
    const patched = await api.call('PATCH', `/v1/budgets/${created.body.id}`, {
      key: tenant.adminKey, body: { limit: '1500.5', thresholds: [90, 50], tags: { costCenter: 'cc-42' } }, headers: { 'If-Match': '1' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ limit: '1500.5', thresholds: [50, 90], tags: { costCenter: 'cc-42' }, version: 2 });
    const stale = await api.call('PATCH', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey, body: { name: 'x' }, headers: { 'If-Match': '1' } });
    expect([stale.status, slugOf(stale.body)]).toEqual([412, 'precondition-failed']);
    const unchanged = await api.call('GET', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey });
    expect(unchanged.body.name).toBe('Platform team');
  });

  it('refuses fields that cannot change and empty patches', async () => {
    const created = await create(monthly());
    const currency = await api.call('PATCH', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey, body: { currency: 'EUR' } });
    expect(currency.status).toBe(400);
    const empty = await api.call('PATCH', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey, body: {} });
    expect(empty.status).toBe(400);
  });
});

describe('DELETE /v1/budgets/{id}', () => {
  it('archives: still readable, hidden from the default list, writes refused', async () => {
    const created = await create(monthly({ scope: { type: 'project', id: 'archive-me' } }));
    const archived = await api.call('DELETE', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey });
    expect(archived.status).toBe(204);
    const fetched = await api.call('GET', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey });
    expect(fetched.body).toMatchObject({ status: 'archived', version: 2 });
    const active = await api.call('GET', '/v1/budgets?scopeType=project&scopeId=archive-me', { key: tenant.adminKey });
    expect(active.body.items).toEqual([]);
    const archivedList = await api.call('GET', '/v1/budgets?scopeType=project&scopeId=archive-me&status=archived', { key: tenant.adminKey });
    expect(archivedList.body.items.map((budget: { id: string }) => budget.id)).toEqual([created.body.id]);
    const patch = await api.call('PATCH', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey, body: { name: 'x' } });
    expect([patch.status, slugOf(patch.body)]).toEqual([409, 'budget-archived']);
    const child = await create(monthly({ parentId: created.body.id }));
    expect([child.status, slugOf(child.body)]).toEqual([409, 'budget-archived']);
  });

  it('refuses to archive a budget with active children (409 conflict), then allows it', async () => {
    const parent = await create(monthly());
    const child = await create(monthly({ parentId: parent.body.id }));
    const refused = await api.call('DELETE', `/v1/budgets/${parent.body.id}`, { key: tenant.adminKey });
    expect([refused.status, slugOf(refused.body)]).toEqual([409, 'conflict']);
    expect((await api.call('DELETE', `/v1/budgets/${child.body.id}`, { key: tenant.adminKey })).status).toBe(204);
    expect((await api.call('DELETE', `/v1/budgets/${parent.body.id}`, { key: tenant.adminKey })).status).toBe(204);
  });

  it('answers 412 on a stale If-Match and 404 for unknown ids', async () => {
    const created = await create(monthly());
    const stale = await api.call('DELETE', `/v1/budgets/${created.body.id}`, { key: tenant.adminKey, headers: { 'If-Match': '"7"' } });
    expect(stale.status).toBe(412);
    const unknown = await api.call('DELETE', '/v1/budgets/bud_nope', { key: tenant.adminKey });
    expect([unknown.status, slugOf(unknown.body)]).toEqual([404, 'not-found']);
  });
});

describe('GET /v1/budgets', () => {
  it('walks every matching budget exactly once through cursors', async () => {
    const walker = await api.newTenant('walk');
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await create(monthly({ name: `B${i}` }), walker.adminKey)).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await api.call('GET', `/v1/budgets?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: walker.adminKey });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((budget: { id: string }) => budget.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it('refuses forged cursors and another tenant\'s cursors with 400', async () => {
    const first = await api.call('GET', '/v1/budgets?limit=1', { key: tenant.adminKey });
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    const [body, mac] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify(['other', '[]', {}])).toString('base64url')}.${mac}`;
    for (const bad of [forged, `${body}.AAAA`, 'garbage']) {
      const answer = await api.call('GET', `/v1/budgets?cursor=${encodeURIComponent(bad)}`, { key: tenant.adminKey });
      expect([answer.status, slugOf(answer.body)]).toEqual([400, 'validation-error']);
    }
    const other = await api.newTenant('thief');
    const stolen = await api.call('GET', `/v1/budgets?cursor=${encodeURIComponent(cursor)}`, { key: other.adminKey });
    expect(stolen.status).toBe(400);
  });

  it.each([['limit=0'], ['limit=101'], ['limit=abc'], ['status=deleted'], ['scopeType=galaxy']])('rejects %s with 400', async (query) => {
    const answer = await api.call('GET', `/v1/budgets?${query}`, { key: tenant.adminKey });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].pointer).toMatch(/^\/query\//);
  });
});

describe('tenant isolation and roles', () => {
  it('hides another tenant\'s budgets (404) and never lists them', async () => {
    const other = await api.newTenant('iso');
    const mine = await create(monthly({ scope: { type: 'user', id: 'isolated' } }));
    expect((await api.call('GET', `/v1/budgets/${mine.body.id}`, { key: other.adminKey })).status).toBe(404);
    expect((await api.call('PATCH', `/v1/budgets/${mine.body.id}`, { key: other.adminKey, body: { name: 'x' } })).status).toBe(404);
    expect((await api.call('DELETE', `/v1/budgets/${mine.body.id}`, { key: other.adminKey })).status).toBe(404);
    const listed = await api.call('GET', '/v1/budgets?scopeType=user&scopeId=isolated', { key: other.adminKey });
    expect(listed.body.items).toEqual([]);
  });

  it('lets viewers read but not write, and managers manage budgets', async () => {
    const viewer = await api.newKey(tenant.adminKey, ['viewer']);
    const manager = await api.newKey(tenant.adminKey, ['manager']);
    const writer = await api.newKey(tenant.adminKey, ['writer']);
    const forbidden = await create(monthly(), viewer);
    expect([forbidden.status, slugOf(forbidden.body)]).toEqual([403, 'forbidden']);
    expect((await create(monthly(), writer)).status).toBe(403);
    const created = await create(monthly(), manager);
    expect(created.status).toBe(201);
    expect((await api.call('GET', `/v1/budgets/${created.body.id}`, { key: viewer })).status).toBe(200);
    expect((await api.call('GET', '/v1/budgets', { key: writer })).status).toBe(200);
  });
});

describe('ids that cannot exist', () => {
  it.each([
    ['a 3,000-character budget id', 'GET', `/v1/budgets/bud_${'x'.repeat(3000)}`],
    ['a 3,000-character budget id on a write', 'POST', `/v1/budgets/bud_${'x'.repeat(3000)}/usage`],
    ['a 3,000-character reservation id', 'POST', `/v1/reservations/res_${'x'.repeat(3000)}/release`],
    ['a malformed percent-encoding', 'GET', '/v1/budgets/%E0%A4%A'],
  ])('answers %s with 404, never a 5xx', async (_, method, path) => {
    const answer = await api.call(method, path, { key: tenant.adminKey, ...(path.endsWith('/usage') && { body: { amount: '1' } }) });
    expect(answer.status).toBe(404);
    expect(slugOf(answer.body)).toBe('not-found');
  });
});

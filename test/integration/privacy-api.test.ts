import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Issue 16: privacy export and erasure through the local gateway and the real handlers. The
 * scope is a person (`user` alice@example.com) with two budgets under a team budget, and
 * everything a client records on them.
 */
let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('privacy'));
});
afterAll(async () => api?.stop());

const PERSON = 'alice@example.com';
const alice = { type: 'user', id: PERSON };
const make = budgetMaker(() => api, () => key, { limit: '100', period: { type: 'monthly' } });
const call = (method: string, path: string, body?: unknown) => api.call(method, path, { key, ...(body !== undefined && { body }) });
const ok = async (method: string, path: string, body?: unknown) => {
  const answer = await call(method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

/** Text erasure may change (and the budget's version and update time with it), and the times a read is made at. */
const NOT_FIGURES = new Set(['name', 'description', 'reason', 'scope', 'tags', 'asOf', 'generatedAt', 'updatedAt', 'version']);
const withoutText = (value: unknown): unknown => Array.isArray(value) ? value.map(withoutText)
  : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([field]) => !NOT_FIGURES.has(field)).map(([field, item]) => [field, withoutText(item)]))
    : value;

/** The figures erasure must not move: status, the ledger (every amount, id and period), the report. */
async function figures(ids: string[]) {
  return withoutText(await Promise.all(ids.map(async (id) => ({
    status: await ok('GET', `/v1/budgets/${id}/status`),
    ledger: (await ok('GET', `/v1/budgets/${id}/ledger?limit=100`)).items,
    report: await ok('GET', `/v1/budgets/${id}/report`),
  }))));
}

describe('privacy', () => {
  it('exports a person\'s budgets and records, erases their text keeping every figure, and changes nothing the second time', async () => {
    const team = await make({ name: 'Research', scope: { type: 'team', id: 'research' }, limit: '1000' });
    const personal = await make({ name: 'Alice Liddell', description: 'Alice\'s GPU hours', scope: alice, parentId: team, tags: { owner: 'alice', costCenter: 'cc-7' } });
    const approvals = await make({ name: 'Alice approvals', scope: alice, parentId: team, enforcement: 'approval', approvalPolicy: { ttlSeconds: 3600 } });
    const other = await make({ name: 'Bob', scope: { type: 'user', id: 'bob@example.com' }, parentId: team });

    await ok('POST', `/v1/budgets/${personal}/usage`, { amount: '12.5', description: 'Alice ran the eval', reference: 'ticket ALICE-1', metadata: { user: 'alice', model: 'big' } });
    const held = await ok('POST', `/v1/budgets/${personal}/reservations`, { amount: '20', description: 'Alice batch', metadata: { notebook: 'alice.ipynb' } });
    const charged = await ok('POST', `/v1/budgets/${personal}/reservations`, { amount: '5', description: 'Alice quick job' });
    await ok('POST', `/v1/reservations/${charged.id}/charge`, { amount: '4' });
    await ok('POST', `/v1/budgets/${personal}/adjustments`, { amount: '10', reason: 'Alice asked for more' });
    const period = (await ok('GET', `/v1/budgets/${personal}/status`)).period.key;
    await ok('POST', `/v1/budgets/${personal}/corrections`, { periodKey: period, spentDelta: '-1', reason: 'credit for Alice' });
    const pending = await ok('POST', `/v1/budgets/${approvals}/reservations`, { amount: '150', description: 'Alice training run' });
    await ok('POST', `/v1/approvals/${pending.approvalId}/approve`, { comment: 'fine, Alice' });
    await ok('POST', `/v1/budgets/${other}/usage`, { amount: '3', description: 'Bob ran something' });

    const exported = await ok('POST', '/v1/privacy/export', { scope: alice });
    expect(exported.scope).toEqual(alice);
    expect(exported.budgets.map((entry: { budget: { id: string } }) => entry.budget.id).sort()).toEqual([personal, approvals].sort());
    const mine = exported.budgets.find((entry: { budget: { id: string } }) => entry.budget.id === personal);
    expect(mine.usage).toMatchObject([{ description: 'Alice ran the eval', reference: 'ticket ALICE-1' }]);
    expect(mine.reservations).toHaveLength(2);
    expect(mine.ledger.map((entry: { type: string }) => entry.type).sort()).toEqual(['adjustment', 'charge', 'correction', 'release', 'reserve', 'reserve', 'usage']);
    expect(exported.budgets.find((entry: { budget: { id: string } }) => entry.budget.id === approvals).approvals).toMatchObject([{ comment: 'fine, Alice', status: 'approved' }]);
    expect(JSON.stringify(exported)).not.toContain('Bob');

    const ids = [team, personal, approvals, other];
    const before = await figures(ids);
    const erased = await call('POST', '/v1/privacy/erase', { scope: alice, reason: 'GDPR request 2026-117' });
    expect(erased.status).toBe(200);
    // Usage 1, reservations 3, ledger entries with a reason 2 (adjustment, correction), approval 1.
    expect(erased.body).toEqual({ budgets: 2, records: 7, complete: true });
    expect(await figures(ids)).toEqual(before);

    const budget = await ok('GET', `/v1/budgets/${personal}`);
    expect(budget).toMatchObject({ name: '[erased]', description: '[erased]', scope: { type: 'user', id: '[erased]' }, tags: { owner: '[erased]', costCenter: '[erased]' }, limit: '100' });
    const usage = (await ok('GET', `/v1/budgets/${personal}/usage`)).items;
    expect(usage).toMatchObject([{ amount: '12.5', description: '[erased]', reference: '[erased]', metadata: { user: '[erased]', model: '[erased]' } }]);
    // A hold erased while held keeps its erasure through its charge.
    await ok('POST', `/v1/reservations/${held.id}/charge`, { amount: '20' });
    expect(await ok('GET', `/v1/reservations/${held.id}`)).toMatchObject({ status: 'charged', description: '[erased]', metadata: { notebook: '[erased]' } });
    expect((await ok('GET', `/v1/approvals/${pending.approvalId}`))).toMatchObject({ comment: '[erased]', status: 'approved', amount: '150' });

    // Nothing of the person is left anywhere the tenant can read: budgets, records, the audit trail.
    const everything = JSON.stringify([
      await ok('GET', `/v1/audit?limit=100`),
      ...(await Promise.all([personal, approvals].map(async (id) => [
        await ok('GET', `/v1/budgets/${id}/ledger?limit=100`), await ok('GET', `/v1/budgets/${id}/reservations`), await ok('GET', `/v1/budgets/${id}`),
      ]))),
    ]);
    for (const text of ['Alice', 'alice', 'ALICE']) expect(everything).not.toContain(text);
    const [request] = (await ok('GET', '/v1/audit?action=privacy.erased')).items;
    expect(request.changes.erasure.to).toMatchObject({ scopeType: 'user', reason: 'GDPR request 2026-117', records: 7 });
    expect((await ok('GET', `/v1/budgets/${other}/usage`)).items).toMatchObject([{ description: 'Bob ran something' }]);

    // Again: nothing is left under the scope, nor anything to erase under `[erased]`.
    expect((await call('POST', '/v1/privacy/erase', { scope: alice, reason: 'again' })).body).toEqual({ budgets: 0, records: 0, complete: true });
    expect((await ok('POST', '/v1/privacy/export', { scope: alice })).budgets).toEqual([]);
  });

  it('refuses bad requests and other roles precisely, changing nothing', async () => {
    const id = await make({ name: 'Carol', scope: { type: 'user', id: 'carol' } });
    const reader = await api.newKey(key, ['viewer']);
    const cases = [
      [await call('POST', '/v1/privacy/erase', { scope: { type: 'user', id: 'carol' } }), 400, 'validation-error', '/reason'],
      [await call('POST', '/v1/privacy/erase', { scope: { type: 'person', id: 'carol' }, reason: 'x' }), 400, 'validation-error', '/scope/type'],
      [await call('POST', '/v1/privacy/export', { scope: { type: 'user' } }), 400, 'validation-error', '/scope/id'],
      [await call('POST', '/v1/privacy/erase', { scope: { type: 'user', id: '[erased]' }, reason: 'x' }), 400, 'validation-error', '/scope/id'],
      [await api.call('POST', '/v1/privacy/erase', { key: reader, body: { scope: { type: 'user', id: 'carol' }, reason: 'x' } }), 403, 'forbidden', undefined],
    ] as const;
    for (const [answer, status, slug, pointer] of cases) {
      expect(answer.status).toBe(status);
      expect(slugOf(answer.body)).toBe(slug);
      if (pointer) expect(JSON.stringify(answer.body.errors)).toContain(pointer);
    }
    expect((await ok('GET', `/v1/budgets/${id}`)).name).toBe('Carol');
  });
});

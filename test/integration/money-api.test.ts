import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../shared/app/services.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { parseAmount } from '../../shared/domain/common/amount.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let key: string;
let tenantId: string;
let services: ReturnType<typeof createServices>;

beforeAll(async () => {
  api = await startTestApi();
  ({ tenantId, adminKey: key } = await api.newTenant('money'));
  services = createServices({ tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) });
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'B', scope: { type: 'team', id: 'money' }, limit: '100' });

const reserve = (budgetId: string, amount: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  api.call('POST', `/v1/budgets/${budgetId}/reservations`, { key, body: { amount, ...extra }, headers });
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;

async function expectReconciled(budgetId: string) {
  const current = await status(budgetId);
  const result = await services.reconciliation.reconcile(tenantId, budgetId, current.period.key);
  expect(result.matches, JSON.stringify(result, (_, value) => (typeof value === 'bigint' ? value.toString() : value))).toBe(true);
}

describe('reserve, charge, release', () => {
  it('holds, then charges part and releases the rest, with a ledger that explains it', async () => {
    const id = await budget();
    const held = await reserve(id, '30', { description: 'llm call', category: 'llm' });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ budgetId: id, amount: '30', status: 'held', overLimit: false });
    expect(await status(id)).toMatchObject({ limit: '100', spent: '0', reserved: '30', available: '70', utilization: 30, state: 'healthy' });

    const charged = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key, body: { amount: '12.5' } });
    expect(charged.status).toBe(200);
    expect(charged.body).toMatchObject({ status: 'charged', chargedAmount: '12.5' });
    expect(await status(id)).toMatchObject({ spent: '12.5', reserved: '0', available: '87.5' });

    const ledger = await api.call('GET', `/v1/budgets/${id}/ledger`, { key });
    expect(ledger.body.items.map((entry: any) => [entry.type, entry.amount, entry.spentDelta, entry.reservedDelta, entry.limitDelta])).toEqual([
      ['reserve', '30', '0', '30', '0'],
      ['charge', '12.5', '12.5', '-12.5', '0'],
      ['release', '17.5', '0', '-17.5', '0'],
    ]);
    await expectReconciled(id);
  });

  it('never charges twice, nor after a release', async () => {
    const id = await budget();
    const held = await reserve(id, '10');
    expect((await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key })).status).toBe(200);
    const again = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key });
    expect([again.status, slugOf(again.body), again.body.reservationStatus]).toEqual([409, 'reservation-not-held', 'charged']);
    const release = await api.call('POST', `/v1/reservations/${held.body.id}/release`, { key });
    expect([release.status, release.body.reservationStatus]).toEqual([409, 'charged']);

    const other = await reserve(id, '5');
    expect((await api.call('POST', `/v1/reservations/${other.body.id}/release`, { key })).body.status).toBe('released');
    expect((await api.call('POST', `/v1/reservations/${other.body.id}/release`, { key })).status).toBe(409);
    expect(await status(id)).toMatchObject({ spent: '10', reserved: '0' });
    await expectReconciled(id);
  });

  it('charges above the hold only if the extra fits', async () => {
    const id = await budget({ limit: '50' });
    const held = await reserve(id, '20');
    await reserve(id, '20');
    const tooMuch = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key, body: { amount: '31' } });
    expect([tooMuch.status, slugOf(tooMuch.body), tooMuch.body.available, tooMuch.body.requested]).toEqual([409, 'budget-exceeded', '10', '11']);
    expect((await api.call('GET', `/v1/reservations/${held.body.id}`, { key })).body.status).toBe('held');
    const fits = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key, body: { amount: '30' } });
    expect(fits.body).toMatchObject({ status: 'charged', chargedAmount: '30' });
    expect(await status(id)).toMatchObject({ spent: '30', reserved: '20', available: '0' });
    await expectReconciled(id);
  });

  it('refuses a hold that does not fit, naming what was available', async () => {
    const id = await budget({ limit: '10' });
    const refused = await reserve(id, '10.000001');
    expect([refused.status, slugOf(refused.body)]).toEqual([409, 'budget-exceeded']);
    expect(refused.body).toMatchObject({ budgetId: id, available: '10', requested: '10.000001' });
    expect(await status(id)).toMatchObject({ reserved: '0' });
  });

  it('marks a hold over a soft budget overLimit instead of refusing it', async () => {
    const id = await budget({ limit: '10', enforcement: 'soft' });
    const held = await reserve(id, '15');
    expect(held.status).toBe(201);
    expect(held.body.overLimit).toBe(true);
    expect(await status(id)).toMatchObject({ available: '-5', state: 'exceeded' });
  });

  it('refuses writes on archived budgets and other currencies', async () => {
    const id = await budget();
    expect((await reserve(id, '1', { currency: 'EUR' })).status).toBe(422);
    await api.call('DELETE', `/v1/budgets/${id}`, { key });
    const archived = await reserve(id, '1');
    expect([archived.status, slugOf(archived.body)]).toEqual([409, 'budget-archived']);
    const usage = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '1' } });
    expect(usage.status).toBe(409);
  });
});

describe('hierarchy', () => {
  it('counts a hold against every ancestor and refuses at the blocking ancestor', async () => {
    const parent = await budget({ limit: '100' });
    const left = await budget({ limit: '80', parentId: parent });
    const right = await budget({ limit: '80', parentId: parent });
    expect((await reserve(left, '60')).status).toBe(201);
    const refused = await reserve(right, '60');
    expect([refused.status, refused.body.budgetId, refused.body.available, refused.body.requested]).toEqual([409, parent, '40', '60']);
    expect(await status(right)).toMatchObject({ reserved: '0' });
    expect(await status(parent)).toMatchObject({ reserved: '60' });
    expect((await reserve(right, '40')).status).toBe(201);
    await expectReconciled(parent);
  });

  it('gives 200 concurrent holds of 1 on a budget of 100 exactly 100 successes', async () => {
    const id = await budget({ limit: '100' });
    const answers = await Promise.all(Array.from({ length: 200 }, () => reserve(id, '1')));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((code) => code === 201)).toHaveLength(100);
    expect(statuses.filter((code) => code === 409)).toHaveLength(100);
    expect(await status(id)).toMatchObject({ reserved: '100', available: '0' });
    await expectReconciled(id);
  });

  it('never overdraws a shared parent from concurrent sibling holds', async () => {
    const parent = await budget({ limit: '50' });
    const children = await Promise.all([1, 2, 3, 4].map(() => budget({ limit: '40', parentId: parent })));
    const answers = await Promise.all(Array.from({ length: 80 }, (_, index) => reserve(children[index % 4]!, '1')));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(50);
    expect(await status(parent)).toMatchObject({ reserved: '50', available: '0' });
    await expectReconciled(parent);
    for (const child of children) await expectReconciled(child);
  });
});

describe('idempotency', () => {
  it('answers a repeated reservation with the first response and one effect', async () => {
    const id = await budget();
    const headers = { 'Idempotency-Key': 'hold-1' };
    const first = await reserve(id, '10', {}, headers);
    const again = await reserve(id, '10', {}, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await status(id)).toMatchObject({ reserved: '10' });
    const different = await reserve(id, '11', {}, headers);
    expect([different.status, slugOf(different.body)]).toEqual([422, 'idempotency-key-reuse']);
  });

  it('gives concurrent repeats exactly one effect', async () => {
    const id = await budget();
    const answers = await Promise.all(Array.from({ length: 10 }, () => reserve(id, '7', {}, { 'Idempotency-Key': 'racing' })));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(await status(id)).toMatchObject({ reserved: '7' });
    await expectReconciled(id);
  });

  it('replays an idempotent charge instead of answering 409', async () => {
    const id = await budget();
    const held = await reserve(id, '10');
    const headers = { 'Idempotency-Key': 'charge-1' };
    const first = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key, body: { amount: '4' }, headers });
    const again = await api.call('POST', `/v1/reservations/${held.body.id}/charge`, { key, body: { amount: '4' }, headers });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toEqual(first.body);
    expect(await status(id)).toMatchObject({ spent: '4', reserved: '0' });
  });

  it.each(['charge', 'release'])('gives concurrent repeats of one %s the first response, never a 409 from their own twin', async (action) => {
    const id = await budget();
    const held = await reserve(id, '10');
    const headers = { 'Idempotency-Key': `racing-${action}` };
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      api.call('POST', `/v1/reservations/${held.body.id}/${action}`, { key, body: action === 'charge' ? { amount: '4' } : {}, headers })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(await status(id)).toMatchObject(action === 'charge' ? { spent: '4', reserved: '0' } : { spent: '0', reserved: '0' });
    await expectReconciled(id);
  });
});

describe('expiry', () => {
  it('lets a hold succeed at once when only expired holds stand in its way', async () => {
    const id = await budget({ limit: '10' });
    const stale = await reserve(id, '10', { ttlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await reserve(id, '10');
    expect(fresh.status).toBe(201);
    expect((await api.call('GET', `/v1/reservations/${stale.body.id}`, { key })).body.status).toBe('expired');
    const late = await api.call('POST', `/v1/reservations/${stale.body.id}/charge`, { key });
    expect([late.status, late.body.reservationStatus]).toEqual([409, 'expired']);
    await expectReconciled(id);
  });

  it('is what the sweeper does to holds past expiresAt', async () => {
    const id = await budget();
    await reserve(id, '3', { ttlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await services.money.expireDue(Date.now(), tenantId)).toBeGreaterThanOrEqual(1);
    expect(await status(id)).toMatchObject({ reserved: '0' });
    const ledger = await api.call('GET', `/v1/budgets/${id}/ledger`, { key });
    expect(ledger.body.items.map((entry: any) => entry.type)).toEqual(['reserve', 'expire']);
  });
});

describe('usage, adjustments and exact money', () => {
  it('adds 0.1 and 0.2 to exactly 0.3, and stays exact near 10^12', async () => {
    const id = await budget({ limit: '1000000000000', enforcement: 'soft' });
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '0.1' } });
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '0.2' } });
    expect((await status(id)).spent).toBe('0.3');
    await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '999999999999.699999' } });
    expect(await status(id)).toMatchObject({ spent: '999999999999.999999', available: '0.000001' });
  });

  it('never refuses usage, and lands a past occurredAt in its own period', async () => {
    const id = await budget({ limit: '5' });
    const over = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '8', provider: 'openai', category: 'llm' } });
    expect(over.status).toBe(201);
    const past = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '2', occurredAt: '2025-03-15T12:00:00Z', provider: 'anthropic' } });
    expect(past.body.periodKey).toBe('2025-03');
    expect(await status(id)).toMatchObject({ spent: '8', state: 'exceeded' });
    expect((await api.call('GET', `/v1/budgets/${id}/status?at=2025-03-20T00:00:00Z`, { key })).body).toMatchObject({ spent: '2', period: { key: '2025-03' } });
    const future = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '1', occurredAt: new Date(Date.now() + 600_000).toISOString() } });
    expect([future.status, future.body.errors[0].pointer]).toEqual([400, '/occurredAt']);
    const summary = await api.call('GET', `/v1/budgets/${id}/usage/summary?groupBy=provider`, { key });
    expect(summary.body).toEqual({ total: '10', count: 2, groups: [{ key: 'anthropic', amount: '2', count: 1 }, { key: 'openai', amount: '8', count: 1 }] });
    const listed = await api.call('GET', `/v1/budgets/${id}/usage?provider=openai`, { key });
    expect(listed.body.items.map((usage: any) => usage.amount)).toEqual(['8']);
  });

  it('puts usage in the local day of the budget across a DST change', async () => {
    const id = await budget({ period: { type: 'daily', timezone: 'America/New_York' }, enforcement: 'soft' });
    const usage = await api.call('POST', `/v1/budgets/${id}/usage`, { key, body: { amount: '1', occurredAt: '2026-03-09T03:30:00Z' } });
    expect(usage.body.periodKey).toBe('2026-03-08');
    const day = (await api.call('GET', `/v1/budgets/${id}/status?at=2026-03-08T12:00:00Z`, { key })).body;
    expect(day.period).toEqual({ key: '2026-03-08', start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' });
    expect(day.spent).toBe('1');
  });

  it('raises only the adjusted budget\'s limit, and a new limit applies at once', async () => {
    const parent = await budget({ limit: '100' });
    const child = await budget({ limit: '10', parentId: parent });
    const topUp = await api.call('POST', `/v1/budgets/${child}/adjustments`, { key, body: { amount: '5', reason: 'launch week' } });
    expect(topUp.status).toBe(201);
    expect(topUp.body).toMatchObject({ type: 'adjustment', limitDelta: '5' });
    expect((await status(child)).limit).toBe('15');
    expect((await status(parent)).limit).toBe('100');
    expect((await reserve(child, '15')).status).toBe(201);
    await api.call('PATCH', `/v1/budgets/${child}`, { key, body: { limit: '20' } });
    expect(await status(child)).toMatchObject({ limit: '25', available: '10' });
    expect((await reserve(child, '10')).status).toBe(201);
    await expectReconciled(child);
    await expectReconciled(parent);
  });
});

describe('POST /v1/check', () => {
  it('answers without side effects', async () => {
    const parent = await budget({ limit: '20' });
    const child = await budget({ limit: '50', parentId: parent, enforcement: 'soft' });
    const answer = await api.call('POST', '/v1/check', { key, body: { amount: '30', budgetIds: [child] } });
    expect(answer.status).toBe(200);
    expect(answer.body.decision).toBe('block');
    expect(answer.body.allowed).toBe(false);
    expect(answer.body.results).toContainEqual({ budgetId: parent, available: '20', enforcement: 'hard', wouldExceed: true, action: 'block' });
    expect(await status(child)).toMatchObject({ reserved: '0' });
  });
});

describe('validation of money input', () => {
  it.each([
    [{ amount: 5 }, '/amount'],
    [{ amount: '-5' }, '/amount'],
    [{ amount: '1.1234567' }, '/amount'],
    [{ amount: '1', ttlSeconds: 0 }, '/ttlSeconds'],
    [{ amount: '1', ttlSeconds: 604801 }, '/ttlSeconds'],
    [{ amount: '1', surprise: true }, '/surprise'],
  ])('rejects %j with 400 and changes nothing', async (body, pointer) => {
    const id = await budget();
    const answer = await api.call('POST', `/v1/budgets/${id}/reservations`, { key, body });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: any) => error.pointer)).toContain(pointer);
    expect((await status(id)).reserved).toBe('0');
  });

  it('keeps writers to money and viewers to reads', async () => {
    const id = await budget();
    const viewer = await api.newKey(key, ['viewer']);
    const writer = await api.newKey(key, ['writer']);
    expect((await api.call('POST', `/v1/budgets/${id}/reservations`, { key: viewer, body: { amount: '1' } })).status).toBe(403);
    expect((await api.call('POST', `/v1/budgets/${id}/reservations`, { key: writer, body: { amount: '1' } })).status).toBe(201);
    expect((await api.call('POST', `/v1/budgets/${id}/adjustments`, { key: writer, body: { amount: '1', reason: 'x' } })).status).toBe(403);
    expect((await api.call('GET', `/v1/budgets/${id}/ledger`, { key: viewer })).status).toBe(200);
    expect((await api.call('PUT', `/v1/budgets/${id}/ledger`, { key: viewer, body: {} })).status).toBe(405);
  });

  it('parses amounts exactly', () => {
    expect(parseAmount('0.1') + parseAmount('0.2')).toBe(parseAmount('0.3'));
  });
});

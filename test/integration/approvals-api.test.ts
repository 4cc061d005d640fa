import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../shared/app/services.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { DynamoApprovalStore } from '../../shared/adapters/dynamodb/approval-store.js';
import { DynamoBudgetStore } from '../../shared/adapters/dynamodb/budget-store.js';
import { DynamoIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency.js';
import { DynamoMoneyStore } from '../../shared/adapters/dynamodb/index.js';
import { ApprovalService } from '../../shared/domain/money/approval-decisions.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
let key: string;
let tenantId: string;
let approver: string;
let writer: string;
let services: ReturnType<typeof createServices>;

beforeAll(async () => {
  api = await startTestApi();
  ({ tenantId, adminKey: key } = await api.newTenant('approvals'));
  approver = await api.newKey(key, ['approver']);
  writer = await api.newKey(key, ['writer']);
  services = createServices({ tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) });
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Needs approval', scope: { type: 'project', id: 'apr' }, limit: '100', enforcement: 'approval' });

const reserve = (budgetId: string, amount: string, headers: Record<string, string> = {}) =>
  api.call('POST', `/v1/budgets/${budgetId}/reservations`, { key: writer, body: { amount, ttlSeconds: 600 }, headers });
const status = async (budgetId: string) => (await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body;
const approval = async (approvalId: string) => (await api.call('GET', `/v1/approvals/${approvalId}`, { key })).body;

describe('approval budgets', () => {
  it('holds within the limit, approves a small overrun automatically, and asks a person above 5 %', async () => {
    const id = await budget();
    expect((await reserve(id, '90')).status).toBe(201);

    const automatic = await reserve(id, '12');
    expect(automatic.status).toBe(201);
    expect(automatic.body).toMatchObject({ status: 'held', overLimit: true });
    expect(await approval(automatic.body.approvalId)).toMatchObject({
      status: 'approved', level: 'automatic', amount: '12', overrunAmount: '2', decidedBy: 'system:automatic', reservationId: automatic.body.id,
    });
    expect(await status(id)).toMatchObject({ reserved: '102', available: '-2', state: 'exceeded' });

    const pending = await reserve(id, '15');
    expect(pending.status).toBe(202);
    expect(pending.body).toMatchObject({ status: 'pending_approval', amount: '15' });
    expect(await approval(pending.body.approvalId)).toMatchObject({ status: 'pending', level: 'manager', overrunAmount: '17' });
    // Nothing is held while a person decides.
    expect(await status(id)).toMatchObject({ reserved: '102' });
  });

  it('picks the level by the overrun\'s share of the limit', async () => {
    const id = await budget();
    const levels = [];
    for (const amount of ['120', '150', '151']) {
      const answer = await reserve(id, amount);
      expect(answer.status).toBe(202);
      levels.push((await approval(answer.body.approvalId)).level);
    }
    expect(levels).toEqual(['manager', 'director', 'executive']);
  });

  it('approves: the reservation is held, counted as an approved overrun in status and ledger', async () => {
    const id = await budget();
    await reserve(id, '100');
    const pending = await reserve(id, '30');
    const approvalId = pending.body.approvalId;

    const byWriter = await api.call('POST', `/v1/approvals/${approvalId}/approve`, { key: writer });
    expect(byWriter.status).toBe(403);
    const approved = await api.call('POST', `/v1/approvals/${approvalId}/approve`, { key: approver, body: { comment: 'launch week' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: approvalId, status: 'approved', comment: 'launch week', level: 'director' });
    expect(typeof approved.body.decidedAt).toBe('string');

    const reservation = (await api.call('GET', `/v1/reservations/${pending.body.id}`, { key })).body;
    expect(reservation).toMatchObject({ status: 'held', overLimit: true, approvalId });
    expect(await status(id)).toMatchObject({ reserved: '130', available: '-30' });
    const ledger = (await api.call('GET', `/v1/budgets/${id}/ledger`, { key })).body.items;
    expect(ledger.at(-1)).toMatchObject({ type: 'reserve', amount: '30', reservedDelta: '30', reservationId: pending.body.id, approvalId });
    const reconciled = await services.reconciliation.reconcile(tenantId, id, (await status(id)).period.key);
    expect(reconciled.matches).toBe(true);

    const twice = await api.call('POST', `/v1/approvals/${approvalId}/deny`, { key: approver });
    expect(twice.status).toBe(409);
    expect(slugOf(twice.body)).toBe('conflict');
    // The approved hold charges like any other.
    expect((await api.call('POST', `/v1/reservations/${pending.body.id}/charge`, { key: writer })).status).toBe(200);
  });

  it('denies: the reservation is denied and nothing was ever held', async () => {
    const id = await budget();
    await reserve(id, '100');
    const pending = await reserve(id, '40');
    const denied = await api.call('POST', `/v1/approvals/${pending.body.approvalId}/deny`, { key, body: {} });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ status: 'denied' });
    expect((await api.call('GET', `/v1/reservations/${pending.body.id}`, { key })).body).toMatchObject({ status: 'denied' });
    expect(await status(id)).toMatchObject({ reserved: '100' });
    expect((await api.call('POST', `/v1/reservations/${pending.body.id}/charge`, { key: writer })).status).toBe(409);
  });

  it('a hard ancestor still refuses what does not fit when the approval is given', async () => {
    const parent = await budget({ name: 'Hard parent', enforcement: 'hard', limit: '110' });
    const child = await budget({ parentId: parent, limit: '50' });
    await reserve(child, '50');
    const pending = await reserve(child, '70');
    expect(pending.status).toBe(409);
    const fits = await reserve(child, '40');
    expect(fits.status).toBe(202);
    await api.call('POST', `/v1/budgets/${parent}/usage`, { key, body: { amount: '30' } });
    const refused = await api.call('POST', `/v1/approvals/${fits.body.approvalId}/approve`, { key: approver });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ budgetId: parent, available: '30' });
    expect(slugOf(refused.body)).toBe('budget-exceeded');
    expect(await approval(fits.body.approvalId)).toMatchObject({ status: 'pending' });
  });

  it('answers a repeated 202 with the same approval (Idempotency-Key)', async () => {
    const id = await budget();
    await reserve(id, '100');
    const headers = { 'Idempotency-Key': `apr-${Date.now()}` };
    const [first, second] = await Promise.all([reserve(id, '25', headers), reserve(id, '25', headers)]);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.approvalId).toBe(first.body.approvalId);
    const listed = (await api.call('GET', `/v1/approvals?budgetId=${id}&status=pending`, { key })).body.items;
    expect(listed.map((item: any) => item.id)).toEqual([first.body.approvalId]);
  });

  it('expires a pending approval after its ttl: the reservation expires, a late decision is refused', async () => {
    const id = await budget({ approvalPolicy: { ttlSeconds: 60 } });
    await reserve(id, '100');
    const pending = await reserve(id, '20');
    const table = { tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) };
    const later = new ApprovalService({
      budgets: new DynamoBudgetStore(table), money: new DynamoMoneyStore(table), approvals: new DynamoApprovalStore(table),
      idempotency: new DynamoIdempotencyStore(table), nowMs: () => Date.now() + 61_000,
    });
    expect(await later.expireDue(undefined, tenantId)).toBeGreaterThanOrEqual(1);
    expect(await approval(pending.body.approvalId)).toMatchObject({ status: 'expired', decidedBy: 'system:expiry' });
    expect((await api.call('GET', `/v1/reservations/${pending.body.id}`, { key })).body).toMatchObject({ status: 'expired' });
    const late = await api.call('POST', `/v1/approvals/${pending.body.approvalId}/approve`, { key: approver });
    expect(late.status).toBe(409);
    expect(await status(id)).toMatchObject({ reserved: '100' });
  });

  it('publishes approval.requested and approval.decided once each', async () => {
    const id = await budget();
    await reserve(id, '100');
    const pending = await reserve(id, '10');
    await api.call('POST', `/v1/approvals/${pending.body.approvalId}/approve`, { key: approver });
    await api.stack.streams.drain();
    const events = api.events.filter((event) => event.type.startsWith('approval.') && (event.data as { approvalId: string }).approvalId === pending.body.approvalId);
    expect(events.map((event) => [event.type, event.severity])).toEqual([['approval.requested', 'warning'], ['approval.decided', 'info']]);
    expect(events[1]!.data).toMatchObject({ status: 'approved', amount: '10', overrunAmount: '10', level: 'manager' });
  });

  it('404 for another tenant\'s approval, 400 for a bad filter', async () => {
    const id = await budget();
    await reserve(id, '100');
    const pending = await reserve(id, '30');
    const other = await api.newTenant('elsewhere');
    expect((await api.call('GET', `/v1/approvals/${pending.body.approvalId}`, { key: other.adminKey })).status).toBe(404);
    expect((await api.call('POST', `/v1/approvals/${pending.body.approvalId}/approve`, { key: other.adminKey })).status).toBe(404);
    const bad = await api.call('GET', '/v1/approvals?status=maybe', { key });
    expect(bad.status).toBe(400);
    expect(slugOf(bad.body)).toBe('validation-error');
    const unknownField = await api.call('POST', `/v1/approvals/${pending.body.approvalId}/approve`, { key: approver, body: { comment: 'ok', extra: 1 } });
    expect(unknownField.status).toBe(400);
    expect(await approval(pending.body.approvalId)).toMatchObject({ status: 'pending' });
  });
});

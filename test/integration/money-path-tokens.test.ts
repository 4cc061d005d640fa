import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableContextFromEnv, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { ConflictError } from '../../shared/domain/common/errors.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';
import { createBudget, expectReconciled, newMoneyTable, plainServices, reserveOn, servicesAt, tableContext, type PlainServices } from '../support/money-table.js';
import { transactGate } from '../support/transact-gate.js';
import { testAudit } from '../support/audit.js';

/**
 * Issue 10, defect 7: writes with no ledger entry (a denial, an approval expiring) derived
 * their ClientRequestToken from the ids and the new status only, so two different writes of
 * the same decision sent one token with different parameters. DynamoDB Local does raise
 * IdempotentParameterMismatchException for that (checked: a reused token with other
 * parameters fails, sequentially and concurrently), so nothing is injected here: the gate
 * only forces both writers to read "pending" before either writes.
 */

describe('two concurrent denials of one pending approval (through the API)', () => {
  let api: TestApi;
  let key: string;
  let approver: string;
  beforeAll(async () => {
    api = await startTestApi();
    ({ adminKey: key } = await api.newTenant('tokens'));
    approver = await api.newKey(key, ['approver']);
  });
  afterAll(async () => api?.stop());

  it('answers one 200 and one 409 conflict, not a 500', async () => {
    const budget = budgetMaker(() => api, () => key, { name: 'Needs approval', scope: { type: 'project', id: 'tokens' }, limit: '100', enforcement: 'approval' });
    const id = await budget();
    expect((await api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '100' } })).status).toBe(201);
    const pending = await api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '20' } });
    expect(pending.status).toBe(202);
    const approvalId: string = pending.body.approvalId;

    // The handlers run in this process on the table context from the environment.
    const stack = tableContextFromEnv().client.middlewareStack as unknown as DynamoDBClient['middlewareStack'];
    const gate = transactGate(2, (input) => input.includes(approvalId));
    gate.install(stack);
    let answers;
    try {
      // Two approvers (different decidedBy): the two writes differ in their parameters.
      answers = await Promise.all([
        api.call('POST', `/v1/approvals/${approvalId}/deny`, { key: approver, body: { comment: 'no' } }),
        api.call('POST', `/v1/approvals/${approvalId}/deny`, { key, body: { comment: 'not now' } }),
      ]);
    } finally {
      gate.uninstall(stack);
    }
    expect(gate.arrived).toBe(2);
    const sorted = [...answers].sort((a, b) => a.status - b.status);
    expect(sorted.map((answer) => answer.status), JSON.stringify(answers.map((answer) => answer.body))).toEqual([200, 409]);
    expect(slugOf(sorted[1]!.body)).toBe('conflict');
    expect((await api.call('GET', `/v1/approvals/${approvalId}`, { key })).body).toMatchObject({ status: 'denied', decidedBy: sorted[0]!.body.decidedBy });
    expect((await api.call('GET', `/v1/reservations/${pending.body.id}`, { key })).body).toMatchObject({ status: 'denied' });
  });
});

describe('an expiry racing another expiry (services, clock moved past the expiry)', () => {
  let tableName: string;
  let plain: PlainServices;
  beforeAll(async () => {
    tableName = await newMoneyTable('tokens');
    plain = plainServices(tableContext(tableName));
  });

  /** A table context whose TransactWriteItems naming `id` are held until both have arrived. */
  function gatedOn(id: string) {
    const gate = transactGate(2, (input) => input.includes(id));
    return { gate, table: tableContext(tableName, (client) => gate.install(client.middlewareStack)) };
  }

  async function pendingApproval(tenantId: string) {
    const id = await createBudget(plain, tenantId, { limit: '100', enforcement: 'approval', approvalPolicy: { ttlSeconds: 60 } });
    expect((await reserveOn(plain.money, tenantId, id, '100')).status).toBe(201);
    const pending = await reserveOn(plain.money, tenantId, id, '20');
    expect(pending.status).toBe(202);
    return { budgetId: id, reservationId: pending.body.id, approvalId: pending.body.approvalId! };
  }

  it('of one pending approval (two sweeps at different instants) expires it once, and neither sweep rejects', async () => {
    const tenantId = `tok-${randomUUID().slice(0, 8)}`;
    const { budgetId, reservationId, approvalId } = await pendingApproval(tenantId);
    const { gate, table } = gatedOn(approvalId);
    const sweeps = await Promise.allSettled([
      servicesAt(table, Date.now() + 61_000).approvals.expireDue(undefined, tenantId),
      servicesAt(table, Date.now() + 62_000).approvals.expireDue(undefined, tenantId),
    ]);
    expect(gate.arrived).toBe(2);
    expect(sweeps.map((sweep) => (sweep.status === 'fulfilled' ? sweep.value : String(sweep.reason)))).toEqual(expect.arrayContaining([1, 0]));
    expect(await plain.approvals.get(tenantId, approvalId)).toMatchObject({ status: 'expired', decidedBy: 'system:expiry' });
    expect(await plain.money.getReservation(tenantId, reservationId)).toMatchObject({ status: 'expired' });
    expect((await plain.money.status(tenantId, budgetId)).reservedMicros).toBe(100_000_000n);
  });

  it('of one pending approval (the sweeper against the lazy expiry of a late denial) expires it once; the denial is a 409 conflict', async () => {
    const tenantId = `tok-${randomUUID().slice(0, 8)}`;
    const { reservationId, approvalId } = await pendingApproval(tenantId);
    const { gate, table } = gatedOn(approvalId);
    const [sweep, denial] = await Promise.allSettled([
      servicesAt(table, Date.now() + 61_000).approvals.expireDue(undefined, tenantId),
      servicesAt(table, Date.now() + 62_000).approvals.decide({ tenantId, keyId: 'key_late', maxApprovalLevel: 'executive' }, approvalId, 'deny', {}, testAudit, { respond: (approval) => ({ status: 200, body: approval }) }),
    ]);
    expect(gate.arrived).toBe(2);
    expect(sweep.status === 'fulfilled' ? sweep.value : String(sweep.reason)).toBeOneOf([0, 1]);
    expect(denial.status).toBe('rejected');
    expect((denial as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await plain.approvals.get(tenantId, approvalId)).toMatchObject({ status: 'expired' });
    expect(await plain.money.getReservation(tenantId, reservationId)).toMatchObject({ status: 'expired' });
  });

  it('of one held reservation expires it once: one expire entry, counters = Σ ledger', async () => {
    const tenantId = `tok-${randomUUID().slice(0, 8)}`;
    const budgetId = await createBudget(plain, tenantId, { limit: '100' });
    const held = await reserveOn(plain.money, tenantId, budgetId, '10');
    const { gate, table } = gatedOn(held.body.id);
    const sweeps = await Promise.all([
      servicesAt(table, Date.now() + 61_000).money.expireDue(undefined, tenantId),
      servicesAt(table, Date.now() + 62_000).money.expireDue(undefined, tenantId),
    ]);
    expect(gate.arrived).toBe(2);
    expect(sweeps.sort()).toEqual([0, 1]);
    const ledger = await plain.money.ledger(tenantId, budgetId, {});
    expect(ledger.items.map((entry) => entry.type)).toEqual(['reserve', 'expire']);
    await expectReconciled(plain, tenantId, budgetId);
  });
});

describe('a sweep in which one expiry fails', () => {
  let tableName: string;
  let plain: PlainServices;
  beforeAll(async () => {
    tableName = await newMoneyTable('sweep');
    plain = plainServices(tableContext(tableName));
  });

  /** Every TransactWriteItems naming `id` fails with an error the SDK does not retry. */
  function failingOn(id: string): TableContext {
    return tableContext(tableName, (client) => client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes(id)) {
        throw Object.assign(new Error('injected failure'), { name: 'InternalFailure', $fault: 'client', $metadata: {} });
      }
      return next(args);
    }, { step: 'deserialize', name: 'failOne' }));
  }

  it('expires the other holds and approvals, and counts the failure instead of rejecting', async () => {
    const tenantId = `sweep-${randomUUID().slice(0, 8)}`;
    const hard = await createBudget(plain, tenantId, { limit: '100' });
    const [broken, fine] = [await reserveOn(plain.money, tenantId, hard, '10'), await reserveOn(plain.money, tenantId, hard, '20')];
    const needsApproval = await createBudget(plain, tenantId, { limit: '10', enforcement: 'approval', approvalPolicy: { ttlSeconds: 60 } });
    const [brokenApproval, fineApproval] = [await reserveOn(plain.money, tenantId, needsApproval, '50'), await reserveOn(plain.money, tenantId, needsApproval, '60')];
    const later = Date.now() + 61_000;

    const holdsSweeper = servicesAt(failingOn(broken.body.id), later);
    await expect(holdsSweeper.money.expireDue(undefined, tenantId)).resolves.toBe(1);
    expect(await plain.money.getReservation(tenantId, fine.body.id)).toMatchObject({ status: 'expired' });
    expect(await plain.money.getReservation(tenantId, broken.body.id)).toMatchObject({ status: 'held' });
    expect(await holdsSweeper.money.sweepExpired(undefined, tenantId)).toMatchObject({ expired: 0, failed: 1 });

    const approvalsSweeper = servicesAt(failingOn(brokenApproval.body.approvalId!), later);
    await expect(approvalsSweeper.approvals.expireDue(undefined, tenantId)).resolves.toBe(1);
    expect(await plain.approvals.get(tenantId, fineApproval.body.approvalId!)).toMatchObject({ status: 'expired' });
    expect(await plain.approvals.get(tenantId, brokenApproval.body.approvalId!)).toMatchObject({ status: 'pending' });
    expect(await approvalsSweeper.approvals.sweepExpired(undefined, tenantId)).toMatchObject({ expired: 0, failed: 1 });
    await expectReconciled(plain, tenantId, hard);
  });
});

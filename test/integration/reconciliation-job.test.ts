import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, DynamoReconciliationStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { createServices, type Services } from '../../shared/app/services.js';
import { ConcurrentChangeError } from '../../shared/domain/common/errors.js';
import { parseAmount } from '../../shared/domain/common/amount.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { createBudget, reserveOn } from '../support/money-table.js';
import { startTestApi, type TestApi } from '../support/local-api.js';
import { testAudit } from '../support/audit.js';

/**
 * The reconciliation job on the local stack's table, with services on a fake clock: it
 * finds drift injected into counter items, in the current and the previous period,
 * records each check, and its findings reach the stream consumer as exactly one
 * `reconciliation.drift_detected` per drift however often it runs. Time moves by the clock.
 */
let api: TestApi;
let table: TableContext;
let clockMs = Date.parse('2026-11-20T12:00:00.000Z');
let services: Services;
let store: DynamoReconciliationStore;

beforeAll(async () => {
  api = await startTestApi();
  table = { tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) };
  services = createServices(table, { nowMs: () => clockMs });
  store = new DynamoReconciliationStore(table);
});
afterAll(async () => api?.stop());

const FIFTEEN_MINUTES_MS = 15 * 60_000;
const runJob = () => services.reconciliationJob.run(() => FIFTEEN_MINUTES_MS);

/** A tenant the job finds (created through the service, so it joins the tenants index). */
async function newTenant(prefix: string): Promise<string> {
  const tenantId = `${prefix}-${randomUUID().slice(0, 8)}`;
  await services.access.createTenant({ id: tenantId, name: tenantId }, testAudit);
  return tenantId;
}

async function usage(tenantId: string, budgetId: string, amount: string): Promise<void> {
  await services.money.recordUsage({ tenantId, keyId: 'key_test' }, budgetId, { amountMicros: parseAmount(amount) }, { respond: (record) => ({ status: 201, body: record }) });
}

/** Moves a counter behind the ledger's back: spent up by `micros`, `available` down alike. */
async function tamper(tenantId: string, budgetId: string, periodKey: string, micros: number): Promise<void> {
  await table.client.send(new UpdateCommand({
    TableName: table.tableName,
    Key: { pk: keys.budgetMoneyPk(tenantId, budgetId), sk: keys.counterSk(periodKey) },
    UpdateExpression: 'ADD spentMicros :drift, availableMicros :back',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':drift': micros, ':back': -micros },
  }));
}

async function driftEventsOf(budgetId: string) {
  await api.stack.streams.drain();
  return api.events.filter((event) => event.type === 'reconciliation.drift_detected' && event.budgetId === budgetId);
}

describe('the reconciliation job', () => {
  it('finds drift injected into a counter, records every check, and publishes one event per drift however often it runs', async () => {
    clockMs = Date.parse('2026-11-20T12:00:00.000Z');
    const tenantId = await newTenant('job');
    const drifting = await createBudget(services, tenantId, { limit: '100' });
    const sound = await createBudget(services, tenantId, { limit: '100' });
    await usage(tenantId, drifting, '10');
    await usage(tenantId, sound, '10');
    await tamper(tenantId, drifting, '2026-11', 1_500_000);

    const first = await runJob();
    expect(first).toMatchObject({ passComplete: true });
    expect(first.drifted).toBeGreaterThanOrEqual(1);
    expect(await store.lastCheck(tenantId, drifting, '2026-11')).toMatchObject({
      checkedAtMs: clockMs, matches: false,
      counters: { limitMicros: 100_000_000n, spentMicros: 11_500_000n, reservedMicros: 0n },
      ledger: { limitMicros: 100_000_000n, spentMicros: 10_000_000n, reservedMicros: 0n },
      drift: { limitMicros: 0n, spentMicros: 1_500_000n, reservedMicros: 0n },
    });
    expect(await store.lastCheck(tenantId, sound, '2026-11')).toMatchObject({ checkedAtMs: clockMs, matches: true });
    const events = await driftEventsOf(drifting);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'reconciliation.drift_detected', severity: 'critical', tenantId, budgetId: drifting, occurredAt: '2026-11-20T12:00:00.000Z',
      data: {
        period: { key: '2026-11', start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' },
        counters: { limit: '100', spent: '11.5', reserved: '0' }, ledger: { limit: '100', spent: '10', reserved: '0' },
        drift: { limit: '0', spent: '1.5', reserved: '0' }, availableCoherent: true,
      },
    });
    expect(await driftEventsOf(sound)).toEqual([]);

    // Again an hour later: the same drift is the same finding; the check itself is recorded anew.
    clockMs += 3_600_000;
    expect((await runJob()).newFindings).toBe(0);
    expect(await driftEventsOf(drifting)).toHaveLength(1);
    expect((await store.lastCheck(tenantId, drifting, '2026-11'))?.checkedAtMs).toBe(clockMs);

    // Drift that grows is a new finding, with an event of its own.
    await tamper(tenantId, drifting, '2026-11', 1_000_000);
    clockMs += 3_600_000;
    expect((await runJob()).newFindings).toBe(1);
    const grown = await driftEventsOf(drifting);
    expect(grown.map((event) => (event.data as { drift: { spent: string } }).drift.spent)).toEqual(['1.5', '2.5']);
    expect(new Set(grown.map((event) => event.id)).size).toBe(2);
  });

  it('checks the previous period too, and no older one', async () => {
    const tenantId = await newTenant('job-previous');
    clockMs = Date.parse('2026-09-10T08:00:00.000Z');
    const id = await createBudget(services, tenantId, { limit: '100', period: { type: 'monthly', timezone: 'America/New_York' } });
    await usage(tenantId, id, '1');
    clockMs = Date.parse('2026-10-10T08:00:00.000Z');
    await usage(tenantId, id, '2');
    clockMs = Date.parse('2026-11-20T08:00:00.000Z');
    await usage(tenantId, id, '3');
    await tamper(tenantId, id, '2026-09', 700_000);
    await tamper(tenantId, id, '2026-10', 400_000);

    await runJob();
    expect(await store.lastCheck(tenantId, id, '2026-11')).toMatchObject({ matches: true, counters: { spentMicros: 3_000_000n } });
    expect(await store.lastCheck(tenantId, id, '2026-10')).toMatchObject({ matches: false, drift: { spentMicros: 400_000n } });
    expect(await store.lastCheck(tenantId, id, '2026-09')).toBeUndefined();
    const events = await driftEventsOf(id);
    expect(events.map((event) => (event.data as { period: { key: string } }).period.key)).toEqual(['2026-10']);
  });

  it('resumes at the cursor a stopped run left, and a run without time left checks nothing', async () => {
    clockMs = Date.parse('2026-11-21T09:00:00.000Z');
    const suffix = randomUUID().slice(0, 8);
    // Ids that sort after every other tenant of this table: the pass ends with them.
    const first = `zz-resume-a-${suffix}`;
    const second = `zz-resume-b-${suffix}`;
    await services.access.createTenant({ id: first, name: first }, testAudit);
    await services.access.createTenant({ id: second, name: second }, testAudit);
    const skipped = await createBudget(services, first, { limit: '10' });
    const resumed = await createBudget(services, second, { limit: '10' });

    const before = await store.jobCursor();
    expect(await services.reconciliationJob.run(() => 0)).toMatchObject({ checked: 0, passComplete: false });
    expect(await store.jobCursor()).toEqual(before);

    // As a run that stopped after the first tenant leaves it.
    expect(await store.moveJobCursor(before.revision, { tenantId: second, budgetsCursor: null })).toBe(true);
    expect(await store.moveJobCursor(before.revision, { tenantId: first, budgetsCursor: null })).toBe(false);
    const resumedRun = await runJob();
    expect(resumedRun).toMatchObject({ passComplete: true, checked: 2 });
    expect(await store.lastCheck(second, resumed, '2026-11')).toMatchObject({ checkedAtMs: clockMs, matches: true });
    expect(await store.lastCheck(first, skipped, '2026-11')).toBeUndefined();
    expect((await store.jobCursor()).position).toBeNull();

    // The pass ended: the next run starts a new one, at the first tenant.
    await runJob();
    expect(await store.lastCheck(first, skipped, '2026-11')).toMatchObject({ checkedAtMs: clockMs });
  });
});

describe('money that moves during a check', () => {
  /**
   * A table context whose first strongly consistent query of `budgetId`'s ledger (the
   * reconciliation pass's) first places a hold on it: the counter moves after it was read
   * and before the pass ends, as concurrent traffic would.
   */
  function movingDuringThePass(tenantId: string, budgetId: string): TableContext {
    let armed = true;
    return {
      tableName: table.tableName,
      client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint), (client: DynamoDBClient) => {
        client.middlewareStack.add((next, context) => async (args) => {
          const input = args.input as { ConsistentRead?: boolean };
          const ledgerQuery = context.commandName === 'QueryCommand' && input.ConsistentRead === true && JSON.stringify(input).includes(keys.ledgerPrefix());
          if (armed && ledgerQuery && JSON.stringify(input).includes(keys.budgetMoneyPk(tenantId, budgetId))) {
            armed = false;
            expect((await reserveOn(services.money, tenantId, budgetId, '4')).status).toBe(201);
          }
          return next(args);
        }, { step: 'initialize', name: 'moveDuringPass' });
      }),
    };
  }

  it('proves nothing from a pass the counter moved during: never drift, checked again', async () => {
    clockMs = Date.parse('2026-11-22T10:00:00.000Z');
    const tenantId = await newTenant('moving');
    const id = await createBudget(services, tenantId, { limit: '100' });
    await usage(tenantId, id, '5');
    const moving = createServices(movingDuringThePass(tenantId, id), { nowMs: () => clockMs });

    const [check] = await moving.reconciliation.reconcileMany(tenantId, [{ budgetId: id, periodKey: '2026-11' }]);
    expect(check).toMatchObject({ settled: false });
    // The live check passes again: the second pass sees the hold in the counter and in the ledger.
    const live = await moving.reconciliation.reconcile(tenantId, id);
    expect(live).toMatchObject({ matches: true, counters: { spentMicros: 5_000_000n, reservedMicros: 4_000_000n } });
  });

  it('leaves a counter that moved during the job\'s pass for the next run, unrecorded', async () => {
    clockMs = Date.parse('2026-11-22T11:00:00.000Z');
    const tenantId = await newTenant('moving-job');
    const id = await createBudget(services, tenantId, { limit: '100' });
    await usage(tenantId, id, '5');
    const moving = createServices(movingDuringThePass(tenantId, id), { nowMs: () => clockMs });

    const run = await moving.reconciliationJob.run(() => FIFTEEN_MINUTES_MS);
    expect(run.unsettled).toBeGreaterThanOrEqual(1);
    expect(await store.lastCheck(tenantId, id, '2026-11')).toBeUndefined();
    expect(await driftEventsOf(id)).toEqual([]);
    await runJob();
    expect(await store.lastCheck(tenantId, id, '2026-11')).toMatchObject({ matches: true });
  });
});

describe('a live check that cannot finish in time', () => {
  it('answers the last recorded check, or a 409 to retry when there is none', async () => {
    clockMs = Date.parse('2026-11-23T10:00:00.000Z');
    const tenantId = await newTenant('slow');
    const id = await createBudget(services, tenantId, { limit: '100' });
    await usage(tenantId, id, '5');
    // A clock that jumps 7 s at every look: the request's time is gone before the first page.
    let slowMs = clockMs;
    const slow = createServices(table, { nowMs: () => (slowMs += 7_000) });

    await expect(slow.reconciliation.reconcile(tenantId, id, '2026-11')).rejects.toBeInstanceOf(ConcurrentChangeError);
    await runJob();
    expect(await slow.reconciliation.reconcile(tenantId, id, '2026-11')).toMatchObject({ checkedAtMs: clockMs, matches: true });
  });
});

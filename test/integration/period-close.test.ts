import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../shared/app/services.js';
import type { TableContext } from '../../shared/adapters/dynamodb/index.js';
import { formatAmount, parseAmount } from '../../shared/domain/common/amount.js';
import { CreateBudgetBody } from '../../shared/schemas/budgets.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';
import { testAudit } from '../support/audit.js';

/**
 * Issue 11: period close and rollover, driven by the services' clock against DynamoDB Local
 * (no sleeps): zones and DST, caps, carry and forgive, a next period that already has a
 * counter, a full hard budget under a negative carry, overlapping runs, a crash, late spend.
 */
let table: TableContext;
let tenantSeq = 0;
const clock = { nowMs: 0 };
let failNextClose = false;

beforeAll(async () => {
  const tableName = await newMoneyTable('close');
  table = tableContext(tableName, (client: DynamoDBClient) => {
    // A crash: the close's transaction fails once, as if the Lambda died before it committed.
    client.middlewareStack.add((next, context) => async (args) => {
      const items = (args.input as { TransactItems?: Array<{ Update?: { UpdateExpression?: string } }> }).TransactItems ?? [];
      if (failNextClose && context.commandName === 'TransactWriteItemsCommand' && items.some((item) => item.Update?.UpdateExpression?.includes('closedAtMs'))) {
        failNextClose = false;
        throw Object.assign(new Error('injected crash'), { name: 'InjectedCrash' });
      }
      return next(args);
    }, { step: 'initialize', name: 'crashClose' });
  });
});

const services = () => createServices(table, { nowMs: () => clock.nowMs });
const at = (iso: string) => { clock.nowMs = Date.parse(iso); };
const actor = (tenantId: string) => ({ tenantId, keyId: 'key_test' });
const respond = (record: { id: string }) => ({ status: 201, body: { id: record.id } });
const micros = (amount: string) => parseAmount(amount);

async function budgetAt(iso: string, fields: Record<string, unknown>): Promise<{ tenantId: string; id: string }> {
  at(iso);
  const tenantId = `close-${++tenantSeq}`;
  const body = CreateBudgetBody.parse({ name: 'b', scope: { type: 'team', id: 'close' }, currency: 'USD', limit: '100', period: { type: 'monthly' }, ...fields });
  const answer = await services().budgets.create(tenantId, body, { audit: testAudit, respond: (budget) => ({ status: 201, body: budget }) });
  return { tenantId, id: (answer.body as { id: string }).id };
}

const usage = (b: { tenantId: string; id: string }, amount: string, occurredAtMs?: number) =>
  services().money.recordUsage(actor(b.tenantId), b.id, { amountMicros: micros(amount), ...(occurredAtMs !== undefined && { occurredAtMs }) }, { respond });
const hold = (b: { tenantId: string; id: string }, amount: string) =>
  services().money.reserve(actor(b.tenantId), b.id, { amountMicros: micros(amount), ttlSeconds: 604_800 }, { respond: (r) => ({ status: r.status === 'held' ? 201 : 202, body: r }) });
const period = async (b: { tenantId: string; id: string }, key: string) => {
  const record = await services().money.period(b.tenantId, b.id, key);
  return {
    state: record.state, limit: formatAmount(record.limitMicros), spent: formatAmount(record.spentMicros), reserved: formatAmount(record.reservedMicros),
    available: formatAmount(record.availableMicros), rolloverIn: formatAmount(record.rolloverInMicros), rolloverOut: formatAmount(record.rolloverOutMicros),
    lateSpent: formatAmount(record.lateSpentMicros), closed: record.closedAtMs !== null,
  };
};
const rolloverEntries = async (b: { tenantId: string; id: string }) =>
  (await services().money.ledger(b.tenantId, b.id, {})).items.filter((entry) => entry.type === 'rollover');
/** The close job's run, for one tenant's view: how many periods this budget has closed is read from its records. */
const runJob = () => services().money.closeDuePeriods(clock.nowMs);

describe('period close with rollover', () => {
  it('closes a New York month at local midnight, freezes it, and carries what was left (holds held at close count as used)', async () => {
    const b = await budgetAt('2026-11-10T15:00:00Z', { period: { type: 'monthly', timezone: 'America/New_York' }, rollover: { enabled: true } });
    await usage(b, '30');
    await hold(b, '10');
    at('2026-12-01T04:59:00Z'); // 23:59 on Nov 30 in New York
    await runJob();
    expect((await period(b, '2026-11')).state).toBe('open');

    at('2026-12-01T05:10:00Z');
    await runJob();
    expect(await period(b, '2026-11')).toEqual({
      state: 'closed', limit: '100', spent: '30', reserved: '10', available: '60', rolloverIn: '0', rolloverOut: '60', lateSpent: '0', closed: true,
    });
    expect((await period(b, '2026-12')).rolloverIn).toBe('60');
    expect(formatAmount((await services().money.status(b.tenantId, b.id)).limitMicros)).toBe('160');
    const entries = await rolloverEntries(b);
    expect(entries.map((entry) => [entry.periodKey, formatAmount(entry.limitDeltaMicros)])).toEqual([['2026-12', '60']]);

    // Run again (and a hold released after close does not roll again).
    await runJob();
    expect(await rolloverEntries(b)).toHaveLength(1);
  });

  it('closes a Kolkata month at its own midnight (18:30 UTC)', async () => {
    const b = await budgetAt('2026-11-05T00:00:00Z', { period: { type: 'monthly', timezone: 'Asia/Kolkata' }, rollover: { enabled: true } });
    at('2026-11-30T18:29:00Z');
    await runJob();
    expect((await period(b, '2026-11')).state).toBe('open');
    at('2026-11-30T18:31:00Z');
    await runJob();
    expect(await period(b, '2026-11')).toMatchObject({ state: 'closed', rolloverOut: '100' });
    expect(formatAmount((await services().money.status(b.tenantId, b.id)).limitMicros)).toBe('200');
  });

  it('closes a weekly New York period over the DST weekend (the week ends at 05:00 UTC, EST)', async () => {
    const b = await budgetAt('2026-10-28T12:00:00Z', { period: { type: 'weekly', timezone: 'America/New_York' }, limit: '70', rollover: { enabled: true } });
    await usage(b, '20');
    at('2026-11-02T04:59:00Z');
    await runJob();
    expect((await period(b, '2026-W44')).state).toBe('open');
    at('2026-11-02T05:00:00Z');
    await runJob();
    expect(await period(b, '2026-W44')).toMatchObject({ state: 'closed', rolloverOut: '50' });
    expect((await period(b, '2026-W45')).limit).toBe('120');
  });

  it('caps the carry at max, and a late job catches up period by period', async () => {
    const b = await budgetAt('2026-08-10T00:00:00Z', { rollover: { enabled: true, max: '25' } });
    at('2026-11-02T00:00:00Z'); // August, September and October have all ended
    await runJob();
    expect((await period(b, '2026-08')).rolloverOut).toBe('25');
    expect(await period(b, '2026-09')).toMatchObject({ limit: '125', rolloverIn: '25', rolloverOut: '25' });
    expect(await period(b, '2026-10')).toMatchObject({ limit: '125', rolloverOut: '25' });
    expect((await period(b, '2026-11')).limit).toBe('125');
    expect(await rolloverEntries(b)).toHaveLength(3);
  });

  it('forgives an overrun by default, and carries it with overspend: carry', async () => {
    const forgiving = await budgetAt('2026-11-03T00:00:00Z', { enforcement: 'soft', rollover: { enabled: true } });
    await usage(forgiving, '130');
    const carrying = await budgetAt('2026-11-03T00:00:00Z', { enforcement: 'soft', rollover: { enabled: true, overspend: 'carry' } });
    await usage(carrying, '130');
    at('2026-12-01T00:30:00Z');
    await runJob();
    expect(await period(forgiving, '2026-11')).toMatchObject({ state: 'closed', rolloverOut: '0', available: '-30' });
    expect(await rolloverEntries(forgiving)).toHaveLength(0);
    expect((await period(forgiving, '2026-12')).limit).toBe('100');
    expect((await period(carrying, '2026-11')).rolloverOut).toBe('-30');
    expect((await period(carrying, '2026-12')).limit).toBe('70');
  });

  it('moves the limit of a next-period counter that already exists, and keeps a full hard budget safe under a negative carry', async () => {
    const b = await budgetAt('2026-11-03T00:00:00Z', { rollover: { enabled: true, overspend: 'carry' } });
    await usage(b, '100');
    // Usage dated five minutes ahead at 23:58 on Nov 30 (overspends November by 5) opens December's counter first.
    at('2026-11-30T23:58:00Z');
    await usage(b, '5', Date.parse('2026-12-01T00:01:00Z'));
    await usage(b, '5');
    at('2026-12-01T00:10:00Z');
    expect((await hold(b, '95')).status).toBe(201); // December full: 5 spent + 95 held
    await runJob();
    expect(await period(b, '2026-11')).toMatchObject({ spent: '105', rolloverOut: '-5' });
    expect(await period(b, '2026-12')).toMatchObject({ limit: '95', spent: '5', reserved: '95', available: '-5' });
    await expect(hold(b, '1')).rejects.toMatchObject({ name: 'BudgetExceededError' });
  });

  it('closes once when two runs overlap', async () => {
    const b = await budgetAt('2026-11-03T00:00:00Z', { rollover: { enabled: true } });
    at('2026-12-01T00:30:00Z');
    const runs = await Promise.all([runJob(), runJob(), services().money.closePeriod(actor(b.tenantId), b.id, '2026-11', testAudit)]);
    expect(runs[2].state).toBe('closed');
    expect(await rolloverEntries(b)).toHaveLength(1);
    expect((await period(b, '2026-12')).limit).toBe('200');
  });

  it('resumes after a crash: the close and its rollover commit together, once', async () => {
    const b = await budgetAt('2026-11-03T00:00:00Z', { rollover: { enabled: true } });
    at('2026-12-01T00:30:00Z');
    failNextClose = true;
    const crashed = await runJob();
    expect(crashed.failed).toBeGreaterThanOrEqual(1);
    expect((await period(b, '2026-11')).state).toBe('open');
    expect(await rolloverEntries(b)).toHaveLength(0);
    await runJob();
    expect(await period(b, '2026-11')).toMatchObject({ state: 'closed', rolloverOut: '100' });
    expect(await rolloverEntries(b)).toHaveLength(1);
  });

  it('lands usage dated into a closed period there, as late spend, without rolling again', async () => {
    const b = await budgetAt('2026-11-03T00:00:00Z', { rollover: { enabled: true } });
    await usage(b, '40');
    at('2026-12-01T00:30:00Z');
    await runJob();
    at('2026-12-01T00:31:00Z');
    await usage(b, '7', Date.parse('2026-11-30T23:00:00Z'));
    expect(await period(b, '2026-11')).toMatchObject({ state: 'closed', spent: '40', lateSpent: '7', rolloverOut: '60' });
    expect((await period(b, '2026-12')).limit).toBe('160');
  });

  it('counts a hold held at close as used then: its later charge is late spend only above the held amount', async () => {
    const b = await budgetAt('2026-11-03T00:00:00Z', { rollover: { enabled: true } });
    await usage(b, '20');
    at('2026-11-29T00:00:00Z'); // holds last at most a week
    const under = await hold(b, '10');
    const over = await hold(b, '5');
    at('2026-12-01T00:30:00Z');
    await runJob();
    at('2026-12-01T00:31:00Z');
    const chargeOf = (answer: { body: unknown }, amount: string) =>
      services().money.charge(actor(b.tenantId), (answer.body as { id: string }).id, { amountMicros: micros(amount) }, { respond });
    await chargeOf(under, '8');
    await chargeOf(over, '7');
    await usage(b, '3', Date.parse('2026-11-30T23:00:00Z'));
    expect(await period(b, '2026-11')).toMatchObject({ state: 'closed', spent: '20', reserved: '15', lateSpent: '5', rolloverOut: '65' });
  });

  it('counts a hold approved after its period closed as late spend when it is charged (it was not in the figures frozen at close)', async () => {
    const b = await budgetAt('2026-11-03T00:00:00Z', { enforcement: 'approval' });
    await usage(b, '95');
    at('2026-11-30T23:00:00Z');
    const asked = await hold(b, '30');
    expect(asked.status).toBe(202);
    at('2026-12-01T00:30:00Z');
    await runJob();
    at('2026-12-01T01:00:00Z');
    const approvalId = (asked.body as { approvalId: string }).approvalId;
    const decided = await services().approvals.decide({ ...actor(b.tenantId), maxApprovalLevel: 'executive' }, approvalId, 'approve', {}, testAudit, { respond: (approval) => ({ status: 200, body: approval }) });
    expect(decided.status).toBe(200);
    await services().money.charge(actor(b.tenantId), (asked.body as { id: string }).id, {}, { respond });
    expect(await period(b, '2026-11')).toMatchObject({ state: 'closed', spent: '95', reserved: '0', lateSpent: '30' });
  });

  it('closes by hand a period of an archived budget after its last scheduled one, answering it closed', async () => {
    const b = await budgetAt('2026-11-03T00:00:00Z', {});
    await services().budgets.archive(b.tenantId, b.id, undefined, testAudit);
    at('2027-01-05T00:00:00Z');
    const record = await services().money.closePeriod(actor(b.tenantId), b.id, '2026-12', testAudit);
    expect([record.window.key, record.state]).toEqual(['2026-12', 'closed']);
    expect((await period(b, '2026-11')).state).toBe('closed');
  });

  it('never closes a lifetime budget, closes a custom one at its end without rolling, and refuses a close before the end', async () => {
    const lifetime = await budgetAt('2026-11-03T00:00:00Z', { period: { type: 'lifetime' }, rollover: { enabled: true } });
    const custom = await budgetAt('2026-11-03T00:00:00Z', {
      period: { type: 'custom', startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-11-20T00:00:00Z' }, rollover: { enabled: true },
    });
    await expect(services().money.closePeriod(actor(custom.tenantId), custom.id, 'custom', testAudit)).rejects.toMatchObject({ name: 'ConflictError' });
    at('2026-11-21T00:00:00Z');
    await runJob();
    expect(await period(custom, 'custom')).toMatchObject({ state: 'closed', rolloverOut: '0' });
    expect(await rolloverEntries(custom)).toHaveLength(0);
    await expect(services().money.closePeriod(actor(lifetime.tenantId), lifetime.id, 'lifetime', testAudit)).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await period(lifetime, 'lifetime')).state).toBe('open');
  });

  it('lists the periods with activity, newest first, and answers a closed period the same when closed again', async () => {
    const b = await budgetAt('2026-10-03T00:00:00Z', { rollover: { enabled: true } });
    await usage(b, '10');
    at('2026-11-02T00:00:00Z');
    const closed = await services().money.closePeriod(actor(b.tenantId), b.id, '2026-10', testAudit);
    expect(await services().money.closePeriod(actor(b.tenantId), b.id, '2026-10', testAudit)).toEqual(closed);
    const page = await services().money.periods(b.tenantId, b.id);
    expect(page.items.map((record) => [record.window.key, record.state])).toEqual([['2026-11', 'open'], ['2026-10', 'closed']]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMoneyStore, type TableContext } from '../../shared/adapters/dynamodb/index.js';
import { LimitExceededNotices, type LimitExceededNotice } from '../../shared/domain/money/limit-exceeded.js';
import { BudgetEvent } from '../../shared/schemas/events.js';
import { budgetMaker, startTestApi, type TestApi } from '../support/local-api.js';
import { newMoneyTable, tableContext } from '../support/money-table.js';

/**
 * Issue 16: budget.created|updated|archived and budget.limit_exceeded through the outbox: the
 * real handlers over the local gateway, the stream read by the same consumer as in AWS.
 */
let api: TestApi;
let key: string;
let table: TableContext;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('events'));
  table = tableContext(await newMoneyTable('limit-notices'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Events', scope: { type: 'team', id: 'events' }, limit: '10' });
const eventsOf = (budgetId: string, type?: string) => api.events.filter((event) => event.budgetId === budgetId && (type === undefined || event.type === type));

async function drained() {
  // Twice: the first pass may write what the second publishes (an alert fired by a counter).
  await api.stack.streams.drain();
  await api.stack.streams.drain();
}

describe('budget events', () => {
  it('publish each budget change once, named by its audit entry, with the changed fields', async () => {
    const id = await budget();
    expect((await api.call('PATCH', `/v1/budgets/${id}`, { key, body: { limit: '12', name: 'Events 2' } })).status).toBe(200);
    expect((await api.call('DELETE', `/v1/budgets/${id}`, { key })).status).toBe(204);
    // A write that fails publishes nothing.
    expect((await api.call('PATCH', `/v1/budgets/${id}`, { key, body: { limit: '1' }, headers: { 'If-Match': '"1"' } })).status).toBe(412);
    await drained();
    await drained();

    const events = eventsOf(id);
    expect(events.map((event) => event.type)).toEqual(['budget.created', 'budget.updated', 'budget.archived']);
    for (const event of events) expect(BudgetEvent.safeParse(event).success).toBe(true);
    const trail = (await api.call('GET', `/v1/audit?resourceType=budget&resourceId=${id}`, { key })).body.items;
    expect(events.map((event) => event.id)).toEqual(trail.map((entry: { id: string }) => entry.id).reverse());
    const updated = events[1]!;
    expect(updated).toMatchObject({
      version: 1, tenantId: expect.any(String), severity: 'info', occurredAt: trail[1].at,
      data: { auditId: trail[1].id, actor: { name: 'admin' }, changes: { limit: { from: '10', to: '12' }, name: { from: 'Events', to: 'Events 2' } } },
    });
    expect(events[2]!.data).toMatchObject({ changes: { status: { from: 'active', to: 'archived' } } });
  });

  it('publish budget.limit_exceeded once for many refusals of a hard budget in an hour, with the counter as refused', async () => {
    const id = await budget({ enforcement: 'hard' });
    expect((await api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '8' } })).status).toBe(201);
    const refusals = await Promise.all(Array.from({ length: 4 }, () => api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '5' } })));
    expect(refusals.map((answer) => answer.status)).toEqual([409, 409, 409, 409]);
    // The pre-flight check refuses nothing and notes nothing.
    expect((await api.call('POST', '/v1/check', { key, body: { budgetIds: [id], amount: '50' } })).status).toBe(200);
    await drained();

    const exceeded = eventsOf(id, 'budget.limit_exceeded');
    expect(exceeded).toHaveLength(1);
    expect(BudgetEvent.parse(exceeded[0])).toMatchObject({
      severity: 'warning',
      data: { requested: '5', amounts: { limit: '10', spent: '0', reserved: '8', available: '2', utilization: 80 }, budget: { id, enforcement: 'hard' } },
    });
  });

  it('publish nothing for a soft budget going over, nor for an approval budget asking', async () => {
    const soft = await budget({ enforcement: 'soft' });
    const approval = await budget({ enforcement: 'approval' });
    for (const id of [soft, approval]) await api.call('POST', `/v1/budgets/${id}/reservations`, { key, body: { amount: '50' } });
    await drained();
    expect([...eventsOf(soft, 'budget.limit_exceeded'), ...eventsOf(approval, 'budget.limit_exceeded')]).toEqual([]);
  });
});

describe('limit notices', () => {
  const notice = (refusedAtMs: number, periodKey = '2026-11'): LimitExceededNotice => ({
    tenantId: 'notices', budgetId: 'bud_1', periodKey, refusedAtMs, requestedMicros: 5n, limitMicros: 10n, availableMicros: 2n, reservedMicros: 8n,
  });
  const T = Date.parse('2026-11-20T10:00:00Z');

  it('are noted at most once an hour per budget and period, whichever process notes them', async () => {
    const store = new DynamoMoneyStore(table);
    const notedAt = async (note: LimitExceededNotice) => (await store.noteLimitExceeded(note)).notedAtMs;
    expect(await notedAt(notice(T))).toBe(T);
    // Not noted: the answer names the notice that stands.
    expect(await notedAt(notice(T + 59 * 60_000))).toBe(T);
    expect(await notedAt(notice(T, '2026-12'))).toBe(T);
    expect(await notedAt(notice(T + 60 * 60_000))).toBe(T + 60 * 60_000);
    expect(await notedAt(notice(T + 61 * 60_000))).toBe(T + 60 * 60_000);
  });

  it('are tried once an hour by one process however often it refuses, a minute after a failure, and never fail the refusal', async () => {
    const tried: number[] = [];
    let failNext = false;
    let standing: number | undefined;
    const notices = new LimitExceededNotices({
      noteLimitExceeded: async (note) => {
        tried.push(note.refusedAtMs);
        if (failNext) {
          failNext = false;
          throw new Error('throttled');
        }
        return { notedAtMs: standing ?? note.refusedAtMs };
      },
    });
    failNext = true;
    await notices.refused(notice(T));
    for (const seconds of [1, 30, 59, 60, 61, 1800, 3659]) await notices.refused(notice(T + seconds * 1000));
    // The failed note is tried again a minute later; then quiet for an hour from the one noted.
    expect(tried).toEqual([T, T + 60_000]);
    await notices.refused(notice(T + 3660 * 1000));
    expect(tried).toEqual([T, T + 60_000, T + 3660 * 1000]);
    // Another process noted 10 minutes ago: quiet until that note's hour ends.
    standing = T + 3660 * 1000 + 50 * 60_000;
    await notices.refused(notice(standing + 10 * 60_000, '2026-12'));
    await notices.refused(notice(standing + 59 * 60_000, '2026-12'));
    await notices.refused(notice(standing + 60 * 60_000, '2026-12'));
    expect(tried.slice(3)).toEqual([standing + 10 * 60_000, standing + 60 * 60_000]);
  });
});

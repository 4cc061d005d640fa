import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

type Entry = { id: string; at: string; actor: { keyId?: string; name?: string; system?: string }; action: string; resourceType: string; resourceId: string; requestId: string; changes: Record<string, { from: unknown; to: unknown }> };

const audit = async (key: string, query = ''): Promise<Entry[]> => {
  const answer = await api.call('GET', `/v1/audit?limit=100${query}`, { key });
  expect(answer.status).toBe(200);
  return answer.body.items;
};

async function tenantWithKeyIds() {
  const tenant = await api.newTenant('audit');
  const keys = await api.call('GET', '/v1/api-keys', { key: tenant.adminKey });
  return { ...tenant, adminKeyId: keys.body.items[0].id as string };
}

describe('audit trail', () => {
  it('records budget writes with actor, request id and the fields changed, newest first', async () => {
    const tenant = await tenantWithKeyIds();
    const id = await budgetMaker(() => api, () => tenant.adminKey, { name: 'Team', scope: { type: 'team', id: 'a' }, limit: '100' })();
    const patched = await api.call('PATCH', `/v1/budgets/${id}`, { key: tenant.adminKey, body: { limit: '150.5', name: 'Team A' } });
    expect(patched.status).toBe(200);
    expect((await api.call('DELETE', `/v1/budgets/${id}`, { key: tenant.adminKey })).status).toBe(204);

    const entries = await audit(tenant.adminKey, `&resourceType=budget&resourceId=${id}`);
    expect(entries.map((entry) => entry.action)).toEqual(['budget.archived', 'budget.updated', 'budget.created']);
    const [archived, updated, created] = entries as [Entry, Entry, Entry];
    expect(updated).toMatchObject({
      actor: { keyId: tenant.adminKeyId, name: 'admin' }, resourceType: 'budget', resourceId: id,
      changes: { limit: { from: '100', to: '150.5' }, name: { from: 'Team', to: 'Team A' } },
    });
    expect(Object.keys(updated.changes).sort()).toEqual(['limit', 'name']);
    expect(updated.requestId).toMatch(/\S/);
    expect(archived.changes).toEqual({ status: { from: 'active', to: 'archived' } });
    expect(created.changes.limit).toEqual({ from: null, to: '100' });
    expect(created.changes.scope).toEqual({ from: null, to: { type: 'team', id: 'a' } });
    expect(Date.parse(archived.at)).toBeGreaterThanOrEqual(Date.parse(created.at));
  });

  it('writes nothing for a write that fails', async () => {
    const tenant = await tenantWithKeyIds();
    const id = await budgetMaker(() => api, () => tenant.adminKey, { name: 'Team', scope: { type: 'team', id: 'b' }, limit: '100' })();
    const before = await audit(tenant.adminKey);
    const stale = await api.call('PATCH', `/v1/budgets/${id}`, { key: tenant.adminKey, body: { limit: '1' }, headers: { 'If-Match': '"7"' } });
    expect(stale.status).toBe(412);
    const invalid = await api.call('PATCH', `/v1/budgets/${id}`, { key: tenant.adminKey, body: { limit: 5 } });
    expect(invalid.status).toBe(400);
    expect((await api.call('POST', '/v1/budgets', { key: tenant.adminKey, body: { name: 'x', scope: { type: 'team', id: 'c' }, currency: 'USD', limit: '1', period: { type: 'monthly' }, parentId: 'bud_missing' } })).status).toBe(404);
    expect(await audit(tenant.adminKey)).toEqual(before);
  });

  it('records tenants and keys (created, rotated, revoked) without any secret', async () => {
    const tenant = await tenantWithKeyIds();
    const first = await audit(tenant.adminKey);
    expect(first.map((entry) => entry.action).sort()).toEqual(['apiKey.created', 'tenant.created']);
    // The platform key that created it belongs to another tenant: the trail names the platform only.
    expect(first.find((entry) => entry.action === 'tenant.created')).toMatchObject({ resourceId: tenant.tenantId, actor: { system: 'platform' } });

    const created = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'ci', roles: ['writer'], rateLimit: { requestsPerSecond: 5, burst: 5 } } });
    const rotated = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: tenant.adminKey, body: { graceSeconds: 30 } });
    await api.call('DELETE', `/v1/api-keys/${created.body.id}`, { key: tenant.adminKey });
    const entries = await audit(tenant.adminKey, `&resourceType=apiKey&resourceId=${created.body.id}`);
    expect(entries.map((entry) => entry.action)).toEqual(['apiKey.revoked', 'apiKey.rotated', 'apiKey.created']);
    expect(entries[2]!.changes).toMatchObject({ name: { from: null, to: 'ci' }, roles: { from: null, to: ['writer'] }, rateLimit: { from: null, to: { requestsPerSecond: 5, burst: 5 } } });
    expect(entries[1]!.changes.graceSeconds).toEqual({ from: null, to: 30 });
    expect(entries[0]!.changes.status).toEqual({ from: 'active', to: 'revoked' });
    const text = JSON.stringify(await audit(tenant.adminKey));
    for (const secret of [created.body.key, rotated.body.key]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/secretHash|[0-9a-f]{64}/);
  });

  it('records a template applied and every budget it created, in the same write', async () => {
    const tenant = await tenantWithKeyIds();
    const applied = await api.call('POST', '/v1/templates/wedding/apply', { key: tenant.adminKey, body: { name: 'Our wedding', scope: { type: 'project', id: 'w' }, currency: 'EUR', limit: '20000', period: { type: 'lifetime' } } });
    expect(applied.status).toBe(201);
    const ids: string[] = applied.body.budgets.map((budget: { id: string }) => budget.id);
    const [template] = await audit(tenant.adminKey, '&action=template.applied');
    expect(template).toMatchObject({ resourceType: 'template', resourceId: 'wedding', changes: { budgets: { from: null, to: ids } } });
    const created = await audit(tenant.adminKey, '&action=budget.created');
    expect(created.map((entry) => entry.resourceId).sort()).toEqual([...ids].sort());
  });

  it('records an alert acknowledged once, not its repeats', async () => {
    const tenant = await tenantWithKeyIds();
    const id = await budgetMaker(() => api, () => tenant.adminKey, { name: 'Alerting', scope: { type: 'team', id: 'al' }, limit: '10', thresholds: [50] })();
    await api.call('POST', `/v1/budgets/${id}/usage`, { key: tenant.adminKey, body: { amount: '6' } });
    await api.stack.streams.drain();
    const alertId = (await api.call('GET', `/v1/budgets/${id}/alerts`, { key: tenant.adminKey })).body.items[0].id;
    for (let i = 0; i < 2; i++) expect((await api.call('POST', `/v1/alerts/${alertId}/acknowledge`, { key: tenant.adminKey })).status).toBe(200);
    const entries = await audit(tenant.adminKey, '&resourceType=alert');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'alert.acknowledged', resourceId: alertId, changes: { state: { from: 'active', to: 'acknowledged' } } });
  });

  it('records approvals decided, periods closed by hand and corrections, each with its write', async () => {
    const tenant = await tenantWithKeyIds();
    const make = budgetMaker(() => api, () => tenant.adminKey, { name: 'Decided', scope: { type: 'team', id: 'dec' }, limit: '100' });
    const approvalBudget = await make({ enforcement: 'approval', approvalPolicy: { ttlSeconds: 3600 } });
    const pending = [];
    for (let i = 0; i < 2; i++) pending.push((await api.call('POST', `/v1/budgets/${approvalBudget}/reservations`, { key: tenant.adminKey, body: { amount: '150' } })).body.approvalId as string);
    const [approved, denied] = pending as [string, string];
    expect((await api.call('POST', `/v1/approvals/${approved}/approve`, { key: tenant.adminKey, body: { comment: 'launch week' } })).status).toBe(200);
    expect((await api.call('POST', `/v1/approvals/${denied}/deny`, { key: tenant.adminKey, body: {} })).status).toBe(200);
    // A decision refused (already decided) writes no entry.
    expect((await api.call('POST', `/v1/approvals/${approved}/deny`, { key: tenant.adminKey, body: {} })).status).toBe(409);
    const decisions = await audit(tenant.adminKey, '&resourceType=approval');
    expect(decisions.map((entry) => [entry.action, entry.resourceId])).toEqual([['approval.denied', denied], ['approval.approved', approved]]);
    expect(decisions[1]).toMatchObject({
      actor: { keyId: tenant.adminKeyId, name: 'admin' },
      changes: { status: { from: 'pending', to: 'approved' }, decidedBy: { from: null, to: tenant.adminKeyId }, comment: { from: null, to: 'launch week' } },
    });

    const custom = await make({ period: { type: 'custom', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' } });
    for (let i = 0; i < 2; i++) expect((await api.call('POST', `/v1/budgets/${custom}/periods/custom/close`, { key: tenant.adminKey })).status).toBe(200);
    const closes = await audit(tenant.adminKey, `&resourceType=period&resourceId=${custom}/custom`);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ action: 'period.closed', changes: { state: { from: 'open', to: 'closed' }, rolloverOut: { from: null, to: '0' } } });

    const correction = await api.call('POST', `/v1/budgets/${custom}/corrections`, { key: tenant.adminKey, body: { periodKey: 'custom', spentDelta: '-2.5', reason: 'credit note 17' } });
    expect(correction.status).toBe(201);
    const [corrected] = await audit(tenant.adminKey, '&action=correction.created');
    expect(corrected).toMatchObject({
      resourceType: 'ledgerEntry', resourceId: correction.body.id,
      changes: { budgetId: { from: null, to: custom }, periodKey: { from: null, to: 'custom' }, spentDelta: { from: null, to: '-2.5' }, reason: { from: null, to: 'credit note 17' } },
    });
  });

  it('filters by time and walks pages newest first, each entry once', async () => {
    const tenant = await tenantWithKeyIds();
    const make = budgetMaker(() => api, () => tenant.adminKey, { name: 'B', scope: { type: 'team', id: 'p' }, limit: '1' });
    for (let i = 0; i < 5; i++) await make();
    const all = await audit(tenant.adminKey);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Entry[]; nextCursor: string | null } } = await api.call('GET', `/v1/audit?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: tenant.adminKey });
      seen.push(...page.body.items.map((entry) => entry.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((entry) => entry.id));
    expect(seen).toEqual([...seen].sort().reverse());

    const middle = all[3]!.at;
    const upTo = await audit(tenant.adminKey, `&to=${middle}`);
    expect(upTo.every((entry) => entry.at <= middle)).toBe(true);
    expect(upTo.map((entry) => entry.id)).toContain(all[3]!.id);
    const since = await audit(tenant.adminKey, `&from=${middle}`);
    expect(since.every((entry) => entry.at >= middle)).toBe(true);
    expect(since.length + upTo.length).toBeGreaterThanOrEqual(all.length);
  });

  it('is for admins only, refuses bad filters, and no route changes or deletes an entry', async () => {
    const tenant = await tenantWithKeyIds();
    const viewer = await api.newKey(tenant.adminKey, ['viewer', 'manager']);
    const refused = await api.call('GET', '/v1/audit', { key: viewer });
    expect([refused.status, slugOf(refused.body)]).toEqual([403, 'forbidden']);
    const bad = await api.call('GET', '/v1/audit?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', { key: tenant.adminKey });
    expect([bad.status, bad.body.errors?.[0]?.pointer]).toEqual([400, '/query/from']);
    for (const query of ['from=1969-12-31T23:59:59Z', 'to=1969-12-31T23:59:59Z', 'from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z', 'to=9000-01-01T00:00:00Z']) {
      const answer = await api.call('GET', `/v1/audit?${query}`, { key: tenant.adminKey });
      expect([answer.status, slugOf(answer.body)], query).toEqual([400, 'validation-error']);
    }
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect((await api.call(method, '/v1/audit', { key: tenant.adminKey, body: {} })).status).toBe(405);
    }
    const other = await api.newTenant('audit');
    expect(JSON.stringify(await audit(other.adminKey))).not.toContain(tenant.tenantId);
  });
});

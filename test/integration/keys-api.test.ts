import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAccessStore } from '../../shared/adapters/dynamodb/access-store.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/index.js';
import { AccessService } from '../../shared/domain/access/index.js';
import { localDynamoDbClientConfig } from '../../local/dynamodb-local.js';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';
import { testAudit } from '../support/audit.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const store = () => new DynamoAccessStore({ tableName: api.stack.tableName, client: createDocumentClient(localDynamoDbClientConfig(api.stack.dynamoEndpoint)) });

describe('GET /v1/tenants', () => {
  it('lists every tenant by id for a platform key, page by page, and only for it', async () => {
    const created = [await api.newTenant('list'), await api.newTenant('list'), await api.newTenant('list')];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ id: string; name: string; createdAt: string }>; nextCursor: string | null } } =
        await api.call('GET', `/v1/tenants?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const tenant of page.body.items) expect(Object.keys(tenant).sort()).toEqual(['createdAt', 'id', 'name']);
      seen.push(...page.body.items.map((tenant) => tenant.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    for (const tenant of created) expect(seen).toContain(tenant.tenantId);

    const admin = await api.call('GET', '/v1/tenants', { key: created[0]!.adminKey });
    expect([admin.status, slugOf(admin.body)]).toEqual([403, 'forbidden']);
  });
});

describe('key levels, limits and last use', () => {
  it('stores maxApprovalLevel and rateLimit, shows the defaults, and notes when a key was used', async () => {
    const tenant = await api.newTenant('keys');
    const created = await api.call('POST', '/v1/api-keys', {
      key: tenant.adminKey, body: { name: 'team lead', roles: ['approver'], maxApprovalLevel: 'manager', rateLimit: { requestsPerSecond: 5, burst: 10 } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ maxApprovalLevel: 'manager', rateLimit: { requestsPerSecond: 5, burst: 10 }, lastUsedAt: null });

    const before = Date.now();
    expect((await api.call('GET', '/v1/budgets', { key: created.body.key })).status).toBe(200);
    const listed = await api.call('GET', '/v1/api-keys', { key: tenant.adminKey });
    const lead = listed.body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(Date.parse(lead.lastUsedAt)).toBeGreaterThanOrEqual(before - 1000);
    const admin = listed.body.items.find((item: { name: string }) => item.name === 'admin');
    expect(admin).toMatchObject({ maxApprovalLevel: 'executive', rateLimit: { requestsPerSecond: 1000, burst: 2000 } });
  });

  it.each([
    [{ rateLimit: { requestsPerSecond: 0, burst: 1 } }, '/rateLimit/requestsPerSecond'],
    [{ rateLimit: { requestsPerSecond: 1.5, burst: 1 } }, '/rateLimit/requestsPerSecond'],
    [{ rateLimit: { requestsPerSecond: 5, burst: 2001 } }, '/rateLimit/burst'],
    [{ rateLimit: { requestsPerSecond: 1001, burst: 5 } }, '/rateLimit/requestsPerSecond'],
    [{ maxApprovalLevel: 'automatic' }, '/maxApprovalLevel'],
  ])('refuses %j with a pointer', async (extra, pointer) => {
    const tenant = await api.newTenant('keys');
    const answer = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'x', roles: ['viewer'], ...extra } });
    expect([answer.status, slugOf(answer.body)]).toEqual([400, 'validation-error']);
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
  });

  it('writes lastUsedAt at most once a minute per key', async () => {
    let nowMs = Date.parse('2026-11-24T10:00:00.000Z');
    const service = new AccessService(store(), () => nowMs);
    const tenant = await api.newTenant('use');
    const issued = await service.createApiKey({ tenantId: tenant.tenantId, roles: ['admin'] }, { name: 'x', roles: ['viewer'] }, testAudit);
    const lastUsed = async () => (await store().getApiKey(tenant.tenantId, issued.record.keyId))?.lastUsedAt;

    await service.noteUse(issued.record);
    expect(await lastUsed()).toBe('2026-11-24T10:00:00.000Z');
    nowMs += 59_000;
    await service.noteUse(issued.record);
    // Another process (no memo) within the minute: the condition keeps the first write.
    await new AccessService(store(), () => nowMs).noteUse(issued.record);
    expect(await lastUsed()).toBe('2026-11-24T10:00:00.000Z');
    nowMs += 1_000;
    await service.noteUse(issued.record);
    expect(await lastUsed()).toBe('2026-11-24T10:01:00.000Z');
  });
});

describe('POST /v1/api-keys/{id}/rotate', () => {
  const use = (key: string) => api.call('GET', '/v1/budgets', { key }).then((answer) => answer.status);

  it('issues a new secret for the same key; the old one stops at once without grace', async () => {
    const tenant = await api.newTenant('rotate');
    const created = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'ci', roles: ['viewer'], maxApprovalLevel: 'director' } });
    const rotated = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: tenant.adminKey });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ id: created.body.id, name: 'ci', roles: ['viewer'], maxApprovalLevel: 'director' });
    expect(rotated.body.key).not.toBe(created.body.key);
    expect(await use(rotated.body.key)).toBe(200);
    expect(await use(created.body.key)).toBe(401);
    const listed = await api.call('GET', '/v1/api-keys', { key: tenant.adminKey });
    expect(listed.body.items.filter((item: { id: string }) => item.id === created.body.id)).toHaveLength(1);
  });

  it('keeps the old secret for the grace period, ends it on the next rotation, and revocation ends both', async () => {
    const tenant = await api.newTenant('rotate');
    const created = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'ci', roles: ['viewer'] } });
    const first = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: tenant.adminKey, body: { graceSeconds: 3600 } });
    expect([await use(created.body.key), await use(first.body.key)]).toEqual([200, 200]);

    const second = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: tenant.adminKey, body: { graceSeconds: 3600 } });
    expect([await use(created.body.key), await use(first.body.key), await use(second.body.key)]).toEqual([401, 200, 200]);

    expect((await api.call('DELETE', `/v1/api-keys/${created.body.id}`, { key: tenant.adminKey })).status).toBe(204);
    expect([await use(first.body.key), await use(second.body.key)]).toEqual([401, 401]);
    const again = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: tenant.adminKey });
    expect([again.status, slugOf(again.body)]).toEqual([404, 'not-found']);
  });

  it('ends the grace when it is over (the clock the service takes)', async () => {
    let nowMs = Date.parse('2026-11-24T10:00:00.000Z');
    const service = new AccessService(store(), () => nowMs);
    const tenant = await api.newTenant('grace');
    const issued = await service.createApiKey({ tenantId: tenant.tenantId, roles: ['admin'] }, { name: 'x', roles: ['viewer'] }, testAudit);
    const rotated = await service.rotateApiKey(tenant.tenantId, issued.record.keyId, 60, testAudit);
    nowMs += 59_999;
    await expect(service.authenticate(issued.secret)).resolves.toMatchObject({ keyId: issued.record.keyId });
    nowMs += 1;
    await expect(service.authenticate(issued.secret)).rejects.toMatchObject({ name: 'UnauthorizedError' });
    await expect(service.authenticate(rotated.secret)).resolves.toMatchObject({ keyId: issued.record.keyId });
  });

  it('refuses bad input, other tenants\' keys and non-admins, changing nothing', async () => {
    const tenant = await api.newTenant('rotate');
    const other = await api.newTenant('rotate');
    const created = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'ci', roles: ['viewer'] } });
    const tooLong = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: tenant.adminKey, body: { graceSeconds: 86_401 } });
    expect([tooLong.status, tooLong.body.errors?.[0]?.pointer]).toEqual([400, '/graceSeconds']);
    const foreign = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: other.adminKey });
    expect([foreign.status, slugOf(foreign.body)]).toEqual([404, 'not-found']);
    const viewer = await api.call('POST', `/v1/api-keys/${created.body.id}/rotate`, { key: created.body.key });
    expect([viewer.status, slugOf(viewer.body)]).toEqual([403, 'forbidden']);
    expect(await use(created.body.key)).toBe(200);
  });
});

describe('maxApprovalLevel', () => {
  it('lets an approver decide up to its level and refuses above it with 403, changing nothing', async () => {
    const tenant = await api.newTenant('levels');
    const writer = await api.newKey(tenant.adminKey, ['writer']);
    const managerKey = (await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'lead', roles: ['approver'], maxApprovalLevel: 'manager' } })).body.key;
    const budgetId = await budgetMaker(() => api, () => tenant.adminKey, { name: 'Approvals', scope: { type: 'project', id: 'lv' }, limit: '100', enforcement: 'approval' })();
    const ask = async (amount: string) => (await api.call('POST', `/v1/budgets/${budgetId}/reservations`, { key: writer, body: { amount } })).body.approvalId as string;

    const managerLevel = await ask('110');
    const directorLevel = await ask('140');
    const levels = await Promise.all([managerLevel, directorLevel].map(async (id) => (await api.call('GET', `/v1/approvals/${id}`, { key: tenant.adminKey })).body.level));
    expect(levels).toEqual(['manager', 'director']);

    const refused = await api.call('POST', `/v1/approvals/${directorLevel}/approve`, { key: managerKey, body: {} });
    expect([refused.status, slugOf(refused.body)]).toEqual([403, 'forbidden']);
    expect(refused.body.detail).toContain('director');
    expect((await api.call('GET', `/v1/approvals/${directorLevel}`, { key: tenant.adminKey })).body.status).toBe('pending');

    const approved = await api.call('POST', `/v1/approvals/${managerLevel}/approve`, { key: managerKey, body: {} });
    expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
    const denied = await api.call('POST', `/v1/approvals/${directorLevel}/deny`, { key: tenant.adminKey, body: {} });
    expect([denied.status, denied.body.status]).toEqual([200, 'denied']);
  });
});

describe('per-key rate limits', () => {
  it('answers 429 rate-limited with Retry-After past a key\'s limit, while another tenant\'s key is not slowed', async () => {
    const noisy = await api.newTenant('noisy');
    const quiet = await api.newTenant('quiet');
    const limited = (await api.call('POST', '/v1/api-keys', { key: noisy.adminKey, body: { name: 'batch', roles: ['viewer'], rateLimit: { requestsPerSecond: 2, burst: 3 } } })).body.key;

    const [noisyAnswers, quietAnswers] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, () => api.call('GET', '/v1/budgets', { key: limited }))),
      Promise.all(Array.from({ length: 20 }, () => api.call('GET', '/v1/budgets', { key: quiet.adminKey }))),
    ]);
    const refused = noisyAnswers.filter((answer) => answer.status === 429);
    expect(noisyAnswers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(5);
    expect(refused.length).toBeGreaterThanOrEqual(15);
    expect(slugOf(refused[0]!.body)).toBe('rate-limited');
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    expect(quietAnswers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugOf, startTestApi, type TestApi } from '../support/local-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('GET /v1/health', () => {
  it('answers without a key', async () => {
    const health = await api.call('GET', '/v1/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document', async () => {
    const document = await api.call('GET', '/v1/openapi.json', { key: null });
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    expect(Object.keys(document.body.paths)).toContain('/v1/budgets/{id}');
  });
});

describe('authentication', () => {
  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic abc'],
    ['a malformed bearer', 'Bearer '],
    ['an unknown key', 'Bearer bgt_unknownkeyunknownkeyunknownkeyunknownkey1'],
  ])('answers %s with 401 problem+json', async (_, authorization) => {
    const answer = await api.call('GET', '/v1/budgets', { key: null, headers: authorization ? { Authorization: authorization } : {} });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(slugOf(answer.body)).toBe('unauthorized');
  });

  it('answers unknown paths with 404 and unsupported methods with 405', async () => {
    const unknown = await api.call('GET', '/v1/nothing-here');
    expect([unknown.status, slugOf(unknown.body)]).toEqual([404, 'not-found']);
    const put = await api.call('PUT', '/v1/budgets/bud_x', { body: {} });
    expect([put.status, slugOf(put.body)]).toEqual([405, 'method-not-allowed']);
    expect(put.headers.get('allow')).toContain('PATCH');
  });
});

describe('POST /v1/tenants', () => {
  it('creates a tenant with an admin key that works at once', async () => {
    const created = await api.call('POST', '/v1/tenants', { body: { id: 'acme-corp', name: 'Acme' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'acme-corp', name: 'Acme', apiKey: { roles: ['admin'] } });
    expect(created.body.apiKey.key).toMatch(/^bgt_/);
    const listed = await api.call('GET', '/v1/api-keys', { key: created.body.apiKey.key });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).not.toHaveProperty('key');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.apiKey.key);
  });

  it('refuses a duplicate tenant id with 409 and bad ids with 400', async () => {
    await api.call('POST', '/v1/tenants', { body: { id: 'dupe', name: 'One' } });
    const again = await api.call('POST', '/v1/tenants', { body: { id: 'dupe', name: 'Two' } });
    expect([again.status, slugOf(again.body)]).toEqual([409, 'conflict']);
    const bad = await api.call('POST', '/v1/tenants', { body: { id: 'Not Valid!', name: 'x' } });
    expect(bad.status).toBe(400);
  });

  it('is for platform keys only', async () => {
    const tenant = await api.newTenant();
    const answer = await api.call('POST', '/v1/tenants', { key: tenant.adminKey, body: { id: 'sneaky', name: 'x' } });
    expect([answer.status, slugOf(answer.body)]).toEqual([403, 'forbidden']);
  });
});

describe('API keys', () => {
  it('creates, lists and revokes keys; a revoked key stops working at once', async () => {
    const tenant = await api.newTenant();
    const created = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'ci', roles: ['writer', 'viewer'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', roles: ['writer', 'viewer'] });
    const key = created.body.key as string;
    expect((await api.call('GET', '/v1/budgets', { key })).status).toBe(200);
    const revoked = await api.call('DELETE', `/v1/api-keys/${created.body.id}`, { key: tenant.adminKey });
    expect(revoked.status).toBe(204);
    expect((await api.call('GET', '/v1/budgets', { key })).status).toBe(401);
    const listed = await api.call('GET', '/v1/api-keys', { key: tenant.adminKey });
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
  });

  it('keeps keys to admins, and the platform role to platform keys', async () => {
    const tenant = await api.newTenant();
    const manager = await api.newKey(tenant.adminKey, ['manager']);
    expect((await api.call('POST', '/v1/api-keys', { key: manager, body: { name: 'x', roles: ['viewer'] } })).status).toBe(403);
    expect((await api.call('GET', '/v1/api-keys', { key: manager })).status).toBe(403);
    const escalate = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'x', roles: ['platform'] } });
    expect(escalate.status).toBe(403);
    const badRole = await api.call('POST', '/v1/api-keys', { key: tenant.adminKey, body: { name: 'x', roles: ['root'] } });
    expect(badRole.status).toBe(400);
  });

  it('cannot revoke another tenant\'s key (404)', async () => {
    const one = await api.newTenant();
    const two = await api.newTenant();
    const created = await api.call('POST', '/v1/api-keys', { key: one.adminKey, body: { name: 'x', roles: ['viewer'] } });
    const answer = await api.call('DELETE', `/v1/api-keys/${created.body.id}`, { key: two.adminKey });
    expect([answer.status, slugOf(answer.body)]).toEqual([404, 'not-found']);
    expect((await api.call('GET', '/v1/budgets', { key: created.body.key })).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetMaker, slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/**
 * Routes that take no body (release, acknowledge, the DELETEs) check a body like every
 * route with one: over 64 KiB is 413, not JSON is 415 (docs/api.md "Request limits").
 */

let api: TestApi;
let key: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ adminKey: key } = await api.newTenant('bodies'));
});
afterAll(async () => api?.stop());

const budget = budgetMaker(() => api, () => key, { name: 'Bodies', scope: { type: 'team', id: 'bodies' }, limit: '100' });
/** Over the 64 KiB limit, and valid JSON, so only its size is wrong. */
const largeJson = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });

async function hold(): Promise<{ budgetId: string; reservationId: string }> {
  const budgetId = await budget();
  const held = await api.call('POST', `/v1/budgets/${budgetId}/reservations`, { key, body: { amount: '10' } });
  expect(held.status).toBe(201);
  return { budgetId, reservationId: held.body.id };
}

const release = (reservationId: string, options: { rawBody?: string; headers?: Record<string, string> } = {}) =>
  api.call('POST', `/v1/reservations/${reservationId}/release`, { key, ...options });

describe('a release checks its body like any write', () => {
  it('answers 413 to a 70 KiB JSON body, and releases nothing', async () => {
    const { budgetId, reservationId } = await hold();
    const answer = await release(reservationId, { rawBody: largeJson, headers: { 'Content-Type': 'application/json' } });
    expect([answer.status, slugOf(answer.body)]).toEqual([413, 'payload-too-large']);
    expect((await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body).toMatchObject({ reserved: '10' });
  });

  it('answers 415 to a text/plain body, and releases nothing', async () => {
    const { reservationId } = await hold();
    const answer = await release(reservationId, { rawBody: 'release please', headers: { 'Content-Type': 'text/plain' } });
    expect([answer.status, slugOf(answer.body)]).toEqual([415, 'unsupported-media-type']);
    expect((await api.call('GET', `/v1/reservations/${reservationId}`, { key })).body.status).toBe('held');
  });

  it('releases with no body', async () => {
    const { budgetId, reservationId } = await hold();
    const answer = await release(reservationId);
    expect([answer.status, answer.body.status]).toEqual([200, 'released']);
    expect((await api.call('GET', `/v1/budgets/${budgetId}/status`, { key })).body).toMatchObject({ reserved: '0' });
  });

  it('releases with an empty JSON object, the body many clients send by default', async () => {
    const { reservationId } = await hold();
    const answer = await release(reservationId, { rawBody: '{}', headers: { 'Content-Type': 'application/json' } });
    expect([answer.status, answer.body.status]).toEqual([200, 'released']);
  });

  it('refuses a JSON body with fields (400): the route has none to read, so nothing is silently ignored', async () => {
    const { reservationId } = await hold();
    const answer = await release(reservationId, { rawBody: '{"amount":"5"}', headers: { 'Content-Type': 'application/json' } });
    expect([answer.status, slugOf(answer.body)]).toEqual([400, 'validation-error']);
    expect(answer.body.errors).toEqual([{ pointer: '/amount', detail: 'is not a known field' }]);
    const notAnObject = await release(reservationId, { rawBody: '[]', headers: { 'Content-Type': 'application/json' } });
    expect([notAnObject.status, notAnObject.body.errors]).toEqual([400, [{ pointer: '', detail: 'this route takes no request body (send none, or {})' }]]);
    expect((await api.call('GET', `/v1/reservations/${reservationId}`, { key })).body.status).toBe('held');
  });

  it('keeps an empty body with any Content-Type working, as before (there is no content to be of the wrong type)', async () => {
    const { reservationId } = await hold();
    const answer = await release(reservationId, { rawBody: '', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(200);
  });
});

describe('other routes without a body schema', () => {
  it('acknowledge and the DELETEs answer 413 and 415 too (before looking anything up)', async () => {
    const budgetId = await budget();
    const cases: Array<[string, string]> = [
      ['POST', '/v1/alerts/alr_unknown/acknowledge'],
      ['DELETE', `/v1/budgets/${budgetId}`],
      ['DELETE', '/v1/api-keys/key_unknown'],
    ];
    for (const [method, path] of cases) {
      const large = await api.call(method, path, { key, rawBody: largeJson, headers: { 'Content-Type': 'application/json' } });
      expect([method, path, large.status, slugOf(large.body)]).toEqual([method, path, 413, 'payload-too-large']);
      const text = await api.call(method, path, { key, rawBody: 'hello', headers: { 'Content-Type': 'text/plain' } });
      expect([method, path, text.status, slugOf(text.body)]).toEqual([method, path, 415, 'unsupported-media-type']);
    }
    expect((await api.call('GET', `/v1/budgets/${budgetId}`, { key })).body.status).toBe('active');
  });
});

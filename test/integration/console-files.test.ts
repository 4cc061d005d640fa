import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugOf, startTestApi, type TestApi } from '../support/local-api.js';

/** The console's page and files through the local gateway (no browser needed). */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

describe('the console\'s files', () => {
  it('serves the page without a key, under a policy that allows only its own origin', async () => {
    const page = await api.call('GET', '/', { key: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script type="module" src="console/app.js"></script>');
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toMatch(/default-src 'none'; script-src 'self'; style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'; img-src 'self' blob:; connect-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const script = await api.call('GET', '/console/app.js', { key: null });
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(String(script.body)).not.toMatch(/https?:\/\/(?!budget-service\.dev)/);
  });

  it('answers 404 for any other name, inherited object properties included, and 405 for other methods', async () => {
    for (const name of ['nope.js', 'constructor', '__proto__', 'hasOwnProperty', '..%2Fpackage.json', 'index.html%00']) {
      const answer = await api.call('GET', `/console/${name}`, { key: null });
      expect([name, answer.status, slugOf(answer.body)]).toEqual([name, 404, 'not-found']);
    }
    const post = await api.call('POST', '/', { key: null, body: {} });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });
});

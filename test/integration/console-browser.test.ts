import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/local-api.js';

/**
 * The console in a real headless Chromium (Debian's, installed by scripts/install-browser.sh;
 * CHROMIUM_PATH names another), against the local server: paste a key, see the tree, open a
 * budget, approve a pending approval, and read the result back over the API. It takes the
 * README's screenshot (docs/console.png) when that file is missing or UPDATE_SCREENSHOTS=1.
 */

const chromiumPath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
if (!chromiumPath) console.warn('[console-browser] skipped: no Chromium at /usr/bin/chromium (run scripts/install-browser.sh as root, or set CHROMIUM_PATH)');

const SCREENSHOT = new URL('../../docs/console.png', import.meta.url);

let api: TestApi;
let browser: Browser;
let adminKey: string;
let mlId: string;
let pendingReservation: string;

async function post(path: string, body: unknown, key = adminKey) {
  const answer = await api.call('POST', path, { key, body });
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A page that fails the test on any request off the local server (fonts, CDNs) and on any script error. */
async function openConsole(): Promise<{ page: Page; offOrigin: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const offOrigin: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(api.stack.url) && !url.startsWith('blob:')) offOrigin.push(url);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[134]/.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${api.stack.url}/`);
  return { page, offOrigin, errors };
}

async function signIn(page: Page, key: string): Promise<void> {
  // By keyboard: the key field has focus on arrival, Enter submits.
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
}

describe.skipIf(!chromiumPath)('the web console in Chromium', () => {
  beforeAll(async () => {
    api = await startTestApi();
    adminKey = (await api.newTenant('console')).adminKey;
    const org = await post('/v1/budgets', { name: 'Acme', scope: { type: 'organization', id: 'acme' }, currency: 'USD', limit: '20000', period: { type: 'monthly' } });
    const ml = await post('/v1/budgets', {
      name: 'ML platform', scope: { type: 'team', id: 'ml' }, parentId: org.id, currency: 'USD', limit: '8000', period: { type: 'monthly' }, enforcement: 'approval',
      categories: [{ name: 'inference', limit: '6000' }, { name: 'fine-tuning', limit: '2000' }],
    });
    mlId = ml.id;
    const search = await post('/v1/budgets', { name: 'Search', scope: { type: 'team', id: 'search' }, parentId: org.id, currency: 'USD', limit: '5000', period: { type: 'monthly' } });
    await post(`/v1/budgets/${ml.id}/usage`, { amount: '6420.50', category: 'inference', provider: 'openai' });
    await post(`/v1/budgets/${ml.id}/usage`, { amount: '910', category: 'fine-tuning' });
    await post(`/v1/budgets/${search.id}/usage`, { amount: '1275.25' });
    pendingReservation = (await post(`/v1/budgets/${ml.id}/reservations`, { amount: '1200', category: 'fine-tuning', description: 'quarter-end batch' })).id;
    await api.stack.streams.drain();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('signs in with a pasted key, shows the tree, opens a budget, and approves a pending approval', async () => {
    const { page, offOrigin, errors } = await openConsole();
    await signIn(page, adminKey);
    const tree = page.locator('table.tree tbody tr');
    await expect.poll(() => tree.count()).toBe(3);
    expect(await tree.locator('th').allInnerTexts()).toEqual(['Acme', 'ML platform', 'Search']);
    expect(await page.locator('tr[data-budget-id] meter').count()).toBe(3);
    // Evaluated in the page (this file is compiled without the DOM's types).
    const storageKeys = (name: 'sessionStorage' | 'localStorage') => page.evaluate((store) => Object.keys((globalThis as unknown as Record<string, object>)[store]!), name);
    expect(await storageKeys('sessionStorage')).toEqual(['budgets-console.apiKey']);
    expect(await storageKeys('localStorage')).toEqual([]);

    const card = page.locator('[data-approval-id]');
    await expect.poll(() => card.count()).toBe(1);
    if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(SCREENSHOT)) await writeFile(SCREENSHOT, await page.screenshot({ fullPage: true }));

    await card.getByRole('button', { name: /^Approve/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Nothing waits for a decision.').waitFor();
    const approval = (await api.call('GET', `/v1/approvals?budgetId=${mlId}`, { key: adminKey })).body.items[0];
    expect([approval.status, approval.decidedBy !== undefined]).toEqual(['approved', true]);
    expect((await api.call('GET', `/v1/reservations/${pendingReservation}`, { key: adminKey })).body.status).toBe('held');

    await page.locator('table.tree').getByRole('link', { name: 'Acme / ML platform' }).click();
    await page.getByRole('heading', { name: 'ML platform' }).waitFor();
    const chart = page.locator('figure.chart img');
    await expect.poll(() => chart.evaluate((image) => {
      const loaded = image as unknown as { complete: boolean; naturalWidth: number };
      return loaded.complete && loaded.naturalWidth;
    })).toBe(600);
    expect(await chart.getAttribute('alt')).toMatch(/^Spent 7330\.5 USD of a 8000 USD limit/);
    expect(await page.locator('#forecast-title').innerText()).toBe('Forecast');
    expect(await page.locator('table tbody th').allInnerTexts()).toEqual(['inference', 'fine-tuning']);

    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows no decision buttons to a key that may not decide, and shows the problem\'s detail on an error', async () => {
    const viewerKey = await api.newKey(adminKey, ['viewer']);
    await post(`/v1/budgets/${mlId}/reservations`, { amount: '500' });
    const { page } = await openConsole();
    await signIn(page, viewerKey);
    const card = page.locator('[data-approval-id]');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByRole('button').count()).toBe(0);

    await page.goto(`${api.stack.url}/#/budgets/bud_01KB2M7Q8R4T6V9X2Z5C8E1G3J`);
    await page.getByRole('alert').getByText('Budget bud_01KB2M7Q8R4T6V9X2Z5C8E1G3J was not found.').waitFor();

    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.getByLabel('API key').fill('bk_not_a_real_key_000000000000000000');
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('alert').getByText(/./).waitFor();
    expect(await page.getByLabel('API key').count()).toBe(1);
    await page.close();
  });
});

import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackDeliveryError, postToSlackWebhook } from '../../shared/adapters/slack/webhook.js';
import { startWebhookStub } from '../support/events.js';

const message = { text: 'hello', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }] };
let stub: Awaited<ReturnType<typeof startWebhookStub>> | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

async function failure(promise: Promise<void>): Promise<SlackDeliveryError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SlackDeliveryError);
  return error as SlackDeliveryError;
}

describe('Slack incoming webhook', () => {
  it('posts the message as JSON', async () => {
    stub = await startWebhookStub();
    const sent: RequestInit[] = [];
    await postToSlackWebhook(stub.url, message, { fetchImpl: async (url, init) => (sent.push(init!), fetch(url, init)) });
    expect(stub.bodies).toEqual([message]);
    expect(sent[0]!.method).toBe('POST');
    expect(sent[0]!.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    stub = await startWebhookStub([{ status: 429, headers: { 'Retry-After': '1' } }]);
    const { waits, sleep } = recordingSleep();
    await postToSlackWebhook(stub.url, message, { sleep });
    expect(waits).toEqual([1000]);
    expect(stub.bodies).toEqual([message, message]);
  });

  it('leaves a Retry-After longer than it may wait to the caller\'s retry', async () => {
    stub = await startWebhookStub([{ status: 429, headers: { 'Retry-After': '600' } }]);
    const { waits, sleep } = recordingSleep();
    const error = await failure(postToSlackWebhook(stub.url, message, { sleep }));
    expect(error.permanent).toBe(false);
    expect(error.message).toContain('429');
    expect(waits).toEqual([]);
    expect(stub.bodies).toHaveLength(1);
  });

  it('does not retry a 400: the request itself is wrong', async () => {
    stub = await startWebhookStub([{ status: 400 }]);
    const { waits, sleep } = recordingSleep();
    const error = await failure(postToSlackWebhook(stub.url, message, { sleep }));
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('400');
    expect(error.message).not.toContain(stub.url);
    expect(stub.bodies).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a 5xx with backoff, then gives up', async () => {
    stub = await startWebhookStub([{ status: 500 }, { status: 502 }, { status: 503 }]);
    const { waits, sleep } = recordingSleep();
    const error = await failure(postToSlackWebhook(stub.url, message, { sleep }));
    expect(error.permanent).toBe(false);
    expect(error.message).toContain('503');
    expect(stub.bodies).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('succeeds when a retry after a 5xx goes through', async () => {
    stub = await startWebhookStub([{ status: 503 }]);
    await postToSlackWebhook(stub.url, message, recordingSleep());
    expect(stub.bodies).toHaveLength(2);
  });

  it('retries when nothing answers (connection refused, or no answer in time)', async () => {
    const refused = await failure(postToSlackWebhook('http://127.0.0.1:1/services/x', message, { ...recordingSleep(), maxAttempts: 2 }));
    expect(refused).toMatchObject({ permanent: false });

    let requests = 0;
    const silent: Server = createServer(() => void requests++);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const { waits, sleep } = recordingSleep();
      const hung = await failure(postToSlackWebhook(`http://127.0.0.1:${port}/`, message, { sleep, maxAttempts: 2, attemptTimeoutMs: 100 }));
      expect(hung.permanent).toBe(false);
      expect(requests).toBe(2);
      expect(waits).toEqual([500]);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a URL that is not http(s) at once (a placeholder secret)', async () => {
    let calls = 0;
    const error = await failure(postToSlackWebhook('replace-me', message, { fetchImpl: async () => (calls++, new Response('ok')) }));
    expect(error.permanent).toBe(true);
    expect(calls).toBe(0);
  });
});

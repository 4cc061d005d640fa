import { afterEach, describe, expect, it } from 'vitest';
import { SlackDeliveryError, postToSlackWebhook } from '../../shared/adapters/slack/webhook.js';
import { startWebhookStub } from '../support/events.js';

const message = { text: 'hello', blocks: [] };
let stub: Awaited<ReturnType<typeof startWebhookStub>> | undefined;
afterEach(async () => stub?.close());

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('Slack incoming webhook', () => {
  it('posts the message as JSON', async () => {
    stub = await startWebhookStub();
    await postToSlackWebhook(stub.url, message);
    expect(stub.bodies).toEqual([message]);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    stub = await startWebhookStub([{ status: 429, headers: { 'Retry-After': '1' } }]);
    const { waits, sleep } = recordingSleep();
    await postToSlackWebhook(stub.url, message, { sleep });
    expect(waits).toEqual([1000]);
    expect(stub.bodies).toHaveLength(2);
  });

  it('leaves a Retry-After longer than it may wait to the caller\'s retry', async () => {
    stub = await startWebhookStub([{ status: 429, headers: { 'Retry-After': '600' } }]);
    const { waits, sleep } = recordingSleep();
    await expect(postToSlackWebhook(stub.url, message, { sleep })).rejects.toMatchObject({ name: 'SlackDeliveryError', permanent: false });
    expect(waits).toEqual([]);
    expect(stub.bodies).toHaveLength(1);
  });

  it('does not retry a 4xx: the request itself is wrong', async () => {
    stub = await startWebhookStub([{ status: 400 }]);
    const error = await postToSlackWebhook(stub.url, message, recordingSleep()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect((error as SlackDeliveryError).permanent).toBe(true);
    expect(stub.bodies).toHaveLength(1);
  });

  it('retries a 5xx with backoff, then gives up', async () => {
    stub = await startWebhookStub([{ status: 500 }, { status: 502 }, { status: 503 }]);
    const { waits, sleep } = recordingSleep();
    await expect(postToSlackWebhook(stub.url, message, { sleep })).rejects.toMatchObject({ permanent: false });
    expect(stub.bodies).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });
});

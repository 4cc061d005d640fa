import type { SlackMessage } from '../../notifications/slack-message.js';

export class SlackDeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'SlackDeliveryError';
  }
}

export interface WebhookOptions {
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Default 3. */
  maxAttempts?: number;
  /** A longer `Retry-After` is not waited out here: the caller's retry (Lambda, the local queue) takes over. Default 30. */
  maxRetryAfterSeconds?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Posts a message to a Slack incoming webhook. 429 waits as long as `Retry-After` says;
 * 5xx and network errors are retried with backoff; other 4xx are permanent (retrying
 * cannot help). Throws SlackDeliveryError when it gives up.
 */
export async function postToSlackWebhook(url: string, message: SlackMessage, options: WebhookOptions = {}): Promise<void> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 30;
  let lastError = 'no attempt made';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let response: Response;
    try {
      response = await fetchImpl(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
    } catch (error) {
      lastError = `network error: ${(error as Error).message}`;
      if (attempt < maxAttempts) await sleep(500 * 2 ** (attempt - 1));
      continue;
    }
    if (response.ok) return;
    const body = (await response.text()).slice(0, 200);
    lastError = `Slack answered ${response.status}: ${body}`;
    if (response.status === 429) {
      const retryAfterSeconds = Number(response.headers.get('retry-after') ?? '1');
      if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds > maxRetryAfterSeconds) break;
      if (attempt < maxAttempts) await sleep(Math.max(0, retryAfterSeconds) * 1000);
      continue;
    }
    if (response.status < 500) throw new SlackDeliveryError(lastError, true);
    if (attempt < maxAttempts) await sleep(500 * 2 ** (attempt - 1));
  }
  throw new SlackDeliveryError(lastError, false);
}

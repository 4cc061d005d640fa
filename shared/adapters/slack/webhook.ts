import type { SlackMessage } from '../../notifications/slack-message.js';

/** `permanent`: retrying the same request cannot succeed (bad URL, payload refused, webhook revoked). */
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
  /** A longer `Retry-After` is not waited out here: the caller's retry (Lambda's, the local queue's) takes over. Default 15. */
  maxRetryAfterSeconds?: number;
  /** Per attempt: a hung connection must not eat the function's timeout. Default 5000. */
  attemptTimeoutMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const backoffMs = (attempt: number) => 500 * 2 ** (attempt - 1);

/**
 * Posts a message (or any payload Slack takes as JSON) to a Slack incoming webhook. 2xx is done; 429 waits as long as
 * `Retry-After` says; 5xx, timeouts and network errors are retried with backoff; other 4xx
 * are permanent. Throws SlackDeliveryError when it gives up. The URL is a secret: it never
 * appears in an error.
 */
export async function postToSlackWebhook(url: string, message: SlackMessage | object, options: WebhookOptions = {}): Promise<void> {
  const { fetchImpl = fetch, sleep = defaultSleep, maxAttempts = 3, maxRetryAfterSeconds = 15, attemptTimeoutMs = 5000 } = options;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new SlackDeliveryError('the Slack webhook URL is not an http(s) URL (check its secret or SLACK_WEBHOOK_URL)', true);
  }
  const body = JSON.stringify(message);
  let lastError = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let status: number;
    let retryAfter: string | null;
    try {
      const response = await fetchImpl(url, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: AbortSignal.timeout(attemptTimeoutMs),
      });
      // Read the body in full: Slack explains a refusal there (`invalid_blocks`), and an unread body holds the connection.
      const answer = (await response.text()).slice(0, 200);
      if (response.ok) return;
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      lastError = `Slack answered ${status}: ${answer}`;
    } catch (error) {
      lastError = `no answer from Slack: ${(error as Error).message}`;
      if (attempt < maxAttempts) await sleep(backoffMs(attempt));
      continue;
    }
    if (status === 429) {
      const seconds = retryAfter === null ? 1 : Number(retryAfter);
      if (!Number.isFinite(seconds) || seconds > maxRetryAfterSeconds) break;
      if (attempt < maxAttempts) await sleep(Math.max(0, seconds) * 1000);
    } else if (status < 500) {
      throw new SlackDeliveryError(lastError, true);
    } else if (attempt < maxAttempts) {
      await sleep(backoffMs(attempt));
    }
  }
  throw new SlackDeliveryError(lastError, false);
}

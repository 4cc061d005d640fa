import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { readNumber, type TableContext } from './client.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB refused the transaction; `reasons[i]` says why item `i` failed (`None` when it did not). */
export class TransactionCancelled extends Error {
  constructor(readonly reasons: ReadonlyArray<{ code: string; item?: Record<string, unknown> }>) {
    super(`transaction cancelled: ${reasons.map((reason) => reason.code).join(', ')}`);
    this.name = 'TransactionCancelled';
  }

  /** Whether item `index` failed its condition (as opposed to a conflict or throttling). */
  failedCondition(index: number): boolean {
    return this.reasons[index]?.code === 'ConditionalCheckFailed';
  }

  /**
   * Whether sending the same transaction again may succeed: every item that failed was in
   * conflict with another transaction or throttled. A failed condition is an answer, never
   * retried, even next to a throttled item; an unknown code is not retried either.
   */
  get onlyTransient(): boolean {
    const failures = this.reasons.filter((reason) => reason.code !== 'None');
    return failures.length > 0 && failures.every((reason) => TRANSIENT_REASONS.has(reason.code));
  }
}

/**
 * Cancellation reasons that say "not now" rather than "no": a conflict with a transaction in
 * flight, and throttling, which inside a transaction arrives as a cancellation reason
 * (`ThrottlingError` on demand, `ProvisionedThroughputExceeded` when provisioned) that the
 * SDK does not retry, not as a top-level throttling error that it does.
 */
const TRANSIENT_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** Attempts of one transaction (the first and its retries); the full-jitter waits between them add up to at most 0.6 s. */
const MAX_TRANSIENT_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 20;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One TransactWriteItems. Conflicts with other transactions in flight and throttling are
 * retried with full-jitter backoff (bounded); a failed condition never is: it is an answer,
 * returned as {@link TransactionCancelled} with the reasons (and the old items when asked
 * with ALL_OLD).
 * `clientRequestToken` makes SDK-level retries of the same call apply at most once.
 */
export async function transactWrite(
  table: TableContext,
  items: TransactItem[],
  options: { clientRequestToken?: string } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await table.client.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: options.clientRequestToken }));
      return;
    } catch (error) {
      const cancelled = asCancelled(error);
      if (!cancelled) throw error;
      if (cancelled.onlyTransient && attempt < MAX_TRANSIENT_ATTEMPTS) {
        await sleep(Math.random() * BASE_BACKOFF_MS * 2 ** attempt);
        continue;
      }
      throw cancelled;
    }
  }
}

function asCancelled(error: unknown): TransactionCancelled | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string; Item?: Record<string, AttributeValue> }> }).CancellationReasons ?? [];
  return new TransactionCancelled(
    reasons.map((reason) => ({
      code: reason.Code ?? 'None',
      ...(reason.Item && { item: unmarshall(reason.Item, { wrapNumbers: readNumber }) as Record<string, unknown> }),
    })),
  );
}

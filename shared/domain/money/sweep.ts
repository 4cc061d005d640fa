import { eachConcurrently } from '../common/concurrency.js';

/**
 * Expiry in batches (the sweeper's, and the few a refused hold may do itself). Each expiry is
 * its own conditional write, so one that fails (throttled past its retries, a network error)
 * changes nothing and is simply found again by the next sweep: it must not take the rest of
 * the batch down with it. The domain does not log; it hands the failures to its caller.
 */

export interface ExpiryFailure {
  /** The reservation or approval that could not be expired this time. */
  id: string;
  error: unknown;
}

export interface ExpirySweep {
  /** How many this sweep expired (an item another writer changed first does not count). */
  expired: number;
  failed: number;
  failures: ExpiryFailure[];
}

/**
 * Expiries one sweeper run keeps in flight. Holds of one tenant share the root counter
 * (about 500 transactions/s per item): 16 at once keep a sweep of thousands of lapsed holds
 * to seconds without flooding one root with conflicting transactions.
 */
export const SWEEP_CONCURRENCY = 16;

/** Runs `expire` on every item, at most `concurrency` at a time; failures are counted, not thrown. */
export async function expireEach<T extends { id: string }>(items: readonly T[], concurrency: number, expire: (item: T) => Promise<boolean>): Promise<ExpirySweep> {
  const sweep: ExpirySweep = { expired: 0, failed: 0, failures: [] };
  await eachConcurrently(items, concurrency, async (item) => {
    try {
      if (await expire(item)) sweep.expired++;
    } catch (error) {
      sweep.failed++;
      sweep.failures.push({ id: item.id, error });
    }
  });
  return sweep;
}

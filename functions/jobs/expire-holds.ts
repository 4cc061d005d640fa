import type { Context } from 'aws-lambda';
import { createServices } from '../../shared/app/services.js';
import { tableContextFromEnv } from '../../shared/adapters/dynamodb/index.js';
import type { ExpirySweep } from '../../shared/domain/money/index.js';
import { measureJob } from '../../shared/observability/invocation.js';
import { logger } from '../../shared/observability/logger.js';

/** Failures logged one by one per run; the rest are counted (a broken item must not flood the log every minute). */
const LOGGED_FAILURES_PER_KIND = 20;

/**
 * The expiry sweeper (EventBridge Scheduler, every minute; a timer under `npm start`):
 * every held reservation past `expiresAt` becomes `expired` and its amount returns to the
 * budget and its ancestors; every pending approval past its `expiresAt` expires with its
 * reservation. Each expiry is its own conditional write, so a sweep that races a charge,
 * a release, a decision or another sweep changes each item once. One that fails is logged
 * and counted, and the next run finds it again: it never stops the rest of the batch.
 */
export function handler(_event?: unknown, context?: Context): Promise<ExpiryResult> {
  return measureJob({
    job: 'expireHolds',
    tally: (result) => ({ items: result.expired + result.expiredApprovals, failures: result.failed + result.failedApprovals }),
  }, context, expire);
}

interface ExpiryResult { expired: number; expiredApprovals: number; failed: number; failedApprovals: number }

async function expire(): Promise<ExpiryResult> {
  const services = createServices(tableContextFromEnv());
  const nowMs = Date.now();
  const [holds, approvals] = await Promise.all([services.money.sweepExpired(nowMs), services.approvals.sweepExpired(nowMs)]);
  logFailures('hold', holds);
  logFailures('approval', approvals);
  const result = { expired: holds.expired, expiredApprovals: approvals.expired, failed: holds.failed, failedApprovals: approvals.failed };
  if (Object.values(result).some((count) => count > 0)) logger.info('expired', result);
  return result;
}

function logFailures(kind: 'hold' | 'approval', sweep: ExpirySweep): void {
  for (const failure of sweep.failures.slice(0, LOGGED_FAILURES_PER_KIND)) logger.error('expiry failed', { kind, id: failure.id, error: failure.error });
}

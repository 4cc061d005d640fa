import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionCanceledException, type DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { Random } from './random.js';

/**
 * Faults DynamoDB Local never produces, injected through SDK middleware on the client the
 * services under test use (never by mocking our own code). Each request the simulator
 * issues runs in a {@link FaultScope} of its own (AsyncLocalStorage), whose seeded stream
 * decides the fate of each of its SDK calls, retries included: a replay of a seed injects
 * the same faults into the same requests, whatever order DynamoDB serves them in.
 */
export interface FaultRates {
  /** A transaction cancelled with reason `TransactionConflict` (before it reaches DynamoDB). */
  conflict: number;
  /** A transaction cancelled with reason `ThrottlingError` (the SDK does not retry it; our code must). */
  transactionThrottle: number;
  /** A top-level `ThrottlingException` on any call, before it reaches DynamoDB (the SDK retries it). */
  throttle: number;
  /** A write that committed, answered by a `TimeoutError` (the SDK resends it). */
  timeoutAfterCommit: number;
}

export const FAULT_KINDS = ['conflict', 'transactionThrottle', 'throttle', 'timeoutAfterCommit'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultScope {
  random: Random;
  rates: FaultRates;
  /** SDK attempts per call (the first and its retries) for this request. */
  maxAttempts: number;
  injected: Record<FaultKind, number>;
}

const INJECTED = Symbol('injected by the simulator');
const WRITE_COMMANDS = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
/** Cancellation reasons the simulator injects (and that transactWrite retries). */
const INJECTED_REASONS = new Set(['TransactionConflict', 'ThrottlingError']);

const scopes = new AsyncLocalStorage<FaultScope>();

export function newFaultScope(random: Random, rates: FaultRates, maxAttempts: number): FaultScope {
  return { random, rates, maxAttempts, injected: { conflict: 0, transactionThrottle: 0, throttle: 0, timeoutAfterCommit: 0 } };
}

/** Runs `work` with its SDK calls subject to `scope`'s faults. */
export function withFaults<T>(scope: FaultScope, work: () => Promise<T>): Promise<T> {
  return scopes.run(scope, work);
}

function injected<E extends Error>(error: E): E {
  return Object.assign(error, { [INJECTED]: true });
}

/**
 * The middleware. In the finalizeRequest step, below the SDK's retry middleware (every
 * attempt meets it) and above the deserializer: a call it lets through comes back parsed,
 * its response body read (so its socket goes back to the pool), and a write refused by
 * DynamoDB (a failed condition) comes back as that error, never as a "committed" write.
 */
export function injectFaults(client: DynamoDBClient): void {
  client.middlewareStack.add((next, context) => async (args) => {
    const scope = scopes.getStore();
    if (!scope) return next(args);
    const { random, rates } = scope;
    if (random.chance(rates.throttle)) {
      scope.injected.throttle++;
      throw injected(Object.assign(new Error('injected throttling'), { name: 'ThrottlingException', $metadata: {}, $retryable: { throttling: true } }));
    }
    if (context.commandName === 'TransactWriteItemsCommand') {
      const kind = random.chance(rates.conflict) ? 'conflict' : random.chance(rates.transactionThrottle) ? 'transactionThrottle' : undefined;
      if (kind) {
        scope.injected[kind]++;
        const items = (args.input as { TransactItems: unknown[] }).TransactItems;
        const failing = random.int(0, items.length - 1);
        const code = kind === 'conflict' ? 'TransactionConflict' : 'ThrottlingError';
        // As AWS answers: the item in trouble names the reason, every other item `None`.
        throw injected(new TransactionCanceledException({
          message: `injected ${code}`, $metadata: {},
          CancellationReasons: items.map((_, index) => ({ Code: index === failing ? code : 'None' })),
        }));
      }
    }
    const result = await next(args);
    if (WRITE_COMMANDS.has(context.commandName ?? '') && random.chance(rates.timeoutAfterCommit)) {
      scope.injected.timeoutAfterCommit++;
      throw injected(Object.assign(new Error('injected timeout after commit'), { name: 'TimeoutError', $metadata: {}, $retryable: {} }));
    }
    return result;
  }, { step: 'finalizeRequest', priority: 'normal', name: 'simulatorFaults' });
}

/**
 * Whether an error that is not a domain answer comes from an injected fault: the injected
 * error itself (the SDK gave up retrying it), or our transaction wrapper giving up on
 * cancellations whose reasons are all injected ones, in a request that had some injected.
 */
export function isInjectedFault(error: unknown, scope: FaultScope): boolean {
  if (typeof error === 'object' && error !== null && INJECTED in error) return true;
  if (error instanceof Error && error.name === 'TransactionCancelled') {
    const reasons = (error as unknown as { reasons: Array<{ code: string }> }).reasons.filter((reason) => reason.code !== 'None');
    return reasons.length > 0 && reasons.every((reason) => INJECTED_REASONS.has(reason.code))
      && scope.injected.conflict + scope.injected.transactionThrottle > 0;
  }
  return false;
}

type RetryStrategyV2 = Extract<NonNullable<DynamoDBClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;

/**
 * The SDK's standard rule (retry throttling and transient errors, up to the request's
 * `maxAttempts` attempts in all) without its backoff, which would make every injected
 * throttle cost a second of real time. Our own code's retries keep their (short) backoff.
 */
export function immediateRetries(): RetryStrategyV2 {
  const token = (retries: number): RetryToken => ({ getRetryCount: () => retries, getRetryDelay: () => 0 });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous, info) => {
      const retries = previous.getRetryCount() + 1;
      const maxAttempts = scopes.getStore()?.maxAttempts ?? 3;
      if (retries >= maxAttempts || (info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT')) throw new Error('no retry');
      return token(retries);
    },
    recordSuccess: () => undefined,
  };
}

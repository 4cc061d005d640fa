import { ConcurrentChangeError, DomainError } from '../common/errors.js';
import { newLedgerEntryId } from '../common/ids.js';
import { answerRefusal, type KeyedAnswers } from '../common/keyed.js';
import type { IdempotencyRequest, IdempotencyStore, StoredResponse } from '../common/ports.js';
import type { CounterMove, MoneyStore, MovementOutcome, MovementWrite } from './ports.js';
import { counterFacts, type ChainLink } from './chain.js';
import { NO_SPEND_LABELS, type ChainPeriod, type LedgerEntryRecord, type SpendLabels } from './records.js';

/** Who moves money: the tenant and the key, as the authorizer established them. */
export interface Actor {
  tenantId: string;
  keyId: string;
}

/**
 * How the caller wants the result answered. The response is rendered before the write and
 * stored in the same transaction as the movement, so a repeat with the same
 * `Idempotency-Key` gets exactly the first answer.
 */
export interface Respond<T> extends KeyedAnswers {
  respond: (result: T) => StoredResponse;
}

/** A write refused by one of its conditions (a taken idempotency key is the runner's business). */
export type Refusal = Exclude<MovementOutcome, { ok: true } | { reason: 'idempotency-key-taken' } | { reason: 'counter-stale' }>;
type StaleCounter = Extract<MovementOutcome, { reason: 'counter-stale' }>;

/** One kind of movement, as the runner drives it. */
export interface MovementPlan<T> {
  /** Reads what it needs (afresh on every attempt) and builds the result and its atomic write. */
  next(): Promise<{ result: T; write: Omit<MovementWrite, 'idempotency'> }>;
  /** Answers a refusal: throw the domain error, return another response, or `retry` to build the next attempt. */
  refused(refusal: Refusal, result: T): Promise<'retry' | StoredResponse>;
  /** Forget what was read, so the next attempt reads afresh (a plan that reads on every attempt needs none). */
  reread?(): void;
  /** Attempts before giving up with 409 `conflict`: each retry follows a write that lost a race. */
  maxAttempts: number;
  conflictMessage: string;
}

/**
 * The one loop every money movement runs: write → on refusal, a twin's answer or a decision.
 *
 *   attempt: read (remembered budgets), build ── refused on what it read (not held, archived…) ─┐
 *      │                                                                                       │
 *   write (movement + idempotency record, atomically; counters at the budget version read)     │
 *      ├─ committed ───────────────────────────────────▶ the response                          │
 *      ├─ refused ◀────────────────────────────────────────────────────────────────────────────┘
 *      │    a twin (or an earlier request) with the same key answered? ─yes─▶ that answer
 *      ├─ a counter at another budget version ─▶ align it, or forget the budgets read; next attempt
 *      └─ refused ─▶ plan.refused (or the read's error): error | answer | retry
 *   a domain refusal of a keyed request is stored under the key, and replayed from then on
 *
 * Concurrent repeats of one request all get the first response, never a 409 caused by
 * their own twin (the twin may commit at any point before this attempt's write).
 */
export class MovementRunner {
  constructor(private readonly deps: {
    money: MoneyStore;
    idempotency: IdempotencyStore;
    nowMs: () => number;
    /** Forgets a remembered budget that a write found out of date. */
    forget?: (tenantId: string, budgetId: string) => void;
  }) {}

  /** The stored answer to this key, if a first request with it committed. */
  replay(idempotency: IdempotencyRequest | undefined): Promise<StoredResponse | undefined> {
    return idempotency ? this.deps.idempotency.find(idempotency, this.deps.nowMs()) : Promise.resolve(undefined);
  }

  /**
   * Runs a movement. A keyed request is not looked up first: its idempotency record is
   * written with the movement, so a repeat finds out from its own write (or refusal) that
   * it is one, and answers what the first one stored. One round trip on the warm path.
   */
  async run<T>(options: Respond<T>, plan: MovementPlan<T>): Promise<StoredResponse> {
    try {
      return await this.attempt(options, plan);
    } catch (error) {
      return answerRefusal(this.deps.idempotency, options, error, this.deps.nowMs());
    }
  }

  /** The loop itself: also for a movement decided inside another one (a reservation that asks for approval). */
  async attempt<T>(options: Respond<T>, plan: MovementPlan<T>): Promise<StoredResponse> {
    for (let attempt = 1; attempt <= plan.maxAttempts; attempt++) {
      let step: Awaited<ReturnType<MovementPlan<T>['next']>>;
      try {
        step = await plan.next();
      } catch (error) {
        const twin = error instanceof DomainError ? await this.replay(options.idempotency) : undefined;
        if (twin) return twin;
        throw error;
      }
      const { result, write } = step;
      const response = options.respond(result);
      const outcome = await this.deps.money.move({
        ...write,
        ...(options.idempotency && { idempotency: { request: options.idempotency, response } }),
      });
      if (outcome.ok) return response;
      const twin = await this.replay(options.idempotency);
      if (twin) return twin;
      if (outcome.reason === 'idempotency-key-taken') continue;
      if (outcome.reason === 'counter-stale') {
        await this.align(write.counters, outcome, plan);
        continue;
      }
      const decision = await plan.refused(outcome, result);
      if (decision !== 'retry') return decision;
    }
    throw new ConcurrentChangeError(plan.conflictMessage);
  }

  /**
   * A counter whose facts came from another budget version than the move's. Older (a budget
   * write did not reach this period, or the counter predates versions): it takes the
   * version read, and the budget's limit unless its period has ended (a new limit applies to
   * the current and later periods, never to a past one). Newer: the move's read is stale, so
   * the plan reads again. Either way the next attempt decides afresh.
   */
  private async align(moves: readonly CounterMove[], stale: StaleCounter, plan: { reread?(): void }): Promise<void> {
    const move = moves.find((candidate) => candidate.budgetId === stale.budgetId && candidate.periodKey === stale.periodKey);
    const readVersion = move?.budgetVersion;
    if (!move || readVersion === undefined || (stale.counter.budgetVersion !== undefined && stale.counter.budgetVersion > readVersion)) {
      // Any budget of the chain may be as old as this one: they are all read again.
      for (const each of moves) this.deps.forget?.(stale.tenantId, each.budgetId);
      plan.reread?.();
      return;
    }
    const ended = move.periodEndMs !== undefined && move.periodEndMs !== null && move.periodEndMs <= this.deps.nowMs();
    await this.deps.money.alignCounter(stale.tenantId, { budgetId: stale.budgetId, periodKey: stale.periodKey }, stale.counter, {
      budgetVersion: readVersion,
      baseLimitMicros: ended ? stale.counter.baseLimitMicros : move.baseLimitMicros,
    });
  }
}

/** A ledger entry written at `nowMs`, with a fresh sortable id. */
export function ledgerEntry(fields: Omit<LedgerEntryRecord, 'id' | 'createdAt'>, nowMs: number): LedgerEntryRecord {
  return { ...fields, id: newLedgerEntryId(nowMs), createdAt: new Date(nowMs).toISOString() };
}

export const periodOf = (link: { budget: { id: string }; window: { key: string } }): ChainPeriod => ({ budgetId: link.budget.id, periodKey: link.window.key });

/** `spent` moving by `deltaMicros` at `atMs` in every counter of the chain: spend that no hold kept back (usage, corrections, imported days), never refused for the limit. */
export function spendCounterMoves(chain: readonly ChainLink[], deltaMicros: bigint, atMs: number, spentLabels: SpendLabels = NO_SPEND_LABELS): CounterMove[] {
  return chain.map((link) => ({
    ...periodOf(link), ...counterFacts(link.budget, link.window), spentDeltaMicros: deltaMicros, reservedDeltaMicros: 0n, limitDeltaMicros: 0n,
    unheldSpentDeltaMicros: deltaMicros, spentAtMs: atMs, spentLabels, guarded: false,
  }));
}

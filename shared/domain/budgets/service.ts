import { LIMITS, MAX_READ_AGE_MS, MAX_USAGE_CLOCK_SKEW_MS } from '../common/limits.js';
import { assertCanAttach, newBudgetRecord, patchedBudgetRecord, type BudgetDraft, type BudgetPatch, type BudgetQuery, type BudgetRecord } from './budget.js';
import { BudgetArchivedError, ConcurrentChangeError, ConflictError, NotFoundError, PreconditionFailedError } from '../common/errors.js';
import { newBudgetId } from '../common/ids.js';
import { periodContaining } from '../periods/period.js';
import { answerRefusal, type KeyedAnswers } from '../common/keyed.js';
import { WriteConflict, type IdempotencyStore, type Page, type StoredResponse } from '../common/ports.js';
import type { BudgetStore, CounterStamp } from './ports.js';

/** A write that lost a race re-reads and tries again this many times before answering 409. */
const MAX_WRITE_ATTEMPTS = 4;
/** One transaction moves a budget and rewrites its descendants' paths: DynamoDB allows 100 items, less the budget, its two parents and its period counter. */
export const MAX_DESCENDANTS_PER_MOVE = 96;

export interface BudgetServiceDeps {
  budgets: BudgetStore;
  idempotency: IdempotencyStore;
  nowMs?: () => number;
}

/**
 * Budget rules: hierarchy (same tenant and currency, at most 8 levels, no cycles),
 * optimistic concurrency, archiving. Every write states what it read as a condition;
 * a write that loses a race re-reads and re-checks, so no rule is checked against stale data.
 */
export class BudgetService {
  private readonly nowMs: () => number;

  constructor(private readonly deps: BudgetServiceDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  async get(tenantId: string, budgetId: string): Promise<BudgetRecord> {
    const budget = await this.deps.budgets.get(tenantId, budgetId);
    if (!budget) throw new NotFoundError('Budget', budgetId);
    return budget;
  }

  list(tenantId: string, query: BudgetQuery): Promise<Page<BudgetRecord>> {
    const { limit, cursor, ...filter } = query;
    return this.deps.budgets.list(tenantId, filter, limit ?? LIMITS.pageSizeDefault, cursor);
  }

  /**
   * Creates a budget. With an idempotency request, the first response is stored in the
   * same write and replayed for repeats; `respond` renders that response.
   */
  async create(
    tenantId: string,
    body: BudgetDraft,
    options: KeyedAnswers & { respond: (budget: BudgetRecord) => StoredResponse },
  ): Promise<StoredResponse> {
    try {
      return await this.createOnce(tenantId, body, options);
    } catch (error) {
      return answerRefusal(this.deps.idempotency, options, error, this.nowMs());
    }
  }

  private async createOnce(
    tenantId: string,
    body: BudgetDraft,
    options: KeyedAnswers & { respond: (budget: BudgetRecord) => StoredResponse },
  ): Promise<StoredResponse> {
    const { idempotency } = options;
    if (idempotency) {
      const replay = await this.deps.idempotency.find(idempotency, this.nowMs());
      if (replay) return replay;
    }
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const parent = body.parentId ? await this.get(tenantId, body.parentId) : undefined;
      if (parent) assertCanAttach(parent, { currency: body.currency, subtreeHeight: 0 });
      const nowMs = this.nowMs();
      const budget = newBudgetRecord({ tenantId, id: newBudgetId(nowMs), body, parent, nowIso: new Date(nowMs).toISOString() });
      const response = options.respond(budget);
      try {
        await this.deps.budgets.create(budget, parent, idempotency && { request: idempotency, response }, nowMs);
        return response;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        if (error.reason === 'idempotency-key-taken' && idempotency) {
          const replay = await this.deps.idempotency.find(idempotency, this.nowMs());
          if (replay) return replay;
        }
      }
    }
    throw new ConcurrentChangeError('The budget hierarchy changed while creating this budget; retry.');
  }

  async patch(tenantId: string, budgetId: string, patch: BudgetPatch, ifMatchVersion: number | undefined): Promise<BudgetRecord> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const budget = await this.getForWrite(tenantId, budgetId, ifMatchVersion);
      if (budget.status === 'archived') throw new BudgetArchivedError(budget.id);
      let after = patchedBudgetRecord(budget, patch, new Date(this.nowMs()).toISOString());
      const reparent = patch.parentId !== undefined && patch.parentId !== budget.parentId;
      const move = reparent ? await this.planMove(budget, patch.parentId ?? null) : undefined;
      if (move) after = { ...after, parentId: move.newParent?.id ?? null, path: move.newPath };
      try {
        await this.deps.budgets.update(budget, after, move, stampOf(budget, after, this.nowMs()));
        return after;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        if (error.reason === 'limit-below-zero') {
          throw new ConflictError(`The period's adjustments would take budget ${budget.id}'s effective limit below zero with this limit.`);
        }
      }
    }
    throw new ConcurrentChangeError('The budget changed concurrently; retry.');
  }

  /** Archives a budget (idempotent). Refused while it has active children. */
  async archive(tenantId: string, budgetId: string, ifMatchVersion: number | undefined): Promise<void> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const budget = await this.getForWrite(tenantId, budgetId, ifMatchVersion);
      if (budget.status === 'archived') return;
      if (budget.activeChildCount > 0) {
        throw new ConflictError(`Budget ${budget.id} has ${budget.activeChildCount} active child budget(s); archive or move them first.`);
      }
      const after: BudgetRecord = { ...budget, status: 'archived', version: budget.version + 1, updatedAt: new Date(this.nowMs()).toISOString() };
      const parent = budget.parentId ? await this.deps.budgets.get(tenantId, budget.parentId) : undefined;
      try {
        await this.deps.budgets.update(budget, after, { oldParent: parent, newParent: undefined, descendants: [] }, stampOf(budget, after, this.nowMs()));
        return;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
      }
    }
    throw new ConcurrentChangeError('The budget changed concurrently; retry.');
  }

  private async getForWrite(tenantId: string, budgetId: string, ifMatchVersion: number | undefined): Promise<BudgetRecord> {
    const budget = await this.get(tenantId, budgetId);
    if (ifMatchVersion !== undefined && ifMatchVersion !== budget.version) throw new PreconditionFailedError(budget.version);
    return budget;
  }

  /** Checks a move under `newParentId` and computes every path it rewrites. */
  private async planMove(budget: BudgetRecord, newParentId: string | null) {
    const newParent = newParentId ? await this.get(budget.tenantId, newParentId) : undefined;
    const descendants = await this.descendantsOf(budget);
    const subtreeHeight = Math.max(0, ...descendants.map((descendant) => descendant.path.length - budget.path.length));
    if (newParent) assertCanAttach(newParent, { id: budget.id, currency: budget.currency, subtreeHeight });
    const oldParent = budget.parentId ? await this.deps.budgets.get(budget.tenantId, budget.parentId) : undefined;
    const newPath = newParent ? [...newParent.path, newParent.id] : [];
    const ownDepth = budget.path.length;
    return {
      oldParent,
      newParent,
      newPath,
      descendants: descendants.map((descendant) => ({
        before: descendant,
        after: { ...descendant, path: [...newPath, budget.id, ...descendant.path.slice(ownDepth + 1)] },
      })),
    };
  }

  private async descendantsOf(budget: BudgetRecord): Promise<BudgetRecord[]> {
    const found: BudgetRecord[] = [];
    let frontier = [budget];
    while (frontier.length > 0) {
      const children = (await Promise.all(frontier.map((node) => this.deps.budgets.children(node.tenantId, node.id)))).flat();
      found.push(...children);
      if (found.length > MAX_DESCENDANTS_PER_MOVE) {
        throw new ConflictError(`A budget with more than ${MAX_DESCENDANTS_PER_MOVE} descendants cannot be moved in one step.`);
      }
      frontier = children;
    }
    return found;
  }
}

/**
 * The counters a budget write must reach (invariant 8): those of the periods a movement in
 * flight may still write, which read the budget before this write. A movement writes the
 * period of its read (at most {@link MAX_READ_AGE_MS} ago) or of its usage (at most
 * {@link MAX_USAGE_CLOCK_SKEW_MS} ahead). Usually one period; two or three near a boundary.
 * A new limit applies to the current period and the next, never to one that has ended.
 */
export function stampOf(before: BudgetRecord, after: BudgetRecord, nowMs: number): CounterStamp {
  const periods = new Map<string, boolean>();
  const past = periodContaining(before.period, nowMs - MAX_READ_AGE_MS);
  if (past) periods.set(past.key, false);
  for (const atMs of [nowMs, nowMs + MAX_USAGE_CLOCK_SKEW_MS]) {
    const window = periodContaining(before.period, atMs);
    if (window) periods.set(window.key, true);
  }
  return {
    periods: [...periods].map(([periodKey, takesNewLimit]) => ({ periodKey, takesNewLimit })),
    fromVersion: before.version,
    toVersion: after.version,
    oldLimitMicros: before.limitMicros,
    newLimitMicros: after.limitMicros,
  };
}

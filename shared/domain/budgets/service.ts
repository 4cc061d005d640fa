import { LIMITS, MAX_READ_AGE_MS, MAX_USAGE_CLOCK_SKEW_MS } from '../common/limits.js';
import type { AuditContext } from '../audit/audit.js';
import { budgetAudit } from './budget-audit.js';
import { assertCanAttach, newBudgetRecord, patchedBudgetRecord, type BudgetDraft, type BudgetPatch, type BudgetQuery, type BudgetRecord } from './budget.js';
import { BudgetArchivedError, ConcurrentChangeError, ConflictError, NotFoundError, PreconditionFailedError } from '../common/errors.js';
import { newBudgetId } from '../common/ids.js';
import { periodContaining } from '../periods/period.js';
import { answerRefusal, type KeyedAnswers } from '../common/keyed.js';
import { WriteConflict, type IdempotencyStore, type Page, type StoredResponse } from '../common/ports.js';
import type { BudgetMove, BudgetStore, CounterStamp } from './ports.js';
import { createTree, type TreeAnswers, type TreeNode } from './create-tree.js';

/** A write that lost a race re-reads and tries again this many times before answering 409. */
const MAX_WRITE_ATTEMPTS = 4;
/** {@link stampOf} names the periods of three instants (the read's age, now, the usage skew ahead): at most three counters. */
const MAX_STAMPED_PERIODS = 3;
/**
 * One transaction moves a budget and rewrites its descendants' paths: DynamoDB allows 100
 * items, less the budget, its two parents, its cost-source marker, its audit entry and the
 * counters it stamps.
 */
export const MAX_DESCENDANTS_PER_MOVE = 100 - 3 - 1 - 1 - MAX_STAMPED_PERIODS;
/**
 * The parent index is eventually consistent: a subtree read that finds fewer active children
 * than a node counts is read again this many times, a few milliseconds apart (the index
 * usually catches up within a second), then the move answers 409 so the client retries.
 */
const MAX_SUBTREE_READS = 4;
const SUBTREE_READ_BACKOFF_MS = 20;

type PlannedMove = BudgetMove & { newPath: string[] };

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
    options: KeyedAnswers & { respond: (budget: BudgetRecord) => StoredResponse; audit: AuditContext },
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
    options: KeyedAnswers & { respond: (budget: BudgetRecord) => StoredResponse; audit: AuditContext },
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
        await this.deps.budgets.create(budget, parent, idempotency && { request: idempotency, response }, nowMs, budgetAudit(options.audit, nowMs, undefined, budget));
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

  /** Creates a tree of budgets in one atomic write (a template's apply). */
  createTree(
    tenantId: string, nodes: readonly TreeNode[], options: KeyedAnswers & TreeAnswers,
  ): Promise<StoredResponse> {
    return createTree({ budgets: this.deps.budgets, idempotency: this.deps.idempotency, nowMs: this.nowMs }, tenantId, nodes, options);
  }

  async patch(tenantId: string, budgetId: string, patch: BudgetPatch, ifMatchVersion: number | undefined, audit: AuditContext): Promise<BudgetRecord> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const { budget, move } = await this.readForPatch(tenantId, budgetId, patch, ifMatchVersion);
      let after = patchedBudgetRecord(budget, patch, new Date(this.nowMs()).toISOString());
      if (move) after = { ...after, parentId: move.newParent?.id ?? null, path: move.newPath };
      try {
        const nowMs = this.nowMs();
        await this.deps.budgets.update(budget, after, move, stampOf(budget, after, nowMs), budgetAudit(audit, nowMs, budget, after));
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
  async archive(tenantId: string, budgetId: string, ifMatchVersion: number | undefined, audit: AuditContext): Promise<void> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const budget = await this.getForWrite(tenantId, budgetId, ifMatchVersion);
      if (budget.status === 'archived') return;
      if (budget.activeChildCount > 0) {
        throw new ConflictError(`Budget ${budget.id} has ${budget.activeChildCount} active child budget(s); archive or move them first.`);
      }
      const after: BudgetRecord = { ...budget, status: 'archived', version: budget.version + 1, updatedAt: new Date(this.nowMs()).toISOString() };
      const parent = budget.parentId ? await this.deps.budgets.get(tenantId, budget.parentId) : undefined;
      try {
        const nowMs = this.nowMs();
        await this.deps.budgets.update(
          budget, after, { oldParent: parent, newParent: undefined, descendants: [] }, stampOf(budget, after, nowMs), budgetAudit(audit, nowMs, budget, after),
        );
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

  /**
   * The budget a PATCH starts from and, for a move, its plan. While the parent index has not
   * caught up with the subtree, everything is read again after a short pause (bounded).
   */
  private async readForPatch(
    tenantId: string, budgetId: string, patch: BudgetPatch, ifMatchVersion: number | undefined,
  ): Promise<{ budget: BudgetRecord; move: PlannedMove | undefined }> {
    for (let read = 1; ; read++) {
      const budget = await this.getForWrite(tenantId, budgetId, ifMatchVersion);
      if (budget.status === 'archived') throw new BudgetArchivedError(budget.id);
      if (patch.parentId === undefined || patch.parentId === budget.parentId) return { budget, move: undefined };
      const move = await this.planMove(budget, patch.parentId);
      if (move) return { budget, move };
      if (read >= MAX_SUBTREE_READS) throw new ConcurrentChangeError(`Budget ${budget.id}'s child budgets are still being indexed; retry the move in a moment.`);
      await pause(SUBTREE_READ_BACKOFF_MS * 2 ** (read - 1));
    }
  }

  /** Checks a move under `newParentId` and computes every path it rewrites; undefined while the index misses a child. */
  private async planMove(budget: BudgetRecord, newParentId: string | null): Promise<PlannedMove | undefined> {
    const newParent = newParentId ? await this.get(budget.tenantId, newParentId) : undefined;
    const descendants = await this.activeDescendantsOf(budget);
    if (!descendants) return undefined;
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

  /**
   * Every active descendant of `budget`, as stored now, or undefined when the parent index has
   * not caught up: every node must show exactly as many active children as its
   * `activeChildCount`, which the writes that create, archive or move a child keep. The move's
   * write conditions each node it moves on that count, its version and its path, so a child
   * created, moved in or archived after this read refuses the write and the move reads again:
   * the write proves the set it read is complete (invariant 8).
   *
   * Archived descendants stay out and keep their path, the ancestors they had when archived.
   * They take no holds, have no active descendants (archiving needs `activeChildCount` = 0 and
   * nothing can be created or moved under them) and can be neither patched nor moved, so no
   * decision reads their path. Rewriting it could not be proven complete anyway: no count
   * covers archived children, so the index may miss one. Their `parentId` stays true; a future
   * un-archive must take its path (and check the depth) from its parent, as a create does.
   */
  private async activeDescendantsOf(budget: BudgetRecord): Promise<BudgetRecord[] | undefined> {
    const found: BudgetRecord[] = [];
    let frontier = [budget];
    while (frontier.length > 0) {
      const listed = (await Promise.all(frontier.map((node) => this.deps.budgets.children(node.tenantId, node.id)))).flat();
      // The index's copies may be stale (moved away, archived, another path or count): read them again, consistently.
      const current = await this.deps.budgets.getMany(budget.tenantId, [...new Set(listed.map((child) => child.id))]);
      const children: BudgetRecord[] = [];
      for (const node of frontier) {
        const active = current.filter((child) => child.parentId === node.id && child.status === 'active');
        if (active.length !== node.activeChildCount) return undefined;
        children.push(...active);
      }
      found.push(...children);
      if (found.length > MAX_DESCENDANTS_PER_MOVE) {
        throw new ConflictError(`A budget with more than ${MAX_DESCENDANTS_PER_MOVE} active descendants cannot be moved in one step.`);
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

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

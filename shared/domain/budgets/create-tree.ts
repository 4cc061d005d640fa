import { ConcurrentChangeError, NotFoundError } from '../common/errors.js';
import { newBudgetId } from '../common/ids.js';
import { answerRefusal, type KeyedAnswers } from '../common/keyed.js';
import { WriteConflict, type IdempotencyStore, type StoredResponse } from '../common/ports.js';
import { assertCanAttach, newBudgetRecord, type BudgetDraft, type BudgetRecord } from './budget.js';
import type { BudgetStore } from './ports.js';
import { auditEntry, type AuditContext } from '../audit/audit.js';
import { budgetAudit } from './budget-audit.js';

/** A write that lost a race re-reads the parent and tries again this many times before answering 409. */
const MAX_TREE_WRITE_ATTEMPTS = 4;

/** One budget of a tree to create: the root (`parentIndex` null) hangs under its draft's `parentId`, every other under an earlier node. */
export interface TreeNode {
  parentIndex: number | null;
  draft: BudgetDraft;
}

/** How a tree's creation is answered and audited: one entry for the template, one per budget. */
export interface TreeAnswers {
  respond: (budgets: BudgetRecord[]) => StoredResponse;
  audit: AuditContext;
  templateId: string;
}

export interface TreeDeps {
  budgets: BudgetStore;
  idempotency: IdempotencyStore;
  nowMs: () => number;
}

/**
 * Creates a whole tree of budgets all or nothing (a template's apply): the hierarchy rules of
 * a single create hold for the root (its parent active, same currency, depth), each node's
 * `activeChildCount` is its children in the tree, and one transaction writes them all with the
 * idempotency record, so a repeat answers the first response and a failure leaves nothing.
 */
export async function createTree(
  deps: TreeDeps, tenantId: string, nodes: readonly TreeNode[], options: KeyedAnswers & TreeAnswers,
): Promise<StoredResponse> {
  try {
    return await createTreeOnce(deps, tenantId, nodes, options);
  } catch (error) {
    return answerRefusal(deps.idempotency, options, error, deps.nowMs());
  }
}

async function createTreeOnce(
  deps: TreeDeps, tenantId: string, nodes: readonly TreeNode[], options: KeyedAnswers & TreeAnswers,
): Promise<StoredResponse> {
  const { idempotency } = options;
  if (idempotency) {
    const replay = await deps.idempotency.find(idempotency, deps.nowMs());
    if (replay) return replay;
  }
  const root = nodes[0];
  if (!root || root.parentIndex !== null || nodes.slice(1).some((node, index) => node.parentIndex === null || node.parentIndex > index)) {
    throw new Error('a tree lists its root first and every other node after its parent');
  }
  for (let attempt = 1; attempt <= MAX_TREE_WRITE_ATTEMPTS; attempt++) {
    const parent = root.draft.parentId ? await deps.budgets.get(tenantId, root.draft.parentId) : undefined;
    if (root.draft.parentId && !parent) throw new NotFoundError('Budget', root.draft.parentId);
    if (parent) assertCanAttach(parent, { currency: root.draft.currency, subtreeHeight: heightOf(nodes) });
    const nowMs = deps.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    const records: BudgetRecord[] = [];
    for (const node of nodes) {
      const above = node.parentIndex === null ? parent : records[node.parentIndex]!;
      const record = newBudgetRecord({ tenantId, id: newBudgetId(nowMs), body: { ...node.draft, parentId: above?.id ?? null }, parent: above, nowIso });
      records.push({ ...record, activeChildCount: nodes.filter((other) => other.parentIndex !== null && nodes[other.parentIndex] === node).length });
    }
    const response = options.respond(records);
    try {
      const applied = auditEntry(options.audit, nowMs, {
        tenantId, action: 'template.applied', resourceType: 'template', resourceId: options.templateId,
        changes: { budgets: { from: null, to: records.map((record) => record.id) } },
      });
      const audit = [applied, ...records.map((record) => budgetAudit(options.audit, nowMs, undefined, record))];
      await deps.budgets.createTree(records, parent, idempotency && { request: idempotency, response }, nowMs, audit);
      return response;
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      if (error.reason === 'idempotency-key-taken' && idempotency) {
        const replay = await deps.idempotency.find(idempotency, deps.nowMs());
        if (replay) return replay;
      }
    }
  }
  throw new ConcurrentChangeError('The budget hierarchy changed while creating these budgets; retry.');
}

/** Levels below the root. */
function heightOf(nodes: readonly TreeNode[]): number {
  const depth: number[] = [];
  nodes.forEach((node, index) => { depth[index] = node.parentIndex === null ? 0 : depth[node.parentIndex]! + 1; });
  return Math.max(...depth);
}

import type { CreateBudgetBody, PatchBudgetBody, Budget as BudgetView } from '../../schemas/budgets.js';
import { BudgetArchivedError, ConflictError, CurrencyMismatchError } from '../common/errors.js';
import { formatAmount, parseAmount } from '../common/amount.js';
import type { PeriodSpec } from '../periods/period.js';

/** A hierarchy is at most this deep (a root is level 1). */
export const MAX_HIERARCHY_DEPTH = 8;

export type EnforcementMode = BudgetView['enforcement'];

/** A budget as the domain holds it: exact amounts in micro-units. */
export interface BudgetRecord {
  tenantId: string;
  id: string;
  name: string;
  description: string | null;
  scope: { type: BudgetView['scope']['type']; id: string };
  parentId: string | null;
  /** Ancestor ids, root first: what a reservation must also move. */
  path: string[];
  currency: string;
  limitMicros: bigint;
  period: PeriodSpec & { startsAt: string | null; endsAt: string | null };
  enforcement: EnforcementMode;
  thresholds: number[];
  rollover: { enabled: boolean; maxMicros: bigint | null };
  approvalPolicy: { ttlSeconds: number };
  categories: Array<{ name: string; limitMicros: bigint }>;
  tags: Record<string, string>;
  status: 'active' | 'archived';
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Active children; archiving is refused while it is above zero (kept by the same writes). */
  activeChildCount: number;
}

export function depthOf(budget: Pick<BudgetRecord, 'path'>): number {
  return budget.path.length + 1;
}

/**
 * Checks that `child` (with subtree `subtreeHeight` levels below it) may hang under
 * `parent`: same currency, parent active, no cycle, at most {@link MAX_HIERARCHY_DEPTH} levels.
 */
export function assertCanAttach(
  parent: BudgetRecord,
  child: { id?: string; currency: string; subtreeHeight: number },
): void {
  if (child.id !== undefined && (parent.id === child.id || parent.path.includes(child.id))) {
    throw new ConflictError(`Budget ${parent.id} is ${child.id} itself or one of its descendants: that would make a cycle.`);
  }
  if (parent.status !== 'active') throw new BudgetArchivedError(parent.id);
  if (parent.currency !== child.currency) throw new CurrencyMismatchError(parent.currency, child.currency);
  const deepestLevel = depthOf(parent) + 1 + child.subtreeHeight;
  if (deepestLevel > MAX_HIERARCHY_DEPTH) {
    throw new ConflictError(`A budget hierarchy has at most ${MAX_HIERARCHY_DEPTH} levels; this would make ${deepestLevel}.`);
  }
}

export function newBudgetRecord(input: {
  tenantId: string;
  id: string;
  body: CreateBudgetBody;
  parent: BudgetRecord | undefined;
  nowIso: string;
}): BudgetRecord {
  const { body, parent } = input;
  return {
    tenantId: input.tenantId,
    id: input.id,
    name: body.name,
    description: body.description ?? null,
    scope: body.scope,
    parentId: parent?.id ?? null,
    path: parent ? [...parent.path, parent.id] : [],
    currency: body.currency,
    limitMicros: parseAmount(body.limit),
    period: {
      type: body.period.type,
      timezone: body.period.timezone,
      startsAt: body.period.startsAt ? new Date(body.period.startsAt).toISOString() : null,
      endsAt: body.period.endsAt ? new Date(body.period.endsAt).toISOString() : null,
    },
    enforcement: body.enforcement,
    thresholds: [...body.thresholds].sort((a, b) => a - b),
    rollover: { enabled: body.rollover.enabled, maxMicros: body.rollover.max === null ? null : parseAmount(body.rollover.max) },
    approvalPolicy: body.approvalPolicy,
    categories: body.categories.map((category) => ({ name: category.name, limitMicros: parseAmount(category.limit) })),
    tags: body.tags,
    status: 'active',
    version: 1,
    createdAt: input.nowIso,
    updatedAt: input.nowIso,
    activeChildCount: 0,
  };
}

/** The budget after `patch`, one version later. `parentId`/`path` are applied by the caller, who checks the hierarchy. */
export function patchedBudgetRecord(budget: BudgetRecord, patch: PatchBudgetBody, nowIso: string): BudgetRecord {
  return {
    ...budget,
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.limit !== undefined && { limitMicros: parseAmount(patch.limit) }),
    ...(patch.enforcement !== undefined && { enforcement: patch.enforcement }),
    ...(patch.thresholds !== undefined && { thresholds: [...patch.thresholds].sort((a, b) => a - b) }),
    ...(patch.rollover !== undefined && {
      rollover: { enabled: patch.rollover.enabled, maxMicros: patch.rollover.max === null ? null : parseAmount(patch.rollover.max) },
    }),
    ...(patch.approvalPolicy !== undefined && { approvalPolicy: patch.approvalPolicy }),
    ...(patch.categories !== undefined && {
      categories: patch.categories.map((category) => ({ name: category.name, limitMicros: parseAmount(category.limit) })),
    }),
    ...(patch.tags !== undefined && { tags: patch.tags }),
    version: budget.version + 1,
    updatedAt: nowIso,
  };
}

/** The budget as the API shows it. */
export function budgetView(budget: BudgetRecord): BudgetView {
  return {
    id: budget.id,
    name: budget.name,
    description: budget.description,
    scope: budget.scope,
    parentId: budget.parentId,
    currency: budget.currency,
    limit: formatAmount(budget.limitMicros),
    period: {
      type: budget.period.type,
      timezone: budget.period.timezone,
      startsAt: budget.period.startsAt,
      endsAt: budget.period.endsAt,
    },
    enforcement: budget.enforcement,
    thresholds: budget.thresholds,
    rollover: { enabled: budget.rollover.enabled, max: budget.rollover.maxMicros === null ? null : formatAmount(budget.rollover.maxMicros) },
    approvalPolicy: budget.approvalPolicy,
    categories: budget.categories.map((category) => ({ name: category.name, limit: formatAmount(category.limitMicros) })),
    tags: budget.tags,
    status: budget.status,
    version: budget.version,
    createdAt: budget.createdAt,
    updatedAt: budget.updatedAt,
  };
}

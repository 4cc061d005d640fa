import { BudgetArchivedError, ConflictError, CurrencyMismatchError } from '../common/errors.js';
import type { PageQuery } from '../common/limits.js';
import type { PeriodSpec, PeriodType } from '../periods/period.js';
import type { CostSource } from './cost-source.js';

/** A hierarchy is at most this deep (a root is level 1). */
export const MAX_HIERARCHY_DEPTH = 8;

export const SCOPE_TYPES = ['organization', 'team', 'project', 'user', 'service', 'region', 'custom'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];
export const ENFORCEMENT_MODES = ['hard', 'soft', 'approval'] as const;
export type EnforcementMode = (typeof ENFORCEMENT_MODES)[number];
export const BUDGET_STATUSES = ['active', 'archived'] as const;
/** At close, an overrun period carries its negative remainder into the next (`carry`) or nothing (`forgive`). */
export const ROLLOVER_OVERSPEND = ['forgive', 'carry'] as const;
export type RolloverOverspend = (typeof ROLLOVER_OVERSPEND)[number];
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export const DEFAULT_THRESHOLDS = [50, 75, 90, 100] as const;
/** The `forecast` alerts a budget gets unless it says otherwise: one when the period is projected to end over its limit. */
export const DEFAULT_FORECAST_THRESHOLDS = [100] as const;
/** A pending approval waits a day by default; between a minute and a week. */
export const DEFAULT_APPROVAL_TTL_SECONDS = 86_400;
export const MIN_APPROVAL_TTL_SECONDS = 60;
export const MAX_APPROVAL_TTL_SECONDS = 7 * 86_400;

/** A new budget as a caller describes it (the wire schema's output): amounts already in micro-units. */
export interface BudgetDraft {
  name: string;
  description: string | null;
  scope: { type: ScopeType; id: string };
  parentId: string | null;
  currency: string;
  limitMicros: bigint;
  period: { type: PeriodType; timezone: string; startsAt?: string | undefined; endsAt?: string | undefined };
  enforcement: EnforcementMode;
  thresholds: number[];
  /** Percent of the limit the projected spend at period end may reach before a `forecast` alert (none: no forecast alerts). */
  forecastThresholds: number[];
  rollover: { enabled: boolean; maxMicros: bigint | null; overspend: RolloverOverspend };
  approvalPolicy: { ttlSeconds: number };
  categories: Array<{ name: string; limitMicros: bigint }>;
  tags: Record<string, string>;
  /** Where actual provider spend comes from (null: none): tracked as the budget's spend, or compared with it. */
  costSource: CostSource | null;
}

/** A budget as the domain holds it: the draft's fields, exact amounts in micro-units, and what the service keeps. */
export interface BudgetRecord extends Omit<BudgetDraft, 'period'> {
  tenantId: string;
  id: string;
  /** Ancestor ids, root first: what a reservation must also move. */
  path: string[];
  /** Custom bounds normalised to UTC ISO strings (null for calendar and lifetime periods). */
  period: PeriodSpec & { startsAt: string | null; endsAt: string | null };
  status: BudgetStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Active children; archiving is refused while it is above zero (kept by the same writes). */
  activeChildCount: number;
}

/** The fields a PATCH may change; absent means unchanged. */
export type BudgetPatch = Partial<Pick<BudgetDraft,
  'name' | 'description' | 'limitMicros' | 'enforcement' | 'thresholds' | 'forecastThresholds' | 'rollover' | 'approvalPolicy' | 'categories' | 'tags' | 'parentId' | 'costSource'>>;

export interface BudgetQuery extends PageQuery {
  scopeType?: ScopeType | undefined;
  scopeId?: string | undefined;
  parentId?: string | undefined;
  status: BudgetStatus;
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
  body: BudgetDraft;
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
    limitMicros: body.limitMicros,
    period: {
      type: body.period.type,
      timezone: body.period.timezone,
      startsAt: body.period.startsAt ? new Date(body.period.startsAt).toISOString() : null,
      endsAt: body.period.endsAt ? new Date(body.period.endsAt).toISOString() : null,
    },
    enforcement: body.enforcement,
    thresholds: [...body.thresholds].sort((a, b) => a - b),
    forecastThresholds: [...body.forecastThresholds].sort((a, b) => a - b),
    rollover: body.rollover,
    approvalPolicy: body.approvalPolicy,
    categories: body.categories,
    tags: body.tags,
    costSource: body.costSource,
    status: 'active',
    version: 1,
    createdAt: input.nowIso,
    updatedAt: input.nowIso,
    activeChildCount: 0,
  };
}

/** The budget after `patch`, one version later. `parentId`/`path` are applied by the caller, who checks the hierarchy. */
export function patchedBudgetRecord(budget: BudgetRecord, patch: BudgetPatch, nowIso: string): BudgetRecord {
  return {
    ...budget,
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.limitMicros !== undefined && { limitMicros: patch.limitMicros }),
    ...(patch.enforcement !== undefined && { enforcement: patch.enforcement }),
    ...(patch.thresholds !== undefined && { thresholds: [...patch.thresholds].sort((a, b) => a - b) }),
    ...(patch.forecastThresholds !== undefined && { forecastThresholds: [...patch.forecastThresholds].sort((a, b) => a - b) }),
    ...(patch.rollover !== undefined && { rollover: patch.rollover }),
    ...(patch.approvalPolicy !== undefined && { approvalPolicy: patch.approvalPolicy }),
    ...(patch.categories !== undefined && { categories: patch.categories }),
    ...(patch.tags !== undefined && { tags: patch.tags }),
    ...(patch.costSource !== undefined && { costSource: patch.costSource }),
    version: budget.version + 1,
    updatedAt: nowIso,
  };
}

/** What a budget's audit entries compare: everything a caller set, and its status. */
export const AUDITED_BUDGET_FIELDS = [
  'name', 'description', 'scope', 'parentId', 'currency', 'limitMicros', 'period', 'enforcement', 'thresholds', 'forecastThresholds', 'rollover',
  'approvalPolicy', 'categories', 'tags', 'costSource', 'status',
] as const satisfies ReadonlyArray<keyof BudgetRecord>;

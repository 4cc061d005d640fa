import type { BudgetRecord, EnforcementMode } from '../budgets/budget.js';
import { NotFoundError } from '../common/errors.js';
import { LIMITS } from '../common/limits.js';
import type { Page } from '../common/ports.js';
import { checkCurrency, type ChainLink } from './chain.js';
import type { MoneyContext } from './context.js';
import { periodOf } from './movement.js';
import { counterKeyOf, type LedgerEntryRecord, type ReservationRecord, type UsageRecord } from './records.js';
import type { CheckRequest, LedgerQuery, ReservationQuery, UsageQuery } from './requests.js';

export const CHECK_ACTIONS = ['allow', 'warn', 'require_approval', 'block'] as const;
export type CheckAction = (typeof CHECK_ACTIONS)[number];

export interface CheckOutcome {
  allowed: boolean;
  decision: CheckAction;
  results: Array<{ budgetId: string; availableMicros: bigint; enforcement: EnforcementMode; wouldExceed: boolean; action: CheckAction }>;
}

export const isoOf = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export async function requireBudget(ctx: MoneyContext, tenantId: string, budgetId: string): Promise<BudgetRecord> {
  const budget = await ctx.budgets.get(tenantId, budgetId);
  if (!budget) throw new NotFoundError('Budget', budgetId);
  return budget;
}

export async function listReservations(ctx: MoneyContext, tenantId: string, budgetId: string, query: ReservationQuery): Promise<Page<ReservationRecord>> {
  await requireBudget(ctx, tenantId, budgetId);
  return ctx.money.listReservations(tenantId, budgetId, query.status, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
}

export async function ledger(ctx: MoneyContext, tenantId: string, budgetId: string, query: LedgerQuery): Promise<Page<LedgerEntryRecord>> {
  await requireBudget(ctx, tenantId, budgetId);
  return ctx.money.ledger(tenantId, budgetId, query.periodKey, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
}

export async function usage(ctx: MoneyContext, tenantId: string, budgetId: string, query: UsageQuery): Promise<Page<UsageRecord>> {
  await requireBudget(ctx, tenantId, budgetId);
  return ctx.money.usage(tenantId, budgetId, {
    ...(query.fromMs !== undefined && { fromIso: isoOf(query.fromMs) }),
    ...(query.toMs !== undefined && { toIso: isoOf(query.toMs) }),
    ...(query.category && { category: query.category }),
    ...(query.provider && { provider: query.provider }),
  }, query.limit ?? LIMITS.pageSizeDefault, query.cursor);
}

const ACTION_SEVERITY: Record<CheckAction, number> = { allow: 0, warn: 1, require_approval: 2, block: 3 };

/** Pre-flight: would `amountMicros` fit each named budget and its ancestors? Reads only. */
export async function check(ctx: MoneyContext, tenantId: string, request: CheckRequest): Promise<CheckOutcome> {
  const nowMs = ctx.nowMs();
  const targetIds = new Set(request.budgetIds ?? []);
  for (const scope of request.scopes ?? []) {
    let cursor: string | undefined;
    do {
      const page = await ctx.budgets.list(tenantId, { scopeType: scope.type, scopeId: scope.id, status: 'active' }, LIMITS.pageSizeMax, cursor);
      for (const budget of page.items) targetIds.add(budget.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  const links = new Map<string, ChainLink>();
  for (const id of targetIds) {
    for (const link of await ctx.chains.chainAt(tenantId, id, nowMs, { forWrite: false, fresh: true })) links.set(link.budget.id, link);
    const budget = links.get(id)?.budget;
    if (budget) checkCurrency(budget.currency, request.currency);
  }
  const counters = await ctx.money.counters(tenantId, [...links.values()].map(periodOf));
  const results = [...links.values()].map((link) => {
    const counter = counters.get(counterKeyOf(periodOf(link)));
    const availableMicros = counter?.availableMicros ?? link.budget.limitMicros;
    const wouldExceed = request.amountMicros > availableMicros || link.budget.status === 'archived';
    const action: CheckAction = !wouldExceed ? 'allow'
      : link.budget.enforcement === 'soft' ? 'warn'
        : link.budget.enforcement === 'approval' ? 'require_approval' : 'block';
    return { budgetId: link.budget.id, availableMicros, enforcement: link.budget.enforcement, wouldExceed, action };
  });
  const decision = results.reduce<CheckAction>((worst, result) => (ACTION_SEVERITY[result.action] > ACTION_SEVERITY[worst] ? result.action : worst), 'allow');
  return { allowed: decision === 'allow' || decision === 'warn', decision, results };
}

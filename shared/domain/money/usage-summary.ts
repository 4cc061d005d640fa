import type { BudgetRecord } from '../budgets/budget.js';
import { LIMITS } from '../common/limits.js';
import type { MoneyContext } from './context.js';
import { isoOf, requireBudget } from './reads.js';
import type { UsageSummaryQuery } from './requests.js';

export interface UsageSummary {
  totalMicros: bigint;
  count: number;
  groups: Array<{ key: string; amountMicros: bigint; count: number }>;
}

/** The group of spend that carried no category or provider. */
const UNSPECIFIED = 'unspecified';

interface Spend {
  atIso: string;
  amountMicros: bigint;
  category: string | null;
  provider: string | null;
}

/**
 * Usage totals grouped by category, provider, day or month (UTC), walking every page: of
 * the budget, or with `includeDescendants` of it and every budget below it; with
 * `includeCharges` charged reservations count too, at the instant they were charged (a
 * charge has a category, never a provider). Reads records, so its cost grows with them: the
 * period's breakdown in a report reads none.
 */
export async function usageSummary(ctx: MoneyContext, tenantId: string, budgetId: string, query: UsageSummaryQuery): Promise<UsageSummary> {
  const budget = await requireBudget(ctx, tenantId, budgetId);
  const budgets = query.includeDescendants ? await withDescendants(ctx, budget) : [budget];
  const groups = new Map<string, { amountMicros: bigint; count: number }>();
  let totalMicros = 0n;
  let count = 0;
  const add = (spend: Spend) => {
    const key = query.groupBy === 'day' ? spend.atIso.slice(0, 10)
      : query.groupBy === 'month' ? spend.atIso.slice(0, 7)
        : (spend[query.groupBy] ?? UNSPECIFIED);
    const group = groups.get(key) ?? { amountMicros: 0n, count: 0 };
    group.amountMicros += spend.amountMicros;
    group.count += 1;
    groups.set(key, group);
    totalMicros += spend.amountMicros;
    count += 1;
  };
  for (const each of budgets) {
    await eachUsage(ctx, tenantId, each.id, query, add);
    if (query.includeCharges) await eachCharge(ctx, tenantId, each.id, query, add);
  }
  return {
    totalMicros,
    count,
    groups: [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, group]) => ({ key, ...group })),
  };
}

/** The budget and every budget below it, any status (an archived child's spend still counted above it). */
async function withDescendants(ctx: MoneyContext, root: BudgetRecord): Promise<BudgetRecord[]> {
  const found = [root];
  for (let index = 0; index < found.length; index += 1) found.push(...(await ctx.budgets.children(root.tenantId, found[index]!.id)));
  return found;
}

async function eachUsage(ctx: MoneyContext, tenantId: string, budgetId: string, query: UsageSummaryQuery, add: (spend: Spend) => void): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await ctx.money.usage(tenantId, budgetId, {
      ...(query.fromMs !== undefined && { fromIso: isoOf(query.fromMs) }),
      ...(query.toMs !== undefined && { toIso: isoOf(query.toMs) }),
    }, LIMITS.pageSizeMax, cursor);
    for (const entry of page.items) add({ atIso: entry.occurredAt, amountMicros: entry.amountMicros, category: entry.category, provider: entry.provider });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Charged reservations of one budget whose charge falls within [from, to), the bounds usage is read with. */
async function eachCharge(ctx: MoneyContext, tenantId: string, budgetId: string, query: UsageSummaryQuery, add: (spend: Spend) => void): Promise<void> {
  const fromIso = isoOf(query.fromMs);
  const toIso = isoOf(query.toMs);
  let cursor: string | undefined;
  do {
    const page = await ctx.money.listReservations(tenantId, budgetId, 'charged', LIMITS.pageSizeMax, cursor);
    for (const reservation of page.items) {
      const atIso = reservation.updatedAt;
      if ((fromIso !== undefined && atIso < fromIso) || (toIso !== undefined && atIso >= toIso)) continue;
      add({ atIso, amountMicros: reservation.chargedMicros ?? 0n, category: reservation.category, provider: null });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

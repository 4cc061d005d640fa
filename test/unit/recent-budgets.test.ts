import { describe, expect, it } from 'vitest';
import type { BudgetRecord } from '../../shared/domain/budgets/budget.js';
import { RecentBudgets } from '../../shared/domain/budgets/recent-budgets.js';

describe('RecentBudgets', () => {
  it('answers from memory within its age, reads again after it, and never remembers an unknown id', async () => {
    const stored = new Map<string, BudgetRecord>([['bud_a', { id: 'bud_a', version: 1 } as BudgetRecord]]);
    let reads = 0;
    const clock = { nowMs: 1_000_000 };
    const recent = new RecentBudgets({ get: async (_tenantId, budgetId) => { reads += 1; return stored.get(budgetId); } }, 30_000, () => clock.nowMs);
    expect((await recent.get('t', 'bud_a'))?.version).toBe(1);
    stored.set('bud_a', { id: 'bud_a', version: 2 } as BudgetRecord);
    clock.nowMs += 29_999;
    expect((await recent.get('t', 'bud_a'))?.version).toBe(1);
    expect(reads).toBe(1);
    clock.nowMs += 1;
    expect((await recent.get('t', 'bud_a'))?.version).toBe(2);
    expect(reads).toBe(2);
    expect(await recent.get('t', 'bud_b')).toBeUndefined();
    stored.set('bud_b', { id: 'bud_b', version: 1 } as BudgetRecord);
    expect((await recent.get('t', 'bud_b'))?.version).toBe(1);
    // Another tenant's id is another entry.
    expect(await recent.get('u', 'bud_x')).toBeUndefined();
  });
});

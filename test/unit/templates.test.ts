import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, minorUnitDigits } from '../../shared/domain/common/currency.js';
import { LIMITS } from '../../shared/domain/common/limits.js';
import { BUDGET_TEMPLATES, findTemplate, planTemplate, type BudgetTemplate, type PlannedBudget, type TemplateNode } from '../../shared/domain/reports/templates.js';

const M = 1_000_000n;
const sum = (amounts: readonly bigint[]): bigint => amounts.reduce((total, amount) => total + amount, 0n);
const template = (id: string): BudgetTemplate => {
  const found = findTemplate(id);
  if (!found) throw new Error(`no template ${id}`);
  return found;
};
const nodesOf = (node: TemplateNode): TemplateNode[] => [node, ...node.children.flatMap(nodesOf)];
const request = (limitMicros: bigint, currency = 'USD') => ({
  name: 'Plan', scope: { type: 'organization' as const, id: 'acme' }, limitMicros, currency,
});

/** Each budget's categories sum to its limit, and each budget's children to its limit. */
function expectExactSplits(plan: readonly PlannedBudget[]): void {
  plan.forEach((budget, index) => {
    if (budget.categories.length > 0) expect(sum(budget.categories.map((category) => category.limitMicros))).toBe(budget.limitMicros);
    const children = plan.filter((child) => child.parentIndex === index);
    if (children.length > 0) expect(sum(children.map((child) => child.limitMicros))).toBe(budget.limitMicros);
  });
}

describe('BUDGET_TEMPLATES', () => {
  it('are wedding, ai-platform and cloud-finops, found by id', () => {
    expect(BUDGET_TEMPLATES.map((item) => item.id)).toEqual(['wedding', 'ai-platform', 'cloud-finops']);
    expect(findTemplate('ai-platform')?.name).toBe('AI platform');
    expect(findTemplate('nope')).toBeUndefined();
    for (const item of BUDGET_TEMPLATES) expect(item.description).toMatch(/^[A-Z].*\.$/);
  });

  it('split every node into basis points that sum to 10_000, under unique, short names', () => {
    for (const item of BUDGET_TEMPLATES) {
      for (const node of nodesOf(item.root)) {
        if (node.categories.length > 0) expect(node.categories.reduce((total, category) => total + category.shareBasisPoints, 0)).toBe(10_000);
        if (node.children.length > 0) expect(node.children.reduce((total, child) => total + child.shareBasisPoints, 0)).toBe(10_000);
        expect(node.categories.length).toBeLessThanOrEqual(LIMITS.categoriesMax);
        expect(new Set(node.categories.map((category) => category.name)).size).toBe(node.categories.length);
        for (const name of [node.name, ...node.categories.map((category) => category.name)]) expect(name.length).toBeLessThanOrEqual(LIMITS.nameLength);
      }
    }
  });
});

describe('the wedding template', () => {
  const wedding = template('wedding');
  const raw = [40, 30, 10, 5, 8, 8, 3, 8, 3, 2, 3, 2, 3, 2, 3];

  it('has the 15 categories in order, with the typical shares (130 %) scaled to 100 %', () => {
    expect(wedding.root.categories.map((category) => category.name)).toEqual([
      'venue', 'catering', 'photography', 'videography', 'flowers', 'music', 'transport', 'attire',
      'rings', 'stationery', 'decorations', 'cake', 'hair-makeup', 'gifts-favors', 'miscellaneous',
    ]);
    expect(wedding.root.categories.map((category) => category.weight)).toEqual(raw);
    // 10_000 × w / 130, largest remainder: 3076.92 → 3077, 2307.69 → 2308, 384.62 → 384, 230.77 → 231, 153.85 → 154.
    expect(wedding.root.categories.map((category) => category.shareBasisPoints)).toEqual([
      3_077, 2_308, 769, 384, 615, 615, 231, 615, 231, 154, 231, 154, 231, 154, 231,
    ]);
    wedding.root.categories.forEach((category, index) => {
      expect(Math.abs(category.shareBasisPoints - (10_000 * raw[index]!) / 130)).toBeLessThan(1);
    });
  });

  it('plans 25,000 USD as one budget in whole cents, split by the raw shares, summing exactly', () => {
    const plan = planTemplate(wedding, request(25_000n * M));
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ parentIndex: null, name: 'Plan', scope: { type: 'organization', id: 'acme' }, limitMicros: 25_000n * M });
    const limits = plan[0]!.categories.map((category) => category.limitMicros);
    expect(sum(limits)).toBe(25_000n * M);
    for (const limit of limits) expect(limit % 10_000n).toBe(0n);
    // 25,000 × 40/130 = 7692.3077: 7692.31, not the 7692.50 the rounded 3077 basis points would give.
    expect(limits[0]).toBe(7_692_310_000n);
    // 25,000 × 5/130 = 961.538: its remainder is the largest, so it rounds up.
    expect(limits[3]).toBe(961_540_000n);
  });

  it('plans 3,000,000 JPY in whole yen, summing exactly', () => {
    const limits = planTemplate(wedding, request(3_000_000n * M, 'JPY'))[0]!.categories.map((category) => category.limitMicros);
    expect(sum(limits)).toBe(3_000_000n * M);
    for (const limit of limits) expect(limit % M).toBe(0n);
    expect(limits[0]).toBe(923_077n * M);
  });
});

describe('the ai-platform template', () => {
  it('plans the organization and its four teams, parents first, children summing to the root', () => {
    const plan = planTemplate(template('ai-platform'), request(100_000n * M));
    expect(plan.map((budget) => [budget.parentIndex, budget.name, budget.scope.type, budget.scope.id])).toEqual([
      [null, 'Plan', 'organization', 'acme'],
      [0, 'LLM inference', 'team', 'acme/llm-inference'],
      [0, 'Embeddings', 'team', 'acme/embeddings'],
      [0, 'Fine-tuning', 'team', 'acme/fine-tuning'],
      [0, 'Tools', 'team', 'acme/tools'],
    ]);
    expect(plan.map((budget) => budget.limitMicros)).toEqual([100_000n * M, 55_000n * M, 15_000n * M, 20_000n * M, 10_000n * M]);
    expect(plan[0]!.categories).toEqual([]);
    expect(plan[1]!.categories.map((category) => category.name)).toEqual(['frontier models', 'small models', 'batch']);
    expectExactSplits(plan);
  });
});

describe('the cloud-finops template', () => {
  it('plans organization → team → project, the whole limit passed down', () => {
    const plan = planTemplate(template('cloud-finops'), request(12_345_670_000n));
    expect(plan.map((budget) => [budget.parentIndex, budget.scope.type, budget.scope.id, budget.limitMicros])).toEqual([
      [null, 'organization', 'acme', 12_345_670_000n],
      [0, 'team', 'acme/platform', 12_345_670_000n],
      [1, 'project', 'acme/platform/core-services', 12_345_670_000n],
    ]);
    expect(plan[2]!.categories.map((category) => category.name)).toEqual(['compute', 'storage', 'database', 'networking', 'observability', 'other']);
    expectExactSplits(plan);
  });
});

describe('planTemplate', () => {
  it('splits every node exactly, in whole minor units, for any limit and currency', () => {
    const codes = [...CURRENCY_CODES];
    fc.assert(
      fc.property(fc.constantFrom(...BUDGET_TEMPLATES), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom(...codes), (item, units, currency) => {
        const unit = 10n ** BigInt(6 - minorUnitDigits(currency));
        const plan = planTemplate(item, request(units * unit, currency));
        expectExactSplits(plan);
        for (const budget of plan) {
          expect(budget.limitMicros % unit).toBe(0n);
          for (const category of budget.categories) expect(category.limitMicros % unit).toBe(0n);
        }
        plan.forEach((budget, index) => expect(budget.parentIndex ?? -1).toBeLessThan(index));
      }),
    );
  });

  it('keeps scope ids within LIMITS and distinct, however long the requested one', () => {
    const long = { ...request(1_000n * M), name: 'n'.repeat(LIMITS.nameLength), scope: { type: 'organization' as const, id: 's'.repeat(LIMITS.scopeIdLength) } };
    for (const item of BUDGET_TEMPLATES) {
      const plan = planTemplate(item, long);
      for (const budget of plan) {
        expect(budget.name.length).toBeLessThanOrEqual(LIMITS.nameLength);
        expect(budget.scope.id.length).toBeLessThanOrEqual(LIMITS.scopeIdLength);
      }
      expect(new Set(plan.map((budget) => budget.scope.id)).size).toBe(plan.length);
    }
  });

  it('refuses a currency outside ISO 4217 and a negative limit', () => {
    expect(() => planTemplate(template('wedding'), request(M, 'ABC'))).toThrow(RangeError);
    expect(() => planTemplate(template('wedding'), request(-M))).toThrow(Error);
  });
});

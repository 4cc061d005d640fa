import { LIMITS } from '../common/limits.js';
import { minorUnitDigits } from '../common/currency.js';
import type { ScopeType } from '../budgets/budget.js';
import { allocateLargestRemainder } from './allocation.js';

/** A planned split of a node's limit. */
export interface TemplateCategory {
  name: string;
  /** Of the node's limit; the categories of one node sum to 10_000. */
  shareBasisPoints: number;
  /**
   * The integer weight money is split by, when the shares were scaled from raw figures that
   * basis points can only round (the wedding's 40/130): splitting by the raw figures keeps
   * every amount as close to its true share as whole minor units allow. Absent: the basis points.
   */
  weight?: number;
}

export interface TemplateNode {
  name: string;
  scopeType: ScopeType;
  categories: TemplateCategory[];
  /** Their shares of this node's limit sum to 10_000 (or there are none). */
  children: Array<TemplateNode & { shareBasisPoints: number }>;
}

export interface BudgetTemplate {
  id: string;
  name: string;
  description: string;
  root: TemplateNode;
}

/** One budget to create: `parentIndex` points into the same array (null: the root, which hangs under the request's parentId). Parents come before children. */
export interface PlannedBudget {
  parentIndex: number | null;
  name: string;
  scope: { type: ScopeType; id: string };
  limitMicros: bigint;
  categories: Array<{ name: string; limitMicros: bigint }>;
}

export interface TemplateRequest {
  name: string;
  scope: { type: ScopeType; id: string };
  limitMicros: bigint;
  currency: string;
}

const WHOLE_BASIS_POINTS = 10_000n;

/**
 * Categories from raw integer weights that need not sum to anything: each keeps its weight
 * for splitting money, and shows its share scaled to basis points that sum to exactly 10_000
 * (largest remainder again, with 6 digits: a minor unit of one, so whole basis points).
 */
function scaledCategories(weights: ReadonlyArray<readonly [name: string, weight: number]>): TemplateCategory[] {
  const basisPoints = allocateLargestRemainder(WHOLE_BASIS_POINTS, weights.map(([, weight]) => weight), 6);
  return weights.map(([name, weight], index) => ({ name, shareBasisPoints: Number(basisPoints[index]), weight }));
}

function categories(shares: ReadonlyArray<readonly [name: string, shareBasisPoints: number]>): TemplateCategory[] {
  return shares.map(([name, shareBasisPoints]) => ({ name, shareBasisPoints }));
}

/**
 * Typical wedding cost shares as the industry quotes them, in percent: together 130, not 100.
 * Kept raw as integer weights and scaled to 100 % by `scaledCategories`. Money is split by
 * these raw weights, not by the scaled basis points: those are already rounded (40/130 is
 * 3076.92, shown as 3077), so splitting by them would round twice.
 */
const WEDDING_SHARES_PERCENT = [
  ['venue', 40], ['catering', 30], ['photography', 10], ['videography', 5], ['flowers', 8],
  ['music', 8], ['transport', 3], ['attire', 8], ['rings', 3], ['stationery', 2],
  ['decorations', 3], ['cake', 2], ['hair-makeup', 3], ['gifts-favors', 2], ['miscellaneous', 3],
] as const;

const WEDDING: BudgetTemplate = {
  id: 'wedding',
  name: 'Wedding',
  description: 'One budget for a wedding, split across the 15 usual cost categories in their typical proportions.',
  root: { name: 'Wedding', scopeType: 'project', categories: scaledCategories(WEDDING_SHARES_PERCENT), children: [] },
};

/** Inference dominates an AI platform's spend; fine-tuning comes in bursts, tools are the long tail. */
const AI_PLATFORM: BudgetTemplate = {
  id: 'ai-platform',
  name: 'AI platform',
  description: 'An organization budget for an AI platform with one team budget each for inference, embeddings, fine-tuning and tools.',
  root: {
    name: 'AI platform',
    scopeType: 'organization',
    categories: [],
    children: [
      {
        name: 'LLM inference', scopeType: 'team', shareBasisPoints: 5_500, children: [],
        categories: categories([['frontier models', 6_000], ['small models', 2_500], ['batch', 1_500]]),
      },
      {
        name: 'Embeddings', scopeType: 'team', shareBasisPoints: 1_500, children: [],
        categories: categories([['indexing', 6_000], ['queries', 4_000]]),
      },
      {
        name: 'Fine-tuning', scopeType: 'team', shareBasisPoints: 2_000, children: [],
        categories: categories([['training', 6_000], ['evaluation', 1_500], ['hosting', 2_500]]),
      },
      {
        name: 'Tools', scopeType: 'team', shareBasisPoints: 1_000, children: [],
        categories: categories([['search', 4_000], ['code execution', 4_000], ['other', 2_000]]),
      },
    ],
  },
};

/** Compute is the largest line of most cloud bills, then databases and storage; the org and team pass the whole limit down. */
const CLOUD_FINOPS: BudgetTemplate = {
  id: 'cloud-finops',
  name: 'Cloud FinOps',
  description: 'An organization, platform team and core-services project chain, with the project split by cloud service.',
  root: {
    name: 'Cloud',
    scopeType: 'organization',
    categories: [],
    children: [{
      name: 'Platform', scopeType: 'team', shareBasisPoints: 10_000, categories: [],
      children: [{
        name: 'Core services', scopeType: 'project', shareBasisPoints: 10_000, children: [],
        categories: categories([
          ['compute', 4_000], ['storage', 1_500], ['database', 2_000], ['networking', 1_000], ['observability', 1_000], ['other', 500],
        ]),
      }],
    }],
  },
};

export const BUDGET_TEMPLATES: readonly BudgetTemplate[] = [WEDDING, AI_PLATFORM, CLOUD_FINOPS];

export function findTemplate(id: string): BudgetTemplate | undefined {
  return BUDGET_TEMPLATES.find((template) => template.id === id);
}

/**
 * The budgets a template makes of a request, parents first. The root takes the request's
 * name and scope; a child takes its template name and a scope id under its parent's
 * (`team-42/llm-inference`). Every node's limit is split among its categories and among its
 * children by largest remainder in whole minor units of the currency, so each split sums to
 * the node's limit exactly. Throws on a currency outside ISO 4217 List One or a negative limit.
 */
export function planTemplate(template: BudgetTemplate, request: TemplateRequest): PlannedBudget[] {
  const digits = minorUnitDigits(request.currency);
  const planned: PlannedBudget[] = [];
  const visit = (node: TemplateNode, budget: Omit<PlannedBudget, 'categories'>): void => {
    const index = planned.length;
    const categoryLimits = node.categories.length === 0
      ? []
      : allocateLargestRemainder(budget.limitMicros, node.categories.map((category) => category.weight ?? category.shareBasisPoints), digits);
    planned.push({
      ...budget,
      categories: node.categories.map((category, at) => ({ name: category.name, limitMicros: categoryLimits[at]! })),
    });
    if (node.children.length === 0) return;
    const childLimits = allocateLargestRemainder(budget.limitMicros, node.children.map((child) => child.shareBasisPoints), digits);
    node.children.forEach((child, at) => visit(child, {
      parentIndex: index,
      name: child.name,
      scope: { type: child.scopeType, id: childScopeId(budget.scope.id, child.name) },
      limitMicros: childLimits[at]!,
    }));
  };
  visit(template.root, { parentIndex: null, name: request.name, scope: request.scope, limitMicros: request.limitMicros });
  return planned;
}

/**
 * `parent/slug`, at most `LIMITS.scopeIdLength` characters: a long parent id is cut, not the
 * slug, so siblings keep distinct ids.
 */
function childScopeId(parentScopeId: string, childName: string): string {
  const slug = slugOf(childName).slice(0, LIMITS.scopeIdLength - 1);
  return `${parentScopeId.slice(0, LIMITS.scopeIdLength - slug.length - 1)}/${slug}`;
}

/** Lower case, runs of anything but letters and digits as one '-': 'LLM inference' → 'llm-inference'. */
function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

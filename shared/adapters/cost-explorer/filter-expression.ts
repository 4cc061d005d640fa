import type { Dimension, Expression } from '@aws-sdk/client-cost-explorer';
import type { CostFilter } from '../../domain/costs/cost-source.js';

/** The filter's dimensions in the order they appear in the expression. */
const DIMENSIONS = [
  ['services', 'SERVICE'],
  ['accounts', 'LINKED_ACCOUNT'],
  ['regions', 'REGION'],
] as const satisfies ReadonlyArray<readonly [keyof CostFilter, Dimension]>;

/** Sorted like `filterKey`, so a cached answer and the request that made it name the same costs the same way. */
function sortedValues(name: string, values: readonly string[]): string[] {
  if (values.length === 0) throw new RangeError(`cost filter dimension "${name}" has no values`);
  return [...values].sort();
}

/**
 * The Cost Explorer `Filter` for a cost filter: the values of one dimension are one
 * expression (any may match), the dimensions are `And`-ed. Cost Explorer refuses an `And`
 * of fewer than two expressions, so a single dimension is returned alone. Dimensions come
 * in a fixed order (services, accounts, regions, then tags by key) and values sorted, so
 * the same filter always makes the same request.
 */
export function costExplorerFilter(filter: CostFilter): Expression {
  const expressions: Expression[] = [];
  for (const [field, key] of DIMENSIONS) {
    const values = filter[field];
    if (values !== undefined) expressions.push({ Dimensions: { Key: key, Values: sortedValues(field, values), MatchOptions: ['EQUALS'] } });
  }
  for (const key of Object.keys(filter.tags ?? {}).sort()) {
    expressions.push({ Tags: { Key: key, Values: sortedValues(`tag ${key}`, filter.tags![key]!), MatchOptions: ['EQUALS'] } });
  }
  const [only, ...others] = expressions;
  if (only === undefined) throw new RangeError('a cost filter needs at least one dimension (the schema refuses an empty one)');
  return others.length === 0 ? only : { And: expressions };
}

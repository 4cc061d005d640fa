import type { CostFilter } from './cost-source.js';

/** The fields of a FOCUS 1.0 row a filter looks at. */
export interface FocusRowDimensions {
  serviceName: string;
  subAccountId: string;
  regionId: string;
  tags: Readonly<Record<string, string>>;
}

const oneOf = (accepted: readonly string[] | undefined, value: string) => accepted === undefined || accepted.includes(value);

/** Whether a FOCUS row is one of the filter's costs: each dimension given must match (AND), any of its values may (OR). */
export function matchesFocusRow(filter: CostFilter, row: FocusRowDimensions): boolean {
  if (!oneOf(filter.services, row.serviceName) || !oneOf(filter.accounts, row.subAccountId) || !oneOf(filter.regions, row.regionId)) return false;
  for (const [key, values] of Object.entries(filter.tags ?? {})) {
    const value = row.tags[key];
    if (value === undefined || !values.includes(value)) return false;
  }
  return true;
}

/** A stable text for a filter (keys and values sorted): caches and logs name a filter by it. */
export function filterKey(filter: CostFilter): string {
  const sorted = (values: readonly string[] | undefined) => (values === undefined ? undefined : [...values].sort());
  const tags = filter.tags === undefined ? undefined
    : Object.fromEntries(Object.keys(filter.tags).sort().map((key) => [key, sorted(filter.tags![key])]));
  return JSON.stringify({ services: sorted(filter.services), accounts: sorted(filter.accounts), regions: sorted(filter.regions), tags });
}

import { z } from 'zod';
import { Amount } from './common.js';
import { COST_METRICS, COST_MODES, COST_PROVIDERS, DEFAULT_COST_METRIC, DEFAULT_TOLERANCE_PERCENT, type CostFilter, type CostSource } from '../domain/budgets/cost-source.js';

/** Cost actuals on the wire (API.md "Cost actuals (Cost Explorer and FOCUS)"). */

/** Provider names are free text (a new AWS service is fine), but never empty. */
const FilterValues = z.array(z.string().trim().min(1, 'must not be empty').max(256)).min(1, 'must list at least one value').max(100);

export const CostFilterInput = z
  .strictObject({
    services: FilterValues.optional(),
    accounts: FilterValues.optional(),
    regions: FilterValues.optional(),
    tags: z.record(z.string().min(1, 'must not be empty').max(128), FilterValues)
      .refine((tags) => Object.keys(tags).length >= 1, 'must name at least one tag')
      .refine((tags) => Object.keys(tags).length <= 20, 'at most 20 tags')
      .optional(),
  })
  .refine((filter) => Object.values(filter).some((values) => values !== undefined), 'must name at least one of services, accounts, regions, tags (an empty filter would take every cost of the account)')
  .meta({ id: 'CostFilter', description: 'Every dimension given must match (AND); values within one are alternatives (OR).' })
  .transform((filter): CostFilter => filter);

export const CostSourceInput = z
  .strictObject({
    provider: z.enum(COST_PROVIDERS),
    metric: z.enum(COST_METRICS).default(DEFAULT_COST_METRIC),
    filter: CostFilterInput,
    mode: z.enum(COST_MODES).default('track'),
    tolerancePercent: z.number().min(0).max(100).multipleOf(0.0001, 'must have at most four decimals').default(DEFAULT_TOLERANCE_PERCENT),
  })
  .meta({
    id: 'CostSourceInput',
    description: 'Where actual provider spend comes from: `track` records it as the budget\'s spend, `compare` keeps it beside the recorded spend. `metric` applies to Cost Explorer; FOCUS uses BilledCost.',
  })
  .transform((source): CostSource => source);

export const CostSourceView = z
  .object({
    provider: z.enum(COST_PROVIDERS),
    metric: z.enum(COST_METRICS),
    filter: z.object({
      services: z.array(z.string()).optional(),
      accounts: z.array(z.string()).optional(),
      regions: z.array(z.string()).optional(),
      tags: z.record(z.string(), z.array(z.string())).optional(),
    }),
    mode: z.enum(COST_MODES),
    tolerancePercent: z.number(),
  })
  .meta({ id: 'CostSource' });

/** API.md: a FOCUS file up to 10 MiB (API Gateway's own payload limit). */
export const FOCUS_IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export const CostImportResult = z
  .object({
    rows: z.int(),
    matched: z.array(z.object({ budgetId: z.string(), days: z.int(), amount: Amount, changedDays: z.int(), skippedDays: z.int(), failedDays: z.int() })),
    unmatchedRows: z.int(),
    currencyMismatches: z.int(),
    invalidRows: z.array(z.object({ line: z.int(), detail: z.string() })),
  })
  .meta({ id: 'CostImportResult' });

const DateOnly = z.iso.date();

export const ActualsQuery = z
  .object({ from: DateOnly.optional(), to: DateOnly.optional() })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: 'from must not be after to', path: ['from'] });

export const ActualDay = z
  .object({ date: z.string(), amount: Amount, source: z.enum(COST_PROVIDERS), mode: z.enum(COST_MODES), importedAt: z.string(), revision: z.int() })
  .meta({ id: 'ActualDay' });

export const ActualsPage = z.object({ items: z.array(ActualDay) }).meta({ id: 'ActualsPage' });
export type CostImportResult = z.output<typeof CostImportResult>;
export type ActualsPage = z.output<typeof ActualsPage>;

import { z } from 'zod';
import {
  BUDGET_STATUSES, DEFAULT_APPROVAL_TTL_SECONDS, DEFAULT_FORECAST_THRESHOLDS, DEFAULT_THRESHOLDS, ENFORCEMENT_MODES, MAX_APPROVAL_TTL_SECONDS, MIN_APPROVAL_TTL_SECONDS,
  ROLLOVER_OVERSPEND, SCOPE_TYPES, type BudgetDraft, type BudgetPatch,
} from '../domain/budgets/budget.js';
import { LIMITS } from '../domain/common/limits.js';
import { PERIOD_TYPES } from '../domain/periods/period.js';
import { CostSourceInput, CostSourceView } from './costs.js';
import { Amount, AmountMicros, CurrencyCode, Cursor, Id, PageLimit, Timestamp, TimeZone, pageOf } from './common.js';

/** Budgets on the wire (API.md "Budgets"). Request schemas hand the domain a BudgetDraft or BudgetPatch. */

const Name = z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength);
const Description = z.string().max(LIMITS.descriptionLength).nullable();

export const Scope = z
  .strictObject({
    type: z.enum(SCOPE_TYPES),
    id: z.string().min(1, 'must not be empty').max(LIMITS.scopeIdLength),
  })
  .meta({ id: 'Scope' });

export const PeriodInput = z
  .strictObject({
    type: z.enum(PERIOD_TYPES),
    timezone: TimeZone.default('UTC'),
    startsAt: Timestamp.optional(),
    endsAt: Timestamp.optional(),
  })
  .superRefine((period, ctx) => {
    if (period.type === 'custom') {
      if (!period.startsAt) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'is required for a custom period' });
      if (!period.endsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'is required for a custom period' });
      if (period.startsAt && period.endsAt && Date.parse(period.endsAt) <= Date.parse(period.startsAt)) {
        ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
      }
    } else {
      for (const field of ['startsAt', 'endsAt'] as const) {
        if (period[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is only allowed for a custom period' });
      }
    }
  })
  .meta({ id: 'PeriodInput' });

export const Thresholds = z
  .array(z.int().min(1).max(LIMITS.thresholdPercentMax))
  .min(1)
  .max(LIMITS.thresholdsMax)
  .refine((values) => new Set(values).size === values.length, { message: 'must not repeat a threshold' })
  .meta({ description: 'Percent of the limit, 1..1000, unique.' });

export const ForecastThresholds = z
  .array(z.int().min(1).max(LIMITS.thresholdPercentMax))
  .max(LIMITS.thresholdsMax)
  .refine((values) => new Set(values).size === values.length, { message: 'must not repeat a threshold' })
  .meta({ description: 'Percent of the limit the projected spend at period end may reach before a `forecast` alert: 0-10 unique, 1..1000.' });

export const Rollover = z
  .strictObject({
    enabled: z.boolean(),
    max: AmountMicros.nullable().prefault(null),
    overspend: z.enum(ROLLOVER_OVERSPEND).prefault('forgive'),
  })
  .meta({
    id: 'Rollover',
    description: 'At period close, carry what is left (limit − spent − reserved) into the next period, at most `max` either way; '
      + '`overspend: carry` also carries an overrun (it lowers the next limit), `forgive` carries nothing then. Calendar periods only.',
  })
  .transform(({ enabled, max, overspend }): BudgetDraft['rollover'] => ({ enabled, maxMicros: max, overspend }));

export const ApprovalPolicy = z
  .strictObject({ ttlSeconds: z.int().min(MIN_APPROVAL_TTL_SECONDS).max(MAX_APPROVAL_TTL_SECONDS) })
  .meta({ id: 'ApprovalPolicy' });

export const Categories = z
  .array(z.strictObject({ name: z.string().trim().min(1).max(LIMITS.nameLength), limit: AmountMicros }))
  .max(LIMITS.categoriesMax)
  .refine((items) => new Set(items.map((item) => item.name)).size === items.length, { message: 'category names must be unique' })
  .meta({ description: 'How the limit is planned to split; reported against usage, not enforced.' })
  .transform((items): BudgetDraft['categories'] => items.map(({ name, limit }) => ({ name, limitMicros: limit })));

export const Tags = z
  .record(z.string().min(1).max(LIMITS.tagKeyLength), z.string().max(LIMITS.tagValueLength))
  .refine((tags) => Object.keys(tags).length <= LIMITS.tagsMax, { message: `at most ${LIMITS.tagsMax} tags` });

export const CreateBudgetBody = z
  .strictObject({
    name: Name,
    description: Description.optional(),
    scope: Scope,
    parentId: Id.nullable().optional(),
    currency: CurrencyCode,
    limit: AmountMicros,
    period: PeriodInput,
    enforcement: z.enum(ENFORCEMENT_MODES).default('hard'),
    thresholds: Thresholds.default([...DEFAULT_THRESHOLDS]),
    forecastThresholds: ForecastThresholds.default([...DEFAULT_FORECAST_THRESHOLDS]),
    rollover: Rollover.prefault({ enabled: false, max: null }),
    approvalPolicy: ApprovalPolicy.default({ ttlSeconds: DEFAULT_APPROVAL_TTL_SECONDS }),
    categories: Categories.prefault([]),
    tags: Tags.default({}),
    costSource: CostSourceInput.nullable().default(null),
  })
  .meta({ id: 'CreateBudget' })
  .transform(({ limit, description, parentId, ...rest }): BudgetDraft => ({ ...rest, description: description ?? null, parentId: parentId ?? null, limitMicros: limit }));
export type CreateBudgetBody = z.output<typeof CreateBudgetBody>;

export const PatchBudgetBody = z
  .strictObject({
    name: Name.optional(),
    description: Description.optional(),
    limit: AmountMicros.optional(),
    enforcement: z.enum(ENFORCEMENT_MODES).optional(),
    thresholds: Thresholds.optional(),
    forecastThresholds: ForecastThresholds.optional(),
    rollover: Rollover.optional(),
    approvalPolicy: ApprovalPolicy.optional(),
    categories: Categories.optional(),
    tags: Tags.optional(),
    parentId: Id.nullable().optional(),
    costSource: CostSourceInput.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'PatchBudget' })
  .transform(({ limit, ...rest }): BudgetPatch => ({ ...rest, ...(limit !== undefined && { limitMicros: limit }) }));
export type PatchBudgetBody = z.output<typeof PatchBudgetBody>;

export const Budget = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    scope: Scope,
    parentId: z.string().nullable(),
    currency: z.string(),
    limit: Amount,
    period: z.object({
      type: z.enum(PERIOD_TYPES),
      timezone: z.string(),
      startsAt: z.string().nullable(),
      endsAt: z.string().nullable(),
    }),
    enforcement: z.enum(ENFORCEMENT_MODES),
    thresholds: z.array(z.int()),
    forecastThresholds: z.array(z.int()),
    rollover: z.object({ enabled: z.boolean(), max: Amount.nullable(), overspend: z.enum(ROLLOVER_OVERSPEND) }),
    approvalPolicy: ApprovalPolicy,
    categories: z.array(z.object({ name: z.string(), limit: Amount })),
    tags: z.record(z.string(), z.string()),
    costSource: CostSourceView.nullable(),
    status: z.enum(BUDGET_STATUSES),
    version: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Budget' });
export type Budget = z.output<typeof Budget>;

export const BudgetPage = pageOf(Budget, 'BudgetPage');

export const ListBudgetsQuery = z.object({
  scopeType: z.enum(SCOPE_TYPES).optional(),
  scopeId: z.string().min(1).max(LIMITS.scopeIdLength).optional(),
  parentId: Id.optional(),
  status: z.enum(BUDGET_STATUSES).default('active'),
  limit: PageLimit,
  cursor: Cursor,
});
export type ListBudgetsQuery = z.output<typeof ListBudgetsQuery>;

export const BudgetIdPath = z.object({ id: z.string() });

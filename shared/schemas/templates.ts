import { z } from 'zod';
import { ENFORCEMENT_MODES, SCOPE_TYPES } from '../domain/budgets/budget.js';
import { LIMITS } from '../domain/common/limits.js';
import type { TemplateApplication } from '../domain/reports/apply-template.js';
import { Budget, PeriodInput, Scope } from './budgets.js';
import { AmountMicros, CurrencyCode, Id } from './common.js';

/** Templates on the wire (API.md "Templates"). */

const TemplateCategory = z.object({ name: z.string(), share: z.number().meta({ description: 'Percent of the budget\'s limit, to two decimals; a budget\'s shares sum to 100.' }) });

export interface TemplateNodeView {
  name: string;
  scopeType: (typeof SCOPE_TYPES)[number];
  share: number;
  categories: Array<z.output<typeof TemplateCategory>>;
  children: TemplateNodeView[];
}

const TemplateNode: z.ZodType<TemplateNodeView> = z.lazy(() => z.object({
  name: z.string(),
  scopeType: z.enum(SCOPE_TYPES),
  share: z.number().meta({ description: 'Percent of the parent\'s limit.' }),
  categories: z.array(TemplateCategory),
  children: z.array(TemplateNode),
}));

export const Template = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    categories: z.array(TemplateCategory).meta({ description: 'The top budget\'s categories.' }),
    children: z.array(TemplateNode).meta({ description: 'Budgets created under the top one, each with its share of the parent\'s limit.' }),
  })
  .meta({ id: 'Template' });
export type Template = z.output<typeof Template>;

export const TemplateList = z.object({ items: z.array(Template) }).meta({ id: 'TemplateList' });

export const ApplyTemplateBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength),
    scope: Scope,
    currency: CurrencyCode,
    limit: AmountMicros,
    period: PeriodInput,
    enforcement: z.enum(ENFORCEMENT_MODES).default('hard'),
    parentId: Id.nullable().optional(),
  })
  .meta({ id: 'ApplyTemplate' })
  .transform(({ limit, parentId, ...rest }): TemplateApplication => ({ ...rest, limitMicros: limit, parentId: parentId ?? null }));

export const AppliedTemplate = z
  .object({ budgets: z.array(Budget).meta({ description: 'Every budget created, parents before children.' }) })
  .meta({ id: 'AppliedTemplate' });
export type AppliedTemplate = z.output<typeof AppliedTemplate>;

import {
  DEFAULT_APPROVAL_TTL_SECONDS, DEFAULT_FORECAST_THRESHOLDS, DEFAULT_THRESHOLDS, type BudgetDraft, type EnforcementMode, type ScopeType,
} from '../budgets/budget.js';
import type { TreeNode } from '../budgets/create-tree.js';
import { NotFoundError } from '../common/errors.js';
import { findTemplate, planTemplate } from './templates.js';

/** What `POST /v1/templates/{id}/apply` asks for (API.md "Templates"). */
export interface TemplateApplication {
  name: string;
  scope: { type: ScopeType; id: string };
  currency: string;
  limitMicros: bigint;
  period: BudgetDraft['period'];
  enforcement: EnforcementMode;
  parentId: string | null;
}

/**
 * The budgets a template makes, as a tree to create at once: each with the request's
 * currency, period and enforcement, the default thresholds, and a `template` tag naming
 * where it came from; limits as `planTemplate` splits them (exact in minor units).
 */
export function templateTree(templateId: string, application: TemplateApplication): TreeNode[] {
  const template = findTemplate(templateId);
  if (!template) throw new NotFoundError('Template', templateId);
  return planTemplate(template, application).map((planned): TreeNode => ({
    parentIndex: planned.parentIndex,
    draft: {
      name: planned.name,
      description: null,
      scope: planned.scope,
      parentId: planned.parentIndex === null ? application.parentId : null,
      currency: application.currency,
      limitMicros: planned.limitMicros,
      period: application.period,
      enforcement: application.enforcement,
      thresholds: [...DEFAULT_THRESHOLDS],
      forecastThresholds: [...DEFAULT_FORECAST_THRESHOLDS],
      rollover: { enabled: false, maxMicros: null, overspend: 'forgive' },
      approvalPolicy: { ttlSeconds: DEFAULT_APPROVAL_TTL_SECONDS },
      categories: planned.categories,
      tags: { template: template.id },
      costSource: null,
    },
  }));
}

import { servicesFromEnv } from '../../shared/app/env.js';
import type { BudgetRecord } from '../../shared/domain/budgets/index.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { auditContextOf } from '../../shared/http/audit-context.js';
import { keyedOptions } from '../../shared/http/keyed.js';
import { BUDGET_TEMPLATES, templateTree } from '../../shared/domain/reports/index.js';
import { budgetView, reconciliationView, templateView } from '../../shared/http/views/index.js';

const etag = (budget: BudgetRecord) => ({ ETag: `"${budget.version}"` });

export const handler = createApiHandler('budgets', {
  createBudget: async (request) => {
    const { budgets } = servicesFromEnv();
    return budgets.create(request.caller.tenantId, request.body, {
      ...keyedOptions(request),
      audit: auditContextOf(request),
      respond: (budget) => ({ status: 201, body: budgetView(budget), headers: { Location: `/v1/budgets/${budget.id}`, ...etag(budget) } }),
    });
  },
  listBudgets: async (request) => {
    const page = await servicesFromEnv().budgets.list(request.caller.tenantId, request.query);
    return { status: 200, body: { items: page.items.map(budgetView), nextCursor: page.nextCursor } };
  },
  getBudget: async (request) => {
    const budget = await servicesFromEnv().budgets.get(request.caller.tenantId, request.pathParameters.id ?? '');
    return { status: 200, body: budgetView(budget), headers: etag(budget) };
  },
  patchBudget: async (request) => {
    const budget = await servicesFromEnv().budgets.patch(request.caller.tenantId, request.pathParameters.id ?? '', request.body, request.ifMatchVersion, auditContextOf(request));
    return { status: 200, body: budgetView(budget), headers: etag(budget) };
  },
  archiveBudget: async (request) => {
    await servicesFromEnv().budgets.archive(request.caller.tenantId, request.pathParameters.id ?? '', request.ifMatchVersion, auditContextOf(request));
    return { status: 204 };
  },
  listTemplates: async () => ({ status: 200, body: { items: BUDGET_TEMPLATES.map(templateView) } }),
  applyTemplate: async (request) => {
    const templateId = request.pathParameters.id ?? '';
    const tree = templateTree(templateId, request.body);
    return servicesFromEnv().budgets.createTree(request.caller.tenantId, tree, {
      ...keyedOptions(request),
      audit: auditContextOf(request),
      templateId,
      respond: (budgets) => ({ status: 201, body: { budgets: budgets.map(budgetView) }, headers: { Location: `/v1/budgets/${budgets[0]!.id}` } }),
    });
  },
  getReconciliation: async (request) => ({
    status: 200,
    body: reconciliationView(await servicesFromEnv().reconciliation.reconcile(request.caller.tenantId, request.pathParameters.id ?? '', request.query.periodKey)),
  }),
});

import { servicesFromEnv } from '../../shared/app/env.js';
import { FUNCTION_CATALOG } from '../catalog.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { auditContextOf } from '../../shared/http/audit-context.js';
import { refuseOversized } from '../../shared/http/response-size.js';
import { auditEntryView, issuedKeyView, privacyExportView, tenantView } from '../../shared/http/views/index.js';

export const handler = createApiHandler('tenants', {
  createTenant: async (request) => {
    const { tenant, adminKey } = await servicesFromEnv().access.createTenant(request.body, auditContextOf(request));
    return { status: 201, body: { ...tenant, apiKey: issuedKeyView(adminKey) }, headers: { Location: `/v1/tenants/${tenant.id}` } };
  },
  listAudit: async (request) => {
    const page = await servicesFromEnv().audit.list(request.caller.tenantId, request.query);
    return { status: 200, body: { items: page.items.map(auditEntryView), nextCursor: page.nextCursor } };
  },
  exportPrivacy: async (request) => {
    const { exportedAtMs, budgets } = await servicesFromEnv().privacy.export(request.caller.tenantId, request.body.scope);
    return refuseOversized(
      { status: 200, body: privacyExportView(request.body.scope, exportedAtMs, budgets) },
      'The export', 'read each budget\'s records through their paged routes instead (usage, reservations, ledger, alerts, approvals)', '/body/scope',
    );
  },
  erasePrivacy: async (request) => {
    // The function's own timeout bounds the request: erasure stops in time to answer, and the caller asks again.
    const startedMs = performance.now();
    const timeLeftMs = () => FUNCTION_CATALOG.tenants.timeoutSeconds * 1000 - (performance.now() - startedMs);
    return {
      status: 200,
      body: await servicesFromEnv().privacy.erase(request.caller.tenantId, request.body.scope, request.body.reason, auditContextOf(request), timeLeftMs),
    };
  },
  listTenants: async (request) => {
    const page = await servicesFromEnv().access.listTenants(request.query);
    return { status: 200, body: { items: page.items.map(tenantView), nextCursor: page.nextCursor } };
  },
});

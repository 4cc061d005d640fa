import { servicesFromEnv } from '../../shared/app/env.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { auditContextOf } from '../../shared/http/audit-context.js';
import { auditEntryView, issuedKeyView, tenantView } from '../../shared/http/views/index.js';

export const handler = createApiHandler('tenants', {
  createTenant: async (request) => {
    const { tenant, adminKey } = await servicesFromEnv().access.createTenant(request.body, auditContextOf(request));
    return { status: 201, body: { ...tenant, apiKey: issuedKeyView(adminKey) }, headers: { Location: `/v1/tenants/${tenant.id}` } };
  },
  listAudit: async (request) => {
    const page = await servicesFromEnv().audit.list(request.caller.tenantId, request.query);
    return { status: 200, body: { items: page.items.map(auditEntryView), nextCursor: page.nextCursor } };
  },
  listTenants: async (request) => {
    const page = await servicesFromEnv().access.listTenants(request.query);
    return { status: 200, body: { items: page.items.map(tenantView), nextCursor: page.nextCursor } };
  },
});

import { servicesFromEnv } from '../../shared/app/env.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { issuedKeyView, tenantView } from '../../shared/http/views/index.js';

export const handler = createApiHandler('tenants', {
  createTenant: async (request) => {
    const { tenant, adminKey } = await servicesFromEnv().access.createTenant(request.body);
    return { status: 201, body: { ...tenant, apiKey: issuedKeyView(adminKey) }, headers: { Location: `/v1/tenants/${tenant.id}` } };
  },
  listTenants: async (request) => {
    const page = await servicesFromEnv().access.listTenants(request.query);
    return { status: 200, body: { items: page.items.map(tenantView), nextCursor: page.nextCursor } };
  },
});

import { servicesFromEnv } from '../../shared/app/env.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { auditContextOf } from '../../shared/http/audit-context.js';
import { apiKeyView, issuedKeyView } from '../../shared/http/views/index.js';

export const handler = createApiHandler('apiKeys', {
  createApiKey: async (request) => {
    const issued = await servicesFromEnv().access.createApiKey(request.caller, request.body, auditContextOf(request));
    return { status: 201, body: issuedKeyView(issued), headers: { Location: `/v1/api-keys/${issued.record.keyId}` } };
  },
  listApiKeys: async (request) => {
    const page = await servicesFromEnv().access.listApiKeys(request.caller.tenantId, request.query);
    return { status: 200, body: { items: page.items.map(apiKeyView), nextCursor: page.nextCursor } };
  },
  rotateApiKey: async (request) => {
    const rotated = await servicesFromEnv().access.rotateApiKey(request.caller.tenantId, request.pathParameters.id ?? '', request.body.graceSeconds ?? 0, auditContextOf(request));
    return { status: 201, body: issuedKeyView(rotated) };
  },
  revokeApiKey: async (request) => {
    await servicesFromEnv().access.revokeApiKey(request.caller.tenantId, request.pathParameters.id ?? '', auditContextOf(request));
    return { status: 204 };
  },
});

import type { IssuedKey } from '../../shared/domain/access/service.js';
import type { ApiKeyRecord } from '../../shared/domain/access/api-keys.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { servicesFromEnv } from '../../shared/app/env.js';

export const apiKeyView = (key: ApiKeyRecord) => ({ id: key.keyId, name: key.name, roles: key.roles, createdAt: key.createdAt });
export const issuedKeyView = (issued: IssuedKey) => ({ ...apiKeyView(issued.record), key: issued.secret });

export const handler = createApiHandler('apiKeys', {
  createApiKey: async (request) => {
    const issued = await servicesFromEnv().access.createApiKey(request.caller, request.body);
    return { status: 201, body: issuedKeyView(issued), headers: { Location: `/v1/api-keys/${issued.record.keyId}` } };
  },
  listApiKeys: async (request) => {
    const page = await servicesFromEnv().access.listApiKeys(request.caller.tenantId, request.query);
    return { status: 200, body: { items: page.items.map(apiKeyView), nextCursor: page.nextCursor } };
  },
  revokeApiKey: async (request) => {
    await servicesFromEnv().access.revokeApiKey(request.caller.tenantId, request.pathParameters.id ?? '');
    return { status: 204 };
  },
});

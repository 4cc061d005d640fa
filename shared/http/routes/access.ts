import { ANY_ROLE, type RouteSpec } from '../route-spec.js';
import {
  ApiKeyPage, ApiKeyWithSecret, CreateApiKeyBody, CreateTenantBody, Health, ListApiKeysQuery, ListTenantsQuery, RotateApiKeyBody, Tenant, TenantPage,
} from '../../schemas/access.js';
import { AuditPage, AuditQuery } from '../../schemas/audit.js';
import { EraseBody, ErasureResult, ExportBody, PrivacyExport } from '../../schemas/privacy.js';

/** The service and who may use it: health, OpenAPI, tenants, API keys, the audit trail and privacy requests. (Part of the one route table: routes.ts.) */
export const accessRoutes = [
  {
    operationId: 'getHealth', method: 'GET', path: '/v1/health', functionName: 'health', auth: 'none', roles: ANY_ROLE,
    tag: 'Health', summary: 'Liveness: 200 once the service can serve.',
    problems: [],
    responses: { 200: { description: 'The service can serve.', schema: Health } },
  },
  {
    operationId: 'getOpenApi', method: 'GET', path: '/v1/openapi.json', functionName: 'health', auth: 'none', roles: ANY_ROLE,
    tag: 'Health', summary: 'This OpenAPI 3.1 document.',
    problems: [],
    responses: { 200: { description: 'The OpenAPI document.' } },
  },
  {
    operationId: 'createTenant', method: 'POST', path: '/v1/tenants', functionName: 'tenants', auth: 'apiKey', roles: ['platform'],
    tag: 'Tenants', summary: 'Create a tenant and its first admin key (role platform).', body: CreateTenantBody,
    problems: ['conflict'],
    responses: { 201: { description: 'Created; the admin key secret is shown only here.', schema: Tenant } },
  },
  {
    operationId: 'listTenants', method: 'GET', path: '/v1/tenants', functionName: 'tenants', auth: 'apiKey', roles: ['platform'],
    tag: 'Tenants', summary: 'List every tenant, by id (role platform).', query: ListTenantsQuery,
    problems: [],
    responses: { 200: { description: 'A page of tenants.', schema: TenantPage } },
  },
  {
    operationId: 'listAudit', method: 'GET', path: '/v1/audit', functionName: 'tenants', auth: 'apiKey', roles: ['admin'],
    tag: 'Audit', summary: 'The tenant\'s audit trail, newest first (role admin).', query: AuditQuery,
    problems: [],
    responses: { 200: { description: 'A page of audit entries.', schema: AuditPage } },
  },
  {
    operationId: 'exportPrivacy', method: 'POST', path: '/v1/privacy/export', functionName: 'tenants', auth: 'apiKey', roles: ['admin'],
    tag: 'Privacy', summary: 'Everything recorded under a scope, as one JSON document (role admin).', body: ExportBody,
    problems: [],
    responses: { 200: { description: 'The scope\'s budgets and their records.', schema: PrivacyExport } },
  },
  {
    operationId: 'erasePrivacy', method: 'POST', path: '/v1/privacy/erase', functionName: 'tenants', auth: 'apiKey', roles: ['admin'],
    tag: 'Privacy', summary: 'Erase the free text of a scope\'s budgets and records, keeping every amount (role admin; idempotent, audited).', body: EraseBody,
    problems: ['conflict'],
    responses: { 200: { description: 'What this request erased.', schema: ErasureResult } },
  },
  {
    operationId: 'createApiKey', method: 'POST', path: '/v1/api-keys', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'Create an API key; its secret is shown only in this response.', body: CreateApiKeyBody,
    problems: [],
    responses: { 201: { description: 'Created.', schema: ApiKeyWithSecret } },
  },
  {
    operationId: 'listApiKeys', method: 'GET', path: '/v1/api-keys', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'List the active API keys of the tenant, without secrets.', query: ListApiKeysQuery,
    problems: [],
    responses: { 200: { description: 'A page of keys.', schema: ApiKeyPage } },
  },
  {
    operationId: 'revokeApiKey', method: 'DELETE', path: '/v1/api-keys/{id}', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'Revoke an API key.',
    problems: [],
    responses: { 204: { description: 'Revoked.' } },
  },
  {
    operationId: 'rotateApiKey', method: 'POST', path: '/v1/api-keys/{id}/rotate', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'A new secret for the key; the replaced one works for `graceSeconds` more.', body: RotateApiKeyBody, bodyOptional: true,
    problems: ['conflict'],
    responses: { 201: { description: 'The new secret, shown only here.', schema: ApiKeyWithSecret } },
  },
] as const satisfies readonly RouteSpec[];

import type { z } from 'zod';
import type { RoleRequirement } from '../domain/roles.js';
import { ApiKeyPage, ApiKeyWithSecret, CreateApiKeyBody, CreateTenantBody, Health, ListApiKeysQuery, Tenant } from '../schemas/access.js';
import { Budget, BudgetPage, CreateBudgetBody, ListBudgetsQuery, PatchBudgetBody } from '../schemas/budgets.js';

/**
 * The one route table. API Gateway resources and methods (infra/), the local HTTP
 * server (local/), request parsing and role checks (shared/http/api-handler.ts) and the
 * OpenAPI document (scripts/openapi.ts) are all derived from it.
 */

/** Lambda functions that serve the API; each is `functions/api/<name>.ts`. */
export const API_FUNCTION_NAMES = ['health', 'tenants', 'apiKeys', 'budgets'] as const;
export type ApiFunctionName = (typeof API_FUNCTION_NAMES)[number];

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

export interface RouteSpec {
  operationId: string;
  method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  functionName: ApiFunctionName;
  /** `none`: public (health, OpenAPI). `apiKey`: through the Lambda authorizer. */
  auth: 'none' | 'apiKey';
  roles: RoleRequirement;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Accepts `Idempotency-Key`. */
  idempotent?: boolean;
  /** Accepts `If-Match: <version>`. */
  conditional?: boolean;
  responses: Readonly<Record<number, ResponseSpec>>;
}

const ANY_ROLE = 'any' as const;

export const routes = [
  {
    operationId: 'getHealth', method: 'GET', path: '/v1/health', functionName: 'health', auth: 'none', roles: ANY_ROLE,
    tag: 'Health', summary: 'Liveness: 200 once the service can serve.',
    responses: { 200: { description: 'The service can serve.', schema: Health } },
  },
  {
    operationId: 'getOpenApi', method: 'GET', path: '/v1/openapi.json', functionName: 'health', auth: 'none', roles: ANY_ROLE,
    tag: 'Health', summary: 'This OpenAPI 3.1 document.',
    responses: { 200: { description: 'The OpenAPI document.' } },
  },
  {
    operationId: 'createTenant', method: 'POST', path: '/v1/tenants', functionName: 'tenants', auth: 'apiKey', roles: ['platform'],
    tag: 'Tenants', summary: 'Create a tenant and its first admin key (role platform).', body: CreateTenantBody,
    responses: { 201: { description: 'Created; the admin key secret is shown only here.', schema: Tenant } },
  },
  {
    operationId: 'createApiKey', method: 'POST', path: '/v1/api-keys', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'Create an API key; its secret is shown only in this response.', body: CreateApiKeyBody,
    responses: { 201: { description: 'Created.', schema: ApiKeyWithSecret } },
  },
  {
    operationId: 'listApiKeys', method: 'GET', path: '/v1/api-keys', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'List the active API keys of the tenant, without secrets.', query: ListApiKeysQuery,
    responses: { 200: { description: 'A page of keys.', schema: ApiKeyPage } },
  },
  {
    operationId: 'revokeApiKey', method: 'DELETE', path: '/v1/api-keys/{id}', functionName: 'apiKeys', auth: 'apiKey', roles: ['admin'],
    tag: 'API keys', summary: 'Revoke an API key.',
    responses: { 204: { description: 'Revoked.' } },
  },
  {
    operationId: 'createBudget', method: 'POST', path: '/v1/budgets', functionName: 'budgets', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Budgets', summary: 'Create a budget.', body: CreateBudgetBody, idempotent: true,
    responses: { 201: { description: 'Created; `Location` names the budget.', schema: Budget } },
  },
  {
    operationId: 'listBudgets', method: 'GET', path: '/v1/budgets', functionName: 'budgets', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Budgets', summary: 'List budgets (default status=active), oldest first.', query: ListBudgetsQuery,
    responses: { 200: { description: 'A page of budgets.', schema: BudgetPage } },
  },
  {
    operationId: 'getBudget', method: 'GET', path: '/v1/budgets/{id}', functionName: 'budgets', auth: 'apiKey', roles: ANY_ROLE,
    tag: 'Budgets', summary: 'Get a budget.',
    responses: { 200: { description: 'The budget; `ETag` carries its version.', schema: Budget } },
  },
  {
    operationId: 'patchBudget', method: 'PATCH', path: '/v1/budgets/{id}', functionName: 'budgets', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Budgets', summary: 'Partially update a budget.', body: PatchBudgetBody, conditional: true,
    responses: { 200: { description: 'Updated.', schema: Budget } },
  },
  {
    operationId: 'archiveBudget', method: 'DELETE', path: '/v1/budgets/{id}', functionName: 'budgets', auth: 'apiKey', roles: ['admin', 'manager'],
    tag: 'Budgets', summary: 'Archive a budget (it and its ledger stay readable).', conditional: true,
    responses: { 204: { description: 'Archived.' } },
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];
export type OperationId = Route['operationId'];

/** Every distinct resource path with the methods it serves, for 405 answers and API Gateway. */
export function methodsByPath(): Map<string, HttpMethod[]> {
  const byPath = new Map<string, HttpMethod[]>();
  for (const route of routes as readonly RouteSpec[]) {
    byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method]);
  }
  return byPath;
}

export function findRoute(method: string, resourcePath: string): RouteSpec | undefined {
  return (routes as readonly RouteSpec[]).find((route) => route.method === method && route.path === resourcePath);
}

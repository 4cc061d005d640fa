import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BudgetExceededError, ConflictError, NotFoundError } from '../../shared/domain/common/errors.js';
import { createApiHandler, takeUndeclaredProblems } from '../../shared/http/api-handler.js';
import { problem } from '../../shared/http/problem.js';
import { problemsOf } from '../../shared/http/route-queries.js';
import type { RouteSpec } from '../../shared/http/route-spec.js';
import { routes } from '../../shared/http/routes.js';
import { logger } from '../../shared/observability/logger.js';
import { assertNoUndeclaredProblems } from '../support/problem-guard.js';

function event(method: string, resource: string, path: string, pathParameters: Record<string, string> | null = null): APIGatewayProxyEvent {
  return {
    httpMethod: method, resource, path, pathParameters, headers: {}, multiValueHeaders: {}, body: null, isBase64Encoded: false,
    queryStringParameters: null, multiValueQueryStringParameters: null, stageVariables: null,
    requestContext: { requestId: 'req-1', authorizer: { tenantId: 't-1', keyId: 'key_1', roles: 'admin' } },
  } as unknown as APIGatewayProxyEvent;
}

const notCalled = async (): Promise<never> => {
  throw new Error('not called');
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the guard on undeclared problems', () => {
  it('answers a problem its route does not declare, and records and logs it so the test setup fails', async () => {
    const logged = vi.spyOn(logger, 'error');
    const error = new BudgetExceededError('bud_1', 5_000_000n, 7_000_000n);
    const handler = createApiHandler('health', { getHealth: async () => { throw error; }, getOpenApi: notCalled });

    const answer = await handler(event('GET', '/v1/health', '/v1/health'));

    expect(answer.statusCode).toBe(409);
    expect(answer.headers).toMatchObject({ 'Content-Type': 'application/problem+json' });
    expect(JSON.parse(answer.body)).toEqual(problem('budget-exceeded', error.message, { budgetId: 'bud_1', available: '5', requested: '7' }, 'req-1'));
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('does not declare'), { operationId: 'getHealth', slug: 'budget-exceeded', requestId: 'req-1' });
    expect(() => assertNoUndeclaredProblems()).toThrow('getHealth answered `budget-exceeded`');
    // The check forgets what it reported, so this file's own setup check passes.
    expect(() => assertNoUndeclaredProblems()).not.toThrow();
  });

  it('records nothing for what the route declares or its features imply, nor for an internal error', async () => {
    const handler = createApiHandler('budgets', {
      createBudget: notCalled,
      listBudgets: notCalled,
      getBudget: async () => { throw new NotFoundError('Budget', 'bud_1'); },
      patchBudget: notCalled,
      archiveBudget: async () => { throw new ConflictError('Budget bud_1 has 1 active child budget(s); archive or move them first.'); },
      getReconciliation: notCalled,
      listTemplates: notCalled,
      applyTemplate: notCalled,
    });
    const getBudget = await handler(event('GET', '/v1/budgets/{id}', '/v1/budgets/bud_1', { id: 'bud_1' }));
    const archiveBudget = await handler(event('DELETE', '/v1/budgets/{id}', '/v1/budgets/bud_1', { id: 'bud_1' }));
    const unknownMethod = await handler(event('PUT', '/v1/budgets/{id}', '/v1/budgets/bud_1', { id: 'bud_1' }));
    const broken = createApiHandler('health', { getHealth: async () => { throw new TypeError('a bug'); }, getOpenApi: notCalled });
    const internal = await broken(event('GET', '/v1/health', '/v1/health'));

    expect([getBudget.statusCode, archiveBudget.statusCode, unknownMethod.statusCode, internal.statusCode]).toEqual([404, 409, 405, 500]);
    expect(takeUndeclaredProblems()).toEqual([]);
  });
});

describe('the declared problems of the route table', () => {
  it('name only what the route features do not already imply', () => {
    for (const route of routes as readonly RouteSpec[]) {
      const implied = problemsOf({ ...route, problems: [] });
      expect(route.problems.filter((slug) => implied.includes(slug)), route.operationId).toEqual([]);
    }
  });
});

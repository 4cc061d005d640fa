import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderOpenApiDocument } from '../../shared/http/openapi.js';
import { PROBLEM_TYPES, PROBLEM_TYPE_BASE } from '../../shared/http/problem.js';
import { problemsOf } from '../../shared/http/route-queries.js';
import type { RouteSpec } from '../../shared/http/route-spec.js';
import { routes } from '../../shared/http/routes.js';

describe('the OpenAPI document', () => {
  it('is committed up to date (run `npm run openapi` after changing routes or schemas)', async () => {
    const committed = await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderOpenApiDocument());
  });

  it('describes every route with its problems, and resolves every $ref', () => {
    const document = buildOpenApiDocument() as any;
    for (const route of routes as readonly RouteSpec[]) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      expect(operation.operationId).toBe(route.operationId);
      expect(Object.keys(operation.responses)).toContain('500');
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(schemas|examples)\/([^"]+)"/g)];
    for (const [, kind, name] of refs) expect(document.components[kind as string], name).toHaveProperty(name as string);
  });

  it('shows every problem of each operation, its declared ones included, with an example under its status', () => {
    const document = buildOpenApiDocument() as any;
    for (const route of routes as readonly RouteSpec[]) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      const slugs = problemsOf(route);
      for (const slug of route.problems) expect(slugs).toContain(slug);
      for (const slug of slugs) {
        const { status } = PROBLEM_TYPES[slug];
        const content = operation.responses[String(status)]?.content['application/problem+json'];
        const reference = content?.examples?.[slug]?.$ref as string | undefined;
        expect(reference, `${route.operationId} ${slug}`).toBe(`#/components/examples/${slug}`);
        expect(document.components.examples[slug].value).toMatchObject({ type: PROBLEM_TYPE_BASE + slug, status, requestId: expect.any(String) });
      }
    }
  });

  it('gives each problem example the extensions clients read', () => {
    const examples = (buildOpenApiDocument().components as any).examples;
    expect(examples['budget-exceeded'].value).toMatchObject({ budgetId: expect.any(String), available: '12.5', requested: '30' });
    expect(examples['reservation-not-held'].value).toMatchObject({ reservationStatus: 'charged' });
    expect(examples['budget-archived'].value).toMatchObject({ budgetId: expect.any(String) });
    expect(examples['precondition-failed'].value).toMatchObject({ currentVersion: 4 });
    expect(examples['currency-mismatch'].value).toMatchObject({ expected: 'USD', actual: 'EUR' });
    expect(examples['validation-error'].value.errors).toContainEqual({ pointer: '/amount', detail: expect.any(String) });
  });

  it('shows amounts as decimal strings and marks request defaults as optional', () => {
    const schemas = buildOpenApiDocument().components as any;
    expect(schemas.schemas.Amount).toMatchObject({ type: 'string', pattern: '^\\d+(\\.\\d{1,6})?$' });
    expect(schemas.schemas.CreateBudget.required).not.toContain('enforcement');
    expect(schemas.schemas.Budget.required).toContain('enforcement');
  });
});

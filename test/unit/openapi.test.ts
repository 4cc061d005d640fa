import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderOpenApiDocument } from '../../shared/http/openapi.js';
import { routes, type RouteSpec } from '../../shared/http/routes.js';

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
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]);
    for (const name of refs) expect(document.components.schemas, name).toHaveProperty(name as string);
  });

  it('shows amounts as decimal strings and marks request defaults as optional', () => {
    const schemas = buildOpenApiDocument().components as any;
    expect(schemas.schemas.Amount).toMatchObject({ type: 'string', pattern: '^\\d+(\\.\\d{1,6})?$' });
    expect(schemas.schemas.CreateBudget.required).not.toContain('enforcement');
    expect(schemas.schemas.Budget.required).toContain('enforcement');
  });
});

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTION_CATALOG, functionsOfKind, type FunctionName } from '../../functions/catalog.js';
import { loadHandler } from '../../local/functions.js';
import { API_FUNCTION_NAMES } from '../../shared/http/route-spec.js';

const names = Object.keys(FUNCTION_CATALOG) as FunctionName[];

describe('the function catalog', () => {
  it.each(names)('%s: its entry exists and exports a handler function (loaded as the local server loads it)', async (name) => {
    expect(existsSync(new URL(`../../${FUNCTION_CATALOG[name].entry}`, import.meta.url))).toBe(true);
    await expect(loadHandler(name)).resolves.toBeTypeOf('function');
  });

  it('has exactly the API functions of the route table, in its order', () => {
    expect(functionsOfKind('api').map(([name]) => name)).toEqual([...API_FUNCTION_NAMES]);
  });

  it('gives every function its own entry and description (the infra tests find functions by description)', () => {
    const specs = Object.values(FUNCTION_CATALOG);
    expect(new Set(specs.map((spec) => spec.entry)).size).toBe(specs.length);
    expect(new Set(specs.map((spec) => spec.description)).size).toBe(specs.length);
  });
});

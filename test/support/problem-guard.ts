import { takeUndeclaredProblems } from '../../shared/http/api-handler.js';

/**
 * Throws if a handler answered a problem its route does not declare since the last check
 * (and forgets those answers). Either the route's `problems` in shared/http/routes.ts
 * misses a refusal of its domain code, or the domain refuses something it should not.
 */
export function assertNoUndeclaredProblems(): void {
  const undeclared = takeUndeclaredProblems();
  if (undeclared.length === 0) return;
  const list = [...new Set(undeclared.map(({ operationId, slug }) => `${operationId} answered \`${slug}\``))].join('; ');
  throw new Error(`Problems not declared by their route (shared/http/routes.ts \`problems\`): ${list}.`);
}

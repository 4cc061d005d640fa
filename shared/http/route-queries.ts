import { PROBLEM_TYPES, type ProblemSlug } from './problem.js';
import type { HttpMethod, RouteSpec } from './route-spec.js';
import { routes } from './routes.js';

/** What the gateway, the handlers, the OpenAPI document and the stack ask of the route table. */

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

/**
 * Whether the handler reads the request body: every route with a body schema, and every
 * write without one (release, acknowledge, the DELETEs), which takes no body but must refuse
 * an oversized, non-JSON or non-empty one like any write rather than ignore it. A GET's body
 * has no meaning in HTTP and is ignored.
 */
export function readsBody(route: RouteSpec): boolean {
  return route.body !== undefined || route.csvBody !== undefined || route.signedFormBody !== undefined || route.method !== 'GET';
}

/**
 * Every problem `route` can answer: what it declares (its domain's refusals) plus what its
 * features imply at the edge. The OpenAPI document shows this list, and the handler wrapper
 * flags any answer outside it, so the two cannot disagree.
 */
export function problemsOf(route: RouteSpec): ProblemSlug[] {
  const slugs = new Set<ProblemSlug>([...route.problems, 'method-not-allowed', 'rate-limited', 'internal']);
  if (readsBody(route) || route.query || route.idempotent || route.conditional) slugs.add('validation-error');
  if (route.auth === 'apiKey') {
    slugs.add('unauthorized');
    slugs.add('forbidden');
  }
  if (route.signedFormBody) slugs.add('unauthorized');
  if (route.path.includes('{')) slugs.add('not-found');
  if (readsBody(route)) {
    slugs.add('payload-too-large');
    slugs.add('unsupported-media-type');
  }
  if (route.conditional) slugs.add('precondition-failed');
  if (route.idempotent) slugs.add('idempotency-key-reuse');
  return (Object.keys(PROBLEM_TYPES) as ProblemSlug[]).filter((slug) => slugs.has(slug));
}

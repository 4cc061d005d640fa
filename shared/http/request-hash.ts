import { createHash } from 'node:crypto';
import type { RouteSpec } from './route-spec.js';

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same" for Idempotency-Key: route, path parameters and body. */
export function requestHashOf(route: RouteSpec, pathParameters: Record<string, string>, body: unknown): string {
  return createHash('sha256')
    .update(`${route.method} ${route.path}\n${canonicalJson(pathParameters)}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}
